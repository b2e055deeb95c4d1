"""YYMM expiry dates against a calendar day (C-21): a card is valid through its month."""

from __future__ import annotations

from datetime import date


def yymm_month(value: str) -> tuple[int, int]:
    """(year, month) of a YYMM string already known to be well formed; YY means 20YY."""
    return 2000 + int(value[:2]), int(value[2:])


def is_expired(value: str, *, today: date) -> bool:
    """True when the card's last valid month lies before ``today``'s month."""
    return yymm_month(value) < (today.year, today.month)


def to_yymm(year: int, month: int) -> str:
    if not (2000 <= year <= 2099 and 1 <= month <= 12):
        raise ValueError(f"cannot write year={year}, month={month} as YYMM")
    return f"{year % 100:02d}{month:02d}"


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1
