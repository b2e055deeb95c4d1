"""The two contracts as data: every interaction with its provider state, request and response.

Example values follow the document's examples (shop 10000, a Humo test card, verifyId 819, the
documented payment UUID and token). Matchers mark what may vary: identifiers, amounts, messages,
URLs; ``error`` and ``status`` codes stay exact, because they are the contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from pact import match

OCTO: Final = "octo-tokenization"
PARTNER: Final = "octo-partner"
WEBHOOK: Final = "partner-webhook"

SHOP: Final = {"octo_shop_id": 10000, "octo_secret": "merchant_secret"}
PAYMENT_UUID: Final = "06000144-db56-47b6-9eba-021ad4ff246b"
TOKEN: Final = "sdf9g87sd6f9g876sdf9g876sdf98g"
TX: Final = "d87f4hd8d76f4h58d"
HUMO: Final = {
    "pan": "9860240101226506",
    "exp": "3912",
    "phone": "998901234567",
    "cardHolderName": "Card Holder Name",
}
NOTIFY: Final = "https://partner.example/octo/callback"

PAN_RE: Final = r"^\d{13,19}$"
YYMM_RE: Final = r"^\d{2}(0[1-9]|1[0-2])$"
PHONE_RE: Final = r"^998\d{9}$"


@dataclass(frozen=True)
class Interaction:
    """One request and the answer the consumer relies on (example values; matchers added later)."""

    description: str
    operation_id: str
    path: str
    state: str | None
    params: dict[str, Any]
    request: dict[str, Any]
    status: int
    response: dict[str, Any]


def _bind(method: str, pan: str, exp: str, cvc2: str = "") -> dict[str, Any]:
    return {
        **SHOP, "shop_transaction_id": TX, "pan": pan, "exp": exp, "phone": HUMO["phone"],
        "cardHolderName": HUMO["cardHolderName"], "cvc2": cvc2, "method": method,
        "return_url": "https://partner.example/return", "notify_url": NOTIFY, "bind_notify_url": NOTIFY,
    }  # fmt: skip


def _created() -> dict[str, Any]:
    data = {
        "shop_transaction_id": TX, "octo_payment_UUID": PAYMENT_UUID, "status": "created",
        "octo_pay_url": f"https://pay2.octo.uz/otp/{PAYMENT_UUID}", "refunded_sum": 0, "total_sum": 1000,
    }  # fmt: skip
    return {"error": 0, "data": data}


def _error(code: int, message: str) -> dict[str, Any]:
    return {"error": code, "errMessage": message}


def partner_to_octo() -> list[Interaction]:
    """The partner's expectations of OCTO: the flow, and the errors a client must handle."""
    pending = {**SHOP, "octo_payment_UUID": PAYMENT_UUID, "verifyId": 819, **HUMO}
    confirm = {**SHOP, "smsKey": "666666", "paymentUUID": PAYMENT_UUID, "verifyId": 819}
    block = {**SHOP, "card_token": TOKEN}
    confirmed = {
        "shop_transaction_id": TX, "octo_payment_UUID": PAYMENT_UUID, "status": "succeeded",
        "octo_pay_url": f"https://pay2.octo.uz/status/{PAYMENT_UUID}", "refunded_sum": 1000.0, "total_sum": 1000.0,
    }  # fmt: skip
    humo = _bind("humo", HUMO["pan"], HUMO["exp"])
    return [
        Interaction("bind a Humo card", "bindCard", "/bind_card", "the shop exists", SHOP, humo, 200, _created()),
        Interaction("bind an Uzcard card", "bindCard", "/bind_card", "the shop exists", SHOP,
                    _bind("uzcard", "8600120000000003", "3911"), 200, _created()),
        Interaction("bind a Visa card (bank_card, OTP page)", "bindCard", "/bind_card", "the shop exists", SHOP,
                    _bind("bank_card", "4111111111111111", "3910", "123"), 200, _created()),
        Interaction("bind a card that already has a pending binding", "bindCard", "/bind_card",
                    "a pending binding exists", pending, humo, 200,
                    _error(20, "Active or pending token already exists")),
        Interaction("bind a card with a wrong secret", "bindCard", "/bind_card", "the shop exists", SHOP,
                    {**humo, "octo_secret": "not-the-secret"}, 200, _error(2, "Wrong secret")),
        Interaction("read the verification info of a pending binding", "verificationInfo", "/verificationInfo/",
                    "a pending binding exists", pending, {"octo_payment_UUID": PAYMENT_UUID}, 200,
                    {"error": 0, "data": {"verifyId": 819, "phone": "+998** *****67", "secondsLeft": 120}}),
        Interaction("confirm a pending binding with the right OTP", "checkSmsKey", "/bind_card/check_sms_key",
                    "a pending binding exists", pending, confirm, 200, {"error": 0, "data": confirmed}),
        Interaction("block an active card token", "blockCardToken", "/block_card_token", "a card token exists",
                    block, block, 200, {"error": 0, "status": "blocked"}),
        Interaction("block a card token that is already blocked", "blockCardToken", "/block_card_token",
                    "a blocked card token exists", block, block, 200,
                    _error(6, "Token was not in the active status")),
        Interaction("block an unknown card token", "blockCardToken", "/block_card_token", "the shop exists", SHOP,
                    {**SHOP, "card_token": "no-such-token-0000000000000"}, 200, _error(5, "Token not found")),
    ]  # fmt: skip


def octo_to_webhook() -> list[Interaction]:
    """OCTO's expectations of a partner's callback receiver."""
    binding = {"shop_transaction_id": TX, **{k: HUMO[k] for k in ("pan", "exp", "cardHolderName")}}
    callback = {**binding, "card_token": TOKEN}
    ack = {"status": "success", "message": "Callback processed successfully"}
    return [
        Interaction("an active card-token callback for a pending binding", "cardTokenCallback", "/octo/callback",
                    "a pending card binding exists", binding, {**callback, "status": "active"}, 200, ack),
        Interaction("a failed callback for a pending binding", "cardTokenCallback", "/octo/callback",
                    "a pending card binding exists", binding, {**callback, "status": "failed"}, 200, ack),
        Interaction("a callback for a binding the partner never started", "cardTokenCallback", "/octo/callback",
                    None, {}, {**callback, "shop_transaction_id": "never-started-0001", "status": "active"}, 404,
                    {"status": "error", "message": "Invalid shop_transaction_id"}),
    ]  # fmt: skip


# what may vary in a value, by field name; everything else is matched by type (``like``)
_EXACT = frozenset({"error", "status", "method"})
_REGEX = {"pan": PAN_RE, "exp": YYMM_RE, "phone": PHONE_RE}
_UUIDS = frozenset({"octo_payment_UUID", "paymentUUID"})


def with_matchers(value: Any, key: str | None = None, *, request: bool = True) -> Any:
    """The example with matchers: regexes for the card fields a request sends, UUIDs, numbers,
    types elsewhere (an answer's ``phone`` is masked, so it is matched by type)."""
    if isinstance(value, dict):
        return {k: with_matchers(v, k, request=request) for k, v in value.items()}
    if value is None or isinstance(value, bool) or key in _EXACT:
        return value
    if request and key in _REGEX:
        return match.regex(value, regex=_REGEX[key])
    if key in _UUIDS:
        return match.uuid(value)
    if isinstance(value, int | float):
        return match.number(value)
    return match.like(value)
