"""Runs the provider suite against one target and returns what it found.

Order: a reachability probe (exit 3 when nothing answers), the named scenarios (concurrently,
they wait on callbacks), the request rules, the schemathesis properties, the state machine, and
last the judgements over the whole run (token entropy). The scenarios that mostly wait (the OTP
running out) run in the background beside all of these, from the start. Those that hold the
target's deliveries (``alone=True``: a partner that never answers) run one by one after the
other scenarios, beside the phases that expect no callback (the request rules and properties
confirm no binding), and are waited for before the state machine, which does.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable

from octo_conformance.core.phases import Progress, SuiteResult, run_phase
from octo_conformance.core.scenarios import in_background, run_scenarios
from octo_conformance.findings import Recorder
from octo_conformance.harness.http import TargetClient
from octo_conformance.harness.ratelimit import RateLimiter
from octo_conformance.harness.sink import CallbackSink
from octo_conformance.masking import Masker
from octo_conformance.provider.context import ProviderContext
from octo_conformance.provider.properties import run_schema_properties
from octo_conformance.provider.request_rules import run_request_rules
from octo_conformance.provider.scenarios import SCENARIOS
from octo_conformance.provider.settings import PHASES, ProviderSettings
from octo_conformance.provider.state_machine import run_state_machine
from octo_conformance.provider.tokens import judge_tokens
from octo_conformance.requirements import Mode, of_mode

ProviderResult = SuiteResult[ProviderSettings]
# the phases that confirm bindings and wait for their callbacks
AWAITS_CALLBACKS = frozenset({"state machine"})


def run_provider(
    settings: ProviderSettings,
    *,
    progress: Progress = lambda _: None,
    workers: int = 6,
) -> ProviderResult:
    """Raises :class:`TargetUnreachable` when the target does not answer at all. The
    settings' selection (``--only``/``--exclude``) decides which phases run."""
    selection = settings.selection
    ids = [r.id for r in of_mode(Mode.PROVIDER)]
    phases = selection.plan(ids, PHASES)
    masker = Masker()
    masker.secret(settings.shop.secret)
    if settings.second_shop:
        masker.secret(settings.second_shop.secret)
    envs = {settings.shop.secret: settings.shop.secret_env}
    if settings.second_shop:
        envs[settings.second_shop.secret] = settings.second_shop.secret_env
    recorder = Recorder(selection=selection)
    recorder.skip_unselected(ids)
    result = ProviderResult(settings, recorder, masker, started=time.time())
    if not phases:  # nothing of this suite runs: its target is not even contacted
        recorder.skip_unjudged(ids, selection.unjudged())
        result.finished = result.started
        return result
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
                    ctx,
                    SCENARIOS,
                    result,
                    workers=workers,
                    progress=progress,
                    selection=selection,
                    then_alone=False,
                ),
                "request rules": lambda: run_request_rules(ctx),
                "schemathesis properties": lambda: run_schema_properties(ctx),
                "state machine": lambda: run_state_machine(ctx),
            }
            # the scenarios that mostly wait (an OTP running out) run beside every phase
            background = (
                in_background(ctx, SCENARIOS, result, progress, selection)
                if "scenarios" in phases
                else contextlib.nullcontext()
            )
            with background, contextlib.ExitStack() as holding:
                for phase in PHASES:
                    if phase not in phases:
                        continue
                    if phase in AWAITS_CALLBACKS:
                        holding.close()  # the held deliveries must not delay this phase's
                    run_phase(result, phase, progress, bodies[phase])
                    if phase == "scenarios":
                        holding.enter_context(
                            in_background(ctx, SCENARIOS, result, progress, selection, alone=True)
                        )
            # over every token the run received; not when the selection runs only phases that
            # receive none (the request rules of the selftest's rule matrix)
            if {"scenarios", "state machine"} & set(phases):
                judge_tokens(ctx)
            if len(phases) < len(PHASES) and result.unresponsive is None:
                recorder.skip_unjudged(ids, selection.unjudged())
    finally:
        client.close()
        result.finished = time.time()
    return result
