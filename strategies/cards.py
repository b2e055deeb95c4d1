"""Card numbers: valid PANs per scheme, and PANs with exactly one named defect."""

from __future__ import annotations

from functools import cache
from typing import Final

from hypothesis import strategies as st

from octo_conformance.openapi.cards import SCHEMES, BinRange, Scheme, luhn_check_digit
from octo_conformance.strategies._arguments import check_choice
from octo_conformance.strategies._cache import cached_strategy

SCHEME_NAMES: Final[tuple[str, ...]] = tuple(SCHEMES)

PAN_DEFECTS: Final[dict[str, str]] = {
    "luhn": "luhn",
    "length": "length",
    "non_digit": "charset",
    "grouped": "grouped",
    "unknown_bin": "bin",
}
"""Each kind of :func:`invalid_pans` and the ``pan`` format rule it breaks."""

_UNKNOWN_FIRST_DIGITS: Final = "0137"  # no supported scheme starts with these
_CONFUSABLES: Final = "OoIlSBZ"  # letters that OCR and hurried typing put among digits


# A flatmap calls its function on every draw. The strategies it returns are built once
# (cached): building and validating them anew for each example was most of the drawing time.


@cache
def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


@cache
def _prefixes(scheme: Scheme) -> st.SearchStrategy[str]:
    def within(r: BinRange) -> st.SearchStrategy[str]:
        return st.integers(int(r.low), int(r.high)).map(lambda n: str(n).zfill(r.width))

    return st.one_of(*(within(r) for r in scheme.ranges))


def _completed(prefix: str, length: int) -> st.SearchStrategy[str]:
    """``prefix`` followed by digits up to ``length`` with the Luhn check digit last."""
    return _digits(length - len(prefix) - 1).map(
        lambda body: prefix + body + luhn_check_digit(prefix + body)
    )


# the schemes' BIN prefixes: about 700, times the lengths of _pans_of and _wrong_length
_completed_bin = cache(_completed)


def _luhn_valid(
    prefix: st.SearchStrategy[str], length: int, *, known: bool = True
) -> st.SearchStrategy[str]:
    """``known``: the prefixes are a scheme's BIN prefixes, few enough to build each once."""
    complete = _completed_bin if known else _completed
    return prefix.flatmap(lambda p: complete(p, length))


@cache
def _of_length(scheme: Scheme, length: int) -> st.SearchStrategy[str]:
    return _luhn_valid(_prefixes(scheme), length)


@cache
def _pans_of(scheme: Scheme, lengths: tuple[int, ...] | None = None) -> st.SearchStrategy[str]:
    chosen = lengths or scheme.lengths
    return st.sampled_from(chosen).flatmap(lambda n: _of_length(scheme, n))


@cached_strategy
def pans(*, scheme: str | None = None) -> st.SearchStrategy[str]:
    """Luhn-valid card numbers of ``scheme`` (``humo``, ``uzcard``, ``visa``, ``mastercard``;
    any of them when None), with the scheme's BIN range and length."""
    check_choice("scheme", scheme, SCHEME_NAMES)
    names = (scheme,) if scheme else SCHEME_NAMES
    return st.sampled_from(names).flatmap(lambda name: _pans_of(SCHEMES[name]))


@cached_strategy
def invalid_pans(*, kind: str | None = None, scheme: str = "humo") -> st.SearchStrategy[str]:
    """Card numbers with exactly one defect: ``kind`` is a key of :data:`PAN_DEFECTS`
    (any kind when None). The defect is applied to a ``scheme`` card, except ``unknown_bin``."""
    check_choice("kind", kind, PAN_DEFECTS)
    check_choice("scheme", scheme, SCHEME_NAMES, optional=False)
    base = SCHEMES[scheme]
    builders = {
        "luhn": lambda: _with_wrong_check_digit(base),
        "length": lambda: _wrong_length(base),
        "non_digit": lambda: _with_letter(base),
        "grouped": lambda: _grouped(base),
        "unknown_bin": _unknown_bin,
    }
    kinds = (kind,) if kind else tuple(PAN_DEFECTS)
    return st.one_of(*(builders[k]() for k in kinds))


def _with_wrong_check_digit(scheme: Scheme) -> st.SearchStrategy[str]:
    return st.tuples(_pans_of(scheme), st.integers(1, 9)).map(
        lambda t: t[0][:-1] + str((int(t[0][-1]) + t[1]) % 10)
    )


def _wrong_length(scheme: Scheme) -> st.SearchStrategy[str]:
    # Luhn-valid and with the right BIN, one to four digits too short or too long
    wrong = tuple(n for n in range(12, 21) if n not in scheme.lengths)
    return st.sampled_from(wrong).flatmap(lambda n: _of_length(scheme, n))


@cache
def _letter_spots(length: int) -> st.SearchStrategy[tuple[int, str]]:
    return st.tuples(st.integers(6, length - 1), st.sampled_from(_CONFUSABLES))


def _with_letter(scheme: Scheme) -> st.SearchStrategy[str]:
    def replace(pan: str) -> st.SearchStrategy[str]:
        return _letter_spots(len(pan)).map(lambda t: pan[: t[0]] + t[1] + pan[t[0] + 1 :])

    return _pans_of(scheme).flatmap(replace)


def _grouped(scheme: Scheme) -> st.SearchStrategy[str]:
    def group(pan: str, separator: str) -> str:
        return separator.join(pan[i : i + 4] for i in range(0, len(pan), 4))

    return st.tuples(_pans_of(scheme), st.sampled_from(" -")).map(lambda t: group(*t))


def _unknown_bin() -> st.SearchStrategy[str]:
    return _luhn_valid(
        st.tuples(st.sampled_from(_UNKNOWN_FIRST_DIGITS), _digits(5)).map("".join), 16, known=False
    )
