"""The ``octo-conformance`` command line.

Exceptions become exit codes here, and only here (``conformance.errors``): a command raises,
:class:`ConformanceGroup` prints ``<title>: <message>`` on stderr and exits with the
exception's ``exit_code`` (2 usage, 3 unreachable, ...). A listening socket that cannot be
opened (the callback sink's port taken) is a usage error too.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from octo_conformance import __version__
from octo_conformance.cli.options import cannot_listen
from octo_conformance.errors import ConformanceError, ExitCode

# name -> "module:attribute"; a command's module is imported only when it runs (or for --help):
# `serve` need not load the spec auditor, `spec` need not load pact, and so on
COMMANDS = {
    "spec": "octo_conformance.cli.spec:spec_command",
    "serve": "octo_conformance.cli.serve:serve_command",
    "provider": "octo_conformance.cli.provider:provider_command",
    "serve-webhook": "octo_conformance.cli.serve_webhook:serve_webhook_command",
    "webhook": "octo_conformance.cli.webhook:webhook_command",
    "run": "octo_conformance.cli.run:run_command",
    "selftest": "octo_conformance.cli.selftest:selftest_command",
    "pact": "octo_conformance.cli.pact:pact_group",
}


class ConformanceGroup(click.Group):
    """A click group that maps the suite's exceptions to their exit codes, and loads each
    command's module on first use (click's lazy-group pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, _, attribute = COMMANDS[cmd_name].partition(":")
        command = getattr(importlib.import_module(module), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{COMMANDS[cmd_name]} is not a click command")
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConformanceError as exc:
            click.echo(f"{exc.title}: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except OSError as exc:
            what = cannot_listen(exc, ctx.meta)
            if what is None:
                raise
            click.echo(f"cannot start {what}: {exc}", err=True)
            ctx.exit(ExitCode.USAGE)


@click.group(cls=ConformanceGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="octo-conformance")
def cli() -> None:
    """Conformance suite for the OCTO bank-card tokenization API."""


def command(name: str) -> click.Command:
    """The command ``name`` of ``octo-conformance`` (its module imported)."""
    found = cli.get_command(click.Context(cli), name)
    if found is None:
        raise KeyError(name)
    return found


def main() -> None:
    cli(prog_name="octo-conformance")
