"""``--cards FILE``: the target's own test cards, for a target that binds only real cards.

The file is YAML, a list of cards (or a mapping with one key, ``cards``)::

    cards:
      - pan: "9860123412341234"   # quote numbers: YAML would drop a leading zero
        exp: "2912"               # YYMM
        phone: "998901234567"
        method: humo              # humo, uzcard or bank_card
        holder: ALI KARIMOV
        cvc2: ""                  # bank_card cards only (optional)
        otp: "666666"             # optional: this card's OTP, where it differs from --otp-code
        otp_command: ./otp.sh     # ... or the command printing it (it gets the payment UUID)

Each card is checked against the document's own rules for these fields (``openapi.rules``), as
a bind_card body would be; a mistake names the file, the card's number and the field, never
the PAN (it is shown masked). Against production only the public test PANs may be listed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Final

import yaml

from octo_conformance.errors import UsageError
from octo_conformance.harness.cards import PUBLIC_TEST_PANS, Card
from octo_conformance.harness.otp import CommandOtp, FixedOtp, OtpSource
from octo_conformance.openapi.cards import mask_pan
from octo_conformance.openapi.rules import request_violations

CARD_FIELDS: Final = ("pan", "exp", "phone", "method", "holder")
OPTIONAL_FIELDS: Final = ("cvc2", "otp", "otp_command")
_BODY_FIELD: Final = {"holder": "cardHolderName"}  # the card file's name -> the body's


def load_cards(path: Path, *, today: date, production: bool, option: str) -> tuple[Card, ...]:
    """The cards of ``path``, each checked; raises :class:`UsageError` naming ``option``."""
    where = f"{option} {path}"
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{where}: cannot read it ({exc.strerror or exc})") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" (line {mark.line + 1})" if mark is not None else ""
        raise UsageError(f"{where}: not valid YAML{at}") from None
    if isinstance(document, dict) and set(document) == {"cards"}:
        document = document["cards"]
    if not isinstance(document, list) or not document:
        raise UsageError(f"{where}: expected a non-empty list of cards (or 'cards:' with one)")
    cards = tuple(
        _card(entry, f"{where}: card {n}", today=today, production=production)
        for n, entry in enumerate(document, start=1)
    )
    seen: set[str] = set()
    for n, card in enumerate(cards, start=1):
        if card.pan in seen:
            raise UsageError(f"{where}: card {n}: {mask_pan(card.pan)} is listed twice")
        seen.add(card.pan)
    return cards


def _card(entry: Any, where: str, *, today: date, production: bool) -> Card:
    if not isinstance(entry, dict):
        raise UsageError(f"{where}: expected a mapping of {', '.join(CARD_FIELDS)}")
    unknown = sorted(str(k) for k in entry if k not in (*CARD_FIELDS, *OPTIONAL_FIELDS))
    if unknown:
        known = ", ".join((*CARD_FIELDS, *OPTIONAL_FIELDS))
        raise UsageError(f"{where}: unknown field {', '.join(unknown)} (the fields: {known})")
    missing = [f for f in CARD_FIELDS if entry.get(f) in (None, "")]
    if missing:
        raise UsageError(f"{where}: {', '.join(missing)} missing")
    values = {k: _text(entry[k]) for k in (*CARD_FIELDS, "cvc2") if k in entry}
    pan = values["pan"]
    shown = mask_pan(pan) if pan.isdigit() else "the PAN"
    if production and pan not in PUBLIC_TEST_PANS:
        raise UsageError(
            f"{where}: {shown} is not a public test PAN; against production only"
            f" {', '.join(mask_pan(p) for p in PUBLIC_TEST_PANS)} may be sent (C-51)"
        )
    body = {_BODY_FIELD.get(k, k): v for k, v in values.items()}
    body.setdefault("cvc2", "")
    broken = [v for v in request_violations("bindCard", body, today=today) if v.field in body]
    if broken:
        # the rule's name and the field, not the message: a message may quote the value
        named = ", ".join(f"{v.field} breaks {v.rule}" for v in broken)
        raise UsageError(f"{where} ({shown}): {named}")
    return Card(
        pan=pan,
        exp=values["exp"],
        phone=values["phone"],
        holder=values["holder"],
        cvc2=body["cvc2"],
        method=values["method"],
        otp=_otp(entry, where),
        listed=True,
    )


def _text(value: Any) -> str:
    """A YAML scalar as text: ``2912`` and ``"2912"`` alike (a list or mapping is kept as
    its repr, which the rules then refuse)."""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _otp(entry: dict[str, Any], where: str) -> OtpSource | None:
    code, command = entry.get("otp"), entry.get("otp_command")
    if code is not None and command is not None:
        raise UsageError(f"{where}: otp and otp_command exclude each other")
    try:
        if code is not None:
            return FixedOtp(_text(code))
        if command is not None:
            return CommandOtp(_text(command))
    except ValueError as exc:
        message = str(exc).replace("--otp-code", "otp").replace("--otp-command", "otp_command")
        raise UsageError(f"{where}: {message}") from None
    return None
