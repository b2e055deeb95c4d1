"""``summary.md``: the short version of a run for a pull request or a CI job page, and its
append to ``$GITHUB_STEP_SUMMARY`` when that variable names a file.

GitHub renders the Markdown with inline HTML, so every value from the report is HTML-escaped
and stripped of what would break a table row; the report is already masked.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any

from octo_conformance.reporting.model import (
    SEVERITY,
    observed_lines,
    unchecked_lines,
    verdict_words,
)

SHOWN = ("fail", "warn", "waived", "skip", "pass", "not-run")
STEP_SUMMARY = "GITHUB_STEP_SUMMARY"
_MARKUP = re.compile(r"([\\`*\[\]|])")


def write_summary(report: dict[str, Any], directory: Path) -> Path:
    path = directory / "summary.md"
    path.write_text(render_summary(report, directory), encoding="utf-8")
    return path


def append_step_summary(path: Path, environ: Mapping[str, str] = os.environ) -> Path | None:
    """Append ``path``'s text to the file ``$GITHUB_STEP_SUMMARY`` names; None when unset."""
    target = environ.get(STEP_SUMMARY)
    if not target:
        return None
    step_summary = Path(target)
    with step_summary.open("a", encoding="utf-8") as out:
        out.write(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n")
    return step_summary


def _text(value: object, limit: int = 200) -> str:
    """One line of inert Markdown: whitespace collapsed, HTML and table markup escaped."""
    line = " ".join(str(value).split())
    if len(line) > limit:
        line = line[: limit - 1] + "…"
    return _MARKUP.sub(r"\\\1", escape(line, quote=False))


def _code(value: object) -> str:
    """A code span: shown literally by Markdown (no entity, no emphasis), so only what ends the
    span or the table cell is removed."""
    return "`" + " ".join(str(value).split()).replace("`", "'").replace("|", "\\|") + "`"


def _counts(summary: dict[str, Any]) -> str:
    return ", ".join(f"{summary[k]} {k}" for k in SHOWN if summary.get(k)) or "nothing judged"


def render_summary(report: dict[str, Any], directory: Path) -> str:
    run, summary = report["run"], report["summary"]
    mark = {"pass": "✅", "warn": "⚠️", "fail": "❌"}[SEVERITY[summary["verdict"]]]
    verdict = f"{mark} {verdict_words(summary)}"
    lines = [
        f"## OCTO conformance: {verdict}",
        "",
        f"{summary['requirements']} requirements over {summary['targets']} target(s): "
        f"{_counts(summary)}. {run['seconds']} s, profile {_text(run['profile'])}.",
        "",
        "| suite | target | verdict | requirements |",
        "|---|---|---|---|",
    ]
    for target in report["targets"]:
        words = verdict_words(target["summary"])
        ok = words if target["summary"]["verdict"] != "non-conformant" else f"**{words}**"
        stopped = " (stopped early)" if target.get("stopped_early") else ""
        lines.append(
            f"| {_text(target['mode'])} | {_code(target['target'])} | {ok}{stopped} "
            f"| {_counts(target['summary'])} |"
        )
    unchecked = unchecked_lines(report)
    if unchecked:
        lines += ["", "MUST requirements not checked (the verdict cannot be conformant):", ""]
        lines += [f"- {_text(line)}" for line in unchecked]
    observed = observed_lines(report)
    if observed:
        lines += ["", "Observed (no verdict):", ""]
        lines += [f"- {_text(line)}" for line in observed]
    problems = _problems(report)
    if problems:
        lines += ["", "| requirement | level | verdict | what was seen |", "|---|---|---|---|"]
        lines += problems
    if report["errors"]:
        lines += ["", "**Errors:**", ""]
        lines += [f"- {_text(e, 300)}" for e in report["errors"]]
    lines += [
        "",
        f"Seed **{run['seed']}**: run again with `--seed {run['seed']}` for the same cases.",
        f"Report folder: {_code(directory)}",
        "",
    ]
    return "\n".join(lines)


def _problems(report: dict[str, Any]) -> list[str]:
    """One row per failed or warned requirement of each target: fails first."""
    several = len(report["targets"]) > 1
    rows: list[tuple[int, str]] = []
    for target in report["targets"]:
        seen: dict[str, str] = {}
        for finding in target["findings"]:
            if finding["verdict"] in ("fail", "warn"):
                seen.setdefault(finding["requirement"], finding["message"])
        for row in target["requirements"]:
            if row["verdict"] not in ("fail", "warn"):
                continue
            where = f" ({_text(target['mode'])})" if several else ""
            message = _text(seen.get(row["id"], ""))
            rows.append(
                (
                    0 if row["verdict"] == "fail" else 1,
                    f"| {_code(row['id'])}{where} | {row['level']} | {row['verdict']} | {message} |",
                )
            )
    return [line for _, line in sorted(rows, key=lambda r: r[0])]
