"""The suites' pytest entry points (``pytest conformance/provider --octo-base-url URL ...``,
``pytest conformance/webhook --octo-webhook-url URL``): the ``--octo-<name>`` options declared in
``conformance.cli.options``, turned into settings by the same ``validate.build_*_settings`` as
the commands. The package's pytest plugin (``conformance.cli.pytest_plugin``) calls these hooks.

The settings are built once, when pytest starts: an option that cannot be used (an unset secret
variable, OCTO's production host without ``--octo-allow-production``) stops pytest with a usage
error (exit 4) before any test runs, rather than failing every requirement test alike.
"""

from __future__ import annotations

from typing import Any, Final

import pytest

from octo_conformance.cli.options import (
    PROVIDER_OPTIONS,
    SEED,
    SELECTION_OPTIONS,
    SUITE_OPTIONS,
    TODAY,
    WEBHOOK_OPTIONS,
    Option,
)
from octo_conformance.cli.validate import (
    any_seed,
    build_provider_settings,
    build_webhook_settings,
    parse_today,
    suite_selections,
)
from octo_conformance.errors import UsageError
from octo_conformance.provider.settings import ProviderSettings
from octo_conformance.requirements import Mode
from octo_conformance.webhook.settings import WebhookSettings

PROVIDER_SETTINGS: Final = pytest.StashKey[ProviderSettings | None]()
WEBHOOK_SETTINGS: Final = pytest.StashKey[WebhookSettings | None]()


def spell(name: str) -> str:
    """An option as pytest spells it: ``--octo-<name>``."""
    return f"--octo-{name}"


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("octo", "OCTO conformance targets")
    for option in SUITE_OPTIONS:
        option.addoption(group)


def configure(config: pytest.Config) -> None:
    """Build the settings of each suite whose target is given; a bad option is a usage error."""

    def values(options: tuple[Option, ...]) -> dict[str, Any]:
        return {o.dest: config.getoption(o.pytest_dest) for o in options} | {"seed": seed}

    seed = any_seed(config.getoption(SEED.pytest_dest))  # one seed for both suites
    provider, webhook = values(PROVIDER_OPTIONS), values(WEBHOOK_OPTIONS)
    # --octo-only/--octo-exclude: checked once over the suites given a target, as `run` does;
    # each suite then reads the patterns that name something of it
    modes = [Mode.PROVIDER] * bool(provider["base_url"]) + [Mode.WEBHOOK] * bool(webhook["webhook_url"])  # fmt: skip
    only, exclude = (config.getoption(o.pytest_dest) for o in SELECTION_OPTIONS)
    try:
        chosen = suite_selections(only, exclude, modes or [Mode.PROVIDER, Mode.WEBHOOK], spell)
        config.stash[PROVIDER_SETTINGS] = (
            build_provider_settings(**provider, selection=chosen[Mode.PROVIDER], spell=spell)
            if provider["base_url"]
            else None
        )
        config.stash[WEBHOOK_SETTINGS] = (
            build_webhook_settings(**webhook, selection=chosen[Mode.WEBHOOK], spell=spell)
            if webhook["webhook_url"]
            else None
        )
        parse_today(config.getoption(TODAY.pytest_dest), spell(TODAY.name))  # a bad --octo-today
    except UsageError as exc:
        raise pytest.UsageError(str(exc)) from None


def provider_settings(config: pytest.Config) -> ProviderSettings:
    settings = config.stash.get(PROVIDER_SETTINGS, None)
    if settings is None:
        pytest.skip("no target: pass --octo-base-url (and --octo-shop-id, --octo-secret-env)")
    return settings


def webhook_settings(config: pytest.Config) -> WebhookSettings:
    settings = config.stash.get(WEBHOOK_SETTINGS, None)
    if settings is None:
        pytest.skip("no receiver: pass --octo-webhook-url (and --octo-state-setup-url)")
    return settings


def summary(config: pytest.Config) -> list[str]:
    """The lines that let a run be repeated (its seed), for pytest's terminal summary."""
    provider = config.stash.get(PROVIDER_SETTINGS, None)
    webhook = config.stash.get(WEBHOOK_SETTINGS, None)
    targets = [
        *([f"provider suite against {provider.base_url}"] if provider else []),
        *([f"webhook suite against {webhook.url}"] if webhook else []),
    ]
    seed = provider.seed if provider else webhook.seed if webhook else None
    if seed is None:
        return []
    return [f"octo: {' and '.join(targets)}, seed {seed} (repeat with {spell('seed')} {seed})"]
