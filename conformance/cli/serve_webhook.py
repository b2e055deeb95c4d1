"""``octo-conformance serve-webhook``: the reference partner webhook on loopback."""

from __future__ import annotations

import sqlite3

import click

from octo_conformance.cli.options import catalogue_options, print_catalogue, will_listen


@click.command("serve-webhook")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8090,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on.",
)
@click.option(
    "--db",
    default=":memory:",
    show_default=True,
    help="SQLite file, or :memory:. Set $OCTO_WEBHOOK_KEY to match a file's bindings after a restart.",
)
@catalogue_options
def serve_webhook_command(
    host: str,
    port: int,
    db: str,
    faults: tuple[str, ...],
    list_faults: bool,
    variants: tuple[str, ...],
    list_variants: bool,
) -> None:
    """Run the reference partner webhook: OCTO's callback at POST /octo/callback.

    Test-only endpoints (not part of OCTO): POST /_pact/provider-states (Pact provider states),
    GET /_webhook/bindings, GET /_webhook/health.
    """
    from octo_conformance.reference.webhook import FAULTS, VARIANTS, WebhookConfig, create_app

    if list_faults or list_variants:
        print_catalogue(FAULTS if list_faults else VARIANTS)
        return
    try:
        app = create_app(
            WebhookConfig(db=db, faults=frozenset(faults), variants=frozenset(variants))
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    except sqlite3.Error as exc:
        raise click.UsageError(f"cannot open the database {db}: {exc}") from None
    import logging

    import uvicorn

    from octo_conformance.reference.serving import server_config

    # the receiver's own lines (cards masked) beside uvicorn's
    logging.basicConfig(level=logging.INFO, format="%(levelname)-9s %(name)s: %(message)s")
    click.echo(f"partner webhook on http://{host}:{port}/octo/callback — database {db}")
    click.echo(f"PAN look-up key {app.state.webhook.key_source}")
    if faults:
        click.echo(f"faults on: {', '.join(faults)}")
    if variants:
        click.echo(f"variants on: {', '.join(variants)}")
    will_listen(f"the partner webhook on {host}:{port}")
    uvicorn.Server(
        server_config(app, host=host, port=port, log_level="info", access_log=True)
    ).run()
