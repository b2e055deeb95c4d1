"""Shrinking helper for the strategy tests."""

from __future__ import annotations

from typing import TypeVar

from hypothesis import find, settings
from hypothesis import strategies as st

T = TypeVar("T")


def minimal(strategy: st.SearchStrategy[T]) -> T:
    """The value hypothesis shrinks ``strategy`` to: what a failing test would show a person."""
    return find(strategy, lambda _: True, settings=settings(database=None, max_examples=200))
