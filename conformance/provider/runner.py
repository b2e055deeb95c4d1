"""Runs the provider suite against one target and returns what it found.

Order: a reachability probe (exit 3 when nothing answers), the named scenarios (concurrently,
they wait on callbacks), the request rules, the schemathesis properties, the state machine, and
last the judgements over the whole run (token entropy). The scenarios that mostly wait (the OTP
running out) run in the background beside all of these, from the start.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable, Collection
from typing import Final

from conformance.core.phases import Progress, SuiteResult, run_phase
from conformance.core.scenarios import in_background, run_scenarios
from conformance.findings import Recorder
from conformance.harness.http import TargetClient
from conformance.harness.ratelimit import RateLimiter
from conformance.harness.sink import CallbackSink
from conformance.masking import Masker
from conformance.provider.context import ProviderContext
from conformance.provider.properties import run_schema_properties
from conformance.provider.request_rules import run_request_rules
from conformance.provider.scenarios import SCENARIOS
from conformance.provider.settings import ProviderSettings
from conformance.provider.state_machine import run_state_machine
from conformance.provider.tokens import judge_tokens

ProviderResult = SuiteResult[ProviderSettings]


PHASES: Final = ("scenarios", "request rules", "schemathesis properties", "state machine")


def run_provider(
    settings: ProviderSettings,
    *,
    progress: Progress = lambda _: None,
    workers: int = 6,
    phases: Collection[str] = PHASES,
) -> ProviderResult:
    """Raises :class:`TargetUnreachable` when the target does not answer at all. ``phases``
    narrows the run to some of :data:`PHASES` (the selftest's rule matrix runs only the
    request rules); the judgements over the whole run need all of them."""
    if unknown := set(phases) - set(PHASES):
        raise ValueError(f"unknown phase(s) {sorted(unknown)}; the phases: {', '.join(PHASES)}")
    masker = Masker()
    masker.secret(settings.shop.secret)
    if settings.second_shop:
        masker.secret(settings.second_shop.secret)
    envs = {settings.shop.secret: settings.shop.secret_env}
    if settings.second_shop:
        envs[settings.second_shop.secret] = settings.second_shop.secret_env
    recorder = Recorder()
    result = ProviderResult(settings, recorder, masker, started=time.time())
    client = TargetClient(
        settings.base_url,
        masker=masker,
        timeout=settings.request_timeout,
        limiter=RateLimiter(settings.max_rps),
        secret_envs=envs,
    )
    sink = CallbackSink(hold_seconds=settings.callback_timeout)
    try:
        with sink.serving(*settings.callback_listen, public_url=settings.callback_url):
            ctx = ProviderContext(settings, client, sink, recorder, masker)
            probe = {"octo_payment_UUID": str(uuid.uuid4())}
            client.post_json("/verificationInfo/", probe)  # TargetUnreachable: exit 3
            bodies: dict[str, Callable[[], None]] = {
                "scenarios": lambda: run_scenarios(
                    ctx, SCENARIOS, result, workers=workers, progress=progress
                ),
                "request rules": lambda: run_request_rules(ctx),
                "schemathesis properties": lambda: run_schema_properties(ctx),
                "state machine": lambda: run_state_machine(ctx),
            }
            # the scenarios that mostly wait (an OTP running out) run beside every phase
            background = (
                in_background(ctx, SCENARIOS, result, progress)
                if "scenarios" in phases
                else contextlib.nullcontext()
            )
            with background:
                for phase in PHASES:
                    if phase in phases:
                        run_phase(result, phase, progress, bodies[phase])
            if set(phases) == set(PHASES):
                judge_tokens(ctx)
    finally:
        client.close()
        result.finished = time.time()
    return result
