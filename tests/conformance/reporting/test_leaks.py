"""The leak gate: written artefacts are scanned for every registered sensitive value (C-50)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from octo_conformance.errors import ExitCode
from octo_conformance.findings import Recorder, Verdict
from octo_conformance.masking import Masker
from octo_conformance.reporting.leaks import scan
from octo_conformance.reporting.model import build_run_report
from octo_conformance.reporting.session import write_artefacts
from octo_conformance.reporting.writers import write_json, write_junit
from tests.conformance.reporting.helpers import OTP, PAN, SECRET, facts, finished_run, report

PHONE = "998901234567"
SENSITIVE = {"secret": {SECRET}, "otp": {OTP}, "pan": {PAN}, "cvc2": {"123"}, "phone": {PHONE}}


def artefact(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_artefacts_pass(tmp_path: Path) -> None:
    shown = f"card 860012…9012, code ••••••, secret ***, {OTP}0, phone +99890*****67"
    path = artefact(tmp_path, "a.txt", shown)
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


def test_a_phone_is_named_never_quoted(tmp_path: Path) -> None:
    body = artefact(tmp_path, "report.json", json.dumps({"request_body": {"phone": PHONE}}))
    plus = artefact(tmp_path, "summary.md", f"an SMS went to +{PHONE}.")
    hits = scan([body, plus], SENSITIVE)
    assert hits == [f"{body}: holds a phone", f"{plus}: holds a phone"]
    assert not any(PHONE in hit for hit in hits)


def test_a_phone_inside_a_longer_number_is_no_leaked_phone(tmp_path: Path) -> None:
    # the masker leaves these digits alone (a PAN's are the PAN masking's business)
    path = artefact(tmp_path, "a.txt", f"reference 1{PHONE}1234567, ref {PHONE}00000000")
    assert scan([path], SENSITIVE) == []


def _written(
    tmp_path: Path, masker: Masker, message: str, *, error: str | None = None
) -> tuple[ExitCode, str]:
    """A run with one failed finding saying ``message`` written to ``tmp_path`` (plus a target
    error, as a writer bug would put it, unmasked); its exit code and console text."""
    recorder = Recorder()
    recorder.record("PROV-SAFE-002", Verdict.FAIL, message, check="c")
    report = build_run_report([(facts(errors=[]), recorder)], masker)
    if error is not None:
        report["targets"][0]["errors"].append(error)
    out = io.StringIO()
    code = write_artefacts(report, tmp_path, masker, Console(file=out, width=200))
    return code, out.getvalue()


@pytest.mark.parametrize(
    ("kind", "value", "shown"),
    [("pan", PAN, "860012…9012"), ("phone", PHONE, "+99890*****67")],
)
def test_a_written_report_holding_a_registered_value_fails_the_run(
    tmp_path: Path, kind: str, value: str, shown: str
) -> None:
    masker = Masker()
    getattr(masker, kind)(value)
    prefix = "+" if kind == "phone" else ""
    code, text = _written(tmp_path, masker, f"the target showed {prefix}{value}", error=f"boom for {value}")  # fmt: skip
    assert code == ExitCode.NON_CONFORMANT
    assert "leak gate" in text
    assert f"report.json: holds a {kind}" in text
    assert value not in text  # the gate names the file and the kind, never the value
    written = (tmp_path / "report.json").read_text(encoding="utf-8")
    assert f"the target showed {shown}" in written  # the masker did its part


def test_a_run_whose_phones_were_masked_passes_the_gate(tmp_path: Path) -> None:
    masker = Masker()
    masker.phone(PHONE)
    _, text = _written(tmp_path, masker, f"verificationInfo showed {PHONE}")
    assert "leak gate" not in text
    assert PHONE not in (tmp_path / "report.json").read_text(encoding="utf-8")
