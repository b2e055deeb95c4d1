"""``octo-conformance provider``: check an OCTO API implementation, requirement by requirement."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from octo_conformance.cli.options import (
    ALLOW_PRODUCTION,
    BASE_URL,
    CALLBACK_LISTEN,
    CALLBACK_TIMEOUT,
    CALLBACK_URL,
    CARDS,
    EXCLUDE,
    FAIL_ON,
    FAIL_ON_WARN,
    MAX_RPS,
    ONLY,
    OTP_CODE,
    OTP_COMMAND,
    PROFILE,
    PROVIDER_OPTIONS,
    REPORT_DIR,
    REQUEST_TIMEOUT,
    REQUIRE_COMPLETE,
    SECOND_SECRET_ENV,
    SECOND_SHOP_ID,
    SECRET_ENV,
    SEED,
    SHOP_ID,
    TODAY,
    pick,
    spelling,
    warns_fail,
    will_listen,
    with_options,
)
from octo_conformance.cli.validate import build_provider_settings, suite_selections
from octo_conformance.requirements import Mode


@click.command("provider")
@with_options(
    BASE_URL.click(required=True),
    SHOP_ID.click(required=True),
    SECRET_ENV.click(),
    OTP_CODE.click(),
    OTP_COMMAND.click(),
    CALLBACK_LISTEN.click(),
    CALLBACK_URL.click(),
    CALLBACK_TIMEOUT.click(),
    SECOND_SHOP_ID.click(),
    SECOND_SECRET_ENV.click(),
    PROFILE.click(),
    SEED.click(),
    REPORT_DIR.click(),
    REQUIRE_COMPLETE.click(),
    FAIL_ON.click(),
    FAIL_ON_WARN.click(),
    ONLY.click(),
    EXCLUDE.click(),
    MAX_RPS.click(),
    REQUEST_TIMEOUT.click(),
    TODAY.click(),
    ALLOW_PRODUCTION.click(),
    CARDS.click(),
)
def provider_command(
    report_dir: Path | None,
    require_complete: bool,
    fail_on: str,
    fail_on_warn: bool,
    **given: Any,
) -> None:
    """Check an OCTO tokenization API implementation against the documented contract.

    Exit status: 0 conformant, 1 findings, 2 usage error, 3 target unreachable.
    """
    from octo_conformance.provider.runner import run_provider
    from octo_conformance.reporting.session import finish, provider_facts

    spell = spelling()
    chosen = suite_selections(given["only"], given["exclude"], [Mode.PROVIDER], spell)
    settings = build_provider_settings(
        **pick(given, PROVIDER_OPTIONS), selection=chosen[Mode.PROVIDER], spell=spell
    )
    console = Console(highlight=False, soft_wrap=True)
    console.print(
        f"provider suite against {settings.base_url} — profile {settings.profile}, seed {settings.seed}"
    )
    host, port = settings.callback_listen
    will_listen(f"the callback sink on {host}:{port} ({spell('callback-listen')})")
    result = run_provider(settings, progress=lambda line: console.print(f"  {line}"))
    code = finish(
        provider_facts(result),
        result.recorder,
        result.masker,
        report_dir=report_dir,
        console=console,
        require_complete=require_complete,
        fail_on_warn=warns_fail(fail_on, fail_on_warn),
    )
    sys.exit(code)
