"""The steps scenarios are made of: start a binding, confirm it, receive its callback.

Each step judges what it sees against the requirements it owns and, when the rest of the
scenario cannot go on without it, aborts with the failure already recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from conformance.errors import Aborted
from conformance.findings import Verdict
from conformance.harness.cards import Card
from conformance.harness.http import Reply
from conformance.harness.sink import Delivery
from conformance.provider.context import ProviderContext
from openapi.cards import mask_pan
from openapi.rules import request_violations

MAX_SECONDS_LEFT = 600  # C-41


@dataclass
class Pending:
    card: Card
    tx: str
    body: dict[str, Any]
    payment_uuid: str
    pay_url: str | None
    reply: Reply


def start(ctx: ProviderContext, method: str, check: str) -> Pending:
    """bind_card for a fresh card; judges PROV-BIND-001..004."""
    card = ctx.card(method)
    body = ctx.bind_body(card)
    reply = ctx.bind(body, check=check)
    ev = [reply.exchange]
    ctx.expect("PROV-BIND-001", reply.get("error") == 0, f"a valid {method} binding was refused: {reply.summary()}", check=check, evidence=ev, fatal=True)  # fmt: skip
    data = reply.get("data") or {}
    ctx.expect("PROV-BIND-002", data.get("shop_transaction_id") == body["shop_transaction_id"] and data.get("status") == "created",
               f"Received shop_transaction_id echoed={data.get('shop_transaction_id') == body['shop_transaction_id']}, status {data.get('status')!r}; Documented: the same id, status created", check=check, evidence=ev)  # fmt: skip
    pay_url = data.get("octo_pay_url")
    absolute = (
        isinstance(pay_url, str)
        and urlsplit(pay_url).scheme in ("http", "https")
        and bool(urlsplit(pay_url).netloc)
    )
    ctx.expect("PROV-BIND-003", absolute, f"Received octo_pay_url {pay_url!r}; Documented: an absolute http(s) URL (C-33)", check=check, evidence=ev)  # fmt: skip
    sums = (data.get("refunded_sum"), data.get("total_sum"))
    numbers = all(isinstance(s, int | float) and not isinstance(s, bool) for s in sums)
    ctx.expect("PROV-BIND-004", numbers and sums[0] == 0, f"Received refunded_sum {sums[0]!r}, total_sum {sums[1]!r}; Documented: numbers, refunded_sum 0 (C-31)", check=check, evidence=ev)  # fmt: skip
    payment_uuid = data.get("octo_payment_UUID")
    if not isinstance(payment_uuid, str):
        raise Aborted("no octo_payment_UUID to continue with")
    return Pending(
        card, body["shop_transaction_id"], body, payment_uuid, pay_url if absolute else None, reply
    )


def verification(ctx: ProviderContext, pending: Pending, check: str) -> tuple[Any, int | None]:
    """verificationInfo of a pending binding: (verifyId, secondsLeft); judges VERIFY-001/003, SAFE-002."""
    reply = ctx.info(pending.payment_uuid, check=check)
    ev = [reply.exchange]
    data = reply.get("data") or {}
    verify_id, left = data.get("verifyId"), data.get("secondsLeft")
    ok = (
        reply.get("error") == 0
        and isinstance(verify_id, int)
        and isinstance(left, int)
        and left > 0
    )
    ctx.expect("PROV-VERIFY-001", ok, f"Received error {reply.get('error')!r}, verifyId {type(verify_id).__name__}, secondsLeft {left!r} (HTTP {reply.status}); Documented: error 0, an integer verifyId, secondsLeft > 0 for a pending binding", check=check, evidence=ev, fatal=True)  # fmt: skip
    assert isinstance(left, int)
    if left > MAX_SECONDS_LEFT:
        ctx.record("PROV-VERIFY-003", Verdict.WARN, f"secondsLeft {left} is over {MAX_SECONDS_LEFT} (C-41)", check=check, evidence=ev)  # fmt: skip
    else:
        ctx.record("PROV-VERIFY-003", Verdict.PASS, "", check=check)
    judge_masked_phone(ctx, data.get("phone"), pending.card.phone, reply, check)
    return verify_id, left


def judge_masked_phone(
    ctx: ProviderContext, shown: Any, phone: str, reply: Reply, check: str
) -> None:
    """C-40: at least one '*', no more digits than 998 + operator + the last two, ends with them."""
    ev = [reply.exchange]
    if not isinstance(shown, str):
        ctx.expect("PROV-SAFE-002", False, f"Received phone {type(shown).__name__}; Documented: a masked phone string", check=check, evidence=ev)  # fmt: skip
        return
    digits = re.sub(r"\D", "", shown)
    ok = "*" in shown and len(digits) <= 7 and digits.endswith(phone[-2:]) and phone not in digits
    ctx.expect("PROV-SAFE-002", ok, f"Received a phone showing {len(digits)} digits{' and no *' if '*' not in shown else ''}; Documented: partially hidden, at most 998 + operator + the last two digits (C-40)", check=check, evidence=ev)  # fmt: skip


def confirm(ctx: ProviderContext, pending: Pending, check: str, *, verify_id: Any = None) -> Reply:
    """check_sms_key with the right OTP (verificationInfo first unless the verifyId is known);
    judges SMS-001..004."""
    code = ctx.otp_for(pending.payment_uuid)
    if verify_id is None:
        verify_id = verification(ctx, pending, check)[0]
    reply = ctx.confirm(pending.payment_uuid, code, verify_id, check=check)
    judge_confirmation(ctx, pending, reply, check)
    return reply


def judge_confirmation(ctx: ProviderContext, pending: Pending, reply: Reply, check: str) -> None:
    ev = [reply.exchange]
    data = reply.get("data") or {}
    ctx.expect("PROV-SMS-001", reply.get("error") == 0 and data.get("status") == "succeeded", f"the right OTP got {reply.summary()}, status {data.get('status')!r}; Documented: error 0, status succeeded", check=check, evidence=ev, fatal=True)  # fmt: skip
    echoed = (
        data.get("shop_transaction_id") == pending.tx
        and data.get("octo_payment_UUID") == pending.payment_uuid
    )
    ctx.expect("PROV-SMS-002", echoed, "the confirmation does not echo shop_transaction_id and octo_payment_UUID unchanged (C-37)", check=check, evidence=ev)  # fmt: skip
    pan = pending.card.pan
    first6, last4 = data.get("first6"), data.get("last4")
    wrong = [
        n
        for n, v, want in (("first6", first6, pan[:6]), ("last4", last4, pan[-4:]))
        if v is not None and v != want
    ]
    ctx.expect("PROV-SMS-003", not wrong, f"{', '.join(wrong)} do not match the bound card {mask_pan(pan)} (C-36)", check=check, evidence=ev)  # fmt: skip
    refunded, total = data.get("refunded_sum"), data.get("total_sum")
    ok = isinstance(refunded, int | float) and isinstance(total, int | float) and refunded == total
    ctx.expect("PROV-SMS-004", ok, f"Received refunded_sum {refunded!r}, total_sum {total!r}; Documented: the test charge refunded, refunded_sum == total_sum (C-31)", check=check, evidence=ev)  # fmt: skip


def callback(
    ctx: ProviderContext, pending: Pending, check: str, *, status: str = "active"
) -> Delivery:
    """The first callback of the binding; judges CB-001..003. Returns it."""
    found = ctx.wait_callback(pending.tx)
    ctx.expect("PROV-CB-001", bool(found), f"no callback reached bind_notify_url within {ctx.settings.callback_timeout:g} s (C-39)", check=check, fatal=True)  # fmt: skip
    delivery = found[0]
    judge_callback(ctx, pending, delivery, check, status=status)
    return delivery


def judge_callback(
    ctx: ProviderContext, pending: Pending, delivery: Delivery, check: str, *, status: str
) -> None:
    payload = delivery.payload
    found = (
        request_violations("cardTokenCallback", payload, today=ctx.settings.today)
        if payload is not None
        else []
    )
    problems = (
        [v.message for v in found] if payload is not None else ["the callback body is not JSON"]
    )
    evidence = ctx.delivery_evidence([delivery])
    ctx.expect(
        "PROV-CB-002", not problems, "; ".join(problems[:4]) + " (the callback table)", check=check,
        evidence=evidence,
    )  # fmt: skip
    if not isinstance(payload, dict):
        raise Aborted("the callback is not a JSON object")
    card = pending.card
    expected = {"shop_transaction_id": pending.tx, "pan": card.pan, "exp": card.exp, "cardHolderName": card.holder, "status": status}  # fmt: skip
    wrong = sorted(k for k, v in expected.items() if payload.get(k) != v)
    ctx.expect("PROV-CB-003", not wrong, f"the callback's {', '.join(wrong)} differ from the binding (exp is YYMM, C-21)", check=check, evidence=evidence)  # fmt: skip


def token_of(delivery: Delivery) -> str:
    token = delivery.payload.get("card_token") if isinstance(delivery.payload, dict) else None
    if not isinstance(token, str) or not token:
        raise Aborted("the callback carries no card_token to continue with")
    return token


def block_active(ctx: ProviderContext, token: str, check: str) -> Reply:
    reply = ctx.block_acknowledged(token, check=check)
    ok = reply.get("error") == 0 and reply.get("status") == "blocked"
    ctx.expect("PROV-BLOCK-001", ok, f"blocking an active token got {reply.summary()}, status {reply.get('status')!r}; Documented: error 0, status blocked (C-13)", check=check, evidence=[reply.exchange])  # fmt: skip
    return reply


def error_code(reply: Reply) -> Any:
    return reply.get("error")
