from __future__ import annotations

from datetime import date

import pytest
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from octo_conformance.strategies import bind_card_requests, pans
from octo_conformance.strategies._cache import cached_strategy

TODAY = date(2026, 11, 29)


def test_the_same_arguments_give_the_same_strategy() -> None:
    assert pans(scheme="visa") is pans(scheme="visa")
    assert pans(scheme="visa") is not pans(scheme="humo")
    assert bind_card_requests(today=TODAY, shop_id=1) is bind_card_requests(today=TODAY, shop_id=1)


def test_an_equal_argument_of_another_type_is_checked_again() -> None:
    bind_card_requests(today=TODAY, shop_id=1)
    with pytest.raises(InvalidArgument, match="shop_id=True must be an integer"):
        bind_card_requests(today=TODAY, shop_id=True)


def test_an_unhashable_argument_is_still_checked() -> None:
    """It bypasses the cache: the argument check must still answer, not a TypeError."""
    with pytest.raises(InvalidArgument, match=r"scheme=\['visa'\] must be one of"):
        pans(scheme=["visa"])  # type: ignore[arg-type]


def test_an_unhashable_argument_builds_a_new_strategy() -> None:
    calls: list[object] = []

    @cached_strategy
    def values(choices: list[int]) -> st.SearchStrategy[int]:
        calls.append(choices)
        return st.sampled_from(choices)

    assert values([1, 2]) is not values([1, 2])
    assert len(calls) == 2
