"""Zone A: the bodies the document makes unambiguously valid (see CLARIFICATIONS.md, "Zones").

The spec admits more than the document promises (19-digit Visa PANs, control characters in a
name, a 2,000-character URL). An implementation may refuse those and still follow the document,
so a check behind a MUST sends, or judges an acceptance of, zone-A bodies only; everything
else the spec admits is the grey zone (zone C), where either answer passes.

``grey_zone_reasons`` says why a body that breaks no rule is still not in zone A; an empty list
means zone A. Messages never quote a value (it may be a card number).
"""

from __future__ import annotations

import re
from typing import Any, Final

from octo_conformance.openapi.cards import scheme_of
from octo_conformance.openapi.rules import Violation, rule_names
from octo_conformance.openapi.spec import load_spec

# the document's own example body is the measure: its shapes, with fresh values
_PHONE: Final = re.compile(r"998\d{9}")
_NAME: Final = re.compile(r"[A-Za-z][A-Za-z .'-]{0,38}[A-Za-z.]")  # as embossed on a card
_TRANSACTION_ID: Final = re.compile(r"[A-Za-z0-9_-]{1,64}")
_URL: Final = re.compile(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?(/[A-Za-z0-9._~/-]*)?")
_URL_MAX: Final = 255
_BIND_FIELDS: Final = frozenset(
    {
        "octo_shop_id",
        "octo_secret",
        "shop_transaction_id",
        "pan",
        "exp",
        "phone",
        "cardHolderName",
        "cvc2",
        "method",
        "return_url",
        "notify_url",
        "bind_notify_url",
    }
)


def grey_zone_reasons(operation_id: str, body: Any) -> list[str]:
    """Why ``body`` (which breaks no rule of the spec) is not unambiguously valid."""
    if operation_id != "bindCard" or not isinstance(body, dict):
        return []
    reasons = []
    pan = body.get("pan")
    scheme = scheme_of(pan) if isinstance(pan, str) else None
    if not isinstance(pan, str) or not pan.isdigit() or len(pan) != 16 or scheme is None:
        reasons.append("pan: not a 16-digit number of a named scheme (the document's PANs)")
    elif scheme.method != body.get("method"):
        reasons.append("pan: its scheme is not the method's")
    if not _fits(_PHONE, body.get("phone")):
        reasons.append("phone: not 998 and nine digits (the document's example)")
    if not _fits(_NAME, body.get("cardHolderName")):
        reasons.append("cardHolderName: not a plain Latin name as embossed on a card")
    if not _fits(_TRANSACTION_ID, body.get("shop_transaction_id")):
        reasons.append("shop_transaction_id: not 1-64 letters, digits, '-' or '_'")
    for key in ("return_url", "notify_url", "bind_notify_url"):
        value = body.get(key)
        if key in body and not (_fits(_URL, value) and len(str(value)) <= _URL_MAX):
            reasons.append(f"{key}: not a plain http(s) URL of at most {_URL_MAX} characters")
    cvc2 = body.get("cvc2")
    if "cvc2" in body and not (
        cvc2 == ""
        if body.get("method") in ("humo", "uzcard")
        else _fits(re.compile(r"\d{3}"), cvc2)
    ):
        reasons.append("cvc2: not empty for Humo/Uzcard, or not three digits for a bank card")
    if not set(body) <= _BIND_FIELDS:
        reasons.append("fields the document does not list")
    if any(value is None for value in body.values()):
        reasons.append("null for a field")
    return reasons


def _fits(pattern: re.Pattern[str], value: Any) -> bool:
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def decisive(operation_id: str, body: Any, violations: list[Violation]) -> list[Violation]:
    """The violations that make ``body`` invalid by the document: a named rule of the
    operation, and not a ``null`` for a field the document marks optional. What is left out
    (a ``maxLength`` of the spec, a null for an optional field) is the grey zone."""
    optional = _optional_fields(operation_id)
    named = set(rule_names(operation_id))
    return [
        v
        for v in violations
        if v.rule in named
        and not (
            v.rule.endswith(".type")
            and v.field in optional
            and isinstance(body, dict)
            and body.get(v.field, ...) is None
        )
    ]


def _optional_fields(operation_id: str) -> frozenset[str]:
    spec = load_spec()
    schema = spec.resolve(spec.operation(operation_id).request_schema_pointer)
    return frozenset(schema.get("properties", {})) - frozenset(schema.get("required", ()))
