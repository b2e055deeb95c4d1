from __future__ import annotations

import pytest

from octo_conformance.openapi.formats import (
    FORMAT_CHECKS,
    FormatViolation,
    check_uuid,
    format_checker,
)

BROKEN = [
    ("pan", "9860 2401 0122 6506", "grouped"),
    ("pan", "9860-2401-0122-6506", "grouped"),
    ("pan", "98602401O1226506", "charset"),
    ("pan", "", "charset"),
    ("pan", "٩٨٦٠٢٤٠١٠١٢٢٦٥٠٦", "charset"),  # Arabic-Indic digits are digits to str.isdigit
    ("pan", "1860240101226506", "bin"),
    ("pan", "986024010122650", "length"),
    ("pan", "98602401012265061", "length"),
    ("pan", "9860240101226507", "luhn"),
    ("yymm", "280", "format"),
    ("yymm", "28055", "format"),
    ("yymm", "05/28", "format"),
    ("yymm", "1229x", "format"),
    ("yymm", "2800", "month"),
    ("yymm", "2813", "month"),
    ("uz-phone", "+998901234567", "charset"),
    ("uz-phone", "998 90 123 45 67", "charset"),
    ("uz-phone", "901234567", "length"),
    ("uz-phone", "996701234567", "country"),
]


@pytest.mark.parametrize(("name", "value", "rule"), BROKEN)
def test_each_format_names_the_rule_a_value_breaks(name: str, value: str, rule: str) -> None:
    with pytest.raises(FormatViolation) as caught:
        FORMAT_CHECKS[name](value)
    assert caught.value.rule == rule
    assert not value or value not in caught.value.message  # messages never quote card data


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("pan", "9860240101226506"),
        ("pan", "4222222222222"),
        ("pan", "4111111111111111110"),
        ("yymm", "2805"),
        ("yymm", "2006"),  # the callback example: expired but well formed
        ("uz-phone", "998901234567"),
    ],
)
def test_valid_values_pass(name: str, value: str) -> None:
    FORMAT_CHECKS[name](value)


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
