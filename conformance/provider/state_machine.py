"""A hypothesis state machine over the binding life cycle, against the live target.

Hypothesis chooses the order: start bindings, read their verification info, confirm them (the
callback must describe the bound card), bind a card that is already pending or active (20),
block tokens and block them again (6). Each rule judges requirements through the shared steps,
so a sequence hypothesis finds is reported like any scenario's finding. Shrinking is off: the
target keeps state between examples, so a replayed step would meet a different world.
"""

from __future__ import annotations

import contextlib
import random
import time
from typing import Any

from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from octo_conformance.errors import Aborted, Skipped
from octo_conformance.findings import Verdict
from octo_conformance.provider import steps
from octo_conformance.provider.context import ProviderContext


def run_state_machine(ctx: ProviderContext) -> None:
    ctx = ctx.checking("state machine")
    budget = ctx.settings.budget
    has_otp = ctx.settings.has_otp

    class BindingLifeCycle(RuleBasedStateMachine):
        """Pending bindings carry the OTP deadline the target announced: a rule that needs a
        live OTP leaves a binding alone once too little of it is left (it may expire)."""

        pending = Bundle("pending")
        active = Bundle("active")

        def __init__(self) -> None:
            super().__init__()
            self.seconds_left: dict[str, int] = {}
            self.deadline: dict[str, float] = {}
            self.verify_id: dict[str, Any] = {}
            self.confirmed: set[str] = set()
            self.blocked: set[str] = set()

        def _alive(self, pending: steps.Pending, margin: float) -> bool:
            uuid = pending.payment_uuid
            return (
                uuid not in self.confirmed
                and self.deadline.get(uuid, 0.0) - time.monotonic() > margin
            )

        @rule(target=pending, method=st.sampled_from(["humo", "uzcard"]))
        def bind(self, method: str) -> steps.Pending:
            pending = steps.start(ctx, method)
            verify_id, left = steps.verification(ctx, pending)
            self.verify_id[pending.payment_uuid] = verify_id
            self.seconds_left[pending.payment_uuid] = left or 0
            self.deadline[pending.payment_uuid] = time.monotonic() + (left or 0)
            return pending

        @rule(pending=pending)
        def read_verification(self, pending: steps.Pending) -> None:
            # a read too soon would wait out the once-a-second limit: let hypothesis move on
            if not self._alive(pending, margin=0.5) or ctx.info_due_in(pending.payment_uuid) > 0:
                return
            _, left = steps.verification(ctx, pending)
            before = self.seconds_left.get(pending.payment_uuid)
            if left is not None and before is not None and left > before:
                message = f"secondsLeft grew from {before} to {left} (C-41)"
                ctx.record("PROV-VERIFY-003", Verdict.WARN, message)
            if left is not None:
                self.seconds_left[pending.payment_uuid] = left

        @precondition(lambda self: has_otp)
        @rule(target=active, pending=consumes(pending))
        def confirm(self, pending: steps.Pending) -> Any:
            if not self._alive(pending, margin=0.5):
                return multiple()
            steps.confirm(ctx, pending, verify_id=self.verify_id[pending.payment_uuid])
            self.confirmed.add(pending.payment_uuid)
            return pending, steps.token_of(steps.callback(ctx, pending))

        @rule(pending=pending)
        def bind_pending_card_again(self, pending: steps.Pending) -> None:
            # pending while its OTP lives: a target may free the card once it has expired
            if not self._alive(pending, margin=0.5):
                return
            reply = ctx.bind(ctx.bind_body(pending.card))
            ctx.expect_error(
                "PROV-BIND-005", reply, 20, doing="a second bind_card for a pending card"
            )

        @rule(item=active)
        def bind_active_card_again(self, item: tuple[steps.Pending, str]) -> None:
            pending, token = item
            if token in self.blocked:
                return
            reply = ctx.bind(ctx.bind_body(pending.card))
            doing = "bind_card for a card with an active token"
            ctx.expect_error("PROV-BIND-005", reply, 20, doing=doing)

        @rule(item=consumes(active))
        def block_twice(self, item: tuple[steps.Pending, str]) -> None:
            _, token = item
            steps.block_active(ctx, token)
            self.blocked.add(token)
            again = ctx.block(token)
            doing = "blocking the token again"
            ctx.expect_error("PROV-BLOCK-002", again, 6, doing=doing, clause="C-43")

    machine_settings = settings(
        max_examples=budget.machine_runs,
        stateful_step_count=budget.machine_steps,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    # hypothesis reads a state machine's seed from the class (``seed(n)(Machine)``)
    seed(random.Random(ctx.settings.seed).getrandbits(64))(BindingLifeCycle)
    # an aborted step has recorded its finding; the target's state is unknown after it
    if ctx.settings.production or ctx.settings.cards:
        # it keeps several bindings open at once and leaves some pending: it needs fresh cards
        reason = (
            "production target: the state machine binds generated cards (C-51)"
            if ctx.settings.production
            else "the state machine needs fresh cards; with --cards it does not run"
        )
        ctx.record("PROV-BIND-005", Verdict.SKIP, reason)
        return
    with contextlib.suppress(Aborted, Skipped):
        run_state_machine_as_test(BindingLifeCycle, settings=machine_settings)
