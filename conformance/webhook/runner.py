"""Runs the webhook suite against one receiver and returns what it found."""

from __future__ import annotations

import time

from octo_conformance.core.phases import Progress, SuiteResult, run_phase
from octo_conformance.core.scenarios import run_scenarios
from octo_conformance.findings import Recorder, Verdict
from octo_conformance.harness.http import TargetClient
from octo_conformance.harness.ratelimit import RateLimiter
from octo_conformance.masking import Masker
from octo_conformance.requirements import Mode, hook_rule_requirement_id, of_mode
from octo_conformance.strategies.catalogue import breakable_rules
from octo_conformance.webhook.context import WebhookContext
from octo_conformance.webhook.properties import run_payload_rules, run_valid_callbacks
from octo_conformance.webhook.scenarios import SCENARIOS
from octo_conformance.webhook.settings import PHASES, STATE_SETUP_TIMEOUT, WebhookSettings

WebhookResult = SuiteResult[WebhookSettings]


def run_webhook(
    settings: WebhookSettings, *, progress: Progress = lambda _: None, workers: int = 4
) -> WebhookResult:
    """Raises :class:`TargetUnreachable` when the receiver does not answer at all."""
    masker = Masker()
    selection = settings.selection
    ids = [r.id for r in of_mode(Mode.WEBHOOK)]
    recorder = Recorder(selection=selection)
    recorder.skip_unselected(ids)
    phases = selection.plan(ids, PHASES)
    result = WebhookResult(settings, recorder, masker, started=time.time())
    if not phases:  # nothing of this suite runs: its receiver is not even contacted
        recorder.skip_unjudged(ids, selection.unjudged())
        result.finished = result.started
        return result
    limiter = RateLimiter(settings.max_rps)
    client = TargetClient(settings.url, masker=masker, timeout=settings.timeout, limiter=limiter)
    states = (  # only set up bindings through it: no endpoint, no client
        TargetClient(
            settings.state_setup_url,
            masker=masker,
            timeout=max(settings.timeout, STATE_SETUP_TIMEOUT),
            limiter=limiter,
        )
        if settings.state_setup_url
        else None
    )
    try:
        ctx = WebhookContext(settings, client, recorder, masker, states)
        _probe(client, settings.url)
        if "scenarios" in phases:
            run_phase(
                result,
                "scenarios",
                progress,
                lambda: run_scenarios(ctx, SCENARIOS, result, workers=workers, selection=selection),
            )
        if settings.state_setup_url is None:
            if "payload rules" in phases:
                reason = "needs a binding the receiver knows: pass --state-setup-url"
                view = ctx.checking("payload rules")
                for rule in breakable_rules("cardTokenCallback"):
                    view.record(hook_rule_requirement_id(rule), Verdict.SKIP, reason)
        else:
            if "payload rules" in phases:
                run_phase(result, "payload rules", progress, lambda: run_payload_rules(ctx))
            if "generated valid callbacks" in phases:
                run_phase(
                    result, "generated valid callbacks", progress, lambda: run_valid_callbacks(ctx)
                )
        if len(phases) < len(PHASES) and result.unresponsive is None:
            recorder.skip_unjudged(ids, selection.unjudged())
    finally:
        client.close()
        if states is not None:
            states.close()
        result.finished = time.time()
    return result


def _probe(client: TargetClient, url: str) -> None:
    """A connection that nobody accepts is exit 3; any answer at all will do here."""
    client.send("HEAD", url)
