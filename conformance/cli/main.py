"""The ``octo-conformance`` command line."""

from __future__ import annotations

import click

from conformance import __version__
from conformance.cli.pact import pact_group
from conformance.cli.provider import provider_command
from conformance.cli.run import run_command
from conformance.cli.selftest import selftest_command
from conformance.cli.serve import serve_command
from conformance.cli.serve_webhook import serve_webhook_command
from conformance.cli.spec import spec_command
from conformance.cli.webhook import webhook_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
