"""What the provider suite is pointed at, and how hard it tries (profiles)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final
from urllib.parse import urlsplit

from octo_conformance.core.profiles import Profile
from octo_conformance.core.selection import EVERYTHING, Selection
from octo_conformance.harness.cards import Card
from octo_conformance.harness.otp import OtpSource

PRODUCTION_HOSTS: Final = frozenset({"secure.octo.uz"})
PHASES: Final = ("scenarios", "request rules", "schemathesis properties", "state machine")
"""The provider suite's phases, in the order they run (``--only``/``--exclude`` name them)."""


@dataclass(frozen=True)
class Budget:
    """How many examples each property phase draws, and how long a scenario may wait."""

    schema_examples: int  # schemathesis cases per operation and generation mode
    rule_examples: int  # bodies per broken request rule
    machine_runs: int  # hypothesis state-machine runs
    machine_steps: int
    otp_expiry_wait: float  # longest OTP lifetime the suite waits out (s)


BUDGETS: Final = {
    Profile.QUICK: Budget(schema_examples=8, rule_examples=1, machine_runs=5, machine_steps=8, otp_expiry_wait=5.0),
    Profile.STANDARD: Budget(schema_examples=40, rule_examples=2, machine_runs=12, machine_steps=12, otp_expiry_wait=60.0),
    Profile.DEEP: Budget(schema_examples=200, rule_examples=5, machine_runs=40, machine_steps=25, otp_expiry_wait=300.0),
}  # fmt: skip


@dataclass(frozen=True)
class Shop:
    id: int
    secret: str
    secret_env: str  # where the secret came from: curl commands reference it, never print it


@dataclass(frozen=True)
class ProviderSettings:
    base_url: str
    shop: Shop
    otp: OtpSource
    today: date
    seed: int
    second_shop: Shop | None = None
    profile: Profile = Profile.STANDARD
    callback_listen: tuple[str, int] = ("127.0.0.1", 0)
    callback_url: str | None = None
    callbacks: bool = True  # False (--callback-url none): no callback can reach the sink
    callback_timeout: float = 30.0
    request_timeout: float = 10.0
    max_rps: float | None = None
    allow_production: bool = False
    cards: tuple[Card, ...] = ()  # the target's own test cards (--cards): flows bind only these
    selection: Selection = EVERYTHING  # --only / --exclude

    @property
    def budget(self) -> Budget:
        return BUDGETS[self.profile]

    @property
    def has_otp(self) -> bool:
        """Some OTP source: the run's (--otp-code, --otp-command) or a listed card's."""
        return type(self.otp) is not OtpSource or any(c.otp is not None for c in self.cards)

    @property
    def production(self) -> bool:
        return is_production(self.base_url)


def is_production(base_url: str) -> bool:
    # "secure.octo.uz." (fully qualified) is the same host
    return (urlsplit(base_url).hostname or "").lower().rstrip(".") in PRODUCTION_HOSTS
