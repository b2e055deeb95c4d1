"""Shrinking helper for the strategy tests."""

from __future__ import annotations

from typing import TypeVar

from hypothesis import Phase, find, settings
from hypothesis import strategies as st

T = TypeVar("T")


def minimal(strategy: st.SearchStrategy[T]) -> T:
    """The value hypothesis shrinks ``strategy`` to: what a failing test would show a person.
    Without the explain phase, which only annotates a failure report and costs ten times the
    shrinking here."""
    quick = settings(database=None, max_examples=200, phases=[Phase.generate, Phase.shrink])
    return find(strategy, lambda _: True, settings=quick)
