"""``octo-conformance pact``: generate the contracts, verify providers and webhooks, check a
partner's pact against the spec, publish to a broker.

Results go through the same finding model and reports as the property suites (modes
``contract`` and ``client``).
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, NoReturn

import click
from rich.console import Console

from octo_conformance.cli.options import (
    BASE_URL,
    REPORT_DIR,
    STATE_SETUP_URL,
    TODAY,
    WEBHOOK_URL,
    Decorator,
    Option,
    with_options,
)
from octo_conformance.cli.validate import check_url, guard_production, parse_today, secret_from
from octo_conformance.contracts.broker import Broker
from octo_conformance.errors import EmptyPact, ExitCode, UsageError
from octo_conformance.findings import Recorder
from octo_conformance.masking import Masker
from octo_conformance.reporting.model import RunFacts
from octo_conformance.requirements import Mode


@click.group("pact")
def pact_group() -> None:
    """Pact contracts: partner → OCTO and OCTO → partner webhook."""


@pact_group.command("generate")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("contracts/pacts"),
    show_default=True,
    help="Where the pacts go (under the current directory, never the installed package; the"
    " shipped ones are conformance/contracts/pacts).",
)
@click.option("--broker-url", default=None, help="Publish the generated pacts to this Pact Broker.")
@click.option(
    "--consumer-version", default=None, help="With --broker-url: the version to publish as."
)
@click.option(
    "--branch",
    default=None,
    help="With --broker-url: the consumer version's branch (can-i-deploy needs it).",
)
@click.option(
    "--broker-token-env", default=None, help="With --broker-url: variable holding a bearer token."
)
def generate_command(
    out: Path,
    broker_url: str | None,
    consumer_version: str | None,
    branch: str | None,
    broker_token_env: str | None,
) -> None:
    """Generate both consumer pacts (V4), each interaction checked against the spec first."""
    from octo_conformance.contracts.broker import publish
    from octo_conformance.contracts.generate import generate_all

    broker = _broker(broker_url, broker_token_env, consumer_version, branch, "--consumer-version")
    written = generate_all(out)  # ContractDisagreesWithSpec: exit 1
    for path in written:
        click.echo(f"wrote {path}")
    if broker is not None:  # PublishError: exit 3
        for done in publish(written, broker):
            names = ", ".join(p.name for p in done.pacts)
            click.echo(f"published {names} as {done.consumer} → {done.url}")


def _broker(
    url: str | None, token_env: str | None, version: str | None, branch: str | None, flag: str
) -> Broker | None:
    """The broker of ``--broker-url`` with its version (``flag``), branch and token; None
    without it (and then none of the others may be given)."""
    given = {flag: version, "--branch": branch, "--broker-token-env": token_env}
    if url is None:
        if stray := [name for name, value in given.items() if value]:
            raise UsageError(f"{', '.join(stray)} goes with --broker-url")
        return None
    if missing := [name for name in (flag, "--branch") if not given[name]]:
        raise UsageError(f"--broker-url needs {' and '.join(missing)}")
    assert version is not None  # the two are in ``given``, checked just above
    assert branch is not None
    token = (
        secret_from(token_env, "--broker-token-env", "the broker's token") if token_env else None
    )
    return Broker(check_url(url, "--broker-url"), version, branch, token)


def _report(facts: RunFacts, recorder: Recorder, report_dir: Path | None) -> ExitCode:
    from octo_conformance.reporting.session import finish

    masker = Masker()
    return finish(
        facts,
        recorder,
        masker,
        report_dir=report_dir,
        console=Console(highlight=False, soft_wrap=True),
    )


def _verify(
    kind: str,
    url: str,
    state_url: str | None,
    report_dir: Path | None,
    broker: Broker | None = None,
    allow_empty: bool = False,
) -> ExitCode:
    """Verify the shipped pact, or with ``broker`` every pact the broker lists for this provider
    (then, once the report is written, each result is published to it)."""
    from octo_conformance.contracts.broker import pacts_for_verification, publish_results
    from octo_conformance.contracts.interactions import OCTO, WEBHOOK
    from octo_conformance.contracts.verify import verify
    from octo_conformance.reporting.session import contract_facts

    started = time.time()
    recorder = Recorder()
    provider = OCTO if kind == "provider" else WEBHOOK
    if broker is None:
        results = [verify(kind, url, state_url)]
    else:
        pacts = pacts_for_verification(broker, provider)
        click.echo(f"{len(pacts)} pact(s) to verify from {broker.url}")
        if not pacts:
            _nothing_to_check(f"the broker lists no pact for {provider}", allow_empty)
        results = [verify(kind, url, state_url, pact.document) for pact in pacts]
    for result in results:
        result.record(recorder)
        for item in result.results:
            click.echo(f"  {'ok  ' if item.ok else 'FAIL'} {item.description}")
    seconds = sum(r.seconds for r in results)
    facts = contract_facts(kind, url, seconds, started, state_url)
    code = _report(facts, recorder, report_dir)  # written before the broker is told anything
    if broker is not None:  # PublishError: exit 3, the report stays
        verified = [(pact, result.ok) for pact, result in zip(pacts, results, strict=True)]
        publish_results(broker, provider, verified)
        for pact, ok in verified:
            click.echo(f"{pact.description}: {'verified' if ok else 'FAILED'}; result published to {pact.results_url}")  # fmt: skip
    return code


def _target_options(target: Option, flag: str, alias: str | None = None) -> Decorator:
    """The target's options; ``--reference`` is the embedded reference on both verifications
    (``alias``: an older spelling, still taken, not shown)."""
    hidden_alias = (
        [
            click.option(
                alias,
                "embedded_alias",
                is_flag=True,
                hidden=True,
                help="Old spelling of --reference.",
            )
        ]
        if alias
        else []
    )
    return with_options(
        target.click(flag=flag, dest="url", help="The target to verify."),
        STATE_SETUP_URL.click(help="Its Pact provider-state endpoint."),
        click.option(
            "--reference", "embedded", is_flag=True, help="Verify the embedded reference instead."
        ),
        *hidden_alias,
        click.option(
            "--fault",
            default=None,
            metavar="NAME",
            help="With the embedded reference: turn on this fault.",
        ),
        REPORT_DIR.click(),
        click.option(
            "--broker-url",
            default=None,
            help="Verify every pact this Pact Broker lists for the provider (its consumers' main"
            " branch and deployed versions) instead of the shipped one, and publish each result.",
        ),
        click.option(
            "--provider-version", default=None, help="With --broker-url: the version verified."
        ),
        click.option(
            "--branch", default=None, help="With --broker-url: the provider version's branch."
        ),
        click.option(
            "--broker-token-env",
            default=None,
            help="With --broker-url: variable holding a bearer token.",
        ),
        click.option(
            "--allow-empty",
            is_flag=True,
            help="With --broker-url: exit 0 when the broker lists no pact, instead of 1.",
        ),
    )


def _run_verification(
    kind: Literal["provider", "webhook"],
    url: str | None,
    state_setup_url: str | None,
    embedded: bool,
    fault: str | None,
    report_dir: Path | None,
    broker_options: dict[str, Any],
) -> None:
    if embedded == bool(url):
        raise UsageError("give either the target's URL or the embedded reference flag")
    if fault and not embedded:
        raise UsageError("--fault applies to the embedded reference only")
    o = broker_options
    broker = _broker(o["broker_url"], o["broker_token_env"], o["provider_version"], o["branch"], "--provider-version")  # fmt: skip
    if broker is not None and embedded:  # its result would be published as the real provider's
        raise UsageError("--broker-url verifies a real target: give its URL, not --reference")
    if broker is None and o["allow_empty"]:
        raise UsageError("--allow-empty goes with --broker-url")
    if url is None:
        from octo_conformance.cli.embedded import serve

        with serve(kind, fault or "") as (target, state_url):
            sys.exit(_verify(kind, target, state_url, report_dir))
    states = check_url(state_setup_url, "--state-setup-url") if state_setup_url else None
    target = check_url(url, "the target URL")
    if kind == "provider":
        guard_production(target, allowed=False, spell=None)
    sys.exit(_verify(kind, target, states, report_dir, broker, o["allow_empty"]))


@pact_group.command("verify-provider")
@_target_options(BASE_URL, "--base-url", alias="--sandbox")
def verify_provider_command(
    url: str | None,
    state_setup_url: str | None,
    embedded: bool,
    embedded_alias: bool,
    fault: str | None,
    report_dir: Path | None,
    **broker: Any,
) -> None:
    """Verify an OCTO implementation against the partner → OCTO pact (or a broker's pacts)."""
    embedded = embedded or embedded_alias
    _run_verification("provider", url, state_setup_url, embedded, fault, report_dir, broker)


@pact_group.command("verify-webhook")
@_target_options(WEBHOOK_URL, "--url")
def verify_webhook_command(
    url: str | None,
    state_setup_url: str | None,
    embedded: bool,
    fault: str | None,
    report_dir: Path | None,
    **broker: Any,
) -> None:
    """Verify a partner webhook against the OCTO → partner pact (or a broker's pacts)."""
    _run_verification("webhook", url, state_setup_url, embedded, fault, report_dir, broker)


def _nothing_to_check(why: str, allowed: bool) -> NoReturn:
    click.echo(f"nothing to check: {why}")
    click.echo("verdict: nothing checked" + ("" if allowed else " (exit 1; --allow-empty for 0)"))
    sys.exit(ExitCode.CONFORMANT if allowed else ExitCode.NON_CONFORMANT)


@pact_group.command("check")
@click.argument("pact", type=click.Path(dir_okay=False, path_type=Path))
@with_options(
    TODAY.click(),
    REPORT_DIR.click(),
)
@click.option(
    "--allow-empty",
    is_flag=True,
    help="Exit 0 for a pact with no HTTP interaction (empty, or messages only) instead of 1.",
)
def check_command(
    pact: Path, today: str | None, report_dir: Path | None, allow_empty: bool
) -> None:
    """Check a partner's own consumer pact against the OpenAPI spec: every request the spec would
    reject and every expected response it does not allow, with a JSON pointer to the field.

    A pact without a single HTTP interaction has nothing to check: exit 1 (0 with --allow-empty).
    """
    from octo_conformance.contracts.check import check_pact, record

    day = parse_today(today)
    started = time.time()
    try:
        result = check_pact(pact, today=day)  # PactFileError (unreadable, not a pact): exit 2
    except EmptyPact as empty:
        _nothing_to_check(f"{empty}", allow_empty)
    if not result.results:
        skipped = result.pact.skipped
        _nothing_to_check(f"{pact}: no HTTP interaction ({skipped} message interaction(s), which OCTO's HTTP API does not have)", allow_empty)  # fmt: skip
    recorder = Recorder()
    record(result, recorder)
    for problem in result.problems:
        click.echo(
            f"  {problem.requirement} {problem.interaction}: {problem.pointer}: {problem.message}"
        )
    facts = RunFacts(
        run_id=f"pact-check-{datetime.fromtimestamp(started, UTC):%Y%m%dT%H%M%SZ}",
        mode=Mode.CLIENT,
        target=str(pact),
        seed=0,
        profile="standard",
        started=started,
        finished=time.time(),
    )
    sys.exit(_report(facts, recorder, report_dir))
