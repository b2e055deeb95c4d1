"""The spec's custom string formats: ``pan``, ``yymm``, ``uz-phone`` and ``uuid``.

Each checker raises :class:`FormatViolation` naming the precise rule that failed
(``luhn``, ``month``, ...), so that validation can say *which* rule a value breaks, and
strategies can promise to break exactly one.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Final

from jsonschema import FormatChecker

from octo_conformance.openapi.cards import SCHEMES, is_luhn_valid, scheme_of


class FormatViolation(ValueError):
    """A value breaks one named rule of a format."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


_GROUPED = re.compile(r"^[0-9]{4}(?:[ -][0-9]{1,4}){2,4}$")


def check_pan(value: str) -> None:
    """Digits only, a known scheme's BIN, that scheme's length, Luhn-valid (C-24)."""
    if not (value.isascii() and value.isdigit()):
        if _GROUPED.match(value):
            raise FormatViolation("grouped", "card number must be sent without spaces or dashes")
        raise FormatViolation("charset", "card number must contain digits only")
    scheme = scheme_of(value)
    if scheme is None:
        known = ", ".join(SCHEMES)
        raise FormatViolation("bin", f"card number's BIN belongs to no supported scheme ({known})")
    if len(value) not in scheme.lengths:
        lengths = " or ".join(str(n) for n in scheme.lengths)
        raise FormatViolation(
            "length", f"{scheme.name} card number must have {lengths} digits, got {len(value)}"
        )
    if not is_luhn_valid(value):
        raise FormatViolation("luhn", "card number fails the Luhn check")


def check_yymm(value: str) -> None:
    """Four digits, YYMM, month 01-12 (C-21). Expiry against a date is a separate rule."""
    if not (len(value) == 4 and value.isascii() and value.isdigit()):
        raise FormatViolation("format", "expiry must be four digits in YYMM order")
    if not 1 <= int(value[2:]) <= 12:
        raise FormatViolation("month", f"expiry month must be 01-12, got {value[2:]} (YYMM order)")


def check_uz_phone(value: str) -> None:
    """Twelve digits ``998XXXXXXXXX``, no ``+``, no spaces (C-20)."""
    if not (value.isascii() and value.isdigit()):
        raise FormatViolation("charset", "phone must contain digits only (998XXXXXXXXX, no '+')")
    if len(value) != 12:
        raise FormatViolation("length", f"phone must have 12 digits, got {len(value)}")
    if not value.startswith("998"):
        raise FormatViolation("country", "phone must start with Uzbekistan's country code 998")


def check_uuid(value: str) -> None:
    """Canonical, hyphenated UUID text."""
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        raise FormatViolation("format", "must be a UUID") from None
    if str(parsed) != value.lower():
        raise FormatViolation("format", "must be a hyphenated UUID")


FORMAT_CHECKS: Final[dict[str, Callable[[str], None]]] = {
    "pan": check_pan,
    "yymm": check_yymm,
    "uz-phone": check_uz_phone,
    "uuid": check_uuid,
}
"""Checkers by format name; each raises :class:`FormatViolation`."""


def format_checker() -> FormatChecker:
    """A jsonschema FormatChecker asserting the spec's custom formats (others pass)."""
    checker = FormatChecker(formats=())
    for name, check in FORMAT_CHECKS.items():
        checker.checks(name, raises=FormatViolation)(_as_predicate(check))
    return checker


def _as_predicate(check: Callable[[str], None]) -> Callable[[object], bool]:
    def predicate(instance: object) -> bool:
        if isinstance(instance, str):
            check(instance)
        return True  # non-strings are the `type` keyword's business

    return predicate
