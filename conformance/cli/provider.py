"""``octo-conformance provider``: check an OCTO API implementation, requirement by requirement."""

from __future__ import annotations

import os
import random
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import cast
from urllib.parse import urlsplit

import click
from rich.console import Console

from conformance.core.profiles import Profile
from conformance.errors import ExitCode, TargetUnreachable
from conformance.harness.otp import CommandOtp, FixedOtp, OtpSource
from conformance.provider.settings import ProviderSettings, Shop, is_production


def _secret(env: str, option: str) -> str:
    value = os.environ.get(env)
    if not value:
        raise click.BadParameter(f"environment variable {env} is not set (secrets never come from the command line)", param_hint=option)  # fmt: skip
    return value


def _listen(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise click.BadParameter(f"{value!r} is not HOST:PORT (e.g. 127.0.0.1:8099, port 0 = any free port)", param_hint="--callback-listen")  # fmt: skip
    return host, int(port)


def parse_today(value: str | None) -> date:
    """``--today``: the day expiry dates (and waivers) are judged on; default today, UTC."""
    try:
        return date.fromisoformat(value) if value else datetime.now(UTC).date()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not YYYY-MM-DD", param_hint="--today") from None


def check_url(value: str, option: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise click.BadParameter(f"{value!r} is not an absolute http(s) URL", param_hint=option)
    return value


def _otp(code: str | None, command: str | None) -> OtpSource:
    if code and command:
        raise click.UsageError("--otp-code and --otp-command exclude each other")
    try:
        if code:
            return FixedOtp(code)
        if command:
            return CommandOtp(command)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    return OtpSource()


def build_settings(
    *, base_url: str, shop_id: int, secret_env: str, otp_code: str | None, otp_command: str | None,
    callback_listen: str, callback_url: str | None, callback_timeout: float, second_shop_id: int | None,
    second_secret_env: str | None, profile: str, seed: int | None, max_rps: float | None,
    allow_production: bool, today: str | None, request_timeout: float,
) -> ProviderSettings:  # fmt: skip
    """Validate the options into settings; a bad one raises a click error (exit 2)."""
    base_url = check_url(base_url, "--base-url")
    if is_production(base_url) and not allow_production:
        raise click.UsageError(f"{urlsplit(base_url).hostname} is OCTO's production host; pass --allow-production to test it (then only public test PANs are sent, C-51)")  # fmt: skip
    if (second_shop_id is None) != (second_secret_env is None):
        raise click.UsageError("--second-shop-id and --second-secret-env go together")
    second = None
    if second_shop_id is not None and second_secret_env is not None:
        second = Shop(
            second_shop_id, _secret(second_secret_env, "--second-secret-env"), second_secret_env
        )
    day = parse_today(today)
    return ProviderSettings(
        base_url=base_url,
        shop=Shop(shop_id, _secret(secret_env, "--secret-env"), secret_env),
        second_shop=second,
        otp=_otp(otp_code, otp_command),
        today=day,
        seed=seed if seed is not None else random.SystemRandom().randrange(2**31),
        profile=Profile(profile),
        callback_listen=_listen(callback_listen),
        callback_url=check_url(callback_url, "--callback-url") if callback_url else None,
        callback_timeout=callback_timeout,
        request_timeout=request_timeout,
        max_rps=max_rps,
        allow_production=allow_production,
    )


@click.command("provider")
@click.option(
    "--base-url",
    required=True,
    help="Base URL of the OCTO implementation, e.g. http://127.0.0.1:8080.",
)
@click.option(
    "--shop-id", required=True, type=click.IntRange(min=1), help="octo_shop_id of a test shop."
)
@click.option(
    "--secret-env",
    default="OCTO_SECRET",
    show_default=True,
    help="Variable holding the shop's octo_secret.",
)
@click.option("--otp-code", default=None, help="The target's fixed test OTP (a sandbox's).")
@click.option(
    "--otp-command",
    default=None,
    help="Command printing the OTP; it gets the payment UUID as its argument.",
)
@click.option(
    "--callback-listen",
    default="127.0.0.1:0",
    show_default=True,
    help="HOST:PORT of the callback sink.",
)
@click.option(
    "--callback-url",
    default=None,
    help="Public URL of the sink (a tunnel), when the target cannot reach it directly.",
)
@click.option(
    "--callback-timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds to wait for a callback, or for the next attempt.",
)
@click.option(
    "--second-shop-id",
    default=None,
    type=click.IntRange(min=1),
    help="A second test shop (tokens are shop-scoped, C-44).",
)
@click.option(
    "--second-secret-env", default=None, help="Variable holding the second shop's secret."
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
@click.option("--request-timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True)
@click.option(
    "--today",
    default=None,
    help="The day expiry dates are judged on, YYYY-MM-DD (default: today, UTC).",
)
@click.option(
    "--allow-production",
    is_flag=True,
    help="Allow secure.octo.uz (only public test PANs are sent).",
)
def provider_command(**options: object) -> None:
    """Check an OCTO tokenization API implementation against the documented contract.

    Exit status: 0 conformant, 1 findings, 2 usage error, 3 target unreachable.
    """
    from conformance.provider.runner import run_provider
    from conformance.reporting.session import finish, provider_facts

    report_dir = cast(Path | None, options.pop("report_dir"))
    settings = build_settings(**options)  # type: ignore[arg-type]
    console = Console(stderr=False, highlight=False, soft_wrap=True)
    console.print(
        f"provider suite against {settings.base_url} — profile {settings.profile}, seed {settings.seed}"
    )
    try:
        result = run_provider(settings, progress=lambda line: console.print(f"  {line}"))
    except TargetUnreachable as exc:
        console.print(f"[red]target unreachable[/]: {exc}")
        sys.exit(ExitCode.UNREACHABLE)
    except OSError as exc:  # e.g. the callback port is taken
        console.print(f"[red]cannot start the callback sink[/]: {exc}")
        sys.exit(ExitCode.USAGE)
    code = finish(
        provider_facts(result),
        result.recorder,
        result.masker,
        report_dir=report_dir,
        console=console,
    )
    sys.exit(code)
