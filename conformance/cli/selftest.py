"""``octo-conformance selftest``: prove every built-in fault of the references is detected.

Runs the provider suite against the clean reference sandbox and against each of its faults, and
the webhook suite likewise against the reference webhook, then prints the fault-detection matrix:
fault → the requirement IDs that failed (or warned, where the clarifications make the deviation
a warn), and how long the suite took to see it. Exit 0 only when both clean references pass
without a finding and every fault is detected.
"""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.table import Table

from conformance.core.profiles import Profile
from conformance.errors import ExitCode


@click.command("selftest")
@click.option("--suite", "suites", type=click.Choice(["provider", "webhook"]), multiple=True, help="Only these suites (default: both).")  # fmt: skip
@click.option(
    "--profile", type=click.Choice([p.value for p in Profile]), default="quick", show_default=True
)
@click.option("--seed", type=click.IntRange(min=0), default=1, show_default=True)
@click.option("--workers", type=click.IntRange(1, 32), default=4, show_default=True, help="Runs in parallel (each with its own reference).")  # fmt: skip
def selftest_command(suites: tuple[str, ...], profile: str, seed: int, workers: int) -> None:
    """Run the suites against the clean references and every built-in fault; print the matrix."""
    from conformance.cli.embedded import Detection, fault_matrix

    console = Console(highlight=False, soft_wrap=True)
    kinds = suites or ("provider", "webhook")
    console.print(
        f"selftest: {', '.join(kinds)} suite(s), profile {profile}, seed {seed}, {workers} workers"
    )

    def show(kind: str, found: Detection) -> None:
        mark = "clean" if not found.fault else ("detected" if found.detected else "MISSED")
        console.print(
            f"  {kind:8} {found.fault or '(clean reference)':30} {mark:9} {found.seconds:5.1f} s"
        )

    matrix = fault_matrix(
        kinds, seed=seed, profile=Profile(profile), workers=workers, progress=show
    )
    ok = True
    for kind, detections in matrix.items():
        clean = next(d for d in detections if not d.fault)
        table = Table(title=f"{kind} suite: fault-detection matrix")
        for column in ("fault", "detected by (fail)", "warned", "first seen after", "run"):
            table.add_column(column, overflow="fold")
        for found in detections:
            if not found.fault:
                continue
            ok &= found.detected and not found.errors
            first = f"{found.first_deviation:.1f} s" if found.first_deviation is not None else "-"
            table.add_row(found.fault, ", ".join(found.failed) or ("[red]MISSED[/]" if not found.detected else "-"), ", ".join(found.warned) or "-", first, f"{found.seconds:.1f} s")  # fmt: skip
        console.print(table)
        clean_ok = not (clean.failed or clean.warned or clean.errors)
        ok &= clean_ok
        verdict = "[green]passes[/]" if clean_ok else f"[red]false alarms[/]: {', '.join(clean.failed + clean.warned)} {' '.join(clean.errors)}"  # fmt: skip
        missed = [d.fault for d in detections if d.fault and not d.detected]
        console.print(f"{kind}: clean reference {verdict}; {sum(1 for d in detections if d.fault and d.detected)} of {len(detections) - 1} faults detected" + (f"; missed: {', '.join(missed)}" if missed else ""))  # fmt: skip
    console.print("selftest: [green]OK[/]" if ok else "selftest: [red]FAILED[/]")
    sys.exit(ExitCode.CONFORMANT if ok else ExitCode.NON_CONFORMANT)
