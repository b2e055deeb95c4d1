"""Drive a live reference webhook over loopback HTTP, as OCTO (and a Pact verifier) would.

Most tests share one webhook per session (see ``tests/reference/conftest.py``), reset before
each test; ``live_webhook()`` starts one of its own, for a fault, a key or a database file.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from octo_conformance.openapi.cards import luhn_check_digit
from octo_conformance.reference.serving import serve_in_thread
from octo_conformance.reference.webhook import WebhookConfig, create_app

PENDING = "a pending card binding exists"
ACTIVE = "an active card binding exists"
KEY = b"test-key-0123456789abcdef"
_CARDS = itertools.count(1)


def fresh_pan(prefix: str = "860049") -> str:
    """A Luhn-valid 16-digit card number not used before in this test run."""
    body = f"{prefix}{next(_CARDS):09d}"
    return body + luhn_check_digit(body)


@dataclass
class Octo:
    http: httpx.Client

    def state(self, action: str, state: str, **params: Any) -> httpx.Response:
        body = {"action": action, "state": state, "params": params}
        return self.http.post("/_pact/provider-states", json=body)

    def pending(self, tx: str, **changes: Any) -> dict[str, Any]:
        """Set up a pending binding; returns the full ``active`` callback that settles it."""
        card = {"shop_transaction_id": tx, "pan": fresh_pan(), "exp": "3005",
                "cardHolderName": "ALI KARIMOV"}  # fmt: skip
        card.update(changes)
        response = self.state("setup", PENDING, **card)
        assert response.status_code == 200, response.text
        return {**card, "card_token": f"token-{tx}", "status": "active"}

    def send(self, body: Any) -> httpx.Response:
        return self.http.post("/octo/callback", json=body)

    def bindings(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.http.get("/_webhook/bindings").json()["bindings"]
        return found

    def binding(self, tx: str) -> dict[str, Any] | None:
        return next((b for b in self.bindings() if b["shop_transaction_id"] == tx), None)

    def reset(self) -> None:
        """Forget every binding: a provider-state teardown for each one the webhook holds."""
        for binding in self.bindings():
            response = self.state(
                "teardown", PENDING, shop_transaction_id=binding["shop_transaction_id"]
            )
            assert response.status_code == 200, response.text
        assert self.bindings() == []


@contextmanager
def live_webhook(timeout: float = 10.0, **settings: Any) -> Iterator[Octo]:
    settings.setdefault("key", KEY)
    with (
        serve_in_thread(create_app(WebhookConfig(**settings))) as base,
        httpx.Client(base_url=base, timeout=timeout) as http,
    ):
        yield Octo(http)
