"""Card-data masking for everything the suite writes (C-50).

Every PAN the suite sends or receives, every secret, OTP, CVC2 and cardholder phone it uses is
registered here; :meth:`Masker.text` removes them from any string, and any other run of 13-19
digits is shown as ``first6…last4`` as well, so a PAN the suite never saw (one a target made up)
is masked too. A phone is shown as the live API shows it (C-40): ``99890*****67``.
"""

from __future__ import annotations

import json
import re
import threading
from typing import Final

from octo_conformance.openapi.cards import mask_pan

SECRET_MASK: Final = "***"
OTP_MASK: Final = "••••••"
_DIGIT_RUN = re.compile(r"(?<!\d)\d{13,19}(?!\d)")
_PHONE_DIGITS = re.compile(r"\+?([0-9]{9,15})")  # E.164: at most 15 digits, "+" optional
_CVC_FIELD = re.compile(r'("(?:cvc2|cvv2?|cvc)"\s*:\s*"?)[^",}\s]*("?)', re.IGNORECASE)


class Masker:
    def __init__(self) -> None:
        self._secrets: set[str] = set()
        self._otps: set[str] = set()
        self._pans: set[str] = set()
        self._cvcs: set[str] = set()
        self._phones: set[str] = set()
        self._lock = threading.Lock()
        # the registered values longest first, as text() applies them; sorted again only after
        # a new value (a run masks thousands of texts and registers hundreds of values)
        self._ordered: tuple[list[str], list[str], list[str], list[str]] | None = None

    def _add(self, values: set[str], value: str) -> None:
        """Under the lock."""
        if value not in values:
            values.add(value)
            self._ordered = None

    def secret(self, value: str) -> None:
        if value:
            with self._lock:
                self._add(self._secrets, value)
                # and as it stands inside a JSON string (request bodies, report.json)
                for ascii_only in (True, False):
                    self._add(self._secrets, json.dumps(value, ensure_ascii=ascii_only)[1:-1])

    def otp(self, value: str) -> None:
        if len(value) >= 4:  # shorter strings would mask ordinary text
            with self._lock:
                self._add(self._otps, value)

    def pan(self, value: str) -> None:
        if len(value) >= 12:
            with self._lock:
                self._add(self._pans, value)

    def cvc(self, value: str) -> None:
        if value:
            with self._lock:
                self._cvcs.add(value)

    def phone(self, value: str) -> None:
        """A phone number, ``998901234567`` or ``+998901234567``; anything else (too short to be
        a phone, or with spaces or letters) is not registered: it would mask ordinary text."""
        found = _PHONE_DIGITS.fullmatch(value)
        if found:
            with self._lock:
                self._add(self._phones, found.group(1))

    def sensitive(self) -> dict[str, set[str]]:
        """What must never appear in an artefact (for the leak scan and tests)."""
        with self._lock:
            return {
                "secret": set(self._secrets),
                "otp": set(self._otps),
                "pan": set(self._pans),
                "cvc2": set(self._cvcs),
                "phone": set(self._phones),
            }

    def absorb(self, other: Masker) -> None:
        """Also mask everything ``other`` masks (one report over several suites' runs)."""
        with other._lock:
            found = [
                set(kind)
                for kind in (other._secrets, other._otps, other._pans, other._cvcs, other._phones)
            ]
        with self._lock:
            mine = (self._secrets, self._otps, self._pans, self._cvcs, self._phones)
            for values, theirs in zip(mine, found, strict=True):
                values |= theirs
            self._ordered = None

    def text(self, value: str) -> str:
        with self._lock:
            if self._ordered is None:
                self._ordered = (
                    _longest_first(self._secrets),
                    _longest_first(self._pans),
                    _longest_first(self._otps),
                    _longest_first(self._phones),
                )
            secrets, pans, otps, phones = self._ordered
        # ``in`` first: a run registers hundreds of values, and most texts hold none of them
        for secret in secrets:
            if secret in value:
                value = value.replace(secret, SECRET_MASK)
        for pan in pans:
            if pan in value:
                value = value.replace(pan, mask_pan(pan))
        value = _DIGIT_RUN.sub(lambda m: mask_pan(m.group(0)), value)
        for phone in phones:
            if phone in value:
                value = phone_pattern(phone).sub(mask_phone(phone), value)
        for otp in otps:
            if otp in value:
                value = re.sub(rf"(?<!\d){re.escape(otp)}(?!\d)", OTP_MASK, value)
        return _CVC_FIELD.sub(lambda m: f"{m.group(1)}{'*' * 3}{m.group(2)}", value)


def _longest_first(values: set[str]) -> list[str]:
    return sorted(values, key=len, reverse=True)


def mask_phone(phone: str) -> str:
    """``99890*****67``: the country and operator code, asterisks, the last two digits (C-40);
    a local number (no country code) keeps its operator code only: ``90*****67``."""
    keep = min(5, len(phone) - 7)
    return phone[:keep] + "*" * (len(phone) - keep - 2) + phone[-2:]


def phone_pattern(phone: str) -> re.Pattern[str]:
    """``phone`` as a whole number, not a digit run inside a longer one (a PAN, a reference):
    where :meth:`Masker.text` masks it, and so where the leak gate looks for it."""
    return re.compile(rf"(?<!\d){re.escape(phone)}(?!\d)")
