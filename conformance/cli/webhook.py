"""``octo-conformance webhook``: play OCTO against a partner's callback receiver."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from octo_conformance.cli.options import (
    EXCLUDE,
    FAIL_ON,
    FAIL_ON_WARN,
    MAX_RPS,
    ONLY,
    PROFILE,
    REPORT_DIR,
    REQUIRE_COMPLETE,
    SEED,
    STATE_SETUP_URL,
    TODAY,
    WEBHOOK_OPTIONS,
    WEBHOOK_TIMEOUT,
    WEBHOOK_URL,
    pick,
    spelling,
    warns_fail,
    with_options,
)
from octo_conformance.cli.validate import build_webhook_settings, suite_selections
from octo_conformance.requirements import Mode


@click.command("webhook")
@with_options(
    WEBHOOK_URL.click(flag="--url", required=True),
    STATE_SETUP_URL.click(),
    WEBHOOK_TIMEOUT.click(flag="--timeout"),
    PROFILE.click(),
    SEED.click(),
    REPORT_DIR.click(),
    REQUIRE_COMPLETE.click(),
    FAIL_ON.click(),
    FAIL_ON_WARN.click(),
    ONLY.click(),
    EXCLUDE.click(),
    MAX_RPS.click(),
    TODAY.click(),
)
def webhook_command(
    report_dir: Path | None,
    require_complete: bool,
    fail_on: str,
    fail_on_warn: bool,
    **given: Any,
) -> None:
    """Check a partner's OCTO callback receiver: valid, forged, malformed and retried callbacks.

    Without --state-setup-url the checks that need a binding the receiver knows are skipped.
    Exit status: 0 conformant, 1 findings, 2 usage error, 3 receiver unreachable.
    """
    from octo_conformance.reporting.session import finish, webhook_facts
    from octo_conformance.webhook.runner import run_webhook

    spell = spelling()
    chosen = suite_selections(given["only"], given["exclude"], [Mode.WEBHOOK], spell)
    settings = build_webhook_settings(
        **pick(given, WEBHOOK_OPTIONS), selection=chosen[Mode.WEBHOOK], spell=spell
    )
    console = Console(highlight=False, soft_wrap=True)
    console.print(
        f"webhook suite against {settings.url} — profile {settings.profile}, seed {settings.seed}"
    )
    if settings.state_setup_url is None:
        console.print(
            f"  no {spell('state-setup-url')}: checks that need a binding the receiver knows are skipped"
        )
    result = run_webhook(settings, progress=lambda line: console.print(f"  {line}"))
    sys.exit(
        finish(
            webhook_facts(result),
            result.recorder,
            result.masker,
            report_dir=report_dir,
            console=console,
            require_complete=require_complete,
            fail_on_warn=warns_fail(fail_on, fail_on_warn),
        )
    )
