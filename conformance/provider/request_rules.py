"""Every request rule of every operation, broken on purpose: each must be refused.

Bodies come from ``strategies``' ``broken_*`` strategies, which break exactly one named rule;
the suite puts the shop's real credentials in (unless the rule is about them), so the rule is
the only reason to refuse. Accepting such a body fails ``PROV-RULE-<operation>-<rule>`` (a warn
for the rules CLARIFICATIONS marks as tolerable); for bind_card and block_card_token the refusal
must be error 1 (``PROV-REQ-002``), or 2 when the credentials are what is broken.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from conformance.findings import Verdict
from conformance.harness.examples import draw_examples
from conformance.provider.context import PATHS, ProviderContext
from conformance.provider.judge import judge_reply
from conformance.requirements import PROVIDER_OPERATIONS, Level, rule_requirement_id
from conformance.requirements import requirement as requirement_of
from strategies import (
    broken_bind_card_requests,
    broken_block_card_token_requests,
    broken_check_sms_key_requests,
    broken_verification_info_requests,
)
from strategies.broken import Broken
from strategies.catalogue import breakable_rules

CREDENTIALS = ("octo_shop_id", "octo_secret")
CODE_ONE_OPERATIONS = ("bindCard", "blockCardToken")


def _strategy(ctx: ProviderContext, operation_id: str, rule: str) -> st.SearchStrategy[Broken]:
    shop = ctx.settings.shop
    if operation_id == "bindCard":
        today = ctx.settings.today
        return broken_bind_card_requests(
            today=today, rule=rule, shop_id=shop.id, secret=shop.secret
        )
    makers: dict[str, Callable[..., st.SearchStrategy[Broken]]] = {
        "verificationInfo": broken_verification_info_requests,
        "checkSmsKey": broken_check_sms_key_requests,
        "blockCardToken": broken_block_card_token_requests,
    }
    return makers[operation_id](rule=rule)


def _with_credentials(ctx: ProviderContext, broken: Broken) -> Any:
    body = broken.body
    if isinstance(body, dict) and broken.field not in CREDENTIALS and "octo_shop_id" in body:
        body = {
            **body,
            "octo_shop_id": ctx.settings.shop.id,
            "octo_secret": ctx.settings.shop.secret,
        }
    if isinstance(body, dict):
        # a generated smsKey is made up, no OTP: it is not registered (see properties.py)
        for key, register in (("pan", ctx.masker.pan), ("cvc2", ctx.masker.cvc)):
            value = body.get(key)
            if isinstance(value, str):
                register(value)
    return body


def run_request_rules(ctx: ProviderContext) -> None:
    rnd = random.Random(ctx.settings.seed)
    count = ctx.settings.budget.rule_examples
    for operation_id in PROVIDER_OPERATIONS:
        for rule in breakable_rules(operation_id):
            requirement = rule_requirement_id(operation_id, rule)
            view = ctx.checking(f"rule {operation_id} {rule}")
            if operation_id == "bindCard" and ctx.settings.production:
                reason = "production target: no generated PANs are sent (C-51)"
                view.record(requirement, Verdict.SKIP, reason)
                continue
            for broken in draw_examples(_strategy(ctx, operation_id, rule), rnd, count):
                _judge_one(view, operation_id, rule, requirement, broken)


def _judge_one(
    ctx: ProviderContext, operation_id: str, rule: str, requirement: str, broken: Broken
) -> None:
    body = _with_credentials(ctx, broken)
    reply = ctx.client.post_json(PATHS[operation_id], body)
    judge_reply(ctx, operation_id, body, reply)
    error = reply.get("error")
    if error == 11:
        reason = "the target answered error 11, requests too often (C-42)"
        ctx.record(requirement, Verdict.SKIP, reason)
        return
    if not isinstance(error, int):
        # not an envelope at all: PROV-HTTP-00x judged that; the rule itself was not answered
        reason = f"the answer was not an error envelope (HTTP {reply.status})"
        ctx.record(requirement, Verdict.SKIP, reason)
        return
    doing = f"a body breaking {rule} ({broken.defect})"
    refused = ctx.expect_refused(requirement, reply, doing=doing)
    if requirement_of(requirement).level is Level.MUST and error == 0:
        ctx.expect_refused("PROV-REQ-001", reply, doing=doing)
    elif refused:
        ctx.record("PROV-REQ-001", Verdict.PASS)
    if refused and operation_id in CODE_ONE_OPERATIONS:
        allowed = {1, 2} if broken.field in CREDENTIALS else {1}
        ctx.expect(
            "PROV-REQ-002",
            error in allowed,
            reply.summary(),
            f"error {' or '.join(map(str, sorted(allowed)))}",
            doing=f"a body breaking {rule}",
            clause="C-14",
            evidence=reply,
        )
