"""The steps scenarios are made of: start a binding, confirm it, receive its callback.

Each step judges what it sees against the requirements it owns and, when the rest of the
scenario cannot go on without it, aborts with the failure already recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from octo_conformance.core.context import describe
from octo_conformance.errors import Aborted
from octo_conformance.findings import Verdict
from octo_conformance.harness.cards import Card
from octo_conformance.harness.http import Reply
from octo_conformance.harness.sink import Delivery
from octo_conformance.openapi.cards import mask_pan
from octo_conformance.openapi.rules import request_violations
from octo_conformance.provider.context import ProviderContext

MAX_SECONDS_LEFT = 600  # C-41
PAYED_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")  # the document's example, C-35


@dataclass
class Pending:
    card: Card
    tx: str
    body: dict[str, Any]
    payment_uuid: str
    pay_url: str | None
    reply: Reply


def start(ctx: ProviderContext, method: str) -> Pending:
    """bind_card for a fresh card; judges PROV-BIND-001..004."""
    card = ctx.card(method)
    body, reply = ctx.bind_listed(card, ctx.bind_body(card))
    ctx.expect_error("PROV-BIND-001", reply, 0, doing=f"a valid {method} binding", fatal=True)
    data = reply.get("data") or {}
    echoed = data.get("shop_transaction_id") == body["shop_transaction_id"]
    status = data.get("status")
    ctx.expect(
        "PROV-BIND-002",
        echoed and status == "created",
        f"shop_transaction_id {'echoed' if echoed else 'not echoed'}, status {status!r}",
        "the same shop_transaction_id, status created",
        evidence=reply,
    )
    pay_url = data.get("octo_pay_url")
    absolute = (
        isinstance(pay_url, str)
        and urlsplit(pay_url).scheme in ("http", "https")
        and bool(urlsplit(pay_url).netloc)
    )
    ctx.expect(
        "PROV-BIND-003",
        absolute,
        f"octo_pay_url {pay_url!r}",
        "an absolute http(s) URL",
        clause="C-33",
        evidence=reply,
    )
    refunded, total = data.get("refunded_sum"), data.get("total_sum")
    numbers = all(isinstance(s, int | float) and not isinstance(s, bool) for s in (refunded, total))
    ctx.expect(
        "PROV-BIND-004",
        numbers and refunded == 0,
        f"refunded_sum {refunded!r}, total_sum {total!r}",
        "numbers, refunded_sum 0",
        clause="C-31",
        evidence=reply,
    )
    payment_uuid = data.get("octo_payment_UUID")
    if not isinstance(payment_uuid, str):
        raise Aborted("no octo_payment_UUID to continue with")
    tx = body["shop_transaction_id"]
    return Pending(card, tx, body, payment_uuid, pay_url if absolute else None, reply)


def verification(ctx: ProviderContext, pending: Pending) -> tuple[Any, int | None]:
    """verificationInfo of a pending binding: (verifyId, secondsLeft); judges VERIFY-001/003,
    SAFE-002."""
    reply = ctx.info(pending.payment_uuid)
    data = reply.get("data") or {}
    verify_id, left = data.get("verifyId"), data.get("secondsLeft")
    ok = (
        reply.get("error") == 0
        and isinstance(verify_id, int)
        and isinstance(left, int)
        and left > 0
    )
    ctx.expect(
        "PROV-VERIFY-001",
        ok,
        f"{reply.summary()}, verifyId {type(verify_id).__name__}, secondsLeft {left!r}",
        "error 0, an integer verifyId, secondsLeft > 0 for a pending binding",
        doing="verificationInfo of a pending binding",
        evidence=reply,
        fatal=True,
    )
    assert isinstance(left, int)
    if left > MAX_SECONDS_LEFT:
        message = describe(f"secondsLeft {left}", f"at most {MAX_SECONDS_LEFT}", clause="C-41")
        ctx.record("PROV-VERIFY-003", Verdict.WARN, message, evidence=reply)
    else:
        ctx.record("PROV-VERIFY-003", Verdict.PASS)
    judge_masked_phone(ctx, data.get("phone"), pending.card.phone, reply)
    return verify_id, left


def judge_masked_phone(ctx: ProviderContext, shown: Any, phone: str, reply: Reply) -> None:
    """C-40: at least one '*', no more digits than 998 + operator + the last two, ends with them."""
    documented = "partially hidden, at most 998 + operator + the last two digits"
    if not isinstance(shown, str):
        received = f"phone as a JSON {type(shown).__name__}"
        ctx.expect("PROV-SAFE-002", False, received, documented, clause="C-40", evidence=reply)
        return
    digits = re.sub(r"\D", "", shown)
    ok = "*" in shown and len(digits) <= 7 and digits.endswith(phone[-2:]) and phone not in digits
    received = f"a phone showing {len(digits)} digits{'' if '*' in shown else ' and no *'}"
    ctx.expect("PROV-SAFE-002", ok, received, documented, clause="C-40", evidence=reply)


def confirm(ctx: ProviderContext, pending: Pending, *, verify_id: Any = None) -> Reply:
    """check_sms_key with the right OTP (verificationInfo first unless the verifyId is known);
    judges SMS-001..004."""
    code = ctx.otp_for(pending.payment_uuid)
    if verify_id is None:
        verify_id = verification(ctx, pending)[0]
    reply = ctx.confirm(pending.payment_uuid, code, verify_id)
    judge_confirmation(ctx, pending, reply)
    return reply


def judge_confirmation(ctx: ProviderContext, pending: Pending, reply: Reply) -> None:
    data = reply.get("data") or {}
    status = data.get("status")
    ctx.expect(
        "PROV-SMS-001",
        reply.get("error") == 0 and status == "succeeded",
        f"{reply.summary()}, status {status!r}",
        "error 0, status succeeded",
        doing="the right OTP",
        evidence=reply,
        fatal=True,
    )
    echoed = (
        data.get("shop_transaction_id") == pending.tx
        and data.get("octo_payment_UUID") == pending.payment_uuid
    )
    ctx.expect(
        "PROV-SMS-002",
        echoed,
        "another shop_transaction_id or octo_payment_UUID",
        "both echoed unchanged",
        doing="the confirmation",
        clause="C-37",
        evidence=reply,
    )
    pan = pending.card.pan
    wrong = [
        name
        for name, value, want in (
            ("first6", data.get("first6"), pan[:6]),
            ("last4", data.get("last4"), pan[-4:]),
        )
        if value is not None and value != want
    ]
    ctx.expect(
        "PROV-SMS-003",
        not wrong,
        f"{', '.join(wrong)} of another card",
        f"those of the bound card {mask_pan(pan)}",
        clause="C-36",
        evidence=reply,
    )
    refunded, total = data.get("refunded_sum"), data.get("total_sum")
    ok = isinstance(refunded, int | float) and isinstance(total, int | float) and refunded == total
    ctx.expect(
        "PROV-SMS-004",
        ok,
        f"refunded_sum {refunded!r}, total_sum {total!r}",
        "the test charge refunded, refunded_sum == total_sum",
        clause="C-31",
        evidence=reply,
    )
    payed = data.get("payed_time")
    ctx.expect(
        "PROV-SMS-012",
        payed is None or (isinstance(payed, str) and PAYED_TIME.fullmatch(payed) is not None),
        f"payed_time {payed!r}",
        "YYYY-MM-DD HH:MM:SS",
        clause="C-35",
        evidence=reply,
    )


def callback(ctx: ProviderContext, pending: Pending, *, status: str = "active") -> Delivery:
    """The first callback of the binding; judges CB-001..003. Returns it."""
    found = ctx.wait_callback(pending.tx)
    received = f"no callback on bind_notify_url within {ctx.settings.callback_timeout:g} s"
    notes = [
        d
        for d in ctx.sink.notifications()
        if isinstance(d.payload, dict) and d.payload.get("shop_transaction_id") == pending.tx
    ]
    if notes:  # shown, never taken for the token callback
        received += f" ({len(notes)} message(s) on notify_url, which is not bind_notify_url)"
    ctx.expect(
        "PROV-CB-001",
        bool(found),
        received,
        "the token callback on bind_notify_url",
        clause="C-39",
        evidence=ctx.delivery_evidence(notes, url=ctx.sink.notify_url),
        fatal=True,
    )
    delivery = found[0]
    judge_callback(ctx, pending, delivery, status=status)
    return delivery


def judge_callback(
    ctx: ProviderContext, pending: Pending, delivery: Delivery, *, status: str
) -> None:
    payload = delivery.payload
    if payload is None:
        problems = ["the callback body is not JSON"]
    else:
        today = ctx.settings.today
        problems = [
            v.message for v in request_violations("cardTokenCallback", payload, today=today)
        ]
    evidence = ctx.delivery_evidence([delivery])
    ctx.expect(
        "PROV-CB-002",
        not problems,
        "; ".join(problems[:4]),
        "the callback table",
        evidence=evidence,
    )
    if not isinstance(payload, dict):
        raise Aborted("the callback is not a JSON object")
    card = pending.card
    expected = {
        "shop_transaction_id": pending.tx,
        "pan": card.pan,
        "exp": card.exp,
        "cardHolderName": card.holder,
        "status": status,
    }
    wrong = sorted(k for k, v in expected.items() if payload.get(k) != v)
    if "cardHolderName" in wrong and same_name(payload.get("cardHolderName"), card.holder):
        wrong.remove("cardHolderName")  # as embossed: case and spacing may differ
    ctx.expect(
        "PROV-CB-003",
        not wrong,
        f"a callback whose {', '.join(wrong)} differ from the binding",
        "the bound card's values (exp as YYMM, the name up to case and spacing)",
        clause="C-21",
        evidence=evidence,
    )


def token_of(delivery: Delivery) -> str:
    token = delivery.payload.get("card_token") if isinstance(delivery.payload, dict) else None
    if not isinstance(token, str) or not token:
        raise Aborted("the callback carries no card_token to continue with")
    return token


def same_name(sent: Any, bound: str) -> bool:
    """The same holder name up to letter case and spacing (cards are embossed in capitals)."""
    return (
        isinstance(sent, str)
        and " ".join(sent.split()).casefold() == " ".join(bound.split()).casefold()
    )


def block_active(ctx: ProviderContext, token: str) -> Reply:
    reply = ctx.block_acknowledged(token)
    # at the top level as documented, or in data, where every field is announced to move (C-13)
    status = reply.get("status") if reply.get("status") is not None else reply.get("data", "status")
    ctx.expect(
        "PROV-BLOCK-001",
        reply.get("error") == 0 and status == "blocked",
        f"{reply.summary()}, status {status!r}",
        "error 0, status blocked",
        doing="blocking an active token",
        clause="C-13",
        evidence=reply,
    )
    return reply
