"""The leak gate: written artefacts are scanned for every registered sensitive value (C-50)."""

from __future__ import annotations

import json
from pathlib import Path

from conformance.masking import Masker
from conformance.reporting.leaks import scan
from conformance.reporting.writers import write_json, write_junit
from tests.conformance.reporting.helpers import OTP, PAN, SECRET, finished_run, report

SENSITIVE = {"secret": {SECRET}, "otp": {OTP}, "pan": {PAN}, "cvc2": {"123"}}


def artefact(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_artefacts_pass(tmp_path: Path) -> None:
    path = artefact(tmp_path, "a.txt", f"card 860012…9012, code ••••••, secret ***, {OTP}0")
    assert scan([path], SENSITIVE) == []


def test_each_kind_is_named_never_quoted(tmp_path: Path) -> None:
    one = artefact(tmp_path, "one.json", json.dumps({"pan": PAN, "s": SECRET}))
    two = artefact(tmp_path, "two.xml", f"<code>{OTP}</code>")
    hits = scan([one, two], SENSITIVE)
    assert hits == [f"{one}: holds a secret", f"{one}: holds a pan", f"{two}: holds a otp"]
    assert not any(value in hit for hit in hits for value in (PAN, SECRET, OTP))


def test_an_otp_inside_a_longer_number_is_no_leak(tmp_path: Path) -> None:
    path = artefact(tmp_path, "a.txt", f"reference 9{OTP}9 and amount {OTP}00")
    assert scan([path], SENSITIVE) == []


def test_the_digits_of_a_json_escape_are_no_otp(tmp_path: Path) -> None:
    """A generated smsKey "0000" is registered as an OTP; a NUL in a body is written \\u0000."""
    path = artefact(tmp_path, "report.json", json.dumps({"request_body": "\x00\x0012"}))
    assert scan([path], {"otp": {"0000", "000012", "0012"}}) == []
    leaked = artefact(tmp_path, "leaked.json", json.dumps({"body": "\x00 0000"}))
    assert scan([leaked], {"otp": {"0000"}}) == [f"{leaked}: holds a otp"]


def test_cvc2_values_are_not_scanned_for(tmp_path: Path) -> None:
    path = artefact(tmp_path, "a.txt", "verifyId 123, 1234, 0123")
    assert scan([path], SENSITIVE) == []


def test_empty_values_are_ignored(tmp_path: Path) -> None:
    path = artefact(tmp_path, "a.txt", "anything")
    assert scan([path], {"secret": {""}, "pan": set()}) == []


def test_undecodable_bytes_do_not_stop_the_scan(tmp_path: Path) -> None:
    path = tmp_path / "a.bin"
    path.write_bytes(b"\xff\xfe" + PAN.encode())
    assert scan([path], SENSITIVE) == [f"{path}: holds a pan"]


def test_the_written_reports_of_a_run_pass_the_gate(tmp_path: Path) -> None:
    _, masker = finished_run()
    built = report()
    written = [write_json(built, tmp_path), write_junit(built, tmp_path)]
    assert scan(written, masker.sensitive()) == []


def test_a_secret_written_json_escaped_is_caught(tmp_path: Path) -> None:
    secret = 'pa"ss\\wörd'
    masker = Masker()
    masker.secret(secret)
    path = artefact(tmp_path, "report.json", json.dumps({"message": f"wrong {secret}"}))
    assert secret not in path.read_text(encoding="utf-8")  # only its escaped form is
    assert scan([path], masker.sensitive()) == [f"{path}: holds a secret"]
