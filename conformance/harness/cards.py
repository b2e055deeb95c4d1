"""Test cards for the scenarios: generated (fresh, valid and unique per run), the target's own
listed cards (``--cards``), or public test PANs only.

Scenarios need cards the target has never seen (a card bound by an earlier run on a shared
sandbox would be answered with error 20), so generated numbers mix the seed with a per-run
nonce. Against production (``--allow-production``) only the public test PANs are handed out,
each once.

A target that binds only its own test cards gets them from ``--cards``: a scenario *leases* a
listed card and gives it back when it ends (:meth:`CardPool.release`); the suite frees it at
the target first (blocks its token), so the next scenario binds it afresh. A scenario that needs
more cards of a method at once than are listed is skipped, and one that finds them all leased
waits for one. Generated cards are still used where a refusal is expected (broken bodies).
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from octo_conformance.errors import NoCardAvailable
from octo_conformance.harness.otp import OtpSource
from octo_conformance.openapi.cards import luhn_check_digit
from octo_conformance.openapi.expiry import add_months, to_yymm

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
    otp: OtpSource | None = field(default=None, compare=False)  # where it differs from the run's
    listed: bool = False  # one of the target's own cards (--cards)


class CardPool:
    def __init__(
        self,
        *,
        seed: int,
        nonce: int,
        today: date,
        production: bool,
        listed: Iterable[Card] = (),
        lease_wait: float = 60.0,
    ) -> None:
        self._random = random.Random(f"{seed}:{nonce}")
        self._today = today
        self._production = production
        self._spent: set[str] = set()
        self._lock = threading.Lock()
        self.listed = tuple(listed)
        self._holder: dict[str, str] = {}  # listed PAN -> the scenario leasing it
        self._given_back = threading.Condition(self._lock)
        self._lease_wait = lease_wait

    def card(self, method: str, *, owner: str = "") -> Card:
        """A card to bind: a listed one leased to ``owner`` when cards are listed, else a
        generated (or, against production, a public test) card."""
        if self.listed:
            return self._lease(method, owner)
        return self.generated(method)

    def _lease(self, method: str, owner: str) -> Card:
        mine = [c for c in self.listed if c.method == method]
        if not mine:
            raise NoCardAvailable(f"--cards lists no {method} card")
        with self._given_back:
            held = sum(self._holder.get(c.pan) == owner for c in mine)
            if held >= len(mine):
                raise NoCardAvailable(
                    f"needs {held + 1} {method} cards at once; --cards lists {len(mine)}"
                )
            free = self._given_back.wait_for(
                lambda: [c for c in mine if c.pan not in self._holder], self._lease_wait
            )
            if not free:
                raise NoCardAvailable(
                    f"every listed {method} card stayed in use for {self._lease_wait:g} s"
                )
            self._holder[free[0].pan] = owner
            return free[0]

    def leased_by(self, owner: str) -> list[Card]:
        with self._lock:
            return [c for c in self.listed if self._holder.get(c.pan) == owner]

    def release(self, owner: str) -> None:
        """Give back every card ``owner`` leased (freed at the target by the caller first)."""
        with self._given_back:
            for pan in [p for p, o in self._holder.items() if o == owner]:
                del self._holder[pan]
            self._given_back.notify_all()

    def generated(self, method: str) -> Card:
        """A generated card never sent before (a public test PAN against production)."""
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
