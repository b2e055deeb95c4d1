"""Every request rule of every operation, broken on purpose: each must be refused.

Bodies come from ``strategies``' ``broken_*`` strategies, which break exactly one named rule;
the suite puts the shop's real credentials in (unless the rule is about them), and a card and a
transaction the target has never seen (one defect, one fresh world), so the rule is the only
reason to refuse. Accepting such a body fails ``PROV-RULE-<operation>-<rule>`` (a warn for the
rules the document leaves open). A refusal whose code names another documented condition (2,
11, 20) is sent again in a fresh world and skipped if it persists where it can (C-14). The
refusal of a MUST rule must be error 1 for block_card_token (``PROV-REQ-002``) and is expected to
be 1 for bind_card (``PROV-REQ-004``, a SHOULD), or 2 when the credentials are what is broken.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from typing import Any, Final

from hypothesis import strategies as st

from octo_conformance.findings import Verdict
from octo_conformance.harness.examples import draw_examples
from octo_conformance.openapi.cards import METHODS
from octo_conformance.provider.context import PATHS, ProviderContext
from octo_conformance.provider.judge import REPLY_REQUIREMENTS, documented_failure, judge_reply
from octo_conformance.requirements import PROVIDER_OPERATIONS, Level, rule_requirement_id
from octo_conformance.requirements import requirement as requirement_of
from octo_conformance.strategies import (
    broken_bind_card_requests,
    broken_block_card_token_requests,
    broken_check_sms_key_requests,
    broken_verification_info_requests,
)
from octo_conformance.strategies.boundaries import edges
from octo_conformance.strategies.broken import Broken
from octo_conformance.strategies.catalogue import breakable_rules

CREDENTIALS = ("octo_shop_id", "octo_secret")
# where the error table's "1 Data format error" is read as the refusal code of a MUST rule:
# under block_card_token, where the table stands (MUST), and bind_card (SHOULD: C-14)
CODE_ONE_OPERATIONS: Final = {"blockCardToken": "PROV-REQ-002", "bindCard": "PROV-REQ-004"}
RATE_LIMITED: Final = 11
# refusals that name another documented condition: no verdict on the rule (C-14)
INCONCLUSIVE: Final = {
    2: "an authorization error",
    11: "requests too often, C-42",
    20: "a token for the card already exists or is pending",
}


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
        for key, register in (
            ("pan", ctx.masker.pan),
            ("cvc2", ctx.masker.cvc),
            ("phone", ctx.masker.phone),
        ):
            value = body.get(key)
            if isinstance(value, str):
                register(value)
    return body


def _judged_by(operation_id: str, requirement: str) -> tuple[str, ...]:
    """What a rule's bodies judge: the rule's own ``requirement``, the refusal (PROV-REQ-001), its
    operation's code (PROV-REQ-002/004) and every answer. The rule runs when the selection
    chooses any of them: --only PROV-REQ-002 judges the code of every block_card_token rule."""
    code = (CODE_ONE_OPERATIONS[operation_id],) if operation_id in CODE_ONE_OPERATIONS else ()
    return (requirement, "PROV-REQ-001", *code, *REPLY_REQUIREMENTS)


def run_request_rules(ctx: ProviderContext) -> None:
    count = ctx.settings.budget.rule_examples
    for operation_id in PROVIDER_OPERATIONS:
        for rule in breakable_rules(operation_id):
            requirement = rule_requirement_id(operation_id, rule)
            if not ctx.settings.selection.chooses_any(_judged_by(operation_id, requirement)):
                continue  # --only/--exclude: the recorder has it skipped with that reason
            view = ctx.checking(f"rule {operation_id} {rule}")
            if operation_id == "bindCard" and ctx.settings.production:
                reason = "production target: no generated PANs are sent (C-51)"
                view.record(requirement, Verdict.SKIP, reason)
                continue
            shop = ctx.settings.shop
            # a generator per rule: --only a rule with a run's --seed sends that run's bodies
            rnd = random.Random(f"{ctx.settings.seed}:{operation_id}:{rule}")
            memo = ("rule", operation_id, rule, ctx.settings.today, shop.id, shop.secret)
            build = functools.partial(_strategy, ctx, operation_id, rule)
            drawn = draw_examples(build, rnd, count, memo=memo)
            # boundaries first, in every profile (month 00 and 13, a PAN one digit too long,
            # ...); the random draws come on top
            bounds = edges(operation_id, drawn[0], today=ctx.settings.today) if drawn else []
            for broken in [*bounds, *drawn]:
                _judge_one(view, operation_id, rule, requirement, broken)


def _fresh_world(ctx: ProviderContext, operation_id: str, broken: Broken) -> Any:
    """The broken body on a card and a transaction the target has never seen, so that its
    answer is about the broken rule, not an echo of an earlier probe (error 20)."""
    body = _with_credentials(ctx, broken)
    if operation_id == "checkSmsKey" and broken.field in PENDING_FIELDS and isinstance(body, dict):
        return _on_a_pending_binding(ctx, body, broken.field)
    if operation_id != "bindCard" or not isinstance(body, dict):
        return body
    body = dict(body)
    if broken.field != "shop_transaction_id":
        body["shop_transaction_id"] = ctx.new_tx()
    if broken.field not in ("pan", "method") and "pan" in body:
        method = body.get("method")
        # generated, even when --cards lists the target's own: this body must be refused anyway
        body["pan"] = ctx.generated_card(method if method in METHODS else "humo").pan
    return body


# check_sms_key rules whose broken body names a real pending binding: with a made-up
# paymentUUID, "payment not found" would refuse it whatever the target does with the field, and
# a target that never reads a missing smsKey or verifyId would pass
PENDING_FIELDS: Final = ("smsKey", "verifyId")


def _on_a_pending_binding(ctx: ProviderContext, body: dict[str, Any], field: str) -> Any:
    """``body`` for a fresh pending Humo binding of a generated card (its paymentUUID, and its
    verifyId unless verifyId is the broken field); unchanged where none can be made (a
    production target, a target that binds only its listed cards)."""
    if ctx.settings.production or ctx.settings.cards:
        return body
    bound = ctx.bind(ctx.bind_body(ctx.generated_card("humo")))
    payment = bound.get("data", "octo_payment_UUID") if bound.get("error") == 0 else None
    if not isinstance(payment, str):
        return body
    body = {**body, "paymentUUID": payment}
    if field != "verifyId":
        verify_id = ctx.info(payment).get("data", "verifyId")
        if isinstance(verify_id, int):
            body["verifyId"] = verify_id
    return body


def _judge_one(
    ctx: ProviderContext, operation_id: str, rule: str, requirement: str, broken: Broken
) -> None:
    """Send the broken body; a refusal that names another documented condition is retried once
    in a fresh world, then skipped: it says nothing about the rule."""
    for attempt in (1, 2):
        body = _fresh_world(ctx, operation_id, broken)
        reply = ctx.client.post_json(PATHS[operation_id], body)
        judge_reply(ctx, operation_id, body, reply)
        error = reply.get("error")
        other = _other_condition(operation_id, broken, error)
        if other is None:
            break
        if attempt == 2:
            if _still_inconclusive(broken, error):
                reason = (
                    f"inconclusive: refused twice in a fresh world with error {error} ({other})"
                )
                ctx.record(requirement, Verdict.SKIP, reason, evidence=reply)
                return
            break  # the fresh world cannot explain it: the code is the target's answer to the rule
        if error == RATE_LIMITED:
            time.sleep(1.1)
    if not isinstance(error, int) and not documented_failure(reply):
        # not an envelope at all: PROV-HTTP-00x judged that; the rule itself was not answered
        reason = f"the answer was not an error envelope (HTTP {reply.status})"
        ctx.record(requirement, Verdict.SKIP, reason)
        return
    doing = f"a body breaking {rule} ({broken.defect})"
    refused = ctx.expect_refused(requirement, reply, doing=doing)
    must = requirement_of(requirement).level is Level.MUST
    if must and error == 0:
        ctx.expect_refused("PROV-REQ-001", reply, doing=doing)
    elif refused:
        ctx.record("PROV-REQ-001", Verdict.PASS)
    if (
        refused
        and must
        and operation_id in CODE_ONE_OPERATIONS
        and not _token_answer(broken, error)
    ):
        allowed = {1, 2} if broken.field in CREDENTIALS else {1}
        ctx.expect(
            CODE_ONE_OPERATIONS[operation_id],
            error in allowed,
            reply.summary(),
            f"error {' or '.join(map(str, sorted(allowed)))}",
            doing=f"a body breaking {rule}",
            clause="C-14",
            evidence=reply,
        )


def _token_answer(broken: Broken, error: object) -> bool:
    """A broken card_token answered 5 "Token not found" or 6: a documented reading of its own
    (no such token), not a wrong code for a format error (C-14)."""
    return broken.field == "card_token" and error in (5, 6)


def _still_inconclusive(broken: Broken, error: object) -> bool:
    """After a retry in a fresh world: 2 with the shop's own credentials, or 20 for a card the
    target has never seen, no longer names another condition; 11, or 20 for a broken PAN, may."""
    if error == 2:
        return False
    return not (error == 20 and broken.field not in ("pan", "method"))


def _other_condition(operation_id: str, broken: Broken, error: object) -> str | None:
    """What a refusal names when it names a documented condition other than the broken rule."""
    if not isinstance(error, int) or (error == 2 and broken.field in CREDENTIALS):
        return None
    if error == 20 and operation_id != "bindCard":
        return None
    return INCONCLUSIVE.get(error)
