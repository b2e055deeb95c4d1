"""``conformance.cli.options``: each suite option declared once, the same under click and pytest;
``conformance.cli.validate``: one set of checks for both."""

from __future__ import annotations

import argparse
from typing import Any

import click
import pytest

from octo_conformance.cli import pytest_entry
from octo_conformance.cli.main import cli
from octo_conformance.cli.main import command as command_named
from octo_conformance.cli.options import (
    PROVIDER_OPTIONS,
    REQUEST_TIMEOUT,
    SELECTION_OPTIONS,
    SHOP_ID,
    SUITE_OPTIONS,
    WEBHOOK_OPTIONS,
    Option,
)
from octo_conformance.cli.validate import build_provider_settings, build_webhook_settings
from octo_conformance.errors import UsageError

# the commands that run a suite, the declared options each offers, and the flags they rename
COMMANDS: dict[str, tuple[tuple[Option, ...], dict[str, str]]] = {
    "provider": ((*PROVIDER_OPTIONS, *SELECTION_OPTIONS), {}),
    "webhook": (
        (*WEBHOOK_OPTIONS, *SELECTION_OPTIONS),
        {"webhook-url": "--url", "webhook-timeout": "--timeout"},
    ),
    "run": (tuple(o for o in SUITE_OPTIONS if o is not REQUEST_TIMEOUT), {}),
}
# every pytest option the suites have ever had keeps working
PYTEST_NAMES = (
    *("--octo-base-url", "--octo-webhook-url", "--octo-state-setup-url", "--octo-webhook-timeout"),
    *("--octo-shop-id", "--octo-secret-env", "--octo-otp-code", "--octo-otp-command"),
    *("--octo-second-shop-id", "--octo-second-secret-env", "--octo-profile", "--octo-seed"),
    *("--octo-callback-timeout", "--octo-today", "--octo-allow-production"),
)


def defaults(name: str) -> dict[str, Any]:
    """What the command's parameters hold when no option is given."""
    command = command_named(name)
    return command.make_context(name, [], resilient_parsing=True).params


def params(command: click.Command) -> dict[str, click.Parameter]:
    return {p.name: p for p in command.params if p.name}


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_offers_the_declared_options_under_their_flags(name: str) -> None:
    declared, renamed = COMMANDS[name]
    given = params(command_named(name))
    for option in declared:
        assert option.dest in given, f"{name} lacks {option.name}"
        assert given[option.dest].opts == [renamed.get(option.name, f"--{option.name}")]


@pytest.mark.parametrize("name", COMMANDS)
def test_the_pytest_options_have_the_commands_defaults(
    pytestconfig: pytest.Config, name: str
) -> None:
    declared, _ = COMMANDS[name]
    values = defaults(name)
    for option in declared:
        given = pytestconfig.getoption(option.pytest_flag)  # a repeatable one: a list under pytest
        assert (tuple(given) if option.multiple else given) == values[option.dest], option.name
        assert values[option.dest] == option.default, option.name


def test_every_pytest_option_name_still_works(pytestconfig: pytest.Config) -> None:
    for flag in PYTEST_NAMES:
        pytestconfig.getoption(flag)  # raises ValueError for an unknown option
    assert {o.pytest_flag for o in SUITE_OPTIONS} >= set(PYTEST_NAMES)


def _every_option(group: click.Group, path: str = "") -> list[tuple[str, click.Option]]:
    found = []
    context = click.Context(group)
    # list_commands/get_command, not .commands: the top group loads its commands lazily
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None
        if isinstance(command, click.Group):
            found += _every_option(command, f"{path}{name} ")
        found += [(f"{path}{name}", p) for p in command.params if isinstance(p, click.Option)]
    return found


def test_every_option_has_help() -> None:
    assert all(o.help for o in SUITE_OPTIONS)
    everything = _every_option(cli)
    assert len(everything) >= 100  # every command's options, pact's subcommands included
    missing = [f"{where} {p.opts[0]}" for where, p in everything if not p.help]
    assert missing == []


def test_a_bound_holds_under_pytest_as_on_the_command_line() -> None:
    assert SHOP_ID.parse("10000") == 10000
    for text in ("0", "ten"):
        with pytest.raises(argparse.ArgumentTypeError):
            SHOP_ID.parse(text)


PROVIDER: dict[str, Any] = {o.dest: o.default for o in PROVIDER_OPTIONS} | {
    "base_url": "http://127.0.0.1:9",
    "shop_id": 10000,
}


@pytest.mark.parametrize(
    ("given", "env", "says"),
    [
        ({"base_url": "https://secure.octo.uz/"}, {}, "--octo-allow-production"),
        ({"shop_id": None}, {}, "--octo-base-url needs --octo-shop-id"),
        ({"second_shop_id": 20000}, {}, "--octo-second-shop-id and --octo-second-secret-env"),
        (
            {"second_shop_id": 20000, "second_secret_env": "OCTO_TEST_UNSET"},
            {},
            "--octo-second-secret-env: environment variable OCTO_TEST_UNSET is not set",
        ),
        ({}, {"OCTO_SECRET": ""}, "--octo-secret-env: environment variable OCTO_SECRET"),
        ({"otp_code": "12"}, {}, "--octo-otp-code must be 4-8 digits"),
        ({"callback_listen": "8099"}, {}, "--octo-callback-listen: '8099' is not HOST:PORT"),
        ({"today": "29.11.2026"}, {}, "--octo-today: '29.11.2026' is not YYYY-MM-DD"),
    ],
)
def test_the_provider_settings_name_the_option_as_pytest_spells_it(
    monkeypatch: pytest.MonkeyPatch, given: dict[str, Any], env: dict[str, str], says: str
) -> None:
    monkeypatch.setenv("OCTO_SECRET", "a-secret")
    monkeypatch.delenv("OCTO_TEST_UNSET", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(UsageError, match=says):
        build_provider_settings(**(PROVIDER | given), spell=pytest_entry.spell)


def test_production_is_allowed_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCTO_SECRET", "a-secret")
    given = PROVIDER | {"base_url": "https://secure.octo.uz/", "allow_production": True}
    settings = build_provider_settings(**given)
    assert settings.production
    assert settings.allow_production


def test_the_webhook_settings_check_their_urls() -> None:
    given = {o.dest: o.default for o in WEBHOOK_OPTIONS} | {"webhook_url": "ftp://x/cb"}
    with pytest.raises(UsageError, match="--octo-webhook-url: 'ftp://x/cb' is not an absolute"):
        build_webhook_settings(**given, spell=pytest_entry.spell)
    settings = build_webhook_settings(**given | {"webhook_url": "http://x/cb", "seed": 7})
    assert (settings.url, settings.seed, settings.timeout) == ("http://x/cb", 7, 10.0)
