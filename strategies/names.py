"""Cardholder names in the scripts an Uzbek card carries or a partner stores."""

from __future__ import annotations

from typing import Final

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from octo_conformance.strategies._arguments import check_choice
from octo_conformance.strategies._cache import cached_strategy

MAX_NAME_LENGTH: Final = 255  # C-19

_LATIN: Final = (
    ("ALI", "AZIZ", "BOBUR", "DILNOZA", "JASUR", "KAMOLA", "NODIRA", "SARDOR", "ZARINA"),
    ("KARIMOV", "KARIMOVA", "YUSUPOV", "RAHIMOVA", "ABDULLAEV", "TOSHMATOV", "SAIDOVA"),
)
# Uzbek Latin: oʻ/gʻ (U+02BB), tutuq belgisi ʼ (U+02BC), and the ‘ ’ ' forms keyboards produce
_UZBEK: Final = (
    ("Oʻtkir", "Gʻayrat", "Saʼdulla", "Maʼrifat", "O‘g‘iloy", "Sa'dulla", "Shoira", "Oʻlmas"),
    ("Toʻraqulov", "Gʻulomov", "Qoʻchqorov", "Neʼmatov", "G‘ofurova", "O'rinboyev", "Xoʻjayev"),
)
_CYRILLIC: Final = (
    ("Алишер", "Дилноза", "Ўткир", "Ғайрат", "Шоира", "Иван", "Ҳилола"),
    ("Қодиров", "Ғуломов", "Ҳасанова", "Иванов", "Тўрақулов", "Юсупова"),
)
_SCRIPTS: Final = {"latin": _LATIN, "uzbek": _UZBEK, "cyrillic": _CYRILLIC}
_ALPHABETS: Final = {
    "latin": "ABDEFGHIJKLMNOPQRSTUVXYZ",
    "uzbek": "abdefghijklmnopqrstuvxyzʻʼ",
    "cyrillic": "абвгдеёжзийклмнопрстуфхцчшъыьэюяўқғҳ",
}
_SUFFIXES: Final = ("o‘g‘li", "qizi", "ugli", "угли", "қизи")

SCRIPT_NAMES: Final[tuple[str, ...]] = tuple(_SCRIPTS)

NAME_DEFECTS: Final[dict[str, str]] = {"empty": "empty", "blank": "blank", "too_long": "length"}
"""Each kind of :func:`invalid_card_holder_names` and the ``cardHolderName`` rule it breaks."""


def _words(script: str) -> st.SearchStrategy[str]:
    given, family = _SCRIPTS[script]
    invented = st.text(alphabet=_ALPHABETS[script], min_size=2, max_size=12).map(
        lambda w: w[0].upper() + w[1:]
    )
    return st.one_of(st.sampled_from(given + family), invented)


def _name_in(script: str, long: bool) -> st.SearchStrategy[str]:
    given, family = _SCRIPTS[script]
    if not long:
        return st.tuples(st.sampled_from(given), st.sampled_from(family)).map(" ".join)
    parts = st.lists(_words(script), min_size=4, max_size=10)
    suffix = st.sampled_from(_SUFFIXES)
    return (
        st.tuples(parts, suffix)
        .map(lambda t: " ".join([*t[0], t[1]]))
        .filter(lambda name: len(name) >= 40)
        .map(lambda name: name[:MAX_NAME_LENGTH].rstrip())
    )


@cached_strategy
def card_holder_names(*, script: str | None = None, long: bool = False) -> st.SearchStrategy[str]:
    """Names as partners send them: ``script`` is ``latin`` (embossed, upper case),
    ``uzbek`` (with oʻ, gʻ and ʼ in their several spellings) or ``cyrillic`` (Uzbek and Russian);
    any when None. ``long=True`` gives names of 40 to 255 characters."""
    check_choice("script", script, SCRIPT_NAMES)
    if not isinstance(long, bool):
        raise InvalidArgument(f"long={long!r} must be True or False")
    scripts = (script,) if script else SCRIPT_NAMES
    return st.one_of(*(_name_in(s, long) for s in scripts))


@cached_strategy
def invalid_card_holder_names(*, kind: str | None = None) -> st.SearchStrategy[str]:
    """Names with exactly one defect; ``kind`` is a key of :data:`NAME_DEFECTS`."""
    check_choice("kind", kind, NAME_DEFECTS)
    builders = {
        "empty": lambda: st.just(""),
        "blank": lambda: st.text(alphabet=" \t\u00a0", min_size=1, max_size=5),
        "too_long": lambda: st.integers(MAX_NAME_LENGTH + 1, MAX_NAME_LENGTH + 100).map(
            lambda n: ("ALI KARIMOV " * 40)[: n - 1] + "V"
        ),
    }
    kinds = (kind,) if kind else tuple(NAME_DEFECTS)
    return st.one_of(*(builders[k]() for k in kinds))
