"""The leak gate: scan written artefacts for anything that must never be written (C-50)."""

from __future__ import annotations

import re
from pathlib import Path

from octo_conformance.masking import phone_pattern


def scan(paths: list[Path], sensitive: dict[str, set[str]]) -> list[str]:
    """``"<file>: <kind>"`` for each artefact holding a sensitive value (the value is not named)."""
    hits = []
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        for kind, values in sensitive.items():
            if kind == "cvc2":
                continue  # three digits occur everywhere; cvc2 fields are masked by key instead
            if any(value and _holds(text, value, kind) for value in values):
                hits.append(f"{path}: holds a {kind}")
    return hits


def _holds(text: str, value: str, kind: str) -> bool:
    if kind == "otp":  # a code is a whole number, not a digit run inside a longer one, nor the
        # hex digits of a JSON escape (a control character in a body is written \u0000)
        return re.search(rf"(?<!\d)(?<!\\u){re.escape(value)}(?!\d)", text) is not None
    if kind == "phone":  # where the masker masks it: a whole number, not part of a PAN
        return value in text and phone_pattern(value).search(text) is not None
    return value in text
