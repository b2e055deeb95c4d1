"""Draw examples from a hypothesis strategy reproducibly, outside a ``@given`` test.

Drawing is most of a quick run's CPU (a broken body per rule, schemathesis cases per
operation), and a process that runs the suite many times with one seed (``selftest``'s fault
and variant matrices) would draw the same examples every time. So a caller that can name what
its strategy draws passes ``memo``: the examples are drawn once per process and that key, and
every later call gets fresh copies of the same examples.
"""

from __future__ import annotations

import copy
import random
import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

T = TypeVar("T")

_DRAWN: dict[Hashable, list[Any]] = {}
_LOCK = threading.Lock()


def draw_examples(
    strategy: st.SearchStrategy[T] | Callable[[], st.SearchStrategy[T]],
    rnd: random.Random,
    count: int,
    *,
    memo: Hashable | None = None,
) -> list[T]:
    """``count`` examples, the same ones for the same ``rnd`` state (hypothesis' seeded engine;
    ``.example()`` is neither reproducible nor meant for this).

    ``memo`` must determine the strategy completely (with ``rnd``'s state and ``count`` it then
    determines the examples); each caller gets deep copies of the remembered examples.
    """
    bits = rnd.getrandbits(64)
    key = (memo, bits, count) if memo is not None else None
    if key is not None:
        with _LOCK:
            remembered = _DRAWN.get(key)
        if remembered is not None:
            return [copy.deepcopy(example) for example in remembered]
    drawn: list[T] = []
    if not isinstance(strategy, st.SearchStrategy):
        strategy = strategy()

    @seed(bits)
    @settings(max_examples=count, database=None, phases=[Phase.generate], deadline=None, suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(strategy)
    def collect(example: T) -> None:
        if len(drawn) < count:
            drawn.append(example)

    collect()
    if key is not None:
        with _LOCK:
            _DRAWN[key] = [copy.deepcopy(example) for example in drawn]
    return drawn
