from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from octo_conformance.openapi import rules as rules_module
from octo_conformance.openapi.rules import Violation, request_violations, rule_names

TODAY = date(2026, 11, 29)


def bind_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "octo_shop_id": 10000,
        "octo_secret": "merchant_secret",
        "shop_transaction_id": "randomUUID",
        "pan": "9860240101226506",
        "exp": "2805",
        "phone": "998901234567",
        "cardHolderName": "Card Holder Name",
        "cvc2": "",
        "method": "humo",
        "return_url": "https://notify-url.uz",
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


def rules(body: object, operation: str = "bindCard", today: date = TODAY) -> list[str]:
    return [v.rule for v in request_violations(operation, body, today=today)]


def test_the_document_example_is_valid() -> None:
    assert rules(bind_body()) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"pan": ...}, ["pan.required"]),
        ({"pan": ..., "exp": ...}, ["exp.required", "pan.required"]),
        ({"octo_shop_id": "10000"}, ["octo_shop_id.type"]),
        ({"octo_shop_id": True}, ["octo_shop_id.type"]),
        ({"octo_shop_id": 0}, ["octo_shop_id.range"]),
        ({"pan": "4111111111111111"}, ["pan.method"]),
        ({"pan": "4111111111111111", "method": "bank_card"}, []),
        ({"pan": "4111111111111111", "method": "card"}, ["method.enum"]),
        ({"exp": "2610"}, ["exp.expired"]),
        ({"exp": "2611"}, []),  # valid through the end of its month
        ({"exp": "1228"}, ["exp.month"]),  # MMYY
        ({"cardHolderName": ""}, ["cardHolderName.empty"]),
        ({"cardHolderName": " \t"}, ["cardHolderName.blank"]),
        ({"cardHolderName": "A" * 256}, ["cardHolderName.length"]),
        ({"cvc2": "12"}, ["cvc2.pattern"]),
        ({"return_url": "notify-url.uz"}, ["return_url.pattern"]),
        ({"unknown_field": 1}, []),  # C-47
    ],
)
def test_bind_card_rules(changes: dict[str, Any], expected: list[str]) -> None:
    assert rules(bind_body(**changes)) == expected


@pytest.mark.parametrize("body", [[], "", None, 0])
def test_a_body_that_is_not_an_object(body: object) -> None:
    assert rules(body) == ["body.type"]


def test_one_violation_per_field_the_most_specific() -> None:
    found = request_violations("bindCard", bind_body(pan="9860 2401 0122 6506"), today=TODAY)
    assert found == [
        Violation("pan", "pan.grouped", "pan: card number must be sent without spaces or dashes")
    ]


def test_messages_never_quote_the_value() -> None:
    pan = "9860240101226507"
    for violation in request_violations("bindCard", bind_body(pan=pan, octo_secret=7), today=TODAY):
        assert pan not in violation.message
        assert "7" not in violation.message.split(":", 1)[1]


def test_other_operations() -> None:
    assert rules({"octo_payment_UUID": "nope"}, "verificationInfo") == ["octo_payment_UUID.format"]
    assert rules({"octo_shop_id": 1, "octo_secret": "s"}, "blockCardToken") == [
        "card_token.required"
    ]
    callback = {
        "shop_transaction_id": "d87f4hd8d76f4h58d",
        "pan": "4276380012341025",
        "exp": "2006",
        "cardHolderName": "BOB MARLEY",
        "card_token": "sdf9g87sd6f9g876sdf9g876sdf98g",
        "status": "ACTIVE",
    }
    assert rules(callback, "cardTokenCallback") == ["status.enum"]  # an old exp is not expired here


def test_unknown_operation_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="bindCard"):
        rules({}, "bind_card")


def test_rule_names_begin_with_the_shape_rules_of_the_schema() -> None:
    assert rule_names("verificationInfo") == (
        "body.type",
        "octo_payment_UUID.required",
        "octo_payment_UUID.type",
        "octo_payment_UUID.format",
    )
    assert rule_names("blockCardToken")[:3] == (
        "body.type",
        "octo_shop_id.required",
        "octo_shop_id.type",
    )
    assert "cvc2.type" in rule_names("bindCard")
    assert "cvc2.required" not in rule_names("bindCard")  # cvc2 is optional


@pytest.mark.parametrize(
    "operation",
    ["bindCard", "verificationInfo", "checkSmsKey", "blockCardToken", "cardTokenCallback"],
)
def test_rule_names_are_listed_once_each(operation: str) -> None:
    names = rule_names(operation)
    assert len(set(names)) == len(names)


def test_the_domain_rules_are_bind_cards_only() -> None:
    assert {"exp.expired", "pan.method"} <= set(rule_names("bindCard"))
    assert not {"exp.expired", "pan.method"} & set(rule_names("cardTokenCallback"))


def test_rule_names_of_an_unknown_operation_name_the_known_ones() -> None:
    with pytest.raises(KeyError, match="bindCard"):
        rule_names("bind_card")


def test_a_rule_of_a_field_the_schema_lacks_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(rules_module._VALUE_RULES, "blockCardToken", ("card_tokn.empty",))
    with pytest.raises(
        ValueError, match="blockCardToken: rules of fields its schema lacks: card_tokn"
    ):
        rule_names("blockCardToken")
