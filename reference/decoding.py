"""The one JSON decoder of both reference servers: what it returns can always be stored, shown
and encoded again.

``json.loads`` alone accepts what later breaks a server: duplicate keys (the last one wins, so a
wrong secret followed by the right one would authenticate), ``1e400`` (a float infinity no JSON
encoder writes back), lone surrogates (``"\\ud800"``: no UTF-8 encoder writes them back) and
nesting deep enough to exhaust the recursion limit somewhere later. Each is refused here with
a :class:`BodyRejected` naming what is wrong, never quoting the body.
"""

from __future__ import annotations

import json
import math
from typing import Any, Final

MAX_DEPTH: Final = 32  # the deepest document body is 2 levels; 32 leaves room for any client


class BodyRejected(ValueError):
    """The body is no JSON the server will keep; the message says why (never the body)."""


def decode_json(raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BodyRejected("request body is not valid JSON (not UTF-8)") from None
    try:
        value = json.loads(
            text,
            object_pairs_hook=_without_duplicates,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
        )
    except RecursionError:
        raise BodyRejected("request body nests too deeply") from None
    except BodyRejected:
        raise
    except ValueError as exc:  # JSONDecodeError, an integer of too many digits
        raise BodyRejected(f"request body is not valid JSON ({type(exc).__name__})") from None
    _check(value, 0)
    return value


def _without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise BodyRejected(
                f"request body is not valid JSON here (the key {_printable(key)!r} repeats)"
            )
        found[key] = value
    return found


def _reject_constant(name: str) -> None:
    raise BodyRejected(f"request body is not valid JSON ({name} is no JSON number)")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise BodyRejected("request body is not valid JSON here (a number beyond a double)")
    return value


def _check(value: Any, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise BodyRejected(f"request body nests too deeply (more than {MAX_DEPTH} levels)")
    if isinstance(value, str):
        _check_text(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BodyRejected(
            "request body is not valid JSON here (a lone surrogate, \\ud800-\\udfff)"
        ) from None


def _printable(key: str) -> str:
    return key.encode("utf-8", "replace").decode("utf-8")[:40]
