from __future__ import annotations

import pytest

from octo_conformance.openapi.cards import (
    SCHEMES,
    BinRange,
    is_luhn_valid,
    luhn_check_digit,
    mask_pan,
    scheme_of,
)


@pytest.mark.parametrize(
    ("pan", "scheme"),
    [
        ("9860240101226506", "humo"),  # the document's bind_card example
        ("8600502744000000", "uzcard"),
        ("4276380012341025", "visa"),  # the document's callback example
        ("4111111111111111", "visa"),
        ("5555555555554444", "mastercard"),
        ("2221000000000009", "mastercard"),
        ("2720990000000007", "mastercard"),
    ],
)
def test_scheme_of_known_bins(pan: str, scheme: str) -> None:
    found = scheme_of(pan)
    assert found is not None
    assert found.name == scheme


@pytest.mark.parametrize(
    "pan",
    [
        "2220990000000000",
        "2721000000000000",
        "5000000000000000",
        "6011000000000000",
        "8601000000000000",
    ],
)
def test_unknown_bins(pan: str) -> None:
    assert scheme_of(pan) is None


def test_luhn() -> None:
    assert is_luhn_valid("9860240101226506")
    assert not is_luhn_valid("9860240101226507")
    assert not is_luhn_valid("98602401012265O6")
    assert not is_luhn_valid("")  # nothing is not a card number
    assert luhn_check_digit("986024010122650") == "6"


def test_methods_cover_every_scheme() -> None:
    assert {s.method for s in SCHEMES.values()} == {"humo", "uzcard", "bank_card"}


def test_bin_range_rejects_malformed_bounds() -> None:
    with pytest.raises(ValueError, match="malformed BIN range"):
        BinRange("51", "5")


def test_mask_pan_shows_first6_last4_only() -> None:
    assert mask_pan("9860240101226506") == "986024…6506"
    assert mask_pan("12345") == "*****"
