"""The edge values of each request rule that has an edge: boundaries first, randomness on top.

A rule broken by one random draw is tested where the draw lands; a target that gets the
boundary wrong (month 00 or 13, a PAN one digit too long, a 9-digit local phone, the month just
past) passes as long as it lands elsewhere. :func:`edge_values` names, per rule, the values just
past its edge; :func:`edges` puts them into a body that breaks the rule already, and keeps only
those that break exactly that rule (``openapi.rules`` decides, as for every ``Broken``), so the
edges are deterministic ``Broken`` examples in every profile. ``st.sampled_from(edges(...))``
makes them a strategy; hypothesis' ``@example`` takes them one by one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from octo_conformance.openapi.cards import METHODS, SCHEMES, luhn_check_digit
from octo_conformance.openapi.expiry import add_months, to_yymm
from octo_conformance.openapi.rules import request_violations
from octo_conformance.strategies.broken import Body, Broken


def edge_values(rule: str, *, today: date, body: Body) -> list[Any]:
    """The values just past ``rule``'s edge for the field it names ([] for a rule without
    an edge, e.g. ``pan.luhn``); ``body`` gives the context (``method`` for PAN lengths)."""
    year = today.year + 2
    by_rule: dict[str, list[Any]] = {
        "exp.month": [f"{year % 100:02d}00", f"{year % 100:02d}13"],
        "exp.expired": [to_yymm(*add_months(today.year, today.month, -1))],
        "phone.length": ["99890123456", "9989012345678", "901234567"],
        "phone.country": ["997901234567", "099890123456"],
        "octo_shop_id.range": [0, -1],
        "verifyId.range": [0, -1],
        "cvc2.pattern": ["12", "12345"],
        "smsKey.pattern": ["123", "123456789"],
        "cardHolderName.empty": [""],
        "cardHolderName.blank": [" "],
        "shop_transaction_id.empty": [""],
        "octo_secret.empty": [""],
        "card_token.empty": [""],
    }
    if rule == "pan.length":
        return _pan_lengths(str(body.get("method", "humo")))
    return by_rule.get(rule, [])


def _pan_lengths(method: str) -> list[str]:
    """Luhn-valid PANs of each scheme of ``method``, one digit short of its shortest length
    and one past its longest (a 12-digit Visa, a 17-digit Humo)."""
    found = []
    for name in METHODS.get(method, ("humo",)):
        scheme = SCHEMES[name]
        prefix = scheme.ranges[0].low
        for length in (min(scheme.lengths) - 1, max(scheme.lengths) + 1):
            payload = (prefix + "0123456789" * 2)[: length - 1]
            found.append(payload + luhn_check_digit(payload))
    return found


def edges(operation_id: str, broken: Broken, *, today: date) -> list[Broken]:
    """``broken``'s body with each edge value of its rule in its field instead, where that
    breaks exactly the rule (and nothing else) by ``openapi.rules``."""
    if not isinstance(broken.body, dict):
        return []
    field = broken.field
    found = []
    for value in edge_values(broken.rule, today=today, body=broken.body):
        body = {**broken.body, field: value}
        violations = request_violations(operation_id, body, today=today)
        if [v.rule for v in violations] == [broken.rule]:
            shown = f"{len(value)} digits" if field == "pan" else repr(value)  # no PAN in text
            found.append(Broken(body, broken.rule, f"{field}: edge value, {shown}"))
    return found
