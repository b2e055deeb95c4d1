"""The console summary: fails and warns with what was seen, the counts, the seed, the verdict."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from conformance.findings import Recorder, Verdict
from conformance.masking import Masker
from conformance.reporting.console import print_summary
from conformance.reporting.model import build_report
from tests.conformance.reporting.helpers import PAN, facts, report


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
    recorder = Recorder()
    recorder.record("PROV-HTTP-001", Verdict.PASS, "", check="c")
    out = io.StringIO()
    built = build_report(facts(errors=[]), recorder, Masker())
    print_summary(built, None, Console(file=out, width=200, color_system=None))
    text = out.getvalue()
    assert "verdict: conformant" in text
    assert "error" not in text
    assert "report:" not in text
    # no table when nothing failed or warned: the counts come first
    assert text.startswith("provider http://127.0.0.1:8080: 1 pass, ")
    assert (
        f"{len(built['targets'][0]['requirements'])} requirements over 1 target(s): 1 pass, "
        in text
    )
