"""The ``octo-conformance`` command line.

Exceptions become exit codes here, and only here (``conformance.errors``): a command raises,
:class:`ConformanceGroup` prints ``<title>: <message>`` on stderr and exits with the
exception's ``exit_code`` (2 usage, 3 unreachable, ...). A listening socket that cannot be
opened (the callback sink's port taken) is a usage error too.
"""

from __future__ import annotations

from typing import Any

import click

from conformance import __version__
from conformance.cli.options import cannot_listen
from conformance.cli.pact import pact_group
from conformance.cli.provider import provider_command
from conformance.cli.run import run_command
from conformance.cli.selftest import selftest_command
from conformance.cli.serve import serve_command
from conformance.cli.serve_webhook import serve_webhook_command
from conformance.cli.spec import spec_command
from conformance.cli.webhook import webhook_command
from conformance.errors import ConformanceError, ExitCode


class ConformanceGroup(click.Group):
    """A click group that maps the suite's exceptions to their exit codes."""

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


cli.add_command(spec_command)
cli.add_command(serve_command)
cli.add_command(provider_command)
cli.add_command(serve_webhook_command)
cli.add_command(webhook_command)
cli.add_command(run_command)
cli.add_command(selftest_command)
cli.add_command(pact_group)


def main() -> None:
    cli(prog_name="octo-conformance")
