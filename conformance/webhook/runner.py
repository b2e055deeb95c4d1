"""Runs the webhook suite against one receiver and returns what it found."""

from __future__ import annotations

import random
import time
from concurrent.futures import ThreadPoolExecutor

from conformance.core.phases import Progress, SuiteResult, run_phase
from conformance.errors import Aborted, Skipped, TargetUnreachable, TargetUnresponsive
from conformance.findings import Recorder, Verdict
from conformance.harness.http import TargetClient
from conformance.harness.ratelimit import RateLimiter
from conformance.masking import Masker
from conformance.requirements import hook_rule_requirement_id
from conformance.webhook.context import WebhookContext
from conformance.webhook.properties import run_payload_rules, run_valid_callbacks
from conformance.webhook.scenarios import SCENARIOS, Scenario, skip_scenario
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
    client = TargetClient(settings.url, masker=masker, timeout=settings.timeout, limiter=RateLimiter(settings.max_rps))  # fmt: skip
    try:
        ctx = WebhookContext(settings, client, recorder, masker)
        _probe(client, settings.url)
        rnd = random.Random(settings.seed)
        run_phase(result, "scenarios", progress, lambda: _run_scenarios(ctx, result, workers))
        if settings.state_setup_url is None:
            reason = "needs a binding the receiver knows: pass --state-setup-url"
            for rule in breakable_rules("cardTokenCallback"):
                ctx.record(
                    hook_rule_requirement_id(rule), Verdict.SKIP, reason, check="payload rules"
                )
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


def _run_scenarios(ctx: WebhookContext, result: WebhookResult, workers: int) -> None:
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="hook-scenario") as pool:
        for future in [pool.submit(_run_one, ctx, result, s) for s in SCENARIOS.values()]:
            future.result()


def _run_one(ctx: WebhookContext, result: WebhookResult, scenario: Scenario) -> None:
    try:
        scenario.run(ctx)
    except Skipped as exc:
        skip_scenario(ctx, scenario, str(exc))
    except Aborted as exc:
        result.errors.append(f"scenario {scenario.name}: {exc}")
        skip_scenario(ctx, scenario, f"not reached: {exc}")
    except (TargetUnreachable, TargetUnresponsive) as exc:
        if isinstance(exc, TargetUnresponsive):
            result.unresponsive = str(exc)  # the report says why the rest was skipped
        skip_scenario(ctx, scenario, f"the receiver stopped answering: {exc}")
    except Exception as exc:
        result.errors.append(
            f"scenario {scenario.name}: {type(exc).__name__}: {ctx.masker.text(str(exc))[:300]}"
        )
        skip_scenario(ctx, scenario, f"the scenario crashed ({type(exc).__name__})")
