"""Every option the suites share, declared once as data.

An :class:`Option` is ``--<name>`` on the command line (``Option.click()``, a click decorator;
a command may spell it differently, e.g. ``webhook --url``, or make it required) and
``--octo-<name>`` under pytest (``Option.addoption()``; ``conformance.cli.pytest_entry``).
Its value reaches the suite through ``conformance.cli.validate``, the same way from both.
"""

from __future__ import annotations

import argparse
import errno
import socket
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Protocol

import click
from click import ParamType

from octo_conformance.core.profiles import Profile
from octo_conformance.webhook.settings import DEFAULT_TIMEOUT

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


class _AddOption(Protocol):  # pytest's Parser and OptionGroup, without importing pytest here
    def addoption(self, *opts: str, **attrs: Any) -> None: ...


class _Unset:
    """No override given (``None`` is a default of its own)."""


_UNSET: Final = _Unset()


@dataclass(frozen=True)
class Option:
    """One option: its name (``base-url``), help, type, default and bounds."""

    name: str
    help: str
    type: type[Any] = str  # str, int, float, bool (a flag) or Path
    default: Any = None
    minimum: float | None = None  # int and float options
    choices: tuple[str, ...] = ()
    metavar: str | None = None
    directory: bool = False  # a Path option naming a folder (else a file)
    multiple: bool = False  # repeatable: the value is a tuple of strings
    hidden: bool = False  # an older spelling, still taken, not listed by --help

    @property
    def dest(self) -> str:
        """The parameter's name: ``base_url``."""
        return self.name.replace("-", "_")

    @property
    def pytest_flag(self) -> str:
        return f"--octo-{self.name}"

    @property
    def pytest_dest(self) -> str:
        return f"octo_{self.dest}"

    # the command line ---------------------------------------------------------------------
    def click(
        self,
        *,
        flag: str | None = None,
        dest: str | None = None,
        required: bool = False,
        help: str | None = None,
        default: Any = _UNSET,
    ) -> Decorator:
        """The click decorator: ``--<name>`` unless ``flag`` spells it otherwise."""
        declarations = (flag or f"--{self.name}", dest or self.dest)
        text = help or self.help
        if self.type is bool:
            return click.option(*declarations, is_flag=True, help=text, hidden=self.hidden)
        if self.multiple:
            return click.option(*declarations, multiple=True, metavar=self.metavar, help=text)
        value = self.default if isinstance(default, _Unset) else default
        attrs: dict[str, Any] = {
            "type": self._click_type(),
            "metavar": self.metavar,
            "help": text,
            "hidden": self.hidden,
        }
        if value is not None:  # click >= 8.3 tells a default of None from no default
            attrs.update(default=value, show_default=True)
        return click.option(*declarations, required=required, **attrs)

    def _click_type(self) -> ParamType[Any]:
        if self.choices:
            return click.Choice(self.choices)
        if self.type is int:
            return click.IntRange(min=None if self.minimum is None else int(self.minimum))
        if self.type is float:
            return click.FloatRange(min=self.minimum)
        if self.type is Path:
            return click.Path(file_okay=not self.directory, dir_okay=self.directory, path_type=Path)
        return click.STRING

    # pytest -------------------------------------------------------------------------------
    def addoption(self, parser: _AddOption) -> None:
        """Register ``--octo-<name>`` with pytest's parser (or one of its groups)."""
        text = self.help
        if self.type is bool:
            parser.addoption(
                self.pytest_flag, dest=self.pytest_dest, action="store_true", help=text
            )
            return
        if self.multiple:
            parser.addoption(
                self.pytest_flag, dest=self.pytest_dest, action="append", default=[],
                metavar=self.metavar, help=text,
            )  # fmt: skip
            return
        if self.default is not None:
            text = f"{text} Default: {self.default}."
        attrs: dict[str, Any] = {"dest": self.pytest_dest, "default": self.default, "help": text}
        if self.choices:
            attrs["choices"] = list(self.choices)
        else:
            attrs["type"] = self.parse
            attrs["metavar"] = self.metavar
        parser.addoption(self.pytest_flag, **attrs)

    def parse(self, text: str) -> Any:
        """A command-line string as this option's value (pytest's side; click has its types)."""
        if self.type is Path:
            return Path(text)
        if self.type not in (int, float):
            return text
        try:
            value = self.type(text)
        except ValueError:
            kind = "an integer" if self.type is int else "a number"
            raise argparse.ArgumentTypeError(f"{text!r} is not {kind}") from None
        if self.minimum is not None and value < self.minimum:
            raise argparse.ArgumentTypeError(f"{text} is below the minimum, {self.minimum:g}")
        return value


# the provider suite's target ------------------------------------------------------------------
BASE_URL: Final = Option(
    "base-url",
    "Base URL of the OCTO implementation, e.g. http://127.0.0.1:8080.",
    metavar="URL",
)
SHOP_ID: Final = Option("shop-id", "octo_shop_id of a test shop.", int, minimum=1, metavar="ID")
SECRET_ENV: Final = Option(
    "secret-env",
    "Environment variable holding the shop's octo_secret (never the secret itself).",
    default="OCTO_SECRET",
    metavar="VARIABLE",
)
OTP_CODE: Final = Option("otp-code", "The target's fixed test OTP (a sandbox's).", metavar="CODE")
OTP_COMMAND: Final = Option(
    "otp-command",
    "Command printing the OTP; it gets the payment UUID as its argument.",
    metavar="COMMAND",
)
CALLBACK_LISTEN: Final = Option(
    "callback-listen",
    "HOST:PORT of the callback sink (port 0: any free port).",
    default="127.0.0.1:0",
    metavar="HOST:PORT",
)
CALLBACK_URL: Final = Option(
    "callback-url",
    "Public URL of the sink (a tunnel), when the target cannot reach it directly; 'none' where"
    " no URL the target can reach exists (a hosted CI runner): every requirement that needs a"
    " callback is skipped with that reason, and the verdict is at best incomplete.",
    metavar="URL|none",
)
CALLBACK_TIMEOUT: Final = Option(
    "callback-timeout",
    "Seconds to wait for a callback, or for the next attempt.",
    float,
    default=30.0,
    minimum=0.1,
    metavar="SECONDS",
)
SECOND_SHOP_ID: Final = Option(
    "second-shop-id",
    "A second test shop (tokens are shop-scoped, C-44).",
    int,
    minimum=1,
    metavar="ID",
)
SECOND_SECRET_ENV: Final = Option(
    "second-secret-env",
    "Environment variable holding the second shop's secret.",
    metavar="VARIABLE",
)
REQUEST_TIMEOUT: Final = Option(
    "request-timeout",
    "Seconds the target has to answer each request.",
    float,
    default=10.0,
    minimum=0.1,
    metavar="SECONDS",
)
CARDS: Final = Option(
    "cards",
    "YAML file of the target's own test cards (pan, exp, phone, method, holder; an OTP per"
    " card where it differs), for a target that binds only those: flows bind these, generated"
    " PANs go only where a refusal is expected.",
    Path,
    metavar="FILE",
)
ALLOW_PRODUCTION: Final = Option(
    "allow-production",
    "Allow secure.octo.uz (only public test PANs are sent).",
    bool,
    default=False,
)

# the webhook suite's target -------------------------------------------------------------------
WEBHOOK_URL: Final = Option(
    "webhook-url", "The partner's callback URL (bind_notify_url).", metavar="URL"
)
STATE_SETUP_URL: Final = Option(
    "state-setup-url",
    "Pact provider-state endpoint that sets up pending bindings.",
    metavar="URL",
)
WEBHOOK_TIMEOUT: Final = Option(
    "webhook-timeout",
    "Seconds the receiver has to answer (C-34).",
    float,
    default=DEFAULT_TIMEOUT,
    minimum=0.1,
    metavar="SECONDS",
)

# every suite ----------------------------------------------------------------------------------
PROFILE: Final = Option(
    "profile",
    "How hard the suite tries: quick, standard or deep.",
    default=Profile.STANDARD.value,
    choices=tuple(p.value for p in Profile),
)
SEED: Final = Option("seed", "Reproduce a run (printed by every run).", int, minimum=0, metavar="N")
MAX_RPS: Final = Option("max-rps", "Bound on requests per second.", float, minimum=0.1, metavar="N")
TODAY: Final = Option(
    "today",
    "The day expiry dates are judged on, YYYY-MM-DD (default: today, UTC).",
    metavar="YYYY-MM-DD",
)

ONLY: Final = Option(
    "only",
    "Judge only what this names (repeatable): a requirement ID (PROV-CB-001), a glob over the IDs"
    " (PROV-CB-*), or a phase (scenarios, request-rules, ...). What is left out is reported as"
    " skipped, so leaving out a MUST makes the verdict at best incomplete.",
    default=(),
    metavar="PATTERN",
    multiple=True,
)
EXCLUDE: Final = Option(
    "exclude",
    "Leave out what this names (repeatable; the patterns of --only), after --only.",
    default=(),
    metavar="PATTERN",
    multiple=True,
)

# the command line's own (no pytest option) --------------------------------------------------------
REPORT_DIR: Final = Option(
    "report-dir",
    "Where the report goes (default: reports/<run-id>).",
    Path,
    directory=True,
    metavar="DIR",
)
REPORTS_DIR: Final = Option(
    "reports-dir",
    "Old spelling: the folder under which the report's own (<run-id>) goes; see --report-dir.",
    Path,
    directory=True,
    metavar="DIR",
    hidden=True,
)
REQUIRE_COMPLETE: Final = Option(
    "require-complete",
    "Exit 1 when the verdict is incomplete (a MUST requirement got no verdict), not only when "
    "one failed.",
    bool,
    default=False,
)
FAIL_ON: Final = Option(
    "fail-on",
    "Exit 1 from this verdict on: fail (a MUST requirement failed) or warn (a SHOULD warned too).",
    default="fail",
    choices=("fail", "warn"),
)
FAIL_ON_WARN: Final = Option(
    "fail-on-warn",
    "Old spelling of --fail-on warn.",
    bool,
    default=False,
    hidden=True,
)


def warns_fail(fail_on: str, fail_on_warn: bool) -> bool:
    """``--fail-on warn``, or its old spelling ``--fail-on-warn``."""
    return fail_on == "warn" or fail_on_warn


WAIVERS: Final = Option(
    "waivers",
    "YAML waiver file (see docs/ci/README.md).",
    Path,
    metavar="FILE",
)

PROVIDER_OPTIONS: Final = (
    *(BASE_URL, SHOP_ID, SECRET_ENV, OTP_CODE, OTP_COMMAND),
    *(CALLBACK_LISTEN, CALLBACK_URL, CALLBACK_TIMEOUT, SECOND_SHOP_ID, SECOND_SECRET_ENV),
    *(PROFILE, SEED, MAX_RPS, ALLOW_PRODUCTION, TODAY, REQUEST_TIMEOUT, CARDS),
)
"""What ``validate.build_provider_settings`` takes."""
WEBHOOK_OPTIONS: Final = (
    WEBHOOK_URL,
    STATE_SETUP_URL,
    WEBHOOK_TIMEOUT,
    PROFILE,
    SEED,
    MAX_RPS,
    TODAY,
)
"""What ``validate.build_webhook_settings`` takes."""
SELECTION_OPTIONS: Final = (ONLY, EXCLUDE)
"""``validate.suite_selections``: checked once over every suite a run has."""
SUITE_OPTIONS: Final = tuple(
    dict.fromkeys((*PROVIDER_OPTIONS, *WEBHOOK_OPTIONS, *SELECTION_OPTIONS))
)
"""Every option of the two suites: the pytest options, ``--octo-<name>``."""


def with_options(*decorators: Decorator) -> Decorator:
    """Apply option decorators in the order given (as ``--help`` lists them)."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for decorator in reversed(decorators):
            command = decorator(command)
        return command

    return decorate


def pick(given: Mapping[str, Any], wanted: Iterable[Option]) -> dict[str, Any]:
    """The values of ``wanted`` among a command's parameters; an option the command does not
    offer keeps its declared default."""
    return {o.dest: given.get(o.dest, o.default) for o in wanted}


def spelling() -> Callable[[str], str]:
    """How the running command spells each option (``webhook --url``, ``run --webhook-url``)."""
    context = click.get_current_context(silent=True)
    flags = {}
    if context is not None:
        flags = {p.name: p.opts[0] for p in context.command.params if p.opts}

    def spell(name: str) -> str:
        return flags.get(name.replace("-", "_"), f"--{name}")

    return spell


# what a command listens on, for the message when it cannot (conformance.cli.main) -------------
LISTENER: Final = "octo_conformance.listener"
LISTEN_FAILURES: Final = frozenset(
    {errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES, errno.EPERM}
)


def will_listen(what: str) -> None:
    """Name the socket the command is about to open (``the callback sink on HOST:PORT``)."""
    click.get_current_context().meta[LISTENER] = what


def cannot_listen(exc: OSError, meta: Mapping[str, Any]) -> str | None:
    """What could not listen, when ``exc`` is a listening socket that could not be opened."""
    what = meta.get(LISTENER)
    if what is None:
        return None
    if isinstance(exc, socket.gaierror) or exc.errno in LISTEN_FAILURES:
        return str(what)
    return None


def catalogue_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """A reference server's ``--fault``/``--list-faults`` and ``--variant``/``--list-variants``."""
    for option in reversed(
        [
            click.option(
                "--fault",
                "faults",
                multiple=True,
                metavar="NAME",
                help="Turn on a fault (repeatable).",
            ),
            click.option("--list-faults", is_flag=True, help="Print the fault catalogue and exit."),
            click.option(
                "--variant",
                "variants",
                multiple=True,
                metavar="NAME",
                help="Turn on a legal variant: a faithful reading of the document done "
                "differently (repeatable).",
            ),
            click.option(
                "--list-variants", is_flag=True, help="Print the variant catalogue and exit."
            ),
        ]
    ):
        command = option(command)
    return command


class CatalogueEntry(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def clause(self) -> str: ...

    @property
    def description(self) -> str: ...


def print_catalogue(entries: Mapping[str, CatalogueEntry]) -> None:
    """One entry a line (for grep): its name, what it does, and the clause it rests on."""
    for entry in entries.values():
        click.echo(f"{entry.name:28} {entry.description} ({entry.clause})")
