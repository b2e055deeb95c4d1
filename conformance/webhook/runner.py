"""Runs the webhook suite against one receiver and returns what it found."""

from __future__ import annotations

import random
import time

from conformance.core.phases import Progress, SuiteResult, run_phase
from conformance.core.scenarios import run_scenarios
from conformance.findings import Recorder, Verdict
from conformance.harness.http import TargetClient
from conformance.harness.ratelimit import RateLimiter
from conformance.masking import Masker
from conformance.requirements import hook_rule_requirement_id
from conformance.webhook.context import WebhookContext
from conformance.webhook.properties import run_payload_rules, run_valid_callbacks
from conformance.webhook.scenarios import SCENARIOS
from conformance.webhook.settings import WebhookSettings
from strategies.catalogue import breakable_rules

WebhookResult = SuiteResult[WebhookSettings]


def run_webhook(
    settings: WebhookSettings, *, progress: Progress = lambda _: None, workers: int = 4
) -> WebhookResult:
    """Raises :class:`TargetUnreachable` when the receiver does not answer at all."""
    masker = Masker()
    recorder = Recorder()
    result = WebhookResult(settings, recorder, masker, started=time.time())
    limiter = RateLimiter(settings.max_rps)
    client = TargetClient(settings.url, masker=masker, timeout=settings.timeout, limiter=limiter)
    try:
        ctx = WebhookContext(settings, client, recorder, masker)
        _probe(client, settings.url)
        rnd = random.Random(settings.seed)
        run_phase(
            result,
            "scenarios",
            progress,
            lambda: run_scenarios(ctx, SCENARIOS, result, workers=workers),
        )
        if settings.state_setup_url is None:
            reason = "needs a binding the receiver knows: pass --state-setup-url"
            view = ctx.checking("payload rules")
            for rule in breakable_rules("cardTokenCallback"):
                view.record(hook_rule_requirement_id(rule), Verdict.SKIP, reason)
        else:
            run_phase(result, "payload rules", progress, lambda: run_payload_rules(ctx, rnd))
            run_phase(
                result, "generated valid callbacks", progress, lambda: run_valid_callbacks(ctx, rnd)
            )
    finally:
        client.close()
        result.finished = time.time()
    return result


def _probe(client: TargetClient, url: str) -> None:
    """A connection that nobody accepts is exit 3; any answer at all will do here."""
    client.send("HEAD", url)
