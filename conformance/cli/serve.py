"""``octo-conformance serve``: the reference OCTO sandbox on loopback."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import click

from octo_conformance.cli.options import Decorator, catalogue_options, print_catalogue, will_listen


def _shops(specs: tuple[str, ...]) -> tuple[dict[int, str], str]:
    from octo_conformance.reference.sandbox import default_shops

    if not specs:
        return default_shops()
    shops: dict[int, str] = {}
    for spec in specs:
        shop_id, sep, env = spec.partition("=")
        if not sep or not shop_id.isdigit() or not env:
            raise click.BadParameter(
                f"{spec!r} is not ID=ENVVAR (e.g. 10000=OCTO_SECRET)", param_hint="--shop"
            )
        secret = os.environ.get(env)
        if not secret:
            raise click.BadParameter(
                f"environment variable {env} (secret of shop {shop_id}) is not set",
                param_hint="--shop",
            )
        shops[int(shop_id)] = secret
    return shops, "from the environment variables given with --shop"


def _cards(path: Path) -> frozenset[tuple[str, str]]:
    from octo_conformance.harness.card_file import load_cards

    today = datetime.now(UTC).date()
    listed = load_cards(path, today=today, production=False, option="--cards")
    return frozenset((card.pan, card.exp) for card in listed)


def _seconds(
    flag: str, default: float, text: str, *, zero: bool = False, least: float = 0.0
) -> Decorator:
    """A duration option: positive (``zero``: or 0; ``least``: at least that)."""
    return click.option(
        flag,
        default=default,
        show_default=True,
        type=click.FloatRange(min=least, min_open=not zero and not least),
        help=text,
    )


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8080,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on.",
)
@click.option(
    "--db", default="octo-sandbox.db", show_default=True, help="SQLite file, or :memory:."
)
@click.option(
    "--shop",
    "shop_specs",
    multiple=True,
    metavar="ID=ENVVAR",
    help="A shop and the variable holding its secret (repeatable).",
)
@click.option("--otp-code", default="666666", show_default=True, help="The test OTP it accepts.")
@_seconds("--otp-ttl", 120.0, "Seconds an OTP lives (C-41).")
@click.option(
    "--callback-attempts",
    default=3,
    show_default=True,
    type=click.IntRange(min=1),
    help="Deliveries of a callback in all, first one included (C-02).",
)
@_seconds("--callback-retry-delay", 2.0, "Seconds between callback attempts (C-49).", zero=True)
@_seconds(
    "--callback-timeout",
    10.0,
    "Seconds a receiver has to answer a callback; no answer is a failed attempt (C-34).",
)
@_seconds(
    "--outbox-poll-interval",
    0.1,
    "Seconds between two looks at the callback outbox for due deliveries.",
    least=0.01,
)
@click.option(
    "--cards",
    "cards_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Bind only the cards listed in FILE (the provider suite's --cards format), as an OCTO"
    " that verifies cards with the processors would.",
)
@catalogue_options
def serve_command(
    host: str,
    port: int,
    db: str,
    shop_specs: tuple[str, ...],
    otp_code: str,
    otp_ttl: float,
    callback_attempts: int,
    callback_retry_delay: float,
    callback_timeout: float,
    outbox_poll_interval: float,
    cards_file: Path | None,
    faults: tuple[str, ...],
    list_faults: bool,
    variants: tuple[str, ...],
    list_variants: bool,
) -> None:
    """Run the reference OCTO sandbox (stateful, with OTP, callbacks and retries).

    Sandbox-only endpoints (not part of OCTO): GET /_sandbox/journal, /_sandbox/outbox, /_sandbox/health;
    POST /_sandbox/provider-states (Pact provider states).
    """
    from octo_conformance.reference.sandbox import FAULTS, VARIANTS, SandboxConfig, create_app

    if list_faults or list_variants:
        print_catalogue(FAULTS if list_faults else VARIANTS)
        return
    shops, source = _shops(shop_specs)
    cards = _cards(cards_file) if cards_file is not None else None
    try:
        config = SandboxConfig(
            shops=shops,
            db=db,
            otp_code=otp_code,
            otp_ttl=otp_ttl,
            callback_attempts=callback_attempts,
            callback_retry_delay=callback_retry_delay,
            callback_timeout=callback_timeout,
            outbox_poll_interval=outbox_poll_interval,
            faults=frozenset(faults),
            variants=frozenset(variants),
            cards=cards,
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    import uvicorn

    from octo_conformance.reference.serving import server_config

    click.echo(f"OCTO sandbox on http://{host}:{port} — database {db}")
    click.echo(
        f"shops: {', '.join(map(str, shops))}; secret {source}; test OTP {'set' if otp_code else ''}"
    )
    if faults:
        click.echo(f"faults on: {', '.join(faults)}")
    if variants:
        click.echo(f"variants on: {', '.join(variants)}")
    if cards is not None:
        click.echo(f"binds only the {len(cards)} cards of {cards_file}")
    will_listen(f"the sandbox on {host}:{port}")
    app = create_app(config)
    uvicorn.Server(
        server_config(app, host=host, port=port, log_level="info", access_log=True)
    ).run()
