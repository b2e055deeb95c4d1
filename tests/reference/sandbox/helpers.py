"""Drive a live sandbox over loopback HTTP, as a partner would.

Callbacks go to the harness's callback sink (``conformance.harness.sink.CallbackSink``): one per
test process (:func:`shared_sink`; stopping a sink takes up to half a second), seen through
:class:`Callbacks`. Each partner's ``shop_transaction_id``s carry a prefix of their own, so no
partner sees another's callbacks. Most tests share one sandbox per session (see
``tests/reference/conftest.py``), reset before each test; ``live_sandbox()`` starts a sandbox of
its own, for a fault or a special setting.
"""

from __future__ import annotations

import atexit
import functools
import itertools
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from octo_conformance.harness.sink import CallbackSink
from octo_conformance.reference.sandbox import SandboxConfig, create_app
from octo_conformance.reference.serving import serve_in_thread

SHOP, SECRET = 10000, "sandbox-secret"
OTHER_SHOP, OTHER_SECRET = 20000, "other-secret"
HUMO_PAN = "9860240101226506"
VISA_PAN = "4111111111111111"
CLEAN_SANDBOX = {"action": "setup", "state": "", "params": {}}  # setup always starts empty
_PARTNERS = itertools.count(1)


@functools.cache
def shared_sink() -> CallbackSink:
    """The test process's callback sink, started on first use, serving until the process ends."""
    serving = ExitStack()
    sink = serving.enter_context(CallbackSink().serving())
    atexit.register(serving.close)
    return sink


class Plans:
    """``callbacks.plan[tx] = [500, 500]``: answer the next deliveries with these, then 200."""

    def __init__(self, callbacks: Callbacks) -> None:
        self._callbacks = callbacks

    def __setitem__(self, tx: str, statuses: list[int]) -> None:
        self._callbacks.sink.plan(self._callbacks.prefix + tx, statuses)


class Callbacks:
    """The callbacks the sink received about this test's transactions (``prefix + tx``)."""

    def __init__(self, sink: CallbackSink, prefix: str = "") -> None:
        self.sink = sink
        self.prefix = prefix
        self.plan = Plans(self)

    @classmethod
    def fresh(cls) -> Callbacks:
        """On the shared sink, under a prefix no other partner of this process uses."""
        return cls(shared_sink(), prefix=f"p{next(_PARTNERS)}-")

    @property
    def url(self) -> str:
        return self.sink.callback_url

    def about(self, tx: str) -> list[dict[str, Any]]:
        return [d.payload for d in self.sink.deliveries(self.prefix + tx)]

    def wait_for(self, tx: str, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        """The payloads about ``tx`` once there are ``count``; an AssertionError at the timeout."""
        found = [d.payload for d in self.sink.wait_for(self.prefix + tx, count, timeout)]
        assert len(found) >= count, f"expected {count} callback(s) about {tx}, got {len(found)}"
        return found


@dataclass
class Partner:
    http: httpx.Client
    receiver: Callbacks

    def tx(self, label: str) -> str:
        """The ``shop_transaction_id`` this partner sends for ``label``."""
        return self.receiver.prefix + label

    def post(self, path: str, body: Any) -> dict[str, Any]:
        response = self.http.post(path, json=body)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    def bind(self, **changes: Any) -> dict[str, Any]:
        tx = self.tx(changes.pop("tx", "tx-1"))
        body = {
            "octo_shop_id": SHOP, "octo_secret": SECRET, "shop_transaction_id": tx,
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
        tx = changes.setdefault("tx", "tx-1")
        before = len(self.receiver.about(tx))
        payment = self.bind(**changes)["data"]["octo_payment_UUID"]
        assert self.confirm(payment)["error"] == 0
        token: str = self.receiver.wait_for(tx, before + 1)[before]["card_token"]
        return token


class Clock:
    """Real time plus an offset the test can push forward (OTP expiry without sleeping)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


def sandbox_config(**settings: Any) -> SandboxConfig:
    """The tests' sandbox: two shops, callbacks retried and polled quickly."""
    settings.setdefault("shops", {SHOP: SECRET, OTHER_SHOP: OTHER_SECRET})
    settings.setdefault("callback_retry_delay", 0.05)
    settings.setdefault("outbox_poll_interval", 0.02)
    return SandboxConfig(**settings)


def reset_sandbox(http: httpx.Client) -> None:
    """Forget every binding, token, callback and registered shop (a provider-state setup)."""
    response = http.post("/_sandbox/provider-states", json=CLEAN_SANDBOX)
    assert response.status_code == 200, response.text


@contextmanager
def live_sandbox(clock: Clock | None = None, **settings: Any) -> Iterator[Partner]:
    """A sandbox of its own (a fault, a short OTP life, a database file)."""
    app = create_app(sandbox_config(**settings), clock=clock or Clock())
    with serve_in_thread(app) as base, httpx.Client(base_url=base, timeout=10) as http:
        yield Partner(http, Callbacks.fresh())


def wait_until(predicate: Any, timeout: float = 5.0) -> None:
    """Poll ``predicate`` every 0.1 s: most predicates ask the sandbox over HTTP, and polled
    every 20 ms while callbacks were retried, they were most of the fault battery's CPU."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("condition not reached in time")
