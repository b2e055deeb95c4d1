"""openapi.zones: which valid bind_card bodies are unambiguously valid (zone A)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings

from octo_conformance.openapi.rules import request_violations
from octo_conformance.openapi.zones import decisive, grey_zone_reasons
from octo_conformance.strategies import bind_card_requests
from tests.openapi.test_rules import bind_body

TODAY = date(2026, 11, 29)
DOCUMENTED = bind_body(notify_url="https://notify-url.uz", bind_notify_url="https://notify-url.uz")


def test_the_documented_request_is_zone_a() -> None:
    assert request_violations("bindCard", DOCUMENTED, today=TODAY) == []
    assert grey_zone_reasons("bindCard", DOCUMENTED) == []


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"pan": "4111111111111", "method": "bank_card", "cvc2": "123"}, "pan:"),  # 13 digits
        ({"pan": "4" * 18 + "2", "method": "bank_card", "cvc2": "123"}, "pan:"),  # 19 digits
        ({"pan": "4111111111111111"}, "pan: its scheme"),  # Visa under humo
        ({"cardHolderName": "ALI\x07KARIMOV"}, "cardHolderName"),
        ({"cardHolderName": "Алишер Навоий"}, "cardHolderName"),
        ({"cardHolderName": "A" * 300}, "cardHolderName"),
        ({"phone": "+998901234567"}, "phone"),
        ({"shop_transaction_id": "x" * 129}, "shop_transaction_id"),
        ({"return_url": "https://notify-url.uz/" + "a" * 2000}, "return_url"),
        ({"cvc2": "123"}, "cvc2"),
        ({"x_extra": 1}, "fields the document does not list"),
        ({"notify_url": None}, "null"),
    ],
)
def test_what_the_document_leaves_open_is_grey(changes: dict[str, Any], reason: str) -> None:
    reasons = grey_zone_reasons("bindCard", {**DOCUMENTED, **changes})
    assert any(r.startswith(reason) for r in reasons), reasons
    assert all("4111" not in r and "9860" not in r for r in reasons)  # no value quoted


def test_other_operations_have_no_grey_zone_yet() -> None:
    assert grey_zone_reasons("blockCardToken", {"card_token": "x"}) == []


@settings(max_examples=30)
@given(bind_card_requests(today=TODAY))
def test_the_strategies_valid_bodies_break_no_rule(body: dict[str, Any]) -> None:
    # zone A is a subset of what the spec admits: a zone-A body never breaks a rule
    if not grey_zone_reasons("bindCard", body):
        assert request_violations("bindCard", body, today=TODAY) == []


def test_a_limit_the_document_never_sets_is_not_decisive() -> None:
    body = {**DOCUMENTED, "shop_transaction_id": "x" * 500, "notify_url": None}
    violations = request_violations("bindCard", body, today=TODAY)
    assert {v.field for v in violations} >= {"shop_transaction_id", "notify_url"}
    assert decisive("bindCard", body, violations) == []


def test_a_named_rule_is_decisive() -> None:
    body = {**DOCUMENTED, "exp": "2813", "pan": None}  # month 13; null for a mandatory field
    violations = request_violations("bindCard", body, today=TODAY)
    assert {v.rule for v in decisive("bindCard", body, violations)} == {"exp.month", "pan.type"}
