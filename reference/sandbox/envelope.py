"""Response bodies in OCTO's shapes, and masking for anything the sandbox shows or stores."""

from __future__ import annotations

import re
from typing import Any, Final

from octo_conformance.openapi.cards import is_luhn_valid, mask_pan

JSONDict = dict[str, Any]

WRONG_OTP = -270  # live code for a wrong confirmation code (C-16)


def success(data: JSONDict | None = None, **top_level: Any) -> JSONDict:
    body: JSONDict = {"error": 0}
    if data is not None:
        body["data"] = data
    body.update(top_level)
    return body


def error(code: int, message: str, *, with_message: bool = True) -> JSONDict:
    """The error envelope; OCTO sends the deprecated ``errorMessage`` beside ``errMessage`` (C-10)."""
    if not with_message:
        return {"error": code, "data": None}
    return {"error": code, "errMessage": message, "errorMessage": message, "data": None}


def mask_phone(phone: str) -> str:
    """The document's shape: ``+998** *****33`` (C-40)."""
    return f"+{phone[:3]}** *****{phone[-2:]}" if len(phone) >= 5 else "*****"


def mask_phone_digits(phone: str) -> str:
    """The live shape (C-40, variant phone-mask-digits): ``99890*****67``, country and operator
    code, asterisks, the last two digits."""
    if len(phone) < 8:
        return "*****"
    return phone[:5] + "*" * (len(phone) - 7) + phone[-2:]


def redact(body: object) -> object:
    """A copy of a request body fit for the journal: no PAN, secret, CVC2 or OTP in clear.

    The whole body is walked, because the journal exists to show malformed requests: a PAN
    sent as a number, under another key, nested, or inside another field's text is masked
    all the same (any 12-19 digit run that passes Luhn, string or number, at any depth); a
    secret, CVC2 or OTP field is masked whatever its key's case; a phone keeps its mask.
    """
    return _redacted(body, None)


def _redacted(value: object, key: str | None) -> object:
    name = key.lower() if isinstance(key, str) else ""
    if name in _SECRET_NAMES:
        return "***" if value not in ("", None) else value
    if name == "phone" and isinstance(value, str):
        return mask_phone(value)
    if isinstance(value, dict):
        return {k: _redacted(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_redacted(v, None) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int) and _is_card_number(str(abs(value))):
        return mask_pan(str(abs(value)))
    if isinstance(value, str):
        return _DIGIT_RUN.sub(lambda m: mask_pan(m[0]) if _is_card_number(m[0]) else m[0], value)
    return value


_SECRET_NAMES: Final = frozenset(
    {"octo_secret", "secret", "cvc2", "cvc", "cvv", "cvv2", "smskey", "otp", "sms_key"}
)
_DIGIT_RUN: Final = re.compile(r"(?<!\d)\d{12,19}(?!\d)")


def _is_card_number(digits: str) -> bool:
    return 12 <= len(digits) <= 19 and is_luhn_valid(digits)
