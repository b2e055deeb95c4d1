from __future__ import annotations

import pytest

from openapi.formats import (
    FormatViolation,
    check_pan,
    check_uuid,
    check_uz_phone,
    check_yymm,
    format_checker,
)


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("9860 2401 0122 6506", "grouped"),
        ("9860-2401-0122-6506", "grouped"),
        ("98602401O1226506", "charset"),
        ("", "charset"),
        ("٩٨٦٠٢٤٠١٠١٢٢٦٥٠٦", "charset"),  # Arabic-Indic digits are digits to str.isdigit
        ("1860240101226506", "bin"),
        ("986024010122650", "length"),
        ("98602401012265061", "length"),
        ("9860240101226507", "luhn"),
    ],
)
def test_pan_rules(value: str, rule: str) -> None:
    with pytest.raises(FormatViolation) as caught:
        check_pan(value)
    assert caught.value.rule == rule
    assert value not in caught.value.message or not value


@pytest.mark.parametrize("value", ["9860240101226506", "4222222222222", "4111111111111111110"])
def test_valid_pans(value: str) -> None:
    check_pan(value)


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("280", "format"),
        ("28055", "format"),
        ("05/28", "format"),
        ("2800", "month"),
        ("2813", "month"),
        ("1229x", "format"),
    ],
)
def test_yymm_rules(value: str, rule: str) -> None:
    with pytest.raises(FormatViolation) as caught:
        check_yymm(value)
    assert caught.value.rule == rule


def test_valid_yymm() -> None:
    check_yymm("2805")
    check_yymm("2006")  # the callback example: expired but well formed


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("+998901234567", "charset"),
        ("998 90 123 45 67", "charset"),
        ("901234567", "length"),
        ("996701234567", "country"),
    ],
)
def test_phone_rules(value: str, rule: str) -> None:
    with pytest.raises(FormatViolation) as caught:
        check_uz_phone(value)
    assert caught.value.rule == rule


def test_uuid() -> None:
    check_uuid("06000144-db56-47b6-9eba-021ad4ff246b")
    for bad in (
        "06000144db5647b69eba021ad4ff246b",
        "randomUUID",
        "{06000144-db56-47b6-9eba-021ad4ff246b}",
    ):
        with pytest.raises(FormatViolation):
            check_uuid(bad)


def test_format_checker_asserts_custom_formats_only() -> None:
    checker = format_checker()
    assert checker.conforms("9860240101226506", "pan")
    assert not checker.conforms("9860240101226507", "pan")
    assert checker.conforms(12, "pan")  # types are the type keyword's business
    assert checker.conforms("not an email", "email")
