"""``octo-conformance pact``: generate the contracts, verify providers and webhooks, check a
partner's pact against the spec, publish to a broker.

Results go through the same finding model and reports as the property suites (modes
``contract`` and ``client``).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import click
from rich.console import Console

from conformance.cli.provider import check_url, parse_today
from conformance.errors import ExitCode
from conformance.findings import Recorder
from conformance.masking import Masker
from conformance.reporting.model import RunFacts
from conformance.requirements import Mode


@click.group("pact")
def pact_group() -> None:
    """Pact contracts: partner → OCTO and OCTO → partner webhook."""


@pact_group.command("generate")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Default: contracts/pacts in the repository.")  # fmt: skip
@click.option("--broker-url", default=None, help="Publish the generated pacts to this Pact Broker.")
@click.option(
    "--consumer-version", default=None, help="With --broker-url: the version to publish as."
)
@click.option(
    "--broker-token-env", default=None, help="With --broker-url: variable holding a bearer token."
)
def generate_command(out: Path | None, broker_url: str | None, consumer_version: str | None, broker_token_env: str | None) -> None:  # fmt: skip
    """Generate both consumer pacts (V4), each interaction checked against the spec first."""
    from conformance.contracts.broker import publish
    from conformance.contracts.generate import PACT_DIR, generate_all
    from conformance.errors import ContractDisagreesWithSpec, PublishError

    if broker_url and not consumer_version:
        raise click.UsageError("--broker-url needs --consumer-version")
    try:
        written = generate_all(out or PACT_DIR)
    except ContractDisagreesWithSpec as exc:
        click.echo(f"a contract disagrees with the spec: {exc}", err=True)
        sys.exit(ExitCode.NON_CONFORMANT)
    for path in written:
        click.echo(f"wrote {path}")
    if broker_url and consumer_version:
        token = os.environ.get(broker_token_env) if broker_token_env else None
        if broker_token_env and not token:
            raise click.UsageError(f"environment variable {broker_token_env} is not set")
        try:
            for done in publish(written, broker_url=check_url(broker_url, "--broker-url"), version=consumer_version, token=token):  # fmt: skip
                click.echo(f"published {done.pact.name} → {done.url} (HTTP {done.status})")
        except PublishError as exc:
            click.echo(f"publishing failed: {exc}", err=True)
            sys.exit(ExitCode.UNREACHABLE)


def _report(facts: RunFacts, recorder: Recorder, report_dir: Path | None) -> ExitCode:
    from conformance.reporting.session import finish

    masker = Masker()
    return finish(
        facts,
        recorder,
        masker,
        report_dir=report_dir,
        console=Console(highlight=False, soft_wrap=True),
    )


def contract_facts(kind: str, target: str, seconds: float, started: float, state_url: str | None = None) -> RunFacts:  # fmt: skip
    run_id = f"pact-{kind}-{datetime.fromtimestamp(started, UTC):%Y%m%dT%H%M%SZ}"
    options = {"contract": kind, "state_setup_url": state_url}
    return RunFacts(run_id=run_id, mode=Mode.CONTRACT, target=target, seed=0, profile="standard",
                    started=started, finished=started + seconds, options=options)  # fmt: skip


def _verify(kind: str, url: str, state_url: str | None, report_dir: Path | None) -> None:
    from conformance.contracts.verify import verify

    started = time.time()
    result = verify(kind, url, state_url)
    recorder = Recorder()
    result.record(recorder)
    for item in result.results:
        click.echo(f"  {'ok  ' if item.ok else 'FAIL'} {item.description}")
    sys.exit(
        _report(contract_facts(kind, url, result.seconds, started, state_url), recorder, report_dir)
    )


@contextmanager
def _embedded(kind: str, fault: str | None) -> Iterator[tuple[str, str]]:
    """(target URL, state URL) of an embedded reference, with ``fault`` on when given."""
    from reference.serving import serve_in_thread

    if kind == "provider":
        from conformance.cli.embedded import sandbox_config
        from reference.sandbox import create_app

        try:
            app = create_app(sandbox_config(fault or ""))
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        with serve_in_thread(app) as base:
            yield base, f"{base}/_sandbox/provider-states"
    else:
        from conformance.cli.embedded import webhook_config
        from reference.webhook import create_app as create_webhook_app

        try:
            hook = create_webhook_app(webhook_config(fault or ""))
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        with serve_in_thread(hook) as base:
            yield f"{base}/octo/callback", f"{base}/_pact/provider-states"


def _target_options(kind: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    url_flag, embedded_flag = (
        ("--base-url", "--sandbox") if kind == "provider" else ("--url", "--reference")
    )

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        for option in reversed([
            click.option(url_flag, "url", default=None, help="The target to verify."),
            click.option("--state-setup-url", default=None, help="Its Pact provider-state endpoint."),
            click.option(embedded_flag, "embedded", is_flag=True, help="Verify the embedded reference instead."),
            click.option("--fault", default=None, help="With the embedded reference: turn on this fault."),
            click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path), default=None),
        ]):  # fmt: skip
            command = option(command)
        return command

    return decorate


def _run_verification(kind: str, url: str | None, state_setup_url: str | None, embedded: bool, fault: str | None, report_dir: Path | None) -> None:  # fmt: skip
    if embedded == bool(url):
        raise click.UsageError("give either the target's URL or the embedded reference flag")
    if fault and not embedded:
        raise click.UsageError("--fault applies to the embedded reference only")
    if embedded:
        with _embedded(kind, fault) as (target, states):
            _verify(kind, target, states, report_dir)
    assert url is not None
    _verify(kind, check_url(url, "the target URL"), check_url(state_setup_url, "--state-setup-url") if state_setup_url else None, report_dir)  # fmt: skip


@pact_group.command("verify-provider")
@_target_options("provider")
def verify_provider_command(url: str | None, state_setup_url: str | None, embedded: bool, fault: str | None, report_dir: Path | None) -> None:  # fmt: skip
    """Verify an OCTO implementation against the partner → OCTO pact."""
    _run_verification("provider", url, state_setup_url, embedded, fault, report_dir)


@pact_group.command("verify-webhook")
@_target_options("webhook")
def verify_webhook_command(url: str | None, state_setup_url: str | None, embedded: bool, fault: str | None, report_dir: Path | None) -> None:  # fmt: skip
    """Verify a partner webhook against the OCTO → partner pact."""
    _run_verification("webhook", url, state_setup_url, embedded, fault, report_dir)


@pact_group.command("check")
@click.argument("pact", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--today", default=None, help="The day expiry dates are judged on, YYYY-MM-DD.")
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
def check_command(pact: Path, today: str | None, report_dir: Path | None) -> None:
    """Check a partner's own consumer pact against the OpenAPI spec: every request the spec would
    reject and every expected response it does not allow, with a JSON pointer to the field."""
    from conformance.contracts.check import check_pact, record
    from conformance.errors import PactFileError

    day = parse_today(today)
    started = time.time()
    try:
        result = check_pact(pact, today=day)
    except (OSError, PactFileError) as exc:
        raise click.UsageError(f"cannot read the pact {pact}: {exc}") from None
    recorder = Recorder()
    record(result, recorder)
    for problem in result.problems:
        click.echo(
            f"  {problem.requirement} {problem.interaction}: {problem.pointer}: {problem.message}"
        )
    facts = RunFacts(run_id=f"pact-check-{datetime.fromtimestamp(started, UTC):%Y%m%dT%H%M%SZ}", mode=Mode.CLIENT,
                     target=str(pact), seed=0, profile="standard", started=started, finished=time.time())  # fmt: skip
    sys.exit(_report(facts, recorder, report_dir))
