"""One requirement's verdict as a pytest outcome (the suites' pytest entry points share it)."""

from __future__ import annotations

import pytest

from octo_conformance.findings import Recorder, Verdict


def assert_requirement(recorder: Recorder, errors: list[str], requirement_id: str) -> None:
    """Fail with the findings and their curl reproductions, skip with the reason, or pass
    (warnings are printed: a SHOULD not met does not fail the test run)."""
    assert not errors, "the suite itself failed:\n" + "\n".join(errors)
    tally = recorder.tallies.get(requirement_id)
    if tally is None:
        pytest.skip("no check judged this requirement in this run")
    if tally.verdict is Verdict.FAIL:
        lines = [
            f"{f.check}: {f.message}"
            + "".join(f"\n    reproduce: {e.curl}" for e in f.evidence if e.curl)
            for f in tally.findings
            if f.verdict is Verdict.FAIL
        ]
        pytest.fail(f"{requirement_id} failed {tally.counts[Verdict.FAIL]} time(s):\n" + "\n".join(lines), pytrace=False)  # fmt: skip
    if tally.verdict is Verdict.SKIP:
        pytest.skip(tally.findings[0].message if tally.findings else "skipped")
    for finding in tally.findings:
        if finding.verdict is Verdict.WARN:
            print(f"WARN {requirement_id} {finding.check}: {finding.message}")
