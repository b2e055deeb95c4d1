"""``octo-conformance run``: every suite, one report.

Without targets it starts the reference sandbox and the reference webhook on loopback, runs the
provider and webhook suites against them and verifies the shipped pacts on both (the README's
first command). With ``--base-url`` and/or ``--webhook-url`` it runs the suites whose target is
given, with the suites' options; the webhook pact is verified when ``--state-setup-url`` is given
(a real OCTO has no provider-state endpoint, so its pact is verified with ``pact verify-provider``).
It writes ``<reports-dir>/<run-id>/`` (report.json, report.html, junit.xml, summary.md), then scans
what it wrote for card data and secrets (the leak gate), and exits 0 / 1 / 2 / 3.
"""

from __future__ import annotations

import dataclasses
import os
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from conformance.cli.provider import build_settings, check_url, parse_today
from conformance.core.profiles import Profile
from conformance.errors import ExitCode, TargetUnreachable
from conformance.findings import Recorder
from conformance.masking import Masker
from conformance.reporting.model import RunFacts
from conformance.webhook.settings import DEFAULT_TIMEOUT, WebhookSettings

Part = tuple[RunFacts, Recorder, Masker]


def _options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The run command's options: its own, the provider suite's, the webhook suite's."""
    options = [
        click.option("--profile", type=click.Choice([p.value for p in Profile]), default="standard", show_default=True),
        click.option("--seed", type=click.IntRange(min=0), default=None, help="Reproduce a run (printed by every run)."),
        click.option("--reports-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("reports"), show_default=True),
        click.option("--waivers", "waivers_path", type=click.Path(dir_okay=False, path_type=Path), default=None, help="YAML waiver file (see docs/ci/README.md)."),
        click.option("--today", default=None, help="The day expiry dates and waivers are judged on, YYYY-MM-DD."),
        click.option("--max-rps", type=click.FloatRange(min=0.1), default=None, help="Bound on requests per second."),
        click.option("--base-url", default=None, help="An OCTO implementation to check (default: the embedded sandbox)."),
        click.option("--shop-id", type=click.IntRange(min=1), default=None, help="With --base-url: octo_shop_id of a test shop."),
        click.option("--secret-env", default="OCTO_SECRET", show_default=True),
        click.option("--otp-code", default=None),
        click.option("--otp-command", default=None),
        click.option("--callback-listen", default="127.0.0.1:0", show_default=True),
        click.option("--callback-url", default=None),
        click.option("--callback-timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1)),
        click.option("--second-shop-id", default=None, type=click.IntRange(min=1)),
        click.option("--second-secret-env", default=None),
        click.option("--allow-production", is_flag=True),
        click.option("--webhook-url", default=None, help="A partner callback receiver to check (default: the embedded one)."),
        click.option("--state-setup-url", default=None, help="With --webhook-url: its provider-state endpoint."),
        click.option("--webhook-timeout", default=DEFAULT_TIMEOUT, show_default=True, type=click.FloatRange(min=0.1)),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


@click.command("run")
@_options
def run_command(**o: Any) -> None:
    """Run the provider and webhook suites and write the compliance reports.

    With no target options: against the embedded reference sandbox and webhook (exit 0 expected).
    Exit status: 0 conformant, 1 findings (or a leak, or an expired waiver), 2 usage error,
    3 target unreachable.
    """
    from conformance.errors import WaiverError
    from conformance.reporting.waivers import load_waivers

    day = parse_today(o["today"])
    try:
        waivers = load_waivers(o["waivers_path"]) if o["waivers_path"] else []
    except WaiverError as exc:
        raise click.UsageError(str(exc)) from None
    for flag in ("base_url", "webhook_url", "state_setup_url"):
        if (
            o[flag] is not None and not o[flag].strip()
        ):  # an unset CI variable must not pass silently
            raise click.UsageError(f"--{flag.replace('_', '-')} is empty")
    if o["base_url"] is not None and o["shop_id"] is None:
        raise click.UsageError(
            "--base-url needs --shop-id (and the secret in $OCTO_SECRET or --secret-env)"
        )
    if o["state_setup_url"] and not o["webhook_url"]:
        raise click.UsageError("--state-setup-url goes with --webhook-url")
    seed = o["seed"] if o["seed"] is not None else random.SystemRandom().randrange(2**31)
    embedded = o["base_url"] is None and o["webhook_url"] is None
    console = Console(highlight=False, soft_wrap=True)
    started = time.time()
    run_id = f"run-{datetime.fromtimestamp(started, UTC):%Y%m%dT%H%M%SZ}-{seed}"
    console.print(f"octo-conformance run {run_id}: profile {o['profile']}, seed {seed}" + (" — embedded reference sandbox and webhook" if embedded else ""))  # fmt: skip
    parts: list[Part] = []
    try:
        with ExitStack() as stack, _progress(console) as progress:
            contracts: list[
                tuple[str, str, str]
            ] = []  # (kind, target, state URL) to verify pacts on
            if embedded or o["base_url"]:
                parts.append(_provider(o, seed, day, embedded, stack, progress, contracts))
            if embedded or o["webhook_url"]:
                parts.append(_webhook(o, seed, day, embedded, stack, progress, contracts))
            parts += [
                _contract(kind, target, states, progress) for kind, target, states in contracts
            ]
    except TargetUnreachable as exc:
        console.print(f"[red]target unreachable[/]: {exc}")
        sys.exit(ExitCode.UNREACHABLE)
    except OSError as exc:
        console.print(f"[red]cannot start[/]: {exc}")
        sys.exit(ExitCode.USAGE)
    sys.exit(_report(run_id, parts, waivers, day, o["reports_dir"], console))


@contextmanager
def _progress(console: Console) -> Iterator[Callable[[str], None]]:
    """A live status line on a terminal; plain lines in CI or when piped."""
    if console.is_terminal and not os.environ.get("CI"):
        with console.status("starting…") as status:
            yield (
                lambda line: (
                    status.update(line) if line.endswith("…") else console.print(f"  {line}")
                )
            )
    else:
        yield lambda line: console.print(f"  {line}")


def _contract(kind: str, target: str, state_url: str, progress: Callable[[str], None]) -> Part:
    """The shipped pact verified against a target with a provider-state endpoint."""
    from conformance.cli.pact import contract_facts
    from conformance.contracts.verify import verify

    progress(f"pact verification ({kind}) → {target}")
    started = time.time()
    result = verify(kind, target, state_url)
    recorder = Recorder()
    result.record(recorder)
    progress(f"pact verification ({kind}): {sum(r.ok for r in result.results)} of {len(result.results)} interactions honoured")  # fmt: skip
    return contract_facts(kind, target, result.seconds, started, state_url), recorder, Masker()


def _provider(o: dict[str, Any], seed: int, day: date, embedded: bool, stack: ExitStack, progress: Callable[[str], None], contracts: list[tuple[str, str, str]]) -> Part:  # fmt: skip
    from conformance.provider.runner import run_provider
    from conformance.reporting.session import provider_facts

    if embedded:
        from conformance.cli.embedded import sandbox_config, settings_for
        from reference.sandbox import create_app
        from reference.serving import serve_in_thread

        url = stack.enter_context(serve_in_thread(create_app(sandbox_config())))
        contracts.append(("provider", url, f"{url}/_sandbox/provider-states"))
        settings = dataclasses.replace(settings_for(url, seed=seed, profile=Profile(o["profile"])), today=day, max_rps=o["max_rps"])  # fmt: skip
    else:
        settings = build_settings(
            base_url=o["base_url"], shop_id=o["shop_id"], secret_env=o["secret_env"], otp_code=o["otp_code"],
            otp_command=o["otp_command"], callback_listen=o["callback_listen"], callback_url=o["callback_url"],
            callback_timeout=o["callback_timeout"], second_shop_id=o["second_shop_id"],
            second_secret_env=o["second_secret_env"], profile=o["profile"], seed=seed, max_rps=o["max_rps"],
            allow_production=o["allow_production"], today=day.isoformat(), request_timeout=10.0,
        )  # fmt: skip
    progress(f"provider suite → {settings.base_url}")
    result = run_provider(settings, progress=progress)
    return provider_facts(result), result.recorder, result.masker


def _webhook(o: dict[str, Any], seed: int, day: date, embedded: bool, stack: ExitStack, progress: Callable[[str], None], contracts: list[tuple[str, str, str]]) -> Part:  # fmt: skip
    from conformance.reporting.session import webhook_facts
    from conformance.webhook.runner import run_webhook

    if embedded:
        from conformance.cli.embedded import webhook_config, webhook_settings_for
        from reference.serving import serve_in_thread
        from reference.webhook import create_app

        base = stack.enter_context(serve_in_thread(create_app(webhook_config())))
        contracts.append(("webhook", f"{base}/octo/callback", f"{base}/_pact/provider-states"))
        settings = dataclasses.replace(webhook_settings_for(base, seed=seed, profile=Profile(o["profile"])), today=day, max_rps=o["max_rps"])  # fmt: skip
    else:
        settings = WebhookSettings(
            url=check_url(o["webhook_url"], "--webhook-url"),
            state_setup_url=check_url(o["state_setup_url"], "--state-setup-url") if o["state_setup_url"] else None,
            timeout=o["webhook_timeout"], profile=Profile(o["profile"]), seed=seed, today=day, max_rps=o["max_rps"],
        )  # fmt: skip
        if settings.state_setup_url:  # the webhook pact needs its provider states
            contracts.append(("webhook", settings.url, settings.state_setup_url))
    progress(f"webhook suite → {settings.url}")
    result = run_webhook(settings, progress=progress)
    return webhook_facts(result), result.recorder, result.masker


def _report(run_id: str, parts: list[Part], waivers: list[Any], day: date, reports_dir: Path, console: Console) -> ExitCode:  # fmt: skip
    from conformance.reporting.model import build_run_report
    from conformance.reporting.session import write_artefacts

    masker = Masker()
    for _, _, part_masker in parts:
        masker.absorb(part_masker)
    report = build_run_report(
        [(dataclasses.replace(facts, run_id=run_id), recorder) for facts, recorder, _ in parts],
        masker, waivers=waivers, today=day,
    )  # fmt: skip
    return write_artefacts(report, reports_dir / run_id, masker, console)
