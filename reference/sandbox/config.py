"""Sandbox settings, shared by ``octo-conformance serve`` and the ASGI app factory."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from octo_conformance.reference.sandbox.faults import FAULTS
from octo_conformance.reference.sandbox.variants import VARIANTS

DEFAULT_SHOP_ID = 10000
DEFAULT_SECRET = "sandbox-secret"
SECRET_ENV = "OCTO_SECRET"
DEFAULT_OTP = "666666"
MAX_WRONG_OTPS = 3  # C-16
TEST_CHARGE = 1000.0  # UZS, as in the document's examples
FEE_RATE = 0.02  # transfer_sum = total_sum * (1 - fee), as 980/1000 in the document


@dataclass(frozen=True)
class SandboxConfig:
    shops: dict[int, str] = field(default_factory=dict)
    db: str = ":memory:"
    otp_code: str = DEFAULT_OTP
    otp_ttl: float = 120.0  # C-41: typically 120 s live
    callback_attempts: int = 3  # C-02
    callback_retry_delay: float = 2.0  # C-49
    callback_timeout: float = 10.0  # C-34
    outbox_poll_interval: float = 0.1
    max_body_bytes: int = 64 * 1024
    faults: frozenset[str] = frozenset()
    variants: frozenset[str] = frozenset()  # legal alternative readings (variants.py)
    # the cards the processors know, as (pan, exp): only these bind ("Our BE sends a request
    # to Humo/Uzcard to verify the card details"); None: every valid card binds
    cards: frozenset[tuple[str, str]] | None = None

    def __post_init__(self) -> None:
        FAULTS.check(self.faults)
        VARIANTS.check(self.variants)
        if not (
            self.otp_code.isascii() and self.otp_code.isdigit() and 4 <= len(self.otp_code) <= 8
        ):
            raise ValueError("otp_code must be 4-8 digits")
        if self.callback_attempts < 1:
            raise ValueError("callback_attempts must be at least 1")
        if self.otp_ttl <= 0 or self.callback_retry_delay < 0 or self.callback_timeout <= 0:
            raise ValueError(
                "otp_ttl and callback_timeout must be positive, callback_retry_delay >= 0"
            )

    def fault(self, name: str) -> bool:
        """Whether fault ``name`` is on; a name the catalogue lacks is a ValueError (a typo)."""
        return FAULTS.is_on(name, self.faults)

    def accepted_rules(self, operation_id: str) -> frozenset[str]:
        """The request rules of ``operation_id`` that ``accepts:<operationId>:<rule>`` faults
        turn off."""
        prefix = f"{operation_id}:"
        chosen = FAULTS.family_parameters("accepts", self.faults)
        return frozenset(p.removeprefix(prefix) for p in chosen if p.startswith(prefix))

    def variant(self, name: str) -> bool:
        """Whether variant ``name`` is on; a name the catalogue lacks is a ValueError (a typo)."""
        return VARIANTS.is_on(name, self.variants)


def default_shops() -> tuple[dict[int, str], str]:
    """Shop 10000 with the secret from ``OCTO_SECRET``, else the documented sandbox secret."""
    secret = os.environ.get(SECRET_ENV)
    if secret:
        return {DEFAULT_SHOP_ID: secret}, f"from ${SECRET_ENV}"
    return {
        DEFAULT_SHOP_ID: DEFAULT_SECRET
    }, f"the default {DEFAULT_SECRET!r} (${SECRET_ENV} is unset)"
