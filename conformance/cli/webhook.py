"""``octo-conformance webhook``: play OCTO against a partner's callback receiver."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import click
from rich.console import Console

from conformance.cli.provider import check_url, parse_today
from conformance.core.profiles import Profile
from conformance.errors import ExitCode, TargetUnreachable
from conformance.webhook.settings import DEFAULT_TIMEOUT, WebhookSettings


@click.command("webhook")
@click.option("--url", required=True, help="The partner's callback URL (bind_notify_url).")
@click.option(
    "--state-setup-url",
    default=None,
    help="Pact provider-state endpoint that sets up pending bindings.",
)
@click.option(
    "--timeout",
    default=DEFAULT_TIMEOUT,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds the receiver has to answer (C-34).",
)
@click.option(
    "--profile",
    type=click.Choice([p.value for p in Profile]),
    default="standard",
    show_default=True,
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=None,
    help="Reproduce a run (printed by every run).",
)
@click.option(
    "--report-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Default: reports/<run-id>.",
)
@click.option(
    "--max-rps", type=click.FloatRange(min=0.1), default=None, help="Bound on requests per second."
)
@click.option(
    "--today",
    default=None,
    help="The day expiry dates are judged on, YYYY-MM-DD (default: today, UTC).",
)
def webhook_command(
    url: str, state_setup_url: str | None, timeout: float, profile: str, seed: int | None,
    report_dir: Path | None, max_rps: float | None, today: str | None,
) -> None:  # fmt: skip
    """Check a partner's OCTO callback receiver: valid, forged, malformed and retried callbacks.

    Without --state-setup-url the checks that need a binding the receiver knows are skipped.
    Exit status: 0 conformant, 1 findings, 2 usage error, 3 receiver unreachable.
    """
    from conformance.reporting.session import finish, webhook_facts
    from conformance.webhook.runner import run_webhook

    day = parse_today(today)
    settings = WebhookSettings(
        url=check_url(url, "--url"),
        state_setup_url=check_url(state_setup_url, "--state-setup-url")
        if state_setup_url
        else None,
        timeout=timeout,
        profile=Profile(profile),
        seed=seed if seed is not None else random.SystemRandom().randrange(2**31),
        today=day,
        max_rps=max_rps,
    )
    console = Console(highlight=False, soft_wrap=True)
    console.print(
        f"webhook suite against {settings.url} — profile {settings.profile}, seed {settings.seed}"
    )
    if state_setup_url is None:
        console.print(
            "  no --state-setup-url: checks that need a binding the receiver knows are skipped"
        )
    try:
        result = run_webhook(settings, progress=lambda line: console.print(f"  {line}"))
    except TargetUnreachable as exc:
        console.print(f"[red]receiver unreachable[/]: {exc}")
        sys.exit(ExitCode.UNREACHABLE)
    sys.exit(
        finish(
            webhook_facts(result),
            result.recorder,
            result.masker,
            report_dir=report_dir,
            console=console,
        )
    )
