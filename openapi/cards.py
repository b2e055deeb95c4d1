"""Card schemes accepted by OCTO, their BIN ranges and number lengths, and the Luhn check.

BIN ranges come from ``shared/octo-field-notes.md`` (Humo ``9860xx``, Uzcard ``8600xx``) and
from the public Visa (``4``) and Mastercard (``51``-``55``, ``2221``-``2720``) ranges. Which
schemes belong to which ``method`` is clarification C-23.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class BinRange:
    """An inclusive range of card-number prefixes of one length, e.g. ``2221``-``2720``."""

    low: str
    high: str

    def __post_init__(self) -> None:
        if len(self.low) != len(self.high) or not (self.low + self.high).isdigit():
            raise ValueError(f"malformed BIN range {self.low!r}-{self.high!r}")

    @property
    def width(self) -> int:
        return len(self.low)

    def contains(self, pan: str) -> bool:
        prefix = pan[: self.width]
        return len(prefix) == self.width and self.low <= prefix <= self.high


@dataclass(frozen=True)
class Scheme:
    name: str
    method: str
    ranges: tuple[BinRange, ...]
    lengths: tuple[int, ...]

    def owns(self, pan: str) -> bool:
        return any(r.contains(pan) for r in self.ranges)


SCHEMES: Final[dict[str, Scheme]] = {
    s.name: s
    for s in (
        Scheme("humo", "humo", (BinRange("986000", "986099"),), (16,)),
        Scheme("uzcard", "uzcard", (BinRange("860000", "860099"),), (16,)),
        Scheme("visa", "bank_card", (BinRange("4", "4"),), (13, 16, 19)),
        Scheme(
            "mastercard",
            "bank_card",
            (BinRange("51", "55"), BinRange("2221", "2720")),
            (16,),
        ),
    )
}
"""Every scheme OCTO binds, by name."""

METHODS: Final[dict[str, tuple[str, ...]]] = {
    "humo": ("humo",),
    "uzcard": ("uzcard",),
    "bank_card": ("visa", "mastercard"),
}
"""The schemes each documented ``method`` binds (C-23)."""


def scheme_of(pan: str) -> Scheme | None:
    """The scheme whose BIN range holds ``pan``, or None for an unknown BIN."""
    for scheme in SCHEMES.values():
        if scheme.owns(pan):
            return scheme
    return None


def luhn_checksum(digits: str) -> int:
    """The Luhn sum of ``digits`` modulo 10; 0 means the number is Luhn-valid."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10


def luhn_check_digit(payload: str) -> str:
    """The digit that makes ``payload + digit`` Luhn-valid."""
    return str((10 - luhn_checksum(payload + "0")) % 10)


def is_luhn_valid(digits: str) -> bool:
    return digits.isascii() and digits.isdigit() and luhn_checksum(digits) == 0


def mask_pan(pan: str) -> str:
    """``first6…last4``: the most of a PAN any artefact may show (PCI DSS)."""
    if len(pan) < 13:  # too short to be a PAN: show nothing of it
        return "*" * len(pan)
    return f"{pan[:6]}…{pan[-4:]}"
