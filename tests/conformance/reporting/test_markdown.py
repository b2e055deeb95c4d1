"""summary.md: the verdict, each target's counts, the failed and warned requirements, the seed
and the report folder; appended to $GITHUB_STEP_SUMMARY only when that variable is set."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from octo_conformance.findings import Recorder, Verdict
from octo_conformance.masking import Masker
from octo_conformance.reporting.markdown import append_step_summary, render_summary, write_summary
from octo_conformance.reporting.model import build_report, build_run_report
from octo_conformance.requirements import Mode, of_mode
from tests.conformance.reporting.helpers import (
    OTP,
    PAN,
    SECRET,
    all_passed,
    facts,
    finished_run,
    report,
)


def table_rows(text: str) -> list[list[str]]:
    """The cells of every table row, split on unescaped pipes."""
    rows = []
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            cells = line.replace("\\|", "\0").strip("|").split("|")
            rows.append([c.strip().replace("\0", "\\|") for c in cells])
    return rows


def test_write_summary_names_the_verdict_counts_problems_seed_and_folder(tmp_path: Path) -> None:
    path = write_summary(report(), tmp_path)
    assert path == tmp_path / "summary.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("## OCTO conformance: ❌ NOT conformant\n")
    not_run = len(of_mode(Mode.PROVIDER)) - 4
    row = f"| provider | `http://127.0.0.1:8080` | **NOT conformant** | 1 fail, 1 warn, 1 skip, 1 pass, {not_run} not-run |"
    assert row in text
    rows = table_rows(text)
    problems = [r for r in rows if r[0].startswith("`PROV-")]
    assert problems == [
        ["`PROV-HTTP-001`", "MUST", "fail", "Received HTTP 500 &lt;&amp;&gt; for card 860012…9012"],
        ["`PROV-HTTP-003`", "SHOULD", "warn", "Received Content-Type text/plain"],
    ]  # a skip is counted, not listed
    assert "- provider: scenarios: RuntimeError: boom" in text
    assert "Seed **7**: run again with `--seed 7` for the same cases." in text
    assert f"Report folder: `{tmp_path}`" in text


def test_a_conformant_run_has_no_problem_table() -> None:
    text = render_summary(build_report(facts(errors=[]), all_passed(), Masker()), Path("reports/x"))
    assert text.startswith("## OCTO conformance: ✅ conformant\n")
    assert "| requirement |" not in text
    assert "Errors" not in text
    assert "not checked" not in text


def test_unchecked_musts_make_the_summary_incomplete_and_are_listed() -> None:
    recorder = Recorder()
    recorder.record("PROV-HTTP-001", Verdict.PASS, "", check="c")
    recorder.record("PROV-SMS-001", Verdict.SKIP, "no OTP source", check="c")
    text = render_summary(build_report(facts(errors=[]), recorder, Masker()), Path("reports/x"))
    assert text.startswith("## OCTO conformance: ⚠️ incomplete: ")
    assert "MUST requirements not checked (the verdict cannot be conformant):" in text
    assert "- provider PROV-SMS-001: no OTP source" in text


def test_a_message_is_one_inert_line_in_its_cell() -> None:
    recorder, masker = finished_run()
    recorder.record("PROV-CB-004", Verdict.FAIL, "a | b\n<script>alert(1)</script> & `x` *y*", check="c")  # fmt: skip
    text = render_summary(build_report(facts(), recorder, masker), Path("r"))
    row = next(r for r in table_rows(text) if r[0] == "`PROV-CB-004`")
    assert len(row) == 4
    assert row[3] == "a \\| b &lt;script&gt;alert(1)&lt;/script&gt; &amp; \\`x\\` \\*y\\*"
    assert "<script>" not in text


def test_a_long_message_is_cut() -> None:
    recorder = Recorder()
    recorder.record("PROV-HTTP-001", Verdict.FAIL, "x" * 500, check="c")
    text = render_summary(build_report(facts(), recorder, Masker()), Path("r"))
    assert "x" * 199 + "…" in text
    assert "x" * 200 not in text


@pytest.mark.parametrize("value", [PAN, SECRET, OTP])
def test_no_card_data_reaches_the_summary(value: str) -> None:
    assert value not in render_summary(report(), Path("r"))


def test_a_provider_and_a_webhook_target_are_both_summarised() -> None:
    provider, masker = finished_run()
    hook = Recorder()
    hook.record("HOOK-SAFE-001", Verdict.FAIL, "the answer repeats the full PAN", check="c")
    built = build_run_report(
        [
            (facts(), provider),
            (facts(mode=Mode.WEBHOOK, target="http://h/octo/callback", errors=[]), hook),
        ],
        masker,
        today=date(2026, 11, 18),
    )
    text = render_summary(built, Path("reports/run"))
    assert "over 2 target(s)" in text
    assert (
        "| webhook | `http://h/octo/callback` | **NOT conformant** | 1 fail, 43 not-run |" in text
    )
    ids = [r[0] for r in table_rows(text) if r[0].startswith("`")]
    # fails of every target first, then warns
    assert ids == ["`PROV-HTTP-001` (provider)", "`HOOK-SAFE-001` (webhook)", "`PROV-HTTP-003` (provider)"]  # fmt: skip


def test_the_step_summary_is_left_alone_without_the_variable(tmp_path: Path) -> None:
    summary = write_summary(report(), tmp_path)
    assert append_step_summary(summary, {}) is None
    assert append_step_summary(summary, {"GITHUB_STEP_SUMMARY": ""}) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.md"]


def test_the_summary_is_appended_to_the_step_summary(tmp_path: Path) -> None:
    summary = write_summary(report(), tmp_path)
    step = tmp_path / "step" / "summary"
    step.parent.mkdir()
    step.write_text("# earlier step\n", encoding="utf-8")
    environ = {"GITHUB_STEP_SUMMARY": str(step)}
    assert append_step_summary(summary, environ) == step
    assert append_step_summary(summary, environ) == step
    text = step.read_text(encoding="utf-8")
    assert text.startswith("# earlier step\n## OCTO conformance: ❌ NOT conformant\n")
    assert text.count("## OCTO conformance") == 2  # appended, never overwritten
    assert text.endswith(f"Report folder: `{tmp_path}`\n\n")
