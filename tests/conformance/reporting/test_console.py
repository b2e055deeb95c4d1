"""The console summary: fails and warns with what was seen, the counts, the seed, the verdict."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from octo_conformance.findings import Recorder, Verdict
from octo_conformance.masking import Masker
from octo_conformance.reporting.console import print_summary
from octo_conformance.reporting.model import build_report
from tests.conformance.reporting.helpers import PAN, all_passed, facts, report


def summary(directory: Path | None, **changes: object) -> str:
    out = io.StringIO()
    console = Console(file=out, width=200, color_system=None, highlight=False)
    print_summary(report(**changes), directory, console)
    return out.getvalue()


def test_the_summary_names_fails_and_warns_and_the_seed(tmp_path: Path) -> None:
    text = summary(tmp_path)
    assert "PROV-HTTP-001" in text
    assert "Received HTTP 500" in text
    assert "PROV-HTTP-003" in text
    assert "PROV-HTTP-002" not in text  # passes are counted, not listed
    assert "1 pass, 1 fail, 1 warn, 1 skip" in text
    assert "seed 7 (--seed 7 reproduces it)" in text
    assert "error: provider: scenarios: RuntimeError: boom" in text
    assert "verdict: NOT conformant" in text
    assert f"report: {tmp_path}/" in text
    assert PAN not in text


def test_a_conformant_run_says_so() -> None:
    recorder = all_passed()
    out = io.StringIO()
    built = build_report(facts(errors=[]), recorder, Masker())
    print_summary(built, None, Console(file=out, width=200, color_system=None))
    text = out.getvalue()
    assert "verdict: conformant" in text
    assert "error" not in text
    assert "report:" not in text
    # no table when nothing failed or warned: the counts come first
    total = len(built["targets"][0]["requirements"])
    assert text.startswith(f"provider http://127.0.0.1:8080: {total} pass\n")
    assert f"{total} requirements over 1 target(s): {total} pass — " in text


def test_a_run_that_left_musts_unchecked_is_incomplete_with_the_reasons() -> None:
    recorder = Recorder()
    recorder.record("PROV-HTTP-001", Verdict.PASS, "", check="c")
    recorder.record("PROV-SMS-001", Verdict.SKIP, "no OTP source (--otp-code)", check="c")
    out = io.StringIO()
    built = build_report(facts(errors=[]), recorder, Masker())
    print_summary(built, None, Console(file=out, width=200, color_system=None))
    text = out.getvalue()
    musts = sum(1 for r in built["targets"][0]["requirements"] if r["level"] == "MUST")
    assert f"verdict: incomplete: {musts - 1} MUST requirements not checked" in text
    assert "unchecked: provider PROV-SMS-001: no OTP source (--otp-code)" in text
    assert "unchecked: provider PROV-HTTP-002: no check of this run judged it" in text
    assert f"… and {musts - 1 - 5} more (report.json lists them all)" in text
