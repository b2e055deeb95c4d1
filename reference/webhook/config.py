"""Webhook settings, shared by ``octo-conformance serve-webhook`` and the ASGI app factory."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

from octo_conformance.reference.webhook.faults import FAULTS
from octo_conformance.reference.webhook.variants import REFUSAL_STATUSES, VARIANTS

KEY_ENV = "OCTO_WEBHOOK_KEY"
MIN_KEY_BYTES = 16


@dataclass(frozen=True)
class WebhookConfig:
    db: str = ":memory:"
    max_body_bytes: int = 64 * 1024
    slow_seconds: float = 12.0  # the `slow` fault: beyond C-34's 10 s budget
    key: bytes | None = None  # HMAC key for PAN look-ups; None: $OCTO_WEBHOOK_KEY, else random
    faults: frozenset[str] = frozenset()
    variants: frozenset[str] = frozenset()  # legal alternative readings (variants.py)

    def __post_init__(self) -> None:
        FAULTS.check(self.faults)
        VARIANTS.check(self.variants)
        if len(statuses := sorted(self.variants & REFUSAL_STATUSES.keys())) > 1:
            raise ValueError(f"variants {', '.join(statuses)} exclude each other")
        if self.max_body_bytes < 1024:
            raise ValueError("max_body_bytes must be at least 1024")
        if self.slow_seconds < 0:
            raise ValueError("slow_seconds must be >= 0")
        if self.key is not None and len(self.key) < MIN_KEY_BYTES:
            raise ValueError(f"key must be at least {MIN_KEY_BYTES} bytes")

    def fault(self, name: str) -> bool:
        """Whether fault ``name`` is on; a name the catalogue lacks is a ValueError (a typo)."""
        return FAULTS.is_on(name, self.faults)

    def accepted_rules(self) -> frozenset[str]:
        """The callback rules ``accepts:<rule>`` faults turn off."""
        return FAULTS.family_parameters("accepts", self.faults)

    def variant(self, name: str) -> bool:
        """Whether variant ``name`` is on; a name the catalogue lacks is a ValueError (a typo)."""
        return VARIANTS.is_on(name, self.variants)

    def refusal_status(self) -> int | None:
        """The one status every refusal gets under a ``refuses-*`` variant, else None."""
        return next((REFUSAL_STATUSES[n] for n in REFUSAL_STATUSES if self.variant(n)), None)


def load_key(config: WebhookConfig) -> tuple[bytes, str]:
    """The look-up key and where it came from. A random key makes a ``--db`` file's bindings
    unmatchable after a restart, so a durable receiver sets ``OCTO_WEBHOOK_KEY``."""
    if config.key is not None:
        return config.key, "given"
    if value := os.environ.get(KEY_ENV):
        key = value.encode()
        if len(key) < MIN_KEY_BYTES:
            raise ValueError(f"{KEY_ENV} must be at least {MIN_KEY_BYTES} bytes long")
        return key, f"from ${KEY_ENV}"
    return secrets.token_bytes(32), f"random for this process (${KEY_ENV} is unset)"
