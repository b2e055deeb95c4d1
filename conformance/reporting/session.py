"""Turn a finished run (provider, webhook, pact verification) into artefacts, a console summary
and an exit code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

from octo_conformance.errors import ExitCode
from octo_conformance.findings import Recorder
from octo_conformance.masking import Masker
from octo_conformance.reporting.console import print_summary
from octo_conformance.reporting.html import write_html
from octo_conformance.reporting.leaks import scan
from octo_conformance.reporting.markdown import append_step_summary, write_summary
from octo_conformance.reporting.model import RunFacts, build_run_report
from octo_conformance.reporting.schema import validate_report
from octo_conformance.reporting.writers import write_json, write_junit
from octo_conformance.requirements import Mode

if TYPE_CHECKING:
    from octo_conformance.provider.runner import ProviderResult
    from octo_conformance.webhook.runner import WebhookResult


def run_id(mode: str, seed: int, when: float) -> str:
    return f"{mode}-{datetime.fromtimestamp(when, UTC):%Y%m%dT%H%M%SZ}-{seed}"


def provider_facts(result: ProviderResult) -> RunFacts:
    s = result.settings
    return RunFacts(
        run_id=run_id("provider", s.seed, result.started),
        mode=Mode.PROVIDER,
        target=s.base_url,
        seed=s.seed,
        profile=s.profile.value,
        started=result.started,
        finished=result.finished,
        options={
            "shop_id": s.shop.id,
            "secret_env": s.shop.secret_env,
            "second_shop_id": s.second_shop.id if s.second_shop else None,
            "second_secret_env": s.second_shop.secret_env if s.second_shop else None,
            "otp": s.otp.description,
            "callback_timeout": s.callback_timeout,
            "request_timeout": s.request_timeout,
            "today": s.today.isoformat(),
            "callbacks": s.callbacks,
            "max_rps": s.max_rps,
            **s.selection.as_options(),
        },
        phases=[asdict(p) for p in result.phases],
        errors=list(result.errors),
        stopped_early=result.unresponsive,
    )


def webhook_facts(result: WebhookResult) -> RunFacts:
    s = result.settings
    return RunFacts(
        run_id=run_id("webhook", s.seed, result.started),
        mode=Mode.WEBHOOK,
        target=s.url,
        seed=s.seed,
        profile=s.profile.value,
        started=result.started,
        finished=result.finished,
        options={
            "state_setup_url": s.state_setup_url,
            "timeout": s.timeout,
            "today": s.today.isoformat(),
            "max_rps": s.max_rps,
            **s.selection.as_options(),
        },
        phases=[asdict(p) for p in result.phases],
        errors=list(result.errors),
        stopped_early=result.unresponsive,
    )


def contract_facts(
    kind: str,
    target: str,
    seconds: float,
    started: float,
    state_url: str | None = None,
    selection: dict[str, Any] | None = None,
) -> RunFacts:
    """A pact verification of ``target`` (``kind``: "provider" or "webhook")."""
    return RunFacts(
        run_id=f"pact-{kind}-{datetime.fromtimestamp(started, UTC):%Y%m%dT%H%M%SZ}",
        mode=Mode.CONTRACT,
        target=target,
        seed=0,
        profile="standard",
        started=started,
        finished=started + seconds,
        options={"contract": kind, "state_setup_url": state_url, **(selection or {})},
    )


def finish(
    facts: RunFacts,
    recorder: Recorder,
    masker: Masker,
    *,
    report_dir: Path | None,
    console: Console,
    require_complete: bool = False,
    fail_on_warn: bool = False,
) -> ExitCode:
    """One suite's run: its report in ``report_dir`` (default ``reports/<run-id>``)."""
    report = build_run_report([(facts, recorder)], masker)
    directory = report_dir or Path("reports") / facts.run_id
    return write_artefacts(
        report, directory, masker, console,
        require_complete=require_complete, fail_on_warn=fail_on_warn,
    )  # fmt: skip


def write_artefacts(
    report: dict[str, Any],
    directory: Path,
    masker: Masker,
    console: Console,
    *,
    require_complete: bool = False,
    fail_on_warn: bool = False,
) -> ExitCode:
    """Write every artefact, print the summary, run the leak gate; the run's exit code: 1 for a
    non-conformant verdict, for an incomplete one under ``require_complete``, and for a warned
    SHOULD under ``fail_on_warn``."""
    problems = validate_report(report)
    if problems:  # a suite bug: the report would mislead whoever reads it
        for problem in problems[:10]:
            console.print(f"[red]report.json does not match its schema[/]: {problem}")
        return ExitCode.NON_CONFORMANT
    try:
        directory.mkdir(parents=True, exist_ok=True)
        written = [write(report, directory) for write in _writers()]
        step_summary = _append_step_summary(directory)
    except OSError as exc:
        console.print(f"[red]cannot write the report to {directory}[/]: {exc}")
        return ExitCode.USAGE
    print_summary(report, directory, console)
    leaks = scan([*written, *([step_summary] if step_summary else [])], masker.sensitive())
    for leak in leaks:
        console.print(f"[red]leak gate[/]: {leak}; the run fails")
    if leaks:
        return ExitCode.NON_CONFORMANT
    verdict = report["summary"]["verdict"]
    if verdict == "non-conformant" or (verdict == "incomplete" and require_complete):
        return ExitCode.NON_CONFORMANT
    if fail_on_warn and report["summary"]["warn"]:
        console.print(f"--fail-on warn: {report['summary']['warn']} SHOULD requirement(s) warned")
        return ExitCode.NON_CONFORMANT
    return ExitCode.CONFORMANT


def _writers() -> list[Callable[[dict[str, Any], Path], Path]]:
    return [write_json, write_junit, write_html, write_summary]


def _append_step_summary(directory: Path) -> Path | None:
    return append_step_summary(directory / "summary.md")
