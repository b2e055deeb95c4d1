"""YYMM expiry dates relative to an explicit ``today``, valid and with one named defect."""

from __future__ import annotations

from datetime import date
from typing import Final

from hypothesis import strategies as st

from octo_conformance.openapi.expiry import add_months, to_yymm
from octo_conformance.strategies._arguments import check_choice, check_date, check_int
from octo_conformance.strategies._cache import cached_strategy

EXPIRY_DEFECTS: Final[dict[str, str]] = {
    "expired": "expired",
    "month_00": "month",
    "month_13": "month",
    "mmyy": "month",
    "three_digits": "format",
    "five_digits": "format",
    "slash": "format",
}
"""Each kind of :func:`invalid_expiry_dates` and the ``exp`` rule it breaks."""


def _months_from(today: date, low: int, high: int) -> st.SearchStrategy[tuple[int, int]]:
    return st.integers(low, high).map(lambda n: add_months(today.year, today.month, n))


@cached_strategy
def expiry_dates(*, today: date, max_years_ahead: int = 10) -> st.SearchStrategy[str]:
    """Cards valid on ``today``: YYMM from today's month up to ``max_years_ahead`` years on."""
    check_date("today", today)
    check_int("max_years_ahead", max_years_ahead, low=0, high=2099 - today.year)
    return _months_from(today, 0, 12 * max_years_ahead).map(lambda ym: to_yymm(*ym))


@cached_strategy
def invalid_expiry_dates(*, today: date, kind: str | None = None) -> st.SearchStrategy[str]:
    """Expiry dates with exactly one defect on ``today``; ``kind`` is a key of
    :data:`EXPIRY_DEFECTS` (any kind when None)."""
    check_date("today", today)
    check_choice("kind", kind, EXPIRY_DEFECTS)
    future = _months_from(today, 1, 120)
    months_back = min(120, (today.year - 2000) * 12 + today.month - 1)
    builders = {
        "expired": lambda: _months_from(today, -months_back, -1).map(lambda ym: to_yymm(*ym)),
        "month_00": lambda: st.integers(0, 99).map(lambda yy: f"{yy:02d}00"),
        "month_13": lambda: st.tuples(st.integers(0, 99), st.integers(13, 99)).map(
            lambda t: f"{t[0]:02d}{t[1]:02d}"
        ),
        # MMYY order, as Payme and Click want it: the year lands where the month belongs
        "mmyy": lambda: future.filter(lambda ym: ym[0] % 100 > 12).map(
            lambda ym: f"{ym[1]:02d}{ym[0] % 100:02d}"
        ),
        "three_digits": lambda: future.map(lambda ym: to_yymm(*ym)[1:]),
        "five_digits": lambda: st.tuples(future, st.integers(0, 9)).map(
            lambda t: to_yymm(*t[0]) + str(t[1])
        ),
        "slash": lambda: future.map(lambda ym: f"{ym[1]:02d}/{ym[0] % 100:02d}"),
    }
    kinds = (kind,) if kind else tuple(EXPIRY_DEFECTS)
    return st.one_of(*(builders[k]() for k in kinds))
