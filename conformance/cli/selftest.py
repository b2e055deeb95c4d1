"""``octo-conformance selftest``: prove every built-in fault of the references is detected, and
that no legal variant of them is failed.

Runs the provider suite against the clean reference sandbox and against each of its faults, and
the webhook suite likewise against the reference webhook, then prints the fault-detection matrix:
fault → the requirement IDs that failed (or warned, where the clarifications make the deviation
a warn), and how long the suite took to see it; then the false-alarm matrix: each legal variant
(a faithful reading of the document the reference implements differently) → the MUST
requirements that failed there (false alarms) and the SHOULDs that warned. Exit 0 only when both
clean references pass without a finding, every fault is detected and no variant fails a MUST.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.table import Table

from octo_conformance.cli.options import PROFILE, SEED, with_options
from octo_conformance.core.profiles import Profile
from octo_conformance.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from octo_conformance.cli.embedded import Detection, Matrices, Matrix


@click.command("selftest")
@click.option(
    "--suite",
    "suites",
    type=click.Choice(["provider", "webhook"]),
    multiple=True,
    help="Only these suites (default: both).",
)
@click.option(
    "--matrix",
    "matrices",
    type=click.Choice(["faults", "variants", "rules"]),
    multiple=True,
    help="Only this matrix: fault detection, false alarms on legal variants, or the rule "
    "matrix (the provider suite's request rules against each accepts:<operationId>:<rule> "
    "fault of the sandbox). Default: faults and variants.",
)
@with_options(PROFILE.click(default=Profile.QUICK.value), SEED.click(default=1))
@click.option(
    "--workers",
    type=click.IntRange(1, 32),
    default=4,
    show_default=True,
    help="Runs in parallel (each with its own reference).",
)
@click.option(
    "--focused",
    is_flag=True,
    help="Judge each fault only by its signature: the requirement it must fail, in one phase "
    "that judges it (--only <phase> --only <requirement>). A quick proof that every check "
    "still catches its fault; the clean references still run whole, and the MUST coverage "
    "needs the full matrix.",
)
@click.option(
    "--json",
    "json_out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Also write the matrices to this file as JSON (every run's failed, warned and "
    "unjudged requirements and its errors), for a dashboard or a later comparison.",
)
def selftest_command(
    suites: tuple[str, ...],
    matrices: tuple[str, ...],
    profile: str,
    seed: int,
    workers: int,
    focused: bool,
    json_out: Path | None,
) -> None:
    """Run the suites against the clean references, every built-in fault and every legal
    variant; print the fault-detection and false-alarm matrices.

    Exit 0 only when the clean references pass, every fault is detected and no legal variant
    fails a MUST requirement.
    """
    from octo_conformance.cli import embedded

    if focused and matrices and "faults" not in matrices:
        raise UsageError("--focused focuses the fault matrix: add --matrix faults")
    console = Console(highlight=False, soft_wrap=True)
    kinds = suites or ("provider", "webhook")
    console.print(
        f"selftest: {', '.join(kinds)} suite(s), profile {profile}, seed {seed}, {workers} workers"
        + (", each fault judged by its signature only (--focused)" if focused else "")
    )

    def show(kind: str, found: Detection) -> None:
        if found.variant:
            name, mark = (
                f"variant {found.variant}",
                "FALSE ALARM" if found.false_alarm else "passes",
            )
        elif found.fault:
            name, mark = found.fault, "detected" if found.detected else "MISSED"
        else:
            name, mark = "(clean reference)", "clean"
        console.print(f"  {kind:8} {name:38} {mark:11} {found.seconds:5.1f} s")

    every: tuple[Matrix, ...] = ("faults", "variants", "rules")
    chosen = tuple(m for m in every if m in (matrices or ("faults", "variants")))
    found = embedded.matrices(
        kinds,
        chosen,
        seed=seed,
        profile=Profile(profile),
        workers=workers,
        progress=show,
        focused=focused,
    )
    ok = True
    if "faults" in found:
        ok &= _fault_tables(found["faults"], console)
    if "variants" in found:
        ok &= _variant_tables(found["variants"], console)
    for kind, detections in found.get("rules", {}).items():
        _rule_table(kind, detections, console)
    if focused and "faults" in found:
        console.print("MUST coverage: not measured by focused runs (run without --focused)")
    elif "faults" in found or "rules" in found:
        _must_coverage(kinds, found, console)
    if json_out is not None:
        document: dict[str, object] = {
            "ok": ok,
            "profile": profile,
            "seed": seed,
            "focused": focused,
        }
        for matrix, by_kind in found.items():
            document[matrix] = {
                kind: [dataclasses.asdict(d) for d in runs] for kind, runs in by_kind.items()
            }
        json_out.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        console.print(f"selftest: matrices written to {json_out}")
    console.print("selftest: [green]OK[/]" if ok else "selftest: [red]FAILED[/]")
    sys.exit(ExitCode.CONFORMANT if ok else ExitCode.NON_CONFORMANT)


def _variant_tables(matrix: dict[str, list[Detection]], console: Console) -> bool:
    """variant → the MUST requirements that failed (false alarms) and the SHOULDs that warned."""
    ok = True
    for kind, detections in matrix.items():
        table = Table(title=f"{kind} suite: false-alarm matrix (legal variants)")
        for column in ("variant", "MUST failures", "SHOULD warns", "run"):
            table.add_column(column, overflow="fold")
        for found in detections:
            failures = ", ".join(found.failed) + " ".join(found.errors)
            table.add_row(
                found.variant,
                f"[red]{failures}[/]" if found.false_alarm else "-",
                ", ".join(found.warned) or "-",
                f"{found.seconds:.1f} s",
            )
        console.print(table)
        alarms = [d.variant for d in detections if d.false_alarm]
        ok &= not alarms
        console.print(
            f"{kind}: {len(detections) - len(alarms)} of {len(detections)} legal variants pass "
            "without a MUST failure" + (f"; false alarms on: {', '.join(alarms)}" if alarms else "")
        )
    return ok


def _rule_table(kind: str, detections: list[Detection], console: Console) -> None:
    """accepts fault → whether its own rule's requirement failed (or warned: a SHOULD).

    Informational: a rule may be turned off without effect, when what comes after validation
    refuses the body anyway (an unknown payment, token or shop); such a fault is equivalent to
    the clean sandbox, and no black-box check can see it."""
    from octo_conformance.requirements import hook_rule_requirement_id, rule_requirement_id

    pattern = "accepts:<operationId>:<rule>" if kind == "provider" else "accepts:<rule>"
    table = Table(title=f"{kind} suite: rule matrix ({pattern})")
    for column in ("fault", "its rule", "run"):
        table.add_column(column, overflow="fold")
    unseen = []
    for found in detections:
        if kind == "provider":
            _, operation_id, rule = found.fault.split(":", 2)
            own = rule_requirement_id(operation_id, rule)
        else:
            own = hook_rule_requirement_id(found.fault.removeprefix("accepts:"))
        mark = "failed" if own in found.failed else "warned" if own in found.warned else ""
        if not mark:
            unseen.append(found.fault)
        table.add_row(found.fault, mark or "[yellow]refused anyway[/]", f"{found.seconds:.1f} s")
    console.print(table)
    console.print(
        f"{kind}: {len(detections) - len(unseen)} of {len(detections)} accepts faults seen by "
        "their own rule" + (f"; refused anyway: {', '.join(unseen)}" if unseen else "")
    )


def _must_coverage(kinds: tuple[str, ...], found: Matrices, console: Console) -> None:
    """MUST requirements that fail under at least one fault of the matrices run."""
    from octo_conformance.requirements import Level, Mode, of_mode

    failed = {
        requirement
        for matrix in ("faults", "rules")
        for detections in found.get(matrix, {}).values()
        for d in detections
        if d.fault
        for requirement in d.failed
    }
    modes = {"provider": Mode.PROVIDER, "webhook": Mode.WEBHOOK}
    for kind in kinds:
        musts = [r.id for r in of_mode(modes[kind]) if r.level is Level.MUST]
        unproven = [r for r in musts if r not in failed]
        share = 100 * (len(musts) - len(unproven)) / len(musts) if musts else 100.0
        console.print(
            f"{kind}: MUST coverage {len(musts) - len(unproven)} of {len(musts)} ({share:.0f} %) "
            "fail under at least one fault"
            + (f"; no fault proves: {', '.join(unproven)}" if unproven else "")
        )


def _fault_tables(matrix: dict[str, list[Detection]], console: Console) -> bool:
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
            table.add_row(
                found.fault,
                ", ".join(found.failed) or ("[red]MISSED[/]" if not found.detected else "-"),
                ", ".join(found.warned) or "-",
                first,
                f"{found.seconds:.1f} s",
            )
        console.print(table)
        clean_ok = not (clean.failed or clean.warned or clean.errors)
        ok &= clean_ok
        alarms = f"{', '.join(clean.failed + clean.warned)} {' '.join(clean.errors)}"
        verdict = "[green]passes[/]" if clean_ok else f"[red]false alarms[/]: {alarms}"
        detected = sum(1 for d in detections if d.fault and d.detected)
        missed = [d.fault for d in detections if d.fault and not d.detected]
        console.print(
            f"{kind}: clean reference {verdict}; {detected} of {len(detections) - 1} faults detected"
            + (f"; missed: {', '.join(missed)}" if missed else "")
        )
    return ok
