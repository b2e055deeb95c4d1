"""Up-front argument checks whose messages name the argument and its value (hypothesis style)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TypeVar

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

T = TypeVar("T")


def check_choice(
    name: str, value: T | None, choices: Iterable[T], *, optional: bool = True
) -> None:
    options = tuple(choices)
    if value is None and optional:
        return
    if value not in options:
        listed = ", ".join(repr(c) for c in options)
        raise InvalidArgument(
            f"{name}={value!r} must be one of {listed}" + (" or None" if optional else "")
        )


def check_date(name: str, value: object) -> date:
    if not isinstance(value, date):
        raise InvalidArgument(f"{name}={value!r} must be a datetime.date (pass the day explicitly)")
    if not 2000 <= value.year <= 2089:
        raise InvalidArgument(
            f"{name}={value!r} must lie in 2000-2089 for YYMM dates to make sense"
        )
    return value


def check_int(name: str, value: object, *, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{name}={value!r} must be an integer")
    if not low <= value <= high:
        raise InvalidArgument(f"{name}={value!r} must be between {low} and {high}")
    return value


def check_text(name: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidArgument(f"{name}={value!r} must be a non-empty string")
    return value


def fixed_or(value: T | None, generated: st.SearchStrategy[T]) -> st.SearchStrategy[T]:
    """The caller's value when given (a binding the target knows), else generated ones."""
    return st.just(value) if value is not None else generated
