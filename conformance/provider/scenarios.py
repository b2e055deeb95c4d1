"""Deterministic named scenarios across the callback: each walks one documented path through
the API and judges the requirements it names. They run concurrently (each on its own cards and
transaction ids); the callback sink tells their callbacks apart by ``shop_transaction_id``."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from conformance.errors import Skipped
from conformance.findings import Verdict
from conformance.harness.form_driver import submit_code
from conformance.harness.otp import wrong_code
from conformance.provider import steps
from conformance.provider.context import ProviderContext
from conformance.provider.settings import Shop

ScenarioFn = Callable[[ProviderContext], None]


@dataclass(frozen=True)
class Scenario:
    name: str
    requirements: tuple[str, ...]
    run: ScenarioFn
    needs_otp: bool = True


SCENARIOS: dict[str, Scenario] = {}


def scenario(
    name: str, *requirements: str, needs_otp: bool = True
) -> Callable[[ScenarioFn], ScenarioFn]:
    def register(fn: ScenarioFn) -> ScenarioFn:
        SCENARIOS[name] = Scenario(name, requirements, fn, needs_otp)
        return fn

    return register


def _binding_flow(method: str) -> ScenarioFn:
    def run(ctx: ProviderContext) -> None:
        check = f"{method}-binding"
        pending = steps.start(ctx, method, check)
        steps.confirm(ctx, pending, check)
        delivery = steps.callback(ctx, pending, check)
        token = steps.token_of(delivery)
        after = ctx.info(pending.payment_uuid, check=check)
        left = after.get("data", "secondsLeft")
        ctx.expect("PROV-VERIFY-002", left == 0, f"secondsLeft is {left!r} after the binding was confirmed; Documented: 0 (C-06)", check=check, evidence=[after.exchange])  # fmt: skip
        settled = ctx.sink.settle(
            pending.tx,
            quiet=ctx.settings.callback_timeout,
            timeout=ctx.settings.callback_timeout * 2,
        )
        ctx.expect("PROV-CB-007", len(settled) == 1, f"an acknowledged callback was delivered {len(settled)} times", check=check)  # fmt: skip
        steps.block_active(ctx, token, check)
        again = ctx.block(token, check=check)
        ctx.expect("PROV-BLOCK-002", again.get("error") == 6, f"blocking the token a second time got {again.summary()}; Documented: 6 (C-43)", check=check, evidence=[again.exchange])  # fmt: skip
        rebound = ctx.bind(ctx.bind_body(pending.card), check=check)
        ctx.expect("PROV-BIND-006", rebound.get("error") == 0, f"binding the card again after its token was blocked got {rebound.summary()} (C-48)", check=check, evidence=[rebound.exchange])  # fmt: skip

    return run


scenario("humo-binding", "PROV-BIND-001", "PROV-BIND-002", "PROV-BIND-003", "PROV-BIND-004", "PROV-VERIFY-001", "PROV-VERIFY-002", "PROV-VERIFY-003", "PROV-SAFE-002", "PROV-SMS-001", "PROV-SMS-002", "PROV-SMS-003", "PROV-SMS-004", "PROV-CB-001", "PROV-CB-002", "PROV-CB-003", "PROV-CB-007", "PROV-BLOCK-001", "PROV-BLOCK-002", "PROV-BIND-006")(_binding_flow("humo"))  # fmt: skip
scenario("uzcard-binding", "PROV-BIND-001", "PROV-SMS-001", "PROV-CB-001", "PROV-CB-003", "PROV-BLOCK-001", "PROV-BLOCK-002")(_binding_flow("uzcard"))  # fmt: skip


@scenario("duplicate-binding", "PROV-BIND-005")
def duplicate_binding(ctx: ProviderContext) -> None:
    check = "duplicate-binding"
    pending = steps.start(ctx, "humo", check)
    again = ctx.bind(ctx.bind_body(pending.card), check=check)
    ctx.expect("PROV-BIND-005", again.get("error") == 20, f"a second bind_card for a pending card got {again.summary()}; Documented: 20", check=check, evidence=[again.exchange])  # fmt: skip
    steps.confirm(ctx, pending, check)
    token = steps.token_of(steps.callback(ctx, pending, check))
    active = ctx.bind(ctx.bind_body(pending.card), check=check)
    ctx.expect("PROV-BIND-005", active.get("error") == 20, f"bind_card for a card with an active token got {active.summary()}; Documented: 20", check=check, evidence=[active.exchange])  # fmt: skip
    ctx.block(token, check=check)


@scenario("wrong-secret", "PROV-AUTH-001", "PROV-AUTH-002", needs_otp=False)
def wrong_secret(ctx: ProviderContext) -> None:
    check = "wrong-secret"
    shop = ctx.settings.shop
    wrong = Shop(shop.id, shop.secret + "-wrong", shop.secret_env)
    card = ctx.card("humo")
    refused = ctx.bind(ctx.bind_body(card, shop=wrong), check=check)
    ctx.expect("PROV-AUTH-001", refused.get("error") == 2, f"bind_card with a wrong octo_secret got {refused.summary()}; Documented: 2", check=check, evidence=[refused.exchange])  # fmt: skip
    block = ctx.block(str(uuid.uuid4()), check=check, shop=wrong)
    ctx.expect("PROV-AUTH-001", block.get("error") == 2, f"block_card_token with a wrong octo_secret got {block.summary()}; Documented: 2", check=check, evidence=[block.exchange])  # fmt: skip
    sms = ctx.confirm(str(uuid.uuid4()), "000000", 1, check=check, shop=wrong)
    ctx.expect("PROV-AUTH-001", sms.get("error") not in (0, None), f"check_sms_key with a wrong octo_secret got {sms.summary()}", check=check, evidence=[sms.exchange])  # fmt: skip
    unknown = Shop(shop.id + 7919, shop.secret, shop.secret_env)
    stranger = ctx.bind(ctx.bind_body(card, shop=unknown), check=check)
    ctx.expect("PROV-AUTH-002", stranger.get("error") == 2, f"bind_card for an unknown octo_shop_id got {stranger.summary()}; Documented: 2", check=check, evidence=[stranger.exchange])  # fmt: skip
    # no effect: the card refused above binds normally afterwards (no 20)
    after = ctx.bind(ctx.bind_body(card), check=check)
    ctx.expect("PROV-AUTH-001", after.get("error") == 0, f"after refused attempts the card could not be bound: error {after.get('error')!r}", check=check, evidence=[after.exchange])  # fmt: skip


@scenario("wrong-otp", "PROV-SMS-005")
def wrong_otp(ctx: ProviderContext) -> None:
    check = "wrong-otp"
    pending = steps.start(ctx, "humo", check)
    code = ctx.otp_for(pending.payment_uuid)
    verify_id, _ = steps.verification(ctx, pending, check)
    bad = wrong_code(code)
    ctx.masker.otp(bad)
    reply = ctx.confirm(pending.payment_uuid, bad, verify_id, check=check)
    ctx.expect("PROV-SMS-005", reply.get("error") not in (0, None), f"a wrong OTP got {reply.summary()}; Documented: refused (C-16)", check=check, evidence=[reply.exchange], fatal=True)  # fmt: skip
    right = ctx.confirm(pending.payment_uuid, code, verify_id, check=check)
    steps.judge_confirmation(ctx, pending, right, check)
    deliveries = ctx.wait_callback(pending.tx)
    if deliveries:
        ctx.block(steps.token_of(deliveries[0]), check=check)


@scenario("otp-replay", "PROV-SMS-007")
def otp_replay(ctx: ProviderContext) -> None:
    check = "otp-replay"
    pending = steps.start(ctx, "uzcard", check)
    code = ctx.otp_for(pending.payment_uuid)
    verify_id, _ = steps.verification(ctx, pending, check)
    steps.judge_confirmation(
        ctx, pending, ctx.confirm(pending.payment_uuid, code, verify_id, check=check), check
    )
    steps.callback(ctx, pending, check)
    replay = ctx.confirm(pending.payment_uuid, code, verify_id, check=check)
    ctx.expect("PROV-SMS-007", replay.get("error") not in (0, None), f"the same OTP sent again got {replay.summary()}; Documented: refused (C-17)", check=check, evidence=[replay.exchange])  # fmt: skip
    settled = ctx.sink.settle(
        pending.tx, quiet=ctx.settings.callback_timeout, timeout=ctx.settings.callback_timeout * 2
    )
    tokens = {d.payload.get("card_token") for d in settled if isinstance(d.payload, dict)}
    ctx.expect("PROV-SMS-007", len(tokens) <= 1, f"the replayed OTP produced {len(tokens)} different tokens (C-17)", check=check)  # fmt: skip


@scenario("wrong-verify-id", "PROV-SMS-008")
def wrong_verify_id(ctx: ProviderContext) -> None:
    check = "wrong-verify-id"
    pending = steps.start(ctx, "humo", check)
    code = ctx.otp_for(pending.payment_uuid)
    verify_id, _ = steps.verification(ctx, pending, check)
    reply = ctx.confirm(pending.payment_uuid, code, verify_id + 1, check=check)
    ctx.expect("PROV-SMS-008", reply.get("error") not in (0, None), f"check_sms_key with another verifyId got {reply.summary()}; Documented: refused", check=check, evidence=[reply.exchange])  # fmt: skip


@scenario("otp-exhaustion", "PROV-SMS-006", "PROV-CB-008")
def otp_exhaustion(ctx: ProviderContext) -> None:
    check = "otp-exhaustion"
    pending = steps.start(ctx, "uzcard", check)
    code = ctx.otp_for(pending.payment_uuid)
    verify_id, _ = steps.verification(ctx, pending, check)
    bad = wrong_code(code)
    ctx.masker.otp(bad)
    for _ in range(3):
        ctx.confirm(pending.payment_uuid, bad, verify_id, check=check)
    right = ctx.confirm(pending.payment_uuid, code, verify_id, check=check)
    ctx.expect("PROV-SMS-006", right.get("error") not in (0, None), "the right OTP still confirmed the binding after three wrong ones (C-16)", check=check, evidence=[right.exchange])  # fmt: skip
    if right.get("error") == 0:
        return
    found = ctx.sink.wait_for(pending.tx, 1, min(ctx.settings.callback_timeout, 10.0))
    if not found:
        ctx.record(
            "PROV-CB-008",
            Verdict.FAIL,
            "no failed callback after the binding ended (C-16)",
            check=check,
        )
        return
    payload = found[0].payload if isinstance(found[0].payload, dict) else {}
    full = {"shop_transaction_id", "pan", "exp", "cardHolderName", "card_token", "status"} <= set(
        payload
    )
    ctx.expect("PROV-CB-008", payload.get("status") == "failed" and full, f"the callback after three wrong OTPs has status {payload.get('status')!r} and fields {sorted(payload)} (C-25)", check=check)  # fmt: skip


@scenario("unknown-ids", "PROV-VERIFY-004", "PROV-SMS-009", "PROV-BLOCK-003", needs_otp=False)
def unknown_ids(ctx: ProviderContext) -> None:
    check = "unknown-ids"
    info = ctx.info(str(uuid.uuid4()), check=check)
    revealed = info.get("error") == 0 and (info.get("data", "secondsLeft") or 0) > 0
    ctx.expect("PROV-VERIFY-004", info.get("error") is not None and not revealed, f"verificationInfo for an unknown UUID got {info.summary()}, secondsLeft {info.get('data', 'secondsLeft')!r} (C-15)", check=check, evidence=[info.exchange])  # fmt: skip
    sms = ctx.confirm(str(uuid.uuid4()), "123456", 1, check=check)
    ctx.expect("PROV-SMS-009", sms.get("error") not in (0, None), f"check_sms_key for an unknown paymentUUID got {sms.summary()} (C-15)", check=check, evidence=[sms.exchange])  # fmt: skip
    block = ctx.block("octo-conformance-" + uuid.uuid4().hex, check=check)
    ctx.expect("PROV-BLOCK-003", block.get("error") == 5, f"an unknown token got {block.summary()}; Documented: 5", check=check, evidence=[block.exchange])  # fmt: skip


@scenario("callback-retries", "PROV-CB-004", "PROV-CB-006")
def callback_retries(ctx: ProviderContext) -> None:
    check = "callback-retries"
    pending = steps.start(ctx, "humo", check)
    ctx.sink.plan(pending.tx, [500] * 10)
    steps.confirm(ctx, pending, check)
    token = steps.token_of(steps.callback(ctx, pending, check))
    timeout = ctx.settings.callback_timeout
    settled = ctx.sink.settle(pending.tx, quiet=timeout, timeout=timeout * 10)
    attempts, evidence = len(settled), ctx.delivery_evidence(settled)
    if attempts == 3:
        ctx.record("PROV-CB-004", Verdict.PASS, "", check=check)
    elif attempts == 4:
        ctx.record(
            "PROV-CB-004",
            Verdict.WARN,
            "4 attempts (1 + 3 retries, the other reading of C-02)",
            check=check,
        )
    else:
        ctx.record("PROV-CB-004", Verdict.FAIL, f"a refused callback was delivered {attempts} time(s); Documented: 3 attempts in all (C-02)", check=check, evidence=evidence)  # fmt: skip
    reply = ctx.block(token, check=check)
    ctx.expect("PROV-CB-006", reply.get("error") == 6, f"blocking a token whose callbacks were all refused got {reply.summary()}; Documented: cancelled, 6 (C-28)", check=check, evidence=[reply.exchange])  # fmt: skip


@scenario("callback-202-is-no-ack", "PROV-CB-005")
def callback_202(ctx: ProviderContext) -> None:
    check = "callback-202-is-no-ack"
    pending = steps.start(ctx, "uzcard", check)
    ctx.sink.plan(pending.tx, [202])
    steps.confirm(ctx, pending, check)
    found = ctx.wait_callback(pending.tx, 2)
    ctx.expect("PROV-CB-005", len(found) >= 2, evidence=ctx.delivery_evidence(found), message=f"after answering 202 the callback came {len(found)} time(s) within {ctx.settings.callback_timeout:g} s; Documented: only 200 acknowledges (C-27)", check=check)  # fmt: skip
    if len(found) >= 2:
        ctx.block(steps.token_of(found[0]), check=check)


@scenario("foreign-token", "PROV-BLOCK-004")
def foreign_token(ctx: ProviderContext) -> None:
    check = "foreign-token"
    other = ctx.settings.second_shop
    if other is None:
        raise Skipped("needs a second shop (--second-shop-id, --second-secret-env)")
    pending = steps.start(ctx, "humo", check)
    steps.confirm(ctx, pending, check)
    token = steps.token_of(steps.callback(ctx, pending, check))
    reply = ctx.block_acknowledged(token, check=check, shop=other)
    error = reply.get("error")
    if error == 5:
        ctx.record("PROV-BLOCK-004", Verdict.PASS, "", check=check)
    elif error in (2, 6):
        ctx.record("PROV-BLOCK-004", Verdict.WARN, f"another shop's token got error {error} instead of 5 (C-44)", check=check, evidence=[reply.exchange])  # fmt: skip
    else:
        ctx.record("PROV-BLOCK-004", Verdict.FAIL, f"another shop blocking this token got error {error!r}; Documented: 5, as if it did not exist (C-44)", check=check, evidence=[reply.exchange])  # fmt: skip
    ctx.block(token, check=check)


@scenario(
    "bank-card-page",
    "PROV-BIND-001",
    "PROV-PAGE-001",
    "PROV-PAGE-002",
    "PROV-PAGE-003",
    "PROV-SMS-010",
)
def bank_card_page(ctx: ProviderContext) -> None:
    """Binding A gets only a wrong code, binding B the right one: B's callback must come, and by
    the time it has (plus as long again), none may have come for A. No OTP lifetime is assumed."""
    check = "bank-card-page"
    wrong_one, right_one = (
        steps.start(ctx, "bank_card", check),
        steps.start(ctx, "bank_card", check),
    )
    if wrong_one.pay_url is None or right_one.pay_url is None:
        raise Skipped("the binding has no usable octo_pay_url (PROV-BIND-003 failed)")
    code = ctx.otp_for(right_one.payment_uuid)
    bad = wrong_code(ctx.otp_for(wrong_one.payment_uuid))
    ctx.masker.otp(bad)
    first = submit_code(ctx.client, wrong_one.pay_url, bad, return_url=ctx.sink.return_url)
    ctx.expect("PROV-PAGE-001", first.found_form, first.problem or "", check=check, evidence=first.evidence, fatal=True)  # fmt: skip
    submitted = time.monotonic()
    second = submit_code(ctx.client, right_one.pay_url, code, return_url=ctx.sink.return_url)
    ctx.expect("PROV-PAGE-001", second.found_form, second.problem or "", check=check, evidence=second.evidence, fatal=True)  # fmt: skip
    found = ctx.wait_callback(right_one.tx)
    ctx.expect("PROV-PAGE-002", bool(found), f"the right code on the OTP page brought no callback within {ctx.settings.callback_timeout:g} s", check=check, evidence=second.evidence, fatal=True)  # fmt: skip
    latency = found[0].received_at - submitted
    steps.judge_callback(ctx, right_one, found[0], check, status="active")
    early = ctx.sink.wait_for(wrong_one.tx, 1, min(ctx.settings.callback_timeout, max(0.5, 2 * latency)))  # fmt: skip
    confirmed = [d for d in early if isinstance(d.payload, dict) and d.payload.get("status") == "active"]  # fmt: skip
    ctx.expect("PROV-PAGE-003", not confirmed, "a wrong code on the OTP page confirmed the binding (an active callback followed)", check=check, evidence=first.evidence)  # fmt: skip
    ctx.block(steps.token_of(found[0]), check=check)
    # C-38: a bank_card binding must not be confirmable through check_sms_key
    other = steps.start(ctx, "bank_card", check)
    info = ctx.info(other.payment_uuid, check=check)
    verify_id = info.get("data", "verifyId") if isinstance(info.get("data", "verifyId"), int) else 1
    sms = ctx.confirm(other.payment_uuid, ctx.otp_for(other.payment_uuid), verify_id, check=check)
    ctx.expect("PROV-SMS-010", sms.get("error") != 0, "a bank_card binding was confirmed through check_sms_key (C-38)", check=check, evidence=[sms.exchange])  # fmt: skip


@scenario("otp-expiry", "PROV-VERIFY-002", "PROV-SMS-011")
def otp_expiry(ctx: ProviderContext) -> None:
    check = "otp-expiry"
    pending = steps.start(ctx, "humo", check)
    code = ctx.otp_for(pending.payment_uuid)
    verify_id, left = steps.verification(ctx, pending, check)
    budget = ctx.settings.budget.otp_expiry_wait
    if left is None or left > budget:
        raise Skipped(
            f"the OTP lives {left} s, longer than the {ctx.settings.profile} profile waits ({budget:g} s)"
        )
    time.sleep(left + 1.2)
    after = ctx.info(pending.payment_uuid, check=check)
    seconds = after.get("data", "secondsLeft")
    ctx.expect("PROV-VERIFY-002", seconds == 0, f"secondsLeft is {seconds!r} after the OTP expired; Documented: 0, never negative (C-06)", check=check, evidence=[after.exchange])  # fmt: skip
    late = ctx.confirm(pending.payment_uuid, code, verify_id, check=check)
    ctx.expect("PROV-SMS-011", late.get("error") not in (0, None), f"the right OTP after expiry got {late.summary()}; Documented: refused", check=check, evidence=[late.exchange])  # fmt: skip


@scenario("extra-fields", "PROV-REQ-003", needs_otp=False)
def extra_fields(ctx: ProviderContext) -> None:
    check = "extra-fields"
    body = ctx.bind_body(ctx.card("uzcard"))
    body["x_conformance_probe"] = {"nested": [1, 2]}
    body["bind_notify_ur"] = ctx.sink.callback_url  # the classic misspelt optional field
    reply = ctx.bind(body, check=check)
    ctx.expect("PROV-REQ-003", reply.get("error") == 0, f"bind_card with unknown extra fields got {reply.summary()} (C-47)", check=check, evidence=[reply.exchange])  # fmt: skip


@scenario("malformed-bodies", "PROV-REQ-001", needs_otp=False)
def malformed_bodies(ctx: ProviderContext) -> None:
    check = "malformed-bodies"
    from conformance.provider.context import PATHS
    from conformance.provider.judge import judge_reply

    for operation_id, path in PATHS.items():
        for content, label in ((b'{"octo_shop_id": ', "truncated JSON"), (b"", "an empty body"), (b"[]", "a JSON array"), (b"\xff\xfe", "bytes that are not UTF-8")):  # fmt: skip
            reply = ctx.client.send("POST", ctx.client.url(path), content, "application/json")
            judge_reply(ctx.recorder, operation_id, None, reply, check=check)
            error = reply.get("error")
            ctx.expect("PROV-REQ-001", isinstance(error, int) and error != 0, f"{label} sent to {path} got HTTP {reply.status}, error {error!r}; Documented: an error envelope", check=check, evidence=[reply.exchange])  # fmt: skip
