"""The console summary: what failed and warned, the counts, where the report is, the seed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

STYLE = {"fail": "red", "warn": "yellow", "pass": "green", "skip": "dim", "not-run": "dim"}


def print_summary(report: dict[str, Any], directory: Path | None, console: Console) -> None:
    run, summary = report["run"], report["summary"]
    table = Table(title=f"{run['mode']} conformance of {run['target']}", show_lines=False)
    table.add_column("requirement")
    table.add_column("level")
    table.add_column("verdict")
    table.add_column("what was seen", overflow="fold")
    messages: dict[str, str] = {}
    for finding in report["findings"]:
        messages.setdefault(finding["requirement"], finding["message"])
    for row in report["requirements"]:
        if row["verdict"] in ("fail", "warn"):
            table.add_row(row["id"], row["level"], f"[{STYLE[row['verdict']]}]{row['verdict']}[/]", messages.get(row["id"], "")[:160])  # fmt: skip
    if table.row_count:
        console.print(table)
    counts = ", ".join(
        f"[{STYLE[k]}]{summary[k]} {k}[/]"
        for k in ("pass", "fail", "warn", "skip", "not-run")
        if summary[k]
    )
    console.print(f"{summary['requirements']} requirements: {counts} — {run['seconds']:.1f} s, seed {run['seed']} (--seed {run['seed']} reproduces it)")  # fmt: skip
    if run.get("stopped_early"):
        console.print(
            f"[red]stopped early[/]: {run['stopped_early']}; the checks that followed were skipped"
        )
    for error in report["errors"]:
        console.print(
            f"[red]suite error[/]: {error.splitlines()[0] if error else ''}",
            markup=True,
            highlight=False,
        )
    verdict = "[green]conformant[/]" if summary["conformant"] else "[red]NOT conformant[/]"
    console.print(f"verdict: {verdict}")
    if directory is not None:
        console.print(f"report: {directory}/report.json, {directory}/junit.xml")
