"""Test cards for the scenarios: fresh, valid and unique per run, or public test PANs only.

Scenarios need cards the target has never seen (a card bound by an earlier run on a shared
sandbox would be answered with error 20), so the numbers mix the seed with a per-run nonce.
Against production (``--allow-production``) only the public test PANs are handed out, each once.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from datetime import date
from typing import Final

from conformance.errors import NoCardAvailable
from openapi.cards import luhn_check_digit
from openapi.expiry import add_months, to_yymm

# public test PANs (field notes): the only cards sent to production, and only with consent
PUBLIC_TEST_PANS: Final = ("4111111111111111", "4242424242424242", "5555555555554444")
_PREFIXES = {
    "humo": ("9860",),
    "uzcard": ("8600",),
    "bank_card": ("4", "51", "52", "53", "54", "55"),
}
# zone A (openapi/zones.py): names as embossed on a card; Cyrillic and Uzbek Latin names are
# the grey zone for a provider, and the webhook suite sends them on purpose (HOOK-ACK-007)
_NAMES = (
    "ALI KARIMOV",
    "ALISHER NAVOIY",
    "OGILOY TORAYEVA",
    "DILNOZA YUSUPOVA",
    "JASUR OKTAMOV",
)


@dataclass(frozen=True)
class Card:
    pan: str
    exp: str  # YYMM
    phone: str
    holder: str
    cvc2: str
    method: str


class CardPool:
    def __init__(self, *, seed: int, nonce: int, today: date, production: bool) -> None:
        self._random = random.Random(f"{seed}:{nonce}")
        self._today = today
        self._production = production
        self._spent: set[str] = set()
        self._lock = threading.Lock()

    def card(self, method: str) -> Card:
        with self._lock:
            rnd = self._random
            if self._production:
                pan = next(
                    (p for p in PUBLIC_TEST_PANS if p not in self._spent and method == "bank_card"),
                    None,
                )
                if pan is None:
                    raise NoCardAvailable(
                        f"no unused public test PAN for method {method} (production mode)"
                    )
            else:
                while True:
                    prefix = rnd.choice(_PREFIXES[method])
                    body = prefix + "".join(
                        rnd.choice("0123456789") for _ in range(15 - len(prefix))
                    )
                    pan = body + luhn_check_digit(body)
                    if pan not in self._spent:
                        break
            self._spent.add(pan)
            year, month = add_months(self._today.year, self._today.month, rnd.randint(3, 60))
            return Card(
                pan=pan,
                exp=to_yymm(year, month),
                phone="99890" + "".join(rnd.choice("0123456789") for _ in range(7)),
                holder=rnd.choice(_NAMES),
                cvc2="" if method != "bank_card" else f"{rnd.randint(0, 999):03d}",
                method=method,
            )
