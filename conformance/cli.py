"""The ``octo-conformance`` command line."""

from __future__ import annotations

import click

from conformance import __version__
from conformance.pact_command import pact_group
from conformance.provider_command import provider_command
from conformance.run_command import run_command
from conformance.selftest_command import selftest_command
from conformance.serve_command import serve_command
from conformance.serve_webhook_command import serve_webhook_command
from conformance.spec_command import spec_command
from conformance.webhook_command import webhook_command


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
