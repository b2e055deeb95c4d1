from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis.errors import InvalidArgument

from octo_conformance.openapi.rules import request_violations
from octo_conformance.strategies import callback_payloads, minimal_failed_callbacks
from octo_conformance.strategies.identifiers import card_tokens

TODAY = date(2026, 11, 29)


@pytest.mark.parametrize("status", ["active", "failed"])
def test_callbacks_are_valid_per_status(status: str) -> None:
    @given(callback_payloads(today=TODAY, status=status))
    def check(payload: dict[str, str]) -> None:
        assert request_violations("cardTokenCallback", payload, today=TODAY) == []
        assert payload["status"] == status

    check()


def test_callbacks_about_a_known_binding() -> None:
    binding = {
        "shop_transaction_id": "d87f4hd8d76f4h58d",
        "pan": "4276380012341025",
        "exp": "2006",
        "card_holder_name": "BOB MARLEY",
    }

    @given(callback_payloads(today=TODAY, **binding))
    def check(payload: dict[str, str]) -> None:
        assert payload["pan"] == binding["pan"]
        assert payload["cardHolderName"] == "BOB MARLEY"
        assert request_violations("cardTokenCallback", payload, today=TODAY) == []

    check()


@given(minimal_failed_callbacks())
def test_minimal_failed_callbacks_lack_only_the_card_fields(payload: dict[str, str]) -> None:
    rules = {v.rule for v in request_violations("cardTokenCallback", payload, today=TODAY)}
    assert rules == {
        "pan.required",
        "exp.required",
        "cardHolderName.required",
        "card_token.required",
    }


@given(card_tokens())
def test_card_tokens_carry_at_least_128_bits(token: str) -> None:
    assert len(token) >= 22  # 16 random bytes in unpadded base64


def test_argument_errors() -> None:
    with pytest.raises(InvalidArgument, match="status='blocked' must be one of 'active', 'failed'"):
        callback_payloads(today=TODAY, status="blocked")
