"""``octo-conformance run``: every suite, one report.

Without targets it starts the reference sandbox and the reference webhook on loopback, runs the
provider and webhook suites against them and verifies the shipped pacts on both (the README's
first command). With ``--base-url`` and/or ``--webhook-url`` it runs the suites whose target is
given, with the suites' options; the webhook pact is verified when ``--state-setup-url`` is given
(a real OCTO has no provider-state endpoint, so its pact is verified with ``pact verify-provider``).
It writes ``--report-dir`` (default ``reports/<run-id>/``: report.json, report.html, junit.xml, summary.md), then scans
what it wrote for card data and secrets (the leak gate), and exits 0 / 1 / 2 / 3.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from octo_conformance.cli.options import (
    ALLOW_PRODUCTION,
    BASE_URL,
    CALLBACK_LISTEN,
    CALLBACK_TIMEOUT,
    CALLBACK_URL,
    CARDS,
    EXCLUDE,
    FAIL_ON,
    FAIL_ON_WARN,
    MAX_RPS,
    ONLY,
    OTP_CODE,
    OTP_COMMAND,
    PROFILE,
    PROVIDER_OPTIONS,
    REPORT_DIR,
    REPORTS_DIR,
    REQUEST_TIMEOUT,
    REQUIRE_COMPLETE,
    SECOND_SECRET_ENV,
    SECOND_SHOP_ID,
    SECRET_ENV,
    SEED,
    SHOP_ID,
    STATE_SETUP_URL,
    TODAY,
    WAIVERS,
    WEBHOOK_OPTIONS,
    WEBHOOK_TIMEOUT,
    WEBHOOK_URL,
    pick,
    spelling,
    warns_fail,
    will_listen,
    with_options,
)
from octo_conformance.cli.validate import (
    any_seed,
    build_provider_settings,
    build_webhook_settings,
    parse_today,
    suite_selections,
)
from octo_conformance.contracts import VERIFICATION_PHASE, VERIFICATION_REQUIREMENT
from octo_conformance.core.profiles import Profile
from octo_conformance.core.selection import Selection
from octo_conformance.errors import ExitCode, UsageError
from octo_conformance.findings import Recorder
from octo_conformance.masking import Masker
from octo_conformance.provider.settings import ProviderSettings
from octo_conformance.reporting.model import RunFacts
from octo_conformance.requirements import Mode
from octo_conformance.webhook.settings import WebhookSettings

Part = tuple[RunFacts, Recorder, Masker]
Contract = tuple[str, str, str]  # (kind, target, state URL): a pact to verify


@click.command("run")
@with_options(
    PROFILE.click(),
    SEED.click(),
    REPORT_DIR.click(),
    REPORTS_DIR.click(),
    REQUIRE_COMPLETE.click(),
    FAIL_ON.click(),
    FAIL_ON_WARN.click(),
    ONLY.click(),
    EXCLUDE.click(),
    WAIVERS.click(dest="waivers_path"),
    TODAY.click(help="The day expiry dates and waivers are judged on, YYYY-MM-DD."),
    MAX_RPS.click(),
    BASE_URL.click(help="An OCTO implementation to check (default: the embedded sandbox)."),
    SHOP_ID.click(help="With --base-url: octo_shop_id of a test shop."),
    SECRET_ENV.click(),
    OTP_CODE.click(),
    OTP_COMMAND.click(),
    CALLBACK_LISTEN.click(),
    CALLBACK_URL.click(),
    CALLBACK_TIMEOUT.click(),
    REQUEST_TIMEOUT.click(),
    SECOND_SHOP_ID.click(),
    SECOND_SECRET_ENV.click(),
    ALLOW_PRODUCTION.click(),
    CARDS.click(),
    WEBHOOK_URL.click(help="A partner callback receiver to check (default: the embedded one)."),
    STATE_SETUP_URL.click(help="With --webhook-url: its provider-state endpoint."),
    WEBHOOK_TIMEOUT.click(),
)
def run_command(**o: Any) -> None:
    """Run the provider and webhook suites and write the compliance reports.

    With no target options: against the embedded reference sandbox and webhook (exit 0 expected).
    Exit status: 0 conformant, 1 findings (or a leak, or an expired waiver), 2 usage error,
    3 target unreachable.
    """
    from octo_conformance.reporting.waivers import load_waivers

    day = parse_today(o["today"])
    if o["report_dir"] and o["reports_dir"]:
        raise UsageError("--report-dir and --reports-dir (its old spelling) exclude each other")
    waivers = load_waivers(o["waivers_path"]) if o["waivers_path"] else []  # WaiverError: exit 2
    for flag in ("base_url", "webhook_url", "state_setup_url"):
        if o[flag] is not None and not o[flag].strip():  # an unset CI variable must not pass
            raise UsageError(f"--{flag.replace('_', '-')} is empty")
    if o["state_setup_url"] and not o["webhook_url"]:
        raise UsageError("--state-setup-url goes with --webhook-url")
    if o["cards"] and not o["base_url"]:
        raise UsageError("--cards goes with --base-url (the embedded sandbox binds any card)")
    seed = any_seed(o["seed"])
    embedded = o["base_url"] is None and o["webhook_url"] is None
    # every option is checked before anything starts; --only/--exclude once, over every suite
    # that runs (a pattern may name either suite's requirements), each suite its own view
    modes = [Mode.PROVIDER, Mode.WEBHOOK, Mode.CONTRACT] if embedded else []
    modes += [Mode.PROVIDER] * bool(o["base_url"]) + [Mode.WEBHOOK] * bool(o["webhook_url"])
    modes += [Mode.CONTRACT] * bool(o["state_setup_url"])
    chosen = suite_selections(o["only"], o["exclude"], modes, spelling())
    given = {**o, "seed": seed, "today": day.isoformat()}
    provider = (
        build_provider_settings(
            **pick(given, PROVIDER_OPTIONS), selection=chosen[Mode.PROVIDER], spell=spelling()
        )
        if o["base_url"]
        else None
    )
    webhook = (
        build_webhook_settings(
            **pick(given, WEBHOOK_OPTIONS), selection=chosen[Mode.WEBHOOK], spell=spelling()
        )
        if o["webhook_url"]
        else None
    )
    console = Console(highlight=False, soft_wrap=True)
    started = time.time()
    run_id = f"run-{datetime.fromtimestamp(started, UTC):%Y%m%dT%H%M%SZ}-{seed}"
    console.print(
        f"octo-conformance run {run_id}: profile {o['profile']}, seed {seed}"
        + (" — embedded reference sandbox and webhook" if embedded else "")
    )
    profile = Profile(o["profile"])
    parts: list[Part] = []
    with ExitStack() as stack, _progress(console) as progress:
        contracts: list[Contract] = []
        if embedded:
            provider = _embedded_provider(stack, contracts, chosen, seed, profile, day, o["max_rps"])  # fmt: skip
            webhook = _embedded_webhook(stack, contracts, chosen, seed, profile, day, o["max_rps"])  # fmt: skip
        elif webhook is not None and webhook.state_setup_url:  # the pact needs provider states
            contracts.append(("webhook", webhook.url, webhook.state_setup_url))
        if provider is not None:
            parts.append(_provider(provider, progress))
        if webhook is not None:
            parts.append(_webhook(webhook, progress))
        for kind, target, states in contracts:
            parts.append(_contract(kind, target, states, progress, chosen[Mode.CONTRACT]))
    if embedded:  # its targets' ports are gone after the run: only `run --seed N` reproduces it
        whole = {"embedded": True, "only": list(o["only"]), "exclude": list(o["exclude"])}
        parts = [
            (dataclasses.replace(f, options={**f.options, **whole}), r, m) for f, r, m in parts
        ]
    report_dir = o["report_dir"] or (o["reports_dir"] or Path("reports")) / run_id
    code = _report(
        run_id, parts, waivers, day, report_dir, console,
        require_complete=o["require_complete"], fail_on_warn=warns_fail(o["fail_on"], o["fail_on_warn"]),
    )  # fmt: skip
    sys.exit(code)


def _embedded_provider(
    stack: ExitStack,
    contracts: list[Contract],
    chosen: dict[Mode, Selection],
    seed: int,
    profile: Profile,
    day: date,
    max_rps: float | None,
) -> ProviderSettings:
    """Start the reference sandbox; the provider suite's settings for it."""
    from octo_conformance.cli.embedded import serve, settings_for

    url, states = stack.enter_context(serve("provider"))
    contracts.append(("provider", url, states))
    settings = settings_for(url, seed=seed, profile=profile)
    return dataclasses.replace(
        settings, today=day, max_rps=max_rps, selection=chosen[Mode.PROVIDER]
    )


def _embedded_webhook(
    stack: ExitStack,
    contracts: list[Contract],
    chosen: dict[Mode, Selection],
    seed: int,
    profile: Profile,
    day: date,
    max_rps: float | None,
) -> WebhookSettings:
    """Start the reference webhook; the webhook suite's settings for it."""
    from octo_conformance.cli.embedded import callback_settings, serve

    url, states = stack.enter_context(serve("webhook"))
    contracts.append(("webhook", url, states))
    settings = callback_settings(url, states, seed=seed, profile=profile)
    return dataclasses.replace(settings, today=day, max_rps=max_rps, selection=chosen[Mode.WEBHOOK])


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


def _contract(
    kind: str,
    target: str,
    state_url: str,
    progress: Callable[[str], None],
    chosen: Selection,
) -> Part:
    """The shipped pact verified against a target with a provider-state endpoint."""
    from octo_conformance.contracts.verify import verify
    from octo_conformance.reporting.session import contract_facts

    started = time.time()
    requirement = VERIFICATION_REQUIREMENT[kind]
    recorder = Recorder(selection=chosen)
    recorder.skip_unselected([requirement])
    options = chosen.as_options()
    if not chosen.plan([requirement], [VERIFICATION_PHASE]):
        # left out: reported as skipped with the patterns, never as met
        recorder.skip_unjudged([requirement], chosen.unjudged())
        progress(f"pact verification ({kind}): left out ({chosen.describe()})")
        return contract_facts(kind, target, 0.0, started, state_url, options), recorder, Masker()
    progress(f"pact verification ({kind}) → {target}")
    result = verify(kind, target, state_url)
    result.record(recorder)
    honoured = sum(r.ok for r in result.results)
    progress(
        f"pact verification ({kind}): {honoured} of {len(result.results)} interactions honoured"
    )
    facts = contract_facts(kind, target, result.seconds, started, state_url, options)
    return facts, recorder, Masker()


def _provider(settings: ProviderSettings, progress: Callable[[str], None]) -> Part:
    from octo_conformance.provider.runner import run_provider
    from octo_conformance.reporting.session import provider_facts

    host, port = settings.callback_listen
    will_listen(f"the callback sink on {host}:{port} (--callback-listen)")
    progress(f"provider suite → {settings.base_url}")
    result = run_provider(settings, progress=progress)
    return provider_facts(result), result.recorder, result.masker


def _webhook(settings: WebhookSettings, progress: Callable[[str], None]) -> Part:
    from octo_conformance.reporting.session import webhook_facts
    from octo_conformance.webhook.runner import run_webhook

    progress(f"webhook suite → {settings.url}")
    result = run_webhook(settings, progress=progress)
    return webhook_facts(result), result.recorder, result.masker


def _report(
    run_id: str,
    parts: list[Part],
    waivers: list[Any],
    day: date,
    directory: Path,
    console: Console,
    *,
    require_complete: bool = False,
    fail_on_warn: bool = False,
) -> ExitCode:
    from octo_conformance.reporting.model import build_run_report
    from octo_conformance.reporting.session import write_artefacts

    masker = Masker()
    for _, _, part_masker in parts:
        masker.absorb(part_masker)
    report = build_run_report(
        [(dataclasses.replace(facts, run_id=run_id), recorder) for facts, recorder, _ in parts],
        masker,
        waivers=waivers,
        today=day,
    )
    return write_artefacts(
        report, directory, masker, console,
        require_complete=require_complete, fail_on_warn=fail_on_warn,
    )  # fmt: skip
