"""Draw examples from a hypothesis strategy reproducibly, outside a ``@given`` test."""

from __future__ import annotations

import random
from typing import TypeVar

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

T = TypeVar("T")


def draw_examples(strategy: st.SearchStrategy[T], rnd: random.Random, count: int) -> list[T]:
    """``count`` examples, the same ones for the same ``rnd`` state (hypothesis' seeded engine;
    ``.example()`` is neither reproducible nor meant for this)."""
    drawn: list[T] = []

    @seed(rnd.getrandbits(64))
    @settings(max_examples=count, database=None, phases=[Phase.generate], deadline=None, suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(strategy)
    def collect(example: T) -> None:
        if len(drawn) < count:
            drawn.append(example)

    collect()
    return drawn
