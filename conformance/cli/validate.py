"""Options into settings: one ``build_provider_settings`` and one ``build_webhook_settings`` for
the commands (``provider``, ``webhook``, ``run``) and the suites' pytest entry points alike.

Nothing here imports click or pytest: a value that cannot be used raises
:class:`conformance.errors.UsageError`, naming the option as the user spelled it (``spell``
turns an option's name, ``"base-url"``, into ``--base-url``, ``--url`` or ``--octo-base-url``);
the command line turns it into exit 2 (``conformance.cli.main``), pytest into
``pytest.UsageError`` (``conformance.cli.pytest_entry``).
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from octo_conformance.contracts import VERIFICATION_PHASE, VERIFICATION_REQUIREMENT
from octo_conformance.core.profiles import Profile
from octo_conformance.core.selection import EVERYTHING, Selection, select
from octo_conformance.errors import UsageError
from octo_conformance.harness.card_file import load_cards
from octo_conformance.harness.otp import CommandOtp, FixedOtp, OtpSource
from octo_conformance.provider.settings import PHASES as PROVIDER_PHASES
from octo_conformance.provider.settings import ProviderSettings, Shop, is_production
from octo_conformance.requirements import Mode, of_mode
from octo_conformance.webhook.settings import PHASES as WEBHOOK_PHASES
from octo_conformance.webhook.settings import WebhookSettings

Spell = Callable[[str], str]
"""An option's name (``"base-url"``) as the user writes it (``"--base-url"``)."""


def plain(name: str) -> str:
    """The command line's own spelling of an option."""
    return f"--{name}"


def parse_today(value: str | None, option: str = "--today") -> date:
    """``--today``: the day expiry dates (and waivers) are judged on; default today, UTC."""
    try:
        return date.fromisoformat(value) if value else datetime.now(UTC).date()
    except ValueError:
        raise UsageError(f"{option}: {value!r} is not YYYY-MM-DD") from None


def check_url(value: str, option: str) -> str:
    """An absolute http(s) URL, returned unchanged."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{option}: {value!r} is not an absolute http(s) URL")
    return value


def parse_listen(value: str, option: str) -> tuple[str, int]:
    """``HOST:PORT`` (port 0: any free port)."""
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise UsageError(
            f"{option}: {value!r} is not HOST:PORT (e.g. 127.0.0.1:8099, port 0 = any free port)"
        )
    return host, int(port)


def secret_from(variable: str, option: str, what: str = "the shop's secret") -> str:
    """The secret held by an environment variable; unset or empty is a usage error."""
    value = os.environ.get(variable)
    if not value:
        raise UsageError(
            f"{option}: environment variable {variable} is not set"
            f" ({what}; secrets never come from the command line)"
        )
    return value


def otp_source(code: str | None, command: str | None, spell: Spell = plain) -> OtpSource:
    """A fixed code, a command printing the code, or none (the OTP checks are then skipped)."""
    if code and command:
        raise UsageError(f"{spell('otp-code')} and {spell('otp-command')} exclude each other")
    try:
        if code:
            return FixedOtp(code)
        if command:
            return CommandOtp(command)
    except ValueError as exc:  # the harness names the command line's flags
        message = str(exc).replace("--otp-code", spell("otp-code"))
        raise UsageError(message.replace("--otp-command", spell("otp-command"))) from None
    return OtpSource()


def guard_production(url: str, *, allowed: bool, spell: Spell | None = plain) -> None:
    """The one production guard (C-51), for every route to a target: the ``provider`` and
    ``run`` commands, the pytest options and ``pact verify-provider``. ``spell=None``: the route
    has no opt-in (the pact binds its own example cards, never only public test PANs)."""
    if not is_production(url) or (allowed and spell is not None):
        return
    host = urlsplit(url).hostname
    if spell is None:
        raise UsageError(
            f"{host} is OCTO's production host; the pact's interactions bind example cards,"
            " which only a sandbox may see (C-51)"
        )
    raise UsageError(
        f"{host} is OCTO's production host; pass {spell('allow-production')} to test it"
        " (then only public test PANs are sent, C-51)"
    )


def any_seed(seed: int | None) -> int:
    """The seed given, or a fresh one (every run prints its seed, so it can be repeated)."""
    return seed if seed is not None else random.SystemRandom().randrange(2**31)


_PHASES: dict[Mode, tuple[str, ...]] = {
    Mode.PROVIDER: PROVIDER_PHASES,
    Mode.WEBHOOK: WEBHOOK_PHASES,
    Mode.CONTRACT: (VERIFICATION_PHASE,),
}


def _requirements(mode: Mode) -> list[str]:
    """What a suite judges; of the contract mode, what ``run``'s pact verifications judge."""
    if mode is Mode.CONTRACT:
        return list(VERIFICATION_REQUIREMENT.values())
    return [r.id for r in of_mode(mode)]


def suite_selections(
    only: Sequence[str] | None,
    exclude: Sequence[str] | None,
    modes: Sequence[Mode],
    spell: Spell = plain,
) -> dict[Mode, Selection]:
    """``--only``/``--exclude`` checked once over the suites of ``modes`` (each pattern must name
    a requirement or a phase of one of them), and each suite's view of them."""
    chosen = select(
        only or (),
        exclude or (),
        requirements=[i for mode in modes for i in _requirements(mode)],
        phases=[p for mode in modes for p in _PHASES[mode]],
        only_flag=spell("only"),
        exclude_flag=spell("exclude"),
    )
    return {mode: chosen.for_suite(_requirements(mode), _PHASES[mode]) for mode in modes}


NO_CALLBACKS = "none"  # --callback-url none: the target cannot reach any sink of ours


def build_provider_settings(
    *,
    base_url: str,
    shop_id: int | None,
    secret_env: str,
    otp_code: str | None,
    otp_command: str | None,
    callback_listen: str,
    callback_url: str | None,
    callback_timeout: float,
    second_shop_id: int | None,
    second_secret_env: str | None,
    profile: str,
    seed: int | None,
    max_rps: float | None,
    allow_production: bool,
    today: str | None,
    request_timeout: float,
    cards: Path | None = None,
    selection: Selection = EVERYTHING,
    spell: Spell = plain,
) -> ProviderSettings:
    """The provider suite's settings, every option checked (production guard included)."""
    base_url = check_url(base_url, spell("base-url"))
    guard_production(base_url, allowed=allow_production, spell=spell)
    if shop_id is None:
        raise UsageError(
            f"{spell('base-url')} needs {spell('shop-id')}"
            f" (and the secret in ${secret_env} or {spell('secret-env')})"
        )
    if (second_shop_id is None) != (second_secret_env is None):
        raise UsageError(f"{spell('second-shop-id')} and {spell('second-secret-env')} go together")
    second = None
    if second_shop_id is not None and second_secret_env is not None:
        secret = secret_from(
            second_secret_env, spell("second-secret-env"), "the second shop's secret"
        )
        second = Shop(second_shop_id, secret, second_secret_env)
    day = parse_today(today, spell("today"))
    listed = (
        load_cards(cards, today=day, production=is_production(base_url), option=spell("cards"))
        if cards is not None
        else ()
    )
    return ProviderSettings(
        base_url=base_url,
        shop=Shop(shop_id, secret_from(secret_env, spell("secret-env")), secret_env),
        second_shop=second,
        otp=otp_source(otp_code, otp_command, spell),
        today=day,
        seed=any_seed(seed),
        profile=Profile(profile),
        cards=listed,
        callback_listen=parse_listen(callback_listen, spell("callback-listen")),
        callback_url=(
            check_url(callback_url, spell("callback-url"))
            if callback_url and callback_url != NO_CALLBACKS
            else None
        ),
        callbacks=callback_url != NO_CALLBACKS,
        callback_timeout=callback_timeout,
        request_timeout=request_timeout,
        max_rps=max_rps,
        allow_production=allow_production,
        selection=selection,
    )


def build_webhook_settings(
    *,
    webhook_url: str,
    state_setup_url: str | None,
    webhook_timeout: float,
    profile: str,
    seed: int | None,
    max_rps: float | None,
    today: str | None,
    selection: Selection = EVERYTHING,
    spell: Spell = plain,
) -> WebhookSettings:
    """The webhook suite's settings, every option checked."""
    return WebhookSettings(
        url=check_url(webhook_url, spell("webhook-url")),
        state_setup_url=(
            check_url(state_setup_url, spell("state-setup-url")) if state_setup_url else None
        ),
        timeout=webhook_timeout,
        profile=Profile(profile),
        seed=any_seed(seed),
        today=parse_today(today, spell("today")),
        max_rps=max_rps,
        selection=selection,
    )
