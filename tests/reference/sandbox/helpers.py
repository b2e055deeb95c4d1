"""Drive a live sandbox over loopback HTTP, as a partner would."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from reference.sandbox import SandboxConfig, create_app
from reference.serving import serve_in_thread
from tests.reference.receiver import Receiver

SHOP, SECRET = 10000, "sandbox-secret"
OTHER_SHOP, OTHER_SECRET = 20000, "other-secret"
HUMO_PAN = "9860240101226506"
VISA_PAN = "4111111111111111"


@dataclass
class Partner:
    http: httpx.Client
    receiver: Receiver

    def post(self, path: str, body: Any) -> dict[str, Any]:
        response = self.http.post(path, json=body)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    def bind(self, **changes: Any) -> dict[str, Any]:
        body = {
            "octo_shop_id": SHOP, "octo_secret": SECRET, "shop_transaction_id": changes.pop("tx", "tx-1"),
            "pan": HUMO_PAN, "exp": "3005", "phone": "998901234567", "cardHolderName": "ALI KARIMOV",
            "cvc2": "", "method": "humo", "return_url": "http://127.0.0.1:9/return",
            "notify_url": self.receiver.url, "bind_notify_url": self.receiver.url,
        }  # fmt: skip
        body.update(changes)
        return self.post("/bind_card", {k: v for k, v in body.items() if v is not ...})

    def info(self, payment_uuid: str) -> dict[str, Any]:
        return self.post("/verificationInfo/", {"octo_payment_UUID": payment_uuid})

    def confirm(
        self, payment_uuid: str, code: str = "666666", verify_id: int | None = None, **changes: Any
    ) -> dict[str, Any]:
        if verify_id is None:
            verify_id = self.info(payment_uuid)["data"]["verifyId"]
        body = {
            "octo_shop_id": SHOP,
            "octo_secret": SECRET,
            "smsKey": code,
            "paymentUUID": payment_uuid,
            "verifyId": verify_id,
        }
        body.update(changes)
        return self.post("/bind_card/check_sms_key", body)

    def block(self, token: str, shop: int = SHOP, secret: str = SECRET) -> dict[str, Any]:
        return self.post(
            "/block_card_token", {"octo_shop_id": shop, "octo_secret": secret, "card_token": token}
        )

    def bound_token(self, **changes: Any) -> str:
        """A complete humo binding, acknowledged; returns the token from the callback."""
        before = len(self.receiver.received)
        payment = self.bind(**changes)["data"]["octo_payment_UUID"]
        assert self.confirm(payment)["error"] == 0
        token: str = self.receiver.wait_for(before + 1)[before]["card_token"]
        return token


class Clock:
    """Real time plus an offset the test can push forward (OTP expiry without sleeping)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@contextmanager
def live_sandbox(clock: Clock | None = None, **settings: Any) -> Iterator[Partner]:
    settings.setdefault("shops", {SHOP: SECRET, OTHER_SHOP: OTHER_SECRET})
    settings.setdefault("callback_retry_delay", 0.05)
    settings.setdefault("outbox_poll_interval", 0.02)
    app = create_app(SandboxConfig(**settings), clock=clock or Clock())
    with (
        Receiver().running() as receiver,
        serve_in_thread(app) as base,
        httpx.Client(base_url=base, timeout=10) as http,
    ):
        yield Partner(http, receiver)


def wait_until(predicate: Any, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError("condition not reached in time")
