"""Property-based callbacks from ``strategies``: valid ones are acknowledged (and again, as a
retry) once the receiver knows the binding; each payload rule broken on a known binding's
callback is refused with a 4xx (``HOOK-RULE-<rule>``)."""

from __future__ import annotations

import random
from typing import Any, Final

from hypothesis import strategies as st

from octo_conformance.findings import Verdict
from octo_conformance.harness.examples import draw_examples
from octo_conformance.requirements import hook_rule_requirement_id
from octo_conformance.strategies.broken import one_defect
from octo_conformance.strategies.callbacks import callback_defects, callback_payloads
from octo_conformance.strategies.catalogue import breakable_rules
from octo_conformance.webhook.context import EVERY_ANSWER, Binding, WebhookContext

# judged by every rule's callbacks besides the rule's own requirement (the refusal's body, and
# what every answer must be): a rule runs when the selection chooses any of them
EVERY_RULE_JUDGES: Final = ("HOOK-REJ-007", *EVERY_ANSWER)


def _binding_of(payload: dict[str, Any]) -> Binding:
    return Binding(
        payload["shop_transaction_id"],
        payload["pan"],
        payload["exp"],
        payload["cardHolderName"],
        payload["card_token"],
    )


def run_valid_callbacks(ctx: WebhookContext) -> None:
    rnd = random.Random(f"{ctx.settings.seed}:valid callbacks")  # its own: --only/--exclude keep it
    ctx = ctx.checking("generated valid callbacks")
    strategy = callback_payloads(today=ctx.settings.today)
    count = ctx.settings.budget.valid_examples
    memo = ("valid callbacks", ctx.settings.today)
    for payload in draw_examples(strategy, rnd, count, memo=memo):
        payload = {**payload, "shop_transaction_id": ctx.new_tx()}  # unique per run
        binding = _binding_of(payload)
        ctx.masker.pan(binding.pan)
        ctx.setup(binding)
        status = payload["status"]
        requirement = "HOOK-ACK-001" if status == "active" else "HOOK-ACK-003"
        doing = f"a valid generated {status} callback"
        if ctx.expect_ack(requirement, ctx.send(payload), doing=doing):
            again = ctx.send(payload)
            ctx.expect_ack("HOOK-ACK-005", again, doing="the same generated callback again")
        ctx.teardown(binding)


def run_payload_rules(ctx: WebhookContext) -> None:
    """Each rule draws from a generator of its own (the seed and the rule), so ``--only`` a rule
    with a run's ``--seed`` sends the bodies that run sent."""
    # broken on active callbacks: a failed one may omit the card fields (C-25)
    defects = callback_defects(ctx.settings.today)
    valid_callbacks = callback_payloads(today=ctx.settings.today, status="active")
    for rule in breakable_rules("cardTokenCallback"):
        requirement = hook_rule_requirement_id(rule)
        if not ctx.settings.selection.chooses_any((requirement, *EVERY_RULE_JUDGES)):
            continue  # --only/--exclude: the recorder has it skipped with that reason
        rnd = random.Random(f"{ctx.settings.seed}:{rule}")
        view = ctx.checking(f"rule {rule}")
        count = ctx.settings.budget.rule_examples
        memo = ("active callbacks", ctx.settings.today)
        for valid in draw_examples(valid_callbacks, rnd, count, memo=memo):
            valid = {**valid, "shop_transaction_id": ctx.new_tx()}
            binding = _binding_of(valid)
            ctx.masker.pan(binding.pan)
            view.setup(binding)
            for broken in draw_examples(one_defect(st.just(valid), defects, rule), rnd, 1):
                reply = view.send(broken.body)
                if reply.status is None:
                    view.record(requirement, Verdict.SKIP, "no answer (judged by HOOK-HTTP-002)")
                else:
                    doing = f"a callback breaking {rule} ({broken.defect})"
                    view.expect_refusal(requirement, reply, doing=doing)
            view.teardown(binding)
