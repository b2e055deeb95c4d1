"""Uzbek mobile numbers ``998XXXXXXXXX`` and numbers with one named defect."""

from __future__ import annotations

from typing import Final

from hypothesis import strategies as st

from octo_conformance.strategies._arguments import check_choice
from octo_conformance.strategies._cache import cached_strategy

OPERATOR_CODES: Final[tuple[str, ...]] = (
    "90", "91", "93", "94", "95", "97", "98", "99", "88", "77", "33", "50", "55", "20",
)  # fmt: skip
"""Mobile operator codes in use in Uzbekistan (Beeline, Ucell, Uzmobile, Mobiuz, Humans, ...)."""

PHONE_DEFECTS: Final[dict[str, str]] = {
    "plus": "charset",
    "spaces": "charset",
    "letters": "charset",
    "local": "length",
    "foreign": "country",
}
"""Each kind of :func:`invalid_phones` and the ``uz-phone`` format rule it breaks."""

_subscriber = st.text(alphabet="0123456789", min_size=7, max_size=7)


@cached_strategy
def phones(*, operator: str | None = None) -> st.SearchStrategy[str]:
    """``998`` + an operator code (one of :data:`OPERATOR_CODES`) + seven digits."""
    check_choice("operator", operator, OPERATOR_CODES)
    codes = st.just(operator) if operator else st.sampled_from(OPERATOR_CODES)
    return st.tuples(codes, _subscriber).map(lambda t: "998" + t[0] + t[1])


@cached_strategy
def invalid_phones(*, kind: str | None = None) -> st.SearchStrategy[str]:
    """Phones with exactly one defect; ``kind`` is a key of :data:`PHONE_DEFECTS`."""
    check_choice("kind", kind, PHONE_DEFECTS)
    valid = phones()
    builders = {
        "plus": lambda: valid.map(lambda p: "+" + p),
        "spaces": lambda: valid.map(lambda p: f"{p[:3]} {p[3:5]} {p[5:8]} {p[8:10]} {p[10:]}"),
        "letters": lambda: st.tuples(valid, st.integers(3, 11), st.sampled_from("OolIx")).map(
            lambda t: t[0][: t[1]] + t[2] + t[0][t[1] + 1 :]
        ),
        "local": lambda: valid.map(lambda p: p[3:]),
        "foreign": lambda: st.tuples(st.sampled_from(("996", "992", "995")), _subscriber).map(
            lambda t: t[0] + "70" + t[1]
        ),
    }
    kinds = (kind,) if kind else tuple(PHONE_DEFECTS)
    return st.one_of(*(builders[k]() for k in kinds))
