"""The report as data: one structure every writer (JSON, JUnit, console, HTML, Markdown)
renders. A run holds one section per (suite, target); each section has its requirement rows
(verdict after waivers) and its findings. Built from recorders and facts; masked as built."""

from __future__ import annotations

import hashlib
import platform
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from importlib import metadata
from typing import Any, Final

from octo_conformance import __version__
from octo_conformance.findings import RANK, Recorder, Verdict
from octo_conformance.masking import Masker
from octo_conformance.openapi.spec import SPEC_PATH
from octo_conformance.reporting.waivers import Waiver
from octo_conformance.requirements import Level, Mode, Requirement, of_mode

REPORT_VERSION = 2  # 2: summary verdict and unchecked_must, target unchecked


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
    """The report of one suite against one target."""
    return build_run_report([(facts, recorder)], masker)


def build_run_report(
    parts: Sequence[tuple[RunFacts, Recorder]],
    masker: Masker,
    *,
    waivers: Sequence[Waiver] = (),
    today: date | None = None,
) -> dict[str, Any]:
    """The report of a run: one section per (suite, target), waivers applied, then masked."""
    if not parts:
        raise ValueError("a report needs at least one suite's run")
    today = today or datetime.now(UTC).date()
    first = parts[0][0]
    targets = [_target_section(facts, recorder, waivers, today) for facts, recorder in parts]
    expired = [w for w in waivers if w.expired(today)]
    errors = [f"{t['mode']}: {e}" for t in targets for e in t["errors"]]
    errors += [f"waiver for {w.requirement} ({w.target}) expired on {w.expires.isoformat()}" for w in expired]  # fmt: skip
    summary = {
        key: sum(t["summary"][key] for t in targets)
        for key in (*VERDICTS, "requirements", "unchecked_must")
    }
    verdicts = {t["summary"]["verdict"] for t in targets}
    verdict = _verdict(bool(errors) or NON_CONFORMANT in verdicts, INCOMPLETE in verdicts)
    report: dict[str, Any] = {
        "report_version": REPORT_VERSION,
        "suite": {"name": "octo-conformance", "version": __version__, **generators()},
        "run": {
            "id": first.run_id,
            "seed": first.seed,
            "profile": first.profile,
            "started": _iso(min(f.started for f, _ in parts)),
            "finished": _iso(max(f.finished for f, _ in parts)),
            "seconds": round(
                max(f.finished for f, _ in parts) - min(f.started for f, _ in parts), 2
            ),
        },
        "summary": {
            "targets": len(targets),
            **summary,
            "verdict": verdict,
            "conformant": verdict == CONFORMANT,
        },
        "targets": targets,
        "waivers": [w.as_dict(today) for w in waivers],
        "errors": errors,
    }
    # mask what came from targets (messages, evidence, errors, URLs); the suite's own fields
    # (times, ids, counts) are not card data, and masking them could corrupt them
    for target in targets:
        for key in ("target", "findings", "errors", "stopped_early", "options", "unchecked"):
            target[key] = _masked(target[key], masker)
    report["errors"] = _masked(report["errors"], masker)
    return report


VERDICTS = ("pass", "fail", "warn", "skip", "not-run", "waived")
# the libraries that draw and judge the cases: "--seed N reproduces it" holds while they are
# the same, so the report records them
GENERATORS = ("hypothesis", "schemathesis", "pact-python", "jsonschema")


def generators() -> dict[str, Any]:
    """Python's and the generating libraries' versions, and the SHA-256 of the spec."""
    versions = {}
    for name in GENERATORS:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    spec = hashlib.sha256(SPEC_PATH.read_bytes()).hexdigest()
    return {"python": platform.python_version(), "libraries": versions, "spec_sha256": spec}


# a target's verdict: conformant only when every MUST requirement got a verdict and none failed;
# incomplete when none failed but some MUST was skipped or not run (its reasons are listed)
CONFORMANT, INCOMPLETE, NON_CONFORMANT = "conformant", "incomplete", "non-conformant"
# how each verdict is shown: a requirement verdict's colour (console styles, HTML badges)
SEVERITY: Final = {CONFORMANT: "pass", INCOMPLETE: "warn", NON_CONFORMANT: "fail"}


def _verdict(failed: bool, unchecked: bool) -> str:
    """non-conformant when something failed (or broke), else incomplete when a MUST was not
    checked, else conformant."""
    if failed:
        return NON_CONFORMANT
    return INCOMPLETE if unchecked else CONFORMANT


def _target_section(
    facts: RunFacts, recorder: Recorder, waivers: Sequence[Waiver], today: date
) -> dict[str, Any]:
    catalogued = of_mode(facts.mode)
    if facts.mode in (Mode.CONTRACT, Mode.CLIENT):  # one contract or pact per section
        catalogued = [r for r in catalogued if r.id in recorder.tallies]
    rows = [requirement_row(r, recorder) for r in catalogued]
    for row in rows:
        live = [
            w
            for w in waivers
            if not w.expired(today) and w.covers(row["id"], facts.mode.value, facts.target)
        ]
        if row["verdict"] == "fail" and live:
            row["verdict"] = "waived"
            row["waiver"] = live[0].justification
    findings = sorted(recorder.findings(), key=lambda f: (-RANK[f.verdict], f.requirement))
    summary = {v: sum(1 for r in rows if r["verdict"] == v) for v in VERDICTS}
    unchecked = _unchecked_musts(rows, findings, facts)
    verdict = _verdict(bool(summary["fail"] or facts.errors), bool(unchecked))
    return {
        "mode": facts.mode.value,
        "target": facts.target,
        "options": facts.options,
        "phases": facts.phases,
        "stopped_early": facts.stopped_early,
        "seconds": round(facts.finished - facts.started, 2),
        "summary": {
            "requirements": len(rows),
            **summary,
            "unchecked_must": len(unchecked),
            "verdict": verdict,
            "conformant": verdict == CONFORMANT,
        },
        "unchecked": unchecked,
        "observed": [{"name": k, "value": v} for k, v in sorted(recorder.observed.items())],
        "requirements": rows,
        "findings": _grouped(findings, facts.seed),
        "errors": facts.errors,
    }


EVIDENCE_PER_GROUP = 3


def _grouped(findings: list[Any], seed: int) -> list[dict[str, Any]]:
    """One finding per (requirement, verdict, message), in order: ``count`` says how many it
    stands for (the same defect seen by many checks), with the first checks' evidence, at most
    :data:`EVIDENCE_PER_GROUP` exchanges."""
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    for f in findings:
        key = (f.requirement, f.verdict.value, f.message)
        group = groups.get(key)
        if group is None:
            groups[key] = {
                "requirement": f.requirement,
                "verdict": f.verdict.value,
                "message": f.message,
                "check": f.check,
                "count": 1,
                "seed": seed,
                "evidence": [asdict(e) for e in f.evidence[:EVIDENCE_PER_GROUP]],
            }
            continue
        group["count"] += 1
        room = EVIDENCE_PER_GROUP - len(group["evidence"])
        group["evidence"] += [asdict(e) for e in f.evidence[: max(room, 0)]]
    return list(groups.values())


def verdict_words(summary: dict[str, Any]) -> str:
    """A summary's verdict as the artefacts say it: ``conformant``, ``incomplete: 3 MUST
    requirements not checked`` or ``NOT conformant``."""
    verdict = summary["verdict"]
    if verdict == INCOMPLETE:
        count = summary["unchecked_must"]
        return f"incomplete: {count} MUST requirement{'' if count == 1 else 's'} not checked"
    return "conformant" if verdict == CONFORMANT else "NOT conformant"


def unchecked_lines(report: dict[str, Any], limit: int = 10) -> list[str]:
    """``<mode> <ID>: <reason>`` for the first ``limit`` unchecked MUSTs, then ``… and N more``."""
    lines = [
        f"{target['mode']} {item['id']}: {item['reason']}"
        for target in report["targets"]
        for item in target["unchecked"]
    ]
    more = len(lines) - limit
    return lines[:limit] + ([f"… and {more} more (report.json lists them all)"] if more > 0 else [])


def observed_lines(report: dict[str, Any]) -> list[str]:
    """``<mode>: <name>: <value>`` for what each target announced about itself."""
    return [
        f"{target['mode']}: {item['name']}: {item['value']}"
        for target in report["targets"]
        for item in target.get("observed", ())
    ]


def _unchecked_musts(
    rows: list[dict[str, Any]], findings: list[Any], facts: RunFacts
) -> list[dict[str, str]]:
    """The MUST requirements that got no verdict (skip, or no check ran), each with why."""
    reasons: dict[str, str] = {}
    for finding in findings:
        if finding.verdict is Verdict.SKIP:
            reasons.setdefault(finding.requirement, finding.message)
    never = facts.stopped_early or "no check of this run judged it"
    unchecked = [
        {"id": row["id"], "reason": reasons.get(row["id"], never)}
        for row in rows
        if row["level"] == Level.MUST.value and row["verdict"] in ("skip", "not-run")
    ]
    # the ones a check skipped, with its reason, before the ones no check reached
    return sorted(unchecked, key=lambda item: item["id"] not in reasons)


def _masked(node: Any, masker: Masker) -> Any:
    """Every string of the report through the masker: defence in depth over the checks' care."""
    if isinstance(node, str):
        return masker.text(node)
    if isinstance(node, dict):
        return {k: _masked(v, masker) for k, v in node.items()}
    if isinstance(node, list):
        return [_masked(v, masker) for v in node]
    return node
