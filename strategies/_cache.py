"""Strategies built once per arguments, as hypothesis builds its own (``@cacheable``).

A test that draws ``data.draw(bind_card_requests(today=...))`` in its body, or a flatmap that
returns one of ours, calls the function on every example. Building and validating the whole
strategy tree again each time was most of the drawing time; the tree is immutable, so the
same arguments get the same strategy object back.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar, cast

P = ParamSpec("P")
T = TypeVar("T")


def cached_strategy(build: Callable[P, T]) -> Callable[P, T]:
    # typed: 1 and True are equal keys, and one is a valid shop id where the other is refused
    remembered = cast(Callable[..., T], functools.lru_cache(maxsize=1024, typed=True)(build))

    @functools.wraps(build)
    def strategy(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            hash((args, tuple(kwargs.values())))
        except TypeError:  # an unhashable argument: built every time, as before
            return build(*args, **kwargs)
        return remembered(*args, **kwargs)

    return strategy
