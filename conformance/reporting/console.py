"""The console summary: what failed and warned, the counts, where the report is, the seed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from octo_conformance.reporting.model import (
    SEVERITY,
    observed_lines,
    unchecked_lines,
    verdict_words,
)

STYLE = {
    "pass": "green",
    "fail": "red",
    "warn": "yellow",
    "waived": "magenta",
    "skip": "dim",
    "not-run": "dim",
}


def print_summary(report: dict[str, Any], directory: Path | None, console: Console) -> None:
    run, summary = report["run"], report["summary"]
    for target in report["targets"]:
        _print_target(target, console)
    counts = ", ".join(f"[{STYLE[k]}]{summary[k]} {k}[/]" for k in STYLE if summary.get(k))
    console.print(f"{summary['requirements']} requirements over {summary['targets']} target(s): {counts} — {run['seconds']:.1f} s, seed {run['seed']} (--seed {run['seed']} reproduces it)")  # fmt: skip
    for error in report["errors"]:
        console.print(f"[red]error[/]: {error.splitlines()[0] if error else ''}", highlight=False)
    style = STYLE[SEVERITY[summary["verdict"]]]
    console.print(f"verdict: [{style}]{verdict_words(summary)}[/]", highlight=False)
    for line in unchecked_lines(report, limit=5):
        console.print(f"  unchecked: {line}", highlight=False)
    for line in observed_lines(report):
        console.print(f"  observed: {line}", highlight=False)
    if directory is not None:
        console.print(f"report: {directory}/")


def _print_target(target: dict[str, Any], console: Console) -> None:
    messages: dict[str, str] = {}
    for finding in target["findings"]:
        messages.setdefault(finding["requirement"], finding["message"])
    table = Table(title=f"{target['mode']} conformance of {target['target']}", show_lines=False)
    for column in ("requirement", "level", "verdict"):
        table.add_column(column)
    table.add_column("what was seen", overflow="fold")
    for row in target["requirements"]:
        if row["verdict"] in ("fail", "warn", "waived"):
            seen = row.get("waiver") or messages.get(row["id"], "")
            table.add_row(row["id"], row["level"], f"[{STYLE[row['verdict']]}]{row['verdict']}[/]", seen[:160])  # fmt: skip
    if table.row_count:
        console.print(table)
    counts = ", ".join(
        f"[{STYLE[k]}]{target['summary'][k]} {k}[/]" for k in STYLE if target["summary"].get(k)
    )
    console.print(f"{target['mode']} {target['target']}: {counts}")
    if target.get("stopped_early"):
        console.print(
            f"[red]stopped early[/]: {target['stopped_early']}; the checks that followed were skipped"
        )
