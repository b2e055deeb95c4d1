"""Response bodies in OCTO's shapes, and masking for anything the sandbox shows or stores."""

from __future__ import annotations

from typing import Any

from openapi.cards import mask_pan

JSONDict = dict[str, Any]

WRONG_OTP = -270  # live code for a wrong confirmation code (C-16)
SECRET_FIELDS = ("octo_secret", "cvc2", "smsKey")


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
    """A copy of a request body fit for the journal: no PAN, secret, CVC2 or OTP in clear."""
    if not isinstance(body, dict):
        return f"<{type(body).__name__}>"
    shown: JSONDict = {}
    for key, value in body.items():
        if key in SECRET_FIELDS:
            shown[key] = "***" if value not in ("", None) else value
        elif key == "pan" and isinstance(value, str):
            shown[key] = mask_pan(value)
        elif key == "phone" and isinstance(value, str):
            shown[key] = mask_phone(value)
        else:
            shown[key] = value
    return shown
