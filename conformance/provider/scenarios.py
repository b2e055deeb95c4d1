"""Deterministic named scenarios across the callback: each walks one documented path through
the API and judges the requirements it declares. They run concurrently (each on its own cards
and transaction ids); the callback sink tells their callbacks apart by ``shop_transaction_id``.

Each function gets a view of the run's context bound to its name and requirements
(:mod:`conformance.core.scenarios`): it may judge only what it declares.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Final

from octo_conformance.core.context import Evidence, describe
from octo_conformance.core.scenarios import ScenarioRegistry
from octo_conformance.errors import Skipped
from octo_conformance.findings import Verdict
from octo_conformance.harness.form_driver import resubmit, submit_code
from octo_conformance.harness.http import Reply
from octo_conformance.harness.otp import wrong_code
from octo_conformance.harness.sink import HOLD, Delivery
from octo_conformance.provider import steps
from octo_conformance.provider.context import NO_CALLBACKS, PATHS, ProviderContext
from octo_conformance.provider.judge import REPLY_REQUIREMENTS, documented_failure, judge_reply
from octo_conformance.provider.settings import Shop

# every answer is judged (judge_reply), and every token received is judged at the end of the
# run for guessability (PROV-SAFE-003): --only one of them runs every scenario
SCENARIOS: ScenarioRegistry[ProviderContext] = ScenarioRegistry(
    also_judges=(*REPLY_REQUIREMENTS, "PROV-SAFE-003")
)
scenario = SCENARIOS


# what the shared steps judge on the way (start, verification, confirm, callback)
START = ("PROV-BIND-001", "PROV-BIND-002", "PROV-BIND-003", "PROV-BIND-004")
VERIFY = ("PROV-VERIFY-001", "PROV-VERIFY-003", "PROV-SAFE-002")
CONFIRM = (*VERIFY, "PROV-SMS-001", "PROV-SMS-002", "PROV-SMS-003", "PROV-SMS-004", "PROV-SMS-012")
CALLBACK = ("PROV-CB-001", "PROV-CB-002", "PROV-CB-003")
# a cancelled token cannot be blocked: not active (6), or removed (5: "Token not found")
CANCELLED: Final = (6, 5)


def _binding_flow(method: str) -> Callable[[ProviderContext], None]:
    def run(ctx: ProviderContext) -> None:
        pending = steps.start(ctx, method)
        steps.confirm(ctx, pending)
        if pending.pay_url is not None:  # a page for an SMS binding too: no 5xx there either
            # (after the confirmation: a page that sends an SMS on load would change the OTP)
            # judged only when the page answered: it may live on another host (pay-dev.octo.uz
            # in the document) that this runner cannot reach, which is no 5xx of the target
            page = ctx.client.send("GET", pending.pay_url)
            if page.status is not None:
                ctx.checking(ctx.check).judge(  # PROV-HTTP-001 is judged on every answer
                    "PROV-HTTP-001",
                    page.status < 500,
                    describe(
                        f"HTTP {page.status}", "no 5xx", doing="GET octo_pay_url", clause="C-45"
                    ),
                    evidence=page,
                )
        token = steps.token_of(steps.callback(ctx, pending))
        after = ctx.info(pending.payment_uuid)
        left = after.get("data", "secondsLeft")
        ctx.expect(
            "PROV-VERIFY-005",
            left == 0,
            f"secondsLeft {left!r}",
            "0",
            doing="verificationInfo after the binding was confirmed",
            clause="C-06",
            evidence=after,
        )
        timeout = ctx.settings.callback_timeout
        settled = ctx.sink.settle(pending.tx, quiet=timeout, timeout=timeout * 2)
        ctx.expect(
            "PROV-CB-007",
            len(settled) == 1,
            f"{len(settled)} deliveries of an acknowledged callback",
            "one",
            evidence=ctx.delivery_evidence(settled),
        )
        steps.block_active(ctx, token)
        again = ctx.block(token)
        ctx.expect_error(
            "PROV-BLOCK-002", again, 6, doing="blocking the token a second time", clause="C-43"
        )
        rebound = ctx.bind(ctx.bind_body(pending.card))
        ctx.expect_error(
            "PROV-BIND-006",
            rebound,
            0,
            doing="binding the card again after its token was blocked",
            clause="C-48",
        )

    return run


AFTER_CALLBACK = ("PROV-VERIFY-005", "PROV-CB-007", "PROV-BLOCK-001", "PROV-BLOCK-002")
BINDING_FLOW = (*START, *CONFIRM, *CALLBACK, *AFTER_CALLBACK, "PROV-BIND-006")
scenario("humo-binding", *BINDING_FLOW)(_binding_flow("humo"))
scenario("uzcard-binding", *BINDING_FLOW)(_binding_flow("uzcard"))


@scenario("duplicate-binding", "PROV-BIND-005", *START, *CONFIRM, *CALLBACK)
def duplicate_binding(ctx: ProviderContext) -> None:
    pending = steps.start(ctx, "humo")
    again = ctx.bind(ctx.bind_body(pending.card))
    ctx.expect_error("PROV-BIND-005", again, 20, doing="a second bind_card for a pending card")
    steps.confirm(ctx, pending)
    token = steps.token_of(steps.callback(ctx, pending))
    active = ctx.bind(ctx.bind_body(pending.card))
    ctx.expect_error("PROV-BIND-005", active, 20, doing="bind_card for a card with an active token")
    ctx.block(token)


@scenario("wrong-secret", "PROV-AUTH-001", "PROV-AUTH-002", "PROV-AUTH-003", needs_otp=False)
def wrong_secret(ctx: ProviderContext) -> None:
    shop = ctx.settings.shop
    wrong = Shop(shop.id, shop.secret + "-wrong", shop.secret_env)
    card = ctx.card("humo")
    refused = ctx.bind(ctx.bind_body(card, shop=wrong))
    ctx.expect_error("PROV-AUTH-001", refused, 2, doing="bind_card with a wrong octo_secret")
    block = ctx.block(str(uuid.uuid4()), shop=wrong)
    ctx.expect_error("PROV-AUTH-001", block, 2, doing="block_card_token with a wrong octo_secret")
    sms = ctx.confirm(str(uuid.uuid4()), "000000", 1, shop=wrong)
    ctx.expect_refused("PROV-AUTH-001", sms, doing="check_sms_key with a wrong octo_secret")
    unknown = Shop(shop.id + 7919, shop.secret, shop.secret_env)
    stranger = ctx.bind(ctx.bind_body(card, shop=unknown))
    ctx.expect_error("PROV-AUTH-002", stranger, 2, doing="bind_card for an unknown octo_shop_id")
    # no effect (a SHOULD: no sentence says so): the card refused above then binds (no 20)
    _, after = ctx.bind_listed(card, ctx.bind_body(card))
    ctx.expect_error("PROV-AUTH-003", after, 0, doing="binding the card after refused attempts")


@scenario("wrong-secret-confirm", "PROV-AUTH-001", "PROV-AUTH-003", *START, *CONFIRM, *CALLBACK)
def wrong_secret_confirm(ctx: ProviderContext) -> None:
    """The right OTP with a wrong secret, on a real pending binding: refused, and no effect
    (the binding's own shop then confirms it as usual)."""
    shop = ctx.settings.shop
    wrong = Shop(shop.id, shop.secret + "-wrong", shop.secret_env)
    doing = "check_sms_key with a wrong octo_secret and the right OTP"
    _confirm_as(ctx, wrong, "PROV-AUTH-001", doing=doing, no_effect="PROV-AUTH-003")


def _confirm_as(
    ctx: ProviderContext,
    shop: Shop,
    requirement: str,
    *,
    doing: str,
    clause: str = "",
    no_effect: str = "",
) -> None:
    """The right OTP sent with ``shop``'s credentials for a binding of the run's shop: must be
    refused (``requirement``), and leave the binding pending: its own shop then confirms it as
    usual (``no_effect``, or ``requirement`` itself when not given)."""
    pending = steps.start(ctx, "humo")
    verify_id = steps.verification(ctx, pending)[0]
    code = ctx.otp_for(pending.payment_uuid)
    forged = ctx.confirm(pending.payment_uuid, code, verify_id, shop=shop)
    if not ctx.expect_refused(requirement, forged, doing=doing, clause=clause):
        ctx.block(steps.token_of(steps.callback(ctx, pending)))
        return
    # no effect: its own shop confirms it as usual. Judged under its own requirement, not the
    # fatal PROV-SMS-001: a refused attempt that used the OTP up is that requirement's defect
    own = ctx.confirm(pending.payment_uuid, code, verify_id)
    if ctx.expect(
        no_effect or requirement,
        own.get("error") == 0,
        own.summary(),
        "error 0: the binding confirms with its own shop as if nothing had happened",
        doing="the binding's own shop confirming after the refused attempt",
        clause=clause,
        evidence=own,
    ):
        steps.judge_confirmation(ctx, pending, own)
        ctx.block(steps.token_of(steps.callback(ctx, pending)))


@scenario("wrong-otp", "PROV-SMS-005", *START, *CONFIRM)
def wrong_otp(ctx: ProviderContext) -> None:
    pending = steps.start(ctx, "humo")
    code = ctx.otp_for(pending.payment_uuid)
    verify_id, _ = steps.verification(ctx, pending)
    bad = wrong_code(code)
    ctx.masker.otp(bad)
    reply = ctx.confirm(pending.payment_uuid, bad, verify_id)
    ctx.expect_refused("PROV-SMS-005", reply, doing="a wrong OTP", clause="C-16", fatal=True)
    steps.judge_confirmation(ctx, pending, ctx.confirm(pending.payment_uuid, code, verify_id))
    deliveries = ctx.wait_callback(pending.tx)
    if deliveries:
        ctx.block(steps.token_of(deliveries[0]))


@scenario("otp-replay", "PROV-SMS-007", "PROV-SMS-013", *START, *CONFIRM, *CALLBACK)
def otp_replay(ctx: ProviderContext) -> None:
    pending = steps.start(ctx, "uzcard")
    code = ctx.otp_for(pending.payment_uuid)
    verify_id, _ = steps.verification(ctx, pending)
    steps.judge_confirmation(ctx, pending, ctx.confirm(pending.payment_uuid, code, verify_id))
    steps.callback(ctx, pending)
    replay = ctx.confirm(pending.payment_uuid, code, verify_id)
    ctx.expect_refused("PROV-SMS-013", replay, doing="the same OTP sent again", clause="C-17")
    timeout = ctx.settings.callback_timeout
    settled = ctx.sink.settle(pending.tx, quiet=timeout, timeout=timeout * 2)
    tokens = {d.payload.get("card_token") for d in settled if isinstance(d.payload, dict)}
    ctx.expect(
        "PROV-SMS-007",
        len(tokens) <= 1,
        f"{len(tokens)} different tokens",
        "one binding, one token",
        doing="after a replayed OTP",
        clause="C-17",
        evidence=ctx.delivery_evidence(settled),
    )


@scenario("wrong-verify-id", "PROV-SMS-008", *START, *VERIFY)
def wrong_verify_id(ctx: ProviderContext) -> None:
    pending = steps.start(ctx, "humo")
    code = ctx.otp_for(pending.payment_uuid)
    verify_id, _ = steps.verification(ctx, pending)
    reply = ctx.confirm(pending.payment_uuid, code, verify_id + 1)
    ctx.expect_refused("PROV-SMS-008", reply, doing="check_sms_key with another verifyId")


@scenario("otp-exhaustion", "PROV-SMS-006", "PROV-VERIFY-006", "PROV-CB-008", *START, *VERIFY)
def otp_exhaustion(ctx: ProviderContext) -> None:
    pending = steps.start(ctx, "uzcard")
    code = ctx.otp_for(pending.payment_uuid)
    verify_id, _ = steps.verification(ctx, pending)
    bad = wrong_code(code)
    ctx.masker.otp(bad)
    for _ in range(3):
        ctx.confirm(pending.payment_uuid, bad, verify_id)
    right = ctx.confirm(pending.payment_uuid, code, verify_id)
    ctx.expect_refused(
        "PROV-SMS-006", right, doing="the right OTP after three wrong ones", clause="C-16"
    )
    if right.get("error") == 0:
        ctx.record("PROV-VERIFY-006", Verdict.SKIP, "the binding survived three wrong OTPs")
        return
    # an error envelope (the binding is over, C-15) says so too; the failed status may land a
    # moment after the refusal: a few looks within about 2 s
    for _ in range(4):
        after = ctx.info(pending.payment_uuid)
        left = after.get("data", "secondsLeft")
        over = left == 0 or (isinstance(after.get("error"), int) and after.get("error") != 0)
        if over:
            break
        time.sleep(0.5)
    ctx.expect(
        "PROV-VERIFY-006",
        over,
        f"{after.summary()}, secondsLeft {left!r}",
        "0 (the verification failed), or an error",
        doing="verificationInfo after three wrong OTPs ended the binding",
        evidence=after,
    )
    if not ctx.settings.callbacks:
        raise Skipped(NO_CALLBACKS)
    found = ctx.sink.wait_for(pending.tx, 1, min(ctx.settings.callback_timeout, 10.0))
    if not found:
        ctx.expect("PROV-CB-008", False, "no callback", "a failed callback", clause="C-16")
        return
    payload = found[0].payload if isinstance(found[0].payload, dict) else {}
    fields = {"shop_transaction_id", "pan", "exp", "cardHolderName", "card_token", "status"}
    ctx.expect(
        "PROV-CB-008",
        payload.get("status") == "failed" and fields <= set(payload),
        f"status {payload.get('status')!r} and fields {sorted(payload)}",
        "status failed, every field of the callback table",
        doing="the callback after three wrong OTPs",
        clause="C-25",
        evidence=ctx.delivery_evidence(found),
    )


@scenario("unknown-ids", "PROV-VERIFY-004", "PROV-SMS-009", "PROV-BLOCK-003", needs_otp=False)
def unknown_ids(ctx: ProviderContext) -> None:
    info = ctx.info(str(uuid.uuid4()))
    left = info.get("data", "secondsLeft")
    revealed = info.get("error") == 0 and (left or 0) > 0
    ctx.expect(
        "PROV-VERIFY-004",
        info.get("error") is not None and not revealed,
        f"{info.summary()}, secondsLeft {left!r}",
        "unknown (error 5) or nothing left to wait for",
        doing="verificationInfo for an unknown UUID",
        clause="C-15",
        evidence=info,
    )
    sms = ctx.confirm(str(uuid.uuid4()), "123456", 1)
    ctx.expect_refused(
        "PROV-SMS-009", sms, doing="check_sms_key for an unknown paymentUUID", clause="C-15"
    )
    block = ctx.block("octo-conformance-" + uuid.uuid4().hex)
    ctx.expect_error("PROV-BLOCK-003", block, 5, doing="blocking an unknown token")


@scenario(
    "callback-retries",
    *("PROV-CB-004", "PROV-CB-006", "PROV-BLOCK-005", "PROV-BIND-006"),
    *(*START, *CONFIRM, *CALLBACK),
)
def callback_retries(ctx: ProviderContext) -> None:
    pending = steps.start(ctx, "humo")
    ctx.sink.plan(pending.tx, [500] * 10)
    steps.confirm(ctx, pending)
    token = steps.token_of(steps.callback(ctx, pending))
    # the first delivery was refused: the token is still init ("Card authorization in
    # progress"); a target may also treat it as not issued yet (5), never block it
    early = ctx.block(token)
    ctx.expect(
        "PROV-BLOCK-005",
        early.get("error") in (5, 6),
        early.summary(),
        "error 6 (not active), or 5",
        doing="blocking a token whose callback was refused and is being retried",
        evidence=early,
    )
    if early.get("error") == 0:
        # a target that lets the token be blocked (a legal reading, hence the SHOULD) may stop
        # retrying its callback: the retries and the cancellation say nothing any more
        reason = "the token was blocked by the PROV-BLOCK-005 probe, which may end its retries"
        for requirement in ("PROV-CB-004", "PROV-CB-006", "PROV-BIND-006"):
            ctx.record(requirement, Verdict.SKIP, reason)
        return
    timeout = ctx.settings.callback_timeout
    settled = ctx.sink.settle(pending.tx, quiet=timeout, timeout=timeout * 10)
    attempts, evidence = len(settled), ctx.delivery_evidence(settled)
    if attempts == 4:
        message = "4 attempts (1 + 3 retries, the other reading of C-02)"
        ctx.record("PROV-CB-004", Verdict.WARN, message, evidence=evidence)
    else:
        ctx.expect(
            "PROV-CB-004",
            attempts == 3,
            f"{attempts} deliveries of a refused callback",
            "3 attempts in all",
            clause="C-02",
            evidence=evidence,
        )
    reply = _expect_cancelled(
        ctx,
        "PROV-CB-006",
        token,
        settled,
        doing="blocking a token whose callbacks were all refused",
    )
    if reply.get("error") not in CANCELLED or len(settled) < 3:
        reason = "the token's cancellation was not shown (PROV-CB-006)"
        ctx.record("PROV-BIND-006", Verdict.SKIP, reason)
        return
    # C-48: a card whose token was cancelled is free again (its callbacks never acknowledged);
    # a plain bind_card, not bind_listed, which would free a listed card first and so hide a 20
    again = ctx.bind(ctx.bind_body(pending.card))
    ctx.expect(
        "PROV-BIND-006",
        again.get("error") == 0,
        again.summary(),
        "error 0: the card is free again",
        doing="binding the card again after its token was cancelled",
        clause="C-48",
        evidence=again,
    )


@scenario("callback-unanswered", "PROV-CB-009", *START, *CONFIRM, *CALLBACK, alone=True)
def callback_unanswered(ctx: ProviderContext) -> None:
    pending = steps.start(ctx, "uzcard")
    ctx.sink.plan(pending.tx, [HOLD] * 10)  # each delivery held open, never answered
    try:
        steps.confirm(ctx, pending)
        token = steps.token_of(steps.callback(ctx, pending))
        # an attempt lasts until the target hangs up (at most the timeout, when the sink lets
        # go); the next one is due within another timeout
        timeout = ctx.settings.callback_timeout
        settled = ctx.sink.settle(pending.tx, quiet=2 * timeout, timeout=timeout * 12)
        # the MUST is the cancellation ("If no response is received, the token will be
        # canceled"); how many times it was sent again is PROV-CB-004's to judge
        _expect_cancelled(
            ctx,
            "PROV-CB-009",
            token,
            settled,
            doing="blocking the token of a partner that never answers",
        )
    finally:
        # a retry later than the quiet window is refused at once, not held (nor acknowledged):
        # the state machine, which runs next and awaits callbacks, must not wait behind it
        ctx.sink.plan(pending.tx, [500] * 10)


def _expect_cancelled(
    ctx: ProviderContext, requirement: str, token: str, settled: list[Delivery], *, doing: str
) -> Reply:
    """Blocking the token of a callback never acknowledged: refused, it was cancelled (C-28):
    error 6, or 5 from a target that removes a cancelled token. A token that can still be
    blocked (error 0) was never cancelled: the fail. A refusal before the retries can be over
    (fewer than the 3 deliveries of C-02) proves nothing, for a token being retried is not
    active either (PROV-BLOCK-005), and another answer proves neither: both are skips."""
    reply = ctx.block(token)
    evidence = [*ctx.delivery_evidence(settled), reply.exchange]
    error = reply.get("error")
    if error == 0 or (error in CANCELLED and len(settled) >= 3):
        ctx.expect(
            requirement,
            error in CANCELLED,
            f"{len(settled)} deliveries, then blocking the token: {reply.summary()}",
            "the token cancelled (blocking it: error 6, or 5 for a token removed)",
            doing=doing,
            clause="C-28",
            evidence=evidence,
        )
    elif error in CANCELLED:
        reason = f"only {len(settled)} deliveries seen: the retries may not be over (PROV-CB-004)"
        ctx.record(requirement, Verdict.SKIP, reason, evidence=evidence)
    else:
        reason = f"blocking the token answered {reply.summary()}: neither cancelled nor active"
        ctx.record(requirement, Verdict.SKIP, reason, evidence=evidence)
    return reply


@scenario("rebind-after-block", "PROV-BLOCK-006", *START, *CONFIRM, *CALLBACK)
def rebind_after_block(ctx: ProviderContext) -> None:
    first = steps.start(ctx, "uzcard")
    steps.confirm(ctx, first)
    old = steps.token_of(steps.callback(ctx, first))
    if ctx.block_acknowledged(old).get("error") != 0:
        raise Skipped("the first token could not be blocked (PROV-BLOCK-001 judges that)")
    # bound again directly, not through steps.start: a target may refuse a card whose token it
    # blocked, and PROV-BIND-001 (a MUST) is no verdict on that
    body, reply = ctx.bind_listed(first.card, ctx.bind_body(first.card))
    payment = reply.get("data", "octo_payment_UUID")
    if reply.get("error") != 0 or not isinstance(payment, str):
        raise Skipped(
            f"the card was not bound again after its token was blocked ({reply.summary()})"
        )
    again = steps.Pending(first.card, body["shop_transaction_id"], body, payment, None, reply)
    steps.confirm(ctx, again)
    delivery = steps.callback(ctx, again)
    new = steps.token_of(delivery)
    ctx.expect(
        "PROV-BLOCK-006",
        new != old,
        "the blocked token again" if new == old else "a new token",
        "a new token",
        doing="binding the card again after its token was blocked",
        evidence=ctx.delivery_evidence([delivery]),
    )
    ctx.block_acknowledged(new)


@scenario("callback-202-is-no-ack", "PROV-CB-005", *START, *CONFIRM)
def callback_202(ctx: ProviderContext) -> None:
    pending = steps.start(ctx, "uzcard")
    ctx.sink.plan(pending.tx, [202])
    steps.confirm(ctx, pending)
    found = ctx.wait_callback(pending.tx, 2)
    ctx.expect(
        "PROV-CB-005",
        len(found) >= 2,
        f"{len(found)} deliveries within {ctx.settings.callback_timeout:g} s",
        "only 200 acknowledges: the callback comes again",
        doing="after the partner answered 202",
        clause="C-27",
        evidence=ctx.delivery_evidence(found),
    )
    if len(found) >= 2:
        ctx.block(steps.token_of(found[0]))


def _second_shop(ctx: ProviderContext) -> Shop:
    if ctx.settings.second_shop is None:
        raise Skipped("needs a second shop (--second-shop-id, --second-secret-env)")
    return ctx.settings.second_shop


@scenario("foreign-token", "PROV-BLOCK-004", *START, *CONFIRM, *CALLBACK)
def foreign_token(ctx: ProviderContext) -> None:
    other = _second_shop(ctx)
    pending = steps.start(ctx, "humo")
    steps.confirm(ctx, pending)
    token = steps.token_of(steps.callback(ctx, pending))
    reply = ctx.block_acknowledged(token, shop=other)
    if reply.get("error") in (2, 6):
        message = describe(reply.summary(), "error 5", doing="another shop's token", clause="C-44")
        ctx.record("PROV-BLOCK-004", Verdict.WARN, message, evidence=reply)
    else:
        doing = "another shop blocking this token (as if it did not exist)"
        ctx.expect_error("PROV-BLOCK-004", reply, 5, doing=doing, clause="C-44")
    ctx.block(token)


@scenario("foreign-confirm", "PROV-SMS-014", *START, *CONFIRM, *CALLBACK)
def foreign_confirm(ctx: ProviderContext) -> None:
    doing = "another shop confirming this binding with the right OTP"
    _confirm_as(ctx, _second_shop(ctx), "PROV-SMS-014", doing=doing, clause="C-44")


PAGE = ("PROV-PAGE-001", "PROV-PAGE-002", "PROV-PAGE-003", "PROV-PAGE-004", "PROV-SMS-010")


@scenario("bank-card-page", *PAGE, *START, "PROV-CB-002", "PROV-CB-003", "PROV-SMS-007")
def bank_card_page(ctx: ProviderContext) -> None:
    """Binding A gets only a wrong code, binding B the right one: B's callback must come, and by
    the time it has (plus as long again), none may have come for A. No OTP lifetime is assumed."""
    wrong_one, right_one = steps.start(ctx, "bank_card"), steps.start(ctx, "bank_card")
    if wrong_one.pay_url is None or right_one.pay_url is None:
        raise Skipped("the binding has no usable octo_pay_url (PROV-BIND-003 failed)")
    code = ctx.otp_for(right_one.payment_uuid)
    bad = wrong_code(ctx.otp_for(wrong_one.payment_uuid))
    ctx.masker.otp(bad)
    first = submit_code(ctx.client, wrong_one.pay_url, bad, return_url=ctx.sink.return_url)
    _expect_form(ctx, first.found_form, first.problem, first.evidence)
    submitted = time.monotonic()
    second = submit_code(ctx.client, right_one.pay_url, code, return_url=ctx.sink.return_url)
    _expect_form(ctx, second.found_form, second.problem, second.evidence)
    found = ctx.wait_callback(right_one.tx)
    ctx.expect(
        "PROV-PAGE-002",
        bool(found),
        f"no callback within {ctx.settings.callback_timeout:g} s",
        "the binding confirmed: its callback",
        doing="the right code on the OTP page",
        evidence=second.evidence,
        fatal=True,
    )
    latency = found[0].received_at - submitted
    final = second.final.content.decode("utf-8", "replace") if second.final else ""
    ctx.expect(
        "PROV-PAGE-004",
        second.reached_return_url or ctx.sink.return_url in final,
        "the user left on a page that neither leads nor links to return_url",
        "a redirect, a refresh or a link to return_url",
        doing="the right code on the OTP page",
        evidence=second.evidence,
    )
    steps.judge_callback(ctx, right_one, found[0], status="active")
    # the form sent again with the same code (back, then "resend"): confirmed once, one token
    before = len(ctx.sink.deliveries(right_one.tx))
    replay = resubmit(ctx.client, second)
    if not replay:
        ctx.record("PROV-SMS-007", Verdict.SKIP, "the OTP page's form could not be sent again")
    else:
        # a full wait from the resend (a redelivery and a second token would be two more)
        seen = ctx.sink.wait_for(right_one.tx, before + 2, ctx.settings.callback_timeout)
        tokens = {
            d.payload.get("card_token")
            for d in seen
            if isinstance(d.payload, dict) and d.payload.get("status") == "active"
        }
        ctx.expect(
            "PROV-SMS-007",
            len(tokens) <= 1,
            f"{len(tokens)} active tokens in {len(seen)} callbacks",
            "one token: the binding is confirmed once",
            doing="the right code posted on the OTP page a second time",
            evidence=[*replay, *ctx.delivery_evidence(seen)],
        )
    wait = min(ctx.settings.callback_timeout, max(0.5, 2 * latency))
    early = ctx.sink.wait_for(wrong_one.tx, 1, wait)
    confirmed = [
        d for d in early if isinstance(d.payload, dict) and d.payload.get("status") == "active"
    ]
    ctx.expect(
        "PROV-PAGE-003",
        not confirmed,
        "an active callback",
        "the binding not confirmed",
        doing="a wrong code on the OTP page",
        evidence=first.evidence,
    )
    ctx.block(steps.token_of(found[0]))
    # C-38: a bank_card binding must not be confirmable through check_sms_key
    other = steps.start(ctx, "bank_card")
    info = ctx.info(other.payment_uuid)
    verify_id = info.get("data", "verifyId")
    verify_id = verify_id if isinstance(verify_id, int) else 1
    sms = ctx.confirm(other.payment_uuid, ctx.otp_for(other.payment_uuid), verify_id)
    doing = "check_sms_key for a bank_card binding (confirmed on the OTP page only)"
    ctx.expect_refused("PROV-SMS-010", sms, doing=doing, clause="C-38")


def _expect_form(
    ctx: ProviderContext, found: bool, problem: str | None, evidence: Evidence
) -> None:
    ctx.expect(
        "PROV-PAGE-001",
        found,
        problem or "no OTP form",
        "an OTP page with a form to enter the code",
        evidence=evidence,
        fatal=True,
    )


@scenario("otp-expiry", "PROV-VERIFY-002", "PROV-SMS-011", *START, *VERIFY, background=True)
def otp_expiry(ctx: ProviderContext) -> None:
    """Waits the OTP out: in the background, from the start of the run, beside every phase."""
    pending = steps.start(ctx, "humo")
    code = ctx.otp_for(pending.payment_uuid)
    verify_id, left = steps.verification(ctx, pending)
    announced = f"{left} s" if isinstance(left, int) else f"none usable ({left!r})"
    ctx.recorder.observe("OTP lifetime announced (secondsLeft of a new binding)", announced)
    budget = ctx.settings.budget.otp_expiry_wait
    if left is None or left > budget:
        profile = ctx.settings.profile
        raise Skipped(
            f"the OTP lives {left} s, longer than the {profile} profile waits ({budget:g} s)"
        )
    time.sleep(left + 1.2)
    after = ctx.info(pending.payment_uuid)
    seconds = after.get("data", "secondsLeft")
    ctx.expect(
        "PROV-VERIFY-002",
        seconds == 0,
        f"secondsLeft {seconds!r}",
        "0, never negative",
        doing="verificationInfo after the OTP expired",
        clause="C-06",
        evidence=after,
    )
    late = ctx.confirm(pending.payment_uuid, code, verify_id)
    ctx.expect_refused("PROV-SMS-011", late, doing="the right OTP after it expired")


@scenario("extra-fields", "PROV-REQ-003", needs_otp=False)
def extra_fields(ctx: ProviderContext) -> None:
    card = ctx.card("uzcard")
    body = ctx.bind_body(card)
    body["x_conformance_probe"] = {"nested": [1, 2]}
    body["bind_notify_ur"] = ctx.sink.callback_url  # the classic misspelt optional field
    _, reply = ctx.bind_listed(card, body)
    ctx.expect_error(
        "PROV-REQ-003", reply, 0, doing="bind_card with unknown extra fields", clause="C-47"
    )


MALFORMED = (
    (b'{"octo_shop_id": ', "truncated JSON"),
    (b"", "an empty body"),
    (b"[]", "a JSON array"),
    (b"\xff\xfe", "bytes that are not UTF-8"),
)


@scenario("malformed-bodies", "PROV-REQ-001", needs_otp=False)
def malformed_bodies(ctx: ProviderContext) -> None:
    for operation_id, path in PATHS.items():
        for content, label in MALFORMED:
            reply = ctx.client.send("POST", ctx.client.url(path), content, "application/json")
            judge_reply(ctx, operation_id, None, reply)
            error = reply.get("error")
            documented = operation_id == "checkSmsKey" and documented_failure(reply)
            ctx.expect(
                "PROV-REQ-001",
                (isinstance(error, int) and error != 0) or documented,
                f"HTTP {reply.status}, {reply.summary()}",
                "an error envelope with a non-zero error",
                doing=f"{label} sent to {path}",
                evidence=reply,
            )
