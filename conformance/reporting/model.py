"""The report as data: one structure every writer (JSON, JUnit, console, later HTML and
Markdown) renders. Built from a recorder and the run's facts; masked as it is built."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from conformance import __version__
from conformance.findings import RANK, Recorder, Verdict
from conformance.masking import Masker
from conformance.requirements import Mode, Requirement, of_mode

REPORT_VERSION = 1


@dataclass(frozen=True)
class RunFacts:
    run_id: str
    mode: Mode
    target: str
    seed: int
    profile: str
    started: float
    finished: float
    options: dict[str, Any] = field(default_factory=dict)
    phases: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    stopped_early: str | None = None  # the target hung: what followed was skipped


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")


def requirement_row(requirement: Requirement, recorder: Recorder) -> dict[str, Any]:
    tally = recorder.tallies.get(requirement.id)
    counts = {v.value: (tally.counts[v] if tally else 0) for v in Verdict}
    verdict = tally.verdict if tally else None
    return {
        "id": requirement.id,
        "level": requirement.level.value,
        "title": requirement.title,
        "clause": requirement.clause,
        "verdict": verdict.value if verdict else "not-run",
        "counts": counts,
    }


def build_report(facts: RunFacts, recorder: Recorder, masker: Masker) -> dict[str, Any]:
    rows = [requirement_row(r, recorder) for r in of_mode(facts.mode)]
    findings = sorted(recorder.findings(), key=lambda f: (-RANK[f.verdict], f.requirement))
    summary = {v.value: sum(1 for r in rows if r["verdict"] == v.value) for v in Verdict}
    summary["not-run"] = sum(1 for r in rows if r["verdict"] == "not-run")
    conformant = summary["fail"] == 0 and not facts.errors
    report = {
        "report_version": REPORT_VERSION,
        "suite": {"name": "octo-conformance", "version": __version__},
        "run": {
            "id": facts.run_id,
            "mode": facts.mode.value,
            "target": facts.target,
            "seed": facts.seed,
            "profile": facts.profile,
            "started": _iso(facts.started),
            "finished": _iso(facts.finished),
            "seconds": round(facts.finished - facts.started, 2),
            "options": facts.options,
            "phases": facts.phases,
            "stopped_early": facts.stopped_early,
        },
        "summary": {"requirements": len(rows), **summary, "conformant": conformant},
        "requirements": rows,
        "findings": [
            {
                "requirement": f.requirement,
                "verdict": f.verdict.value,
                "message": f.message,
                "check": f.check,
                "seed": facts.seed,
                "evidence": [asdict(e) for e in f.evidence],
            }
            for f in findings
        ],
        "errors": facts.errors,
    }
    masked: dict[str, Any] = _masked(report, masker)
    return masked


def _masked(node: Any, masker: Masker) -> Any:
    """Every string of the report through the masker: defence in depth over the checks' care."""
    if isinstance(node, str):
        return masker.text(node)
    if isinstance(node, dict):
        return {k: _masked(v, masker) for k, v in node.items()}
    if isinstance(node, list):
        return [_masked(v, masker) for v in node]
    return node
