"""Callback delivery from the durable outbox: at-least-once, retried, then cancelled (C-02, C-28).

Rows are written in the same transaction that confirms a binding, so a crash between the
answer and the delivery loses nothing: on restart the worker finds the row still pending.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import functools
import logging
import os
import socket
import urllib.parse
import uuid
from collections.abc import Callable, Collection, Iterable

import httpx

from octo_conformance.openapi.cards import mask_pan
from octo_conformance.reference.sandbox.config import SandboxConfig
from octo_conformance.reference.sandbox.store import OutboxItem, Store

log = logging.getLogger("octo.sandbox.outbox")
LEASE_MARGIN = 2.0  # seconds a claimed delivery stays claimed past its timeout
MAX_IN_FLIGHT = 64  # deliveries at once, all receivers together
MAX_PER_RECEIVER = 4  # deliveries at once to one receiver (scheme://host:port): a hung one
# holds its own slots for the timeout, never all of them


class OutboxWorker:
    def __init__(self, config: SandboxConfig, store: Store, clock: Callable[[], float]) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self._stopping = asyncio.Event()
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def acknowledged(self, status: int) -> bool:
        # the fault and the variant share one code path: "400 and above" is the only refusal
        if self.config.variant("any-2xx-ack"):
            return 200 <= status < 300
        return status == 200  # C-27

    async def run(self) -> None:
        """Poll the outbox; each due row is delivered in a task of its own (at most
        ``MAX_IN_FLIGHT`` at once, ``MAX_PER_RECEIVER`` to one receiver), so a slow receiver
        delays no other partner's callback."""
        in_flight: dict[int, asyncio.Task[None]] = {}
        receivers: dict[int, str] = {}  # the receiver of each delivery in flight
        async with httpx.AsyncClient(
            timeout=self.config.callback_timeout, follow_redirects=False
        ) as client:
            try:
                while not self._stopping.is_set():
                    admit = _Admission(receivers.values())
                    for item in self._due(busy=in_flight.keys(), admit=admit):
                        task = asyncio.create_task(self._guarded(client, item))
                        in_flight[item.id] = task
                        receivers[item.id] = _receiver(item.url)
                        task.add_done_callback(
                            functools.partial(_forget, (in_flight, receivers), item.id)
                        )
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(
                            self._stopping.wait(), self.config.outbox_poll_interval
                        )
            finally:
                for task in in_flight.values():
                    task.cancel()
                await asyncio.gather(*in_flight.values(), return_exceptions=True)

    def _due(self, *, busy: Collection[int], admit: Callable[[str], bool]) -> list[OutboxItem]:
        """Claim the due rows that can be sent at once: none still in flight here, and none
        whose receiver has no free slot (claimed, it would wait for one past its lease, and a
        second process on the same file could claim and send it meanwhile)."""
        try:
            lease = self.config.callback_timeout + LEASE_MARGIN
            return self.store.claim_due(self.clock(), self.owner, lease, busy=busy, admit=admit)
        except Exception:  # a store hiccup must not end deliveries for good: poll again
            log.exception("outbox: reading due callbacks failed")
            return []

    def stop(self) -> None:
        self._stopping.set()

    async def _guarded(self, client: httpx.AsyncClient, item: OutboxItem) -> None:
        try:
            await self._deliver(client, item)
        except Exception:  # recording the attempt failed: logged, the row is polled again
            log.exception("outbox: callback for %s could not be recorded", item.payment_uuid)

    async def _deliver(self, client: httpx.AsyncClient, item: OutboxItem) -> None:
        if item.used_up:  # a crash hid the last attempt's outcome: no attempt is left
            self._finish(item, "no attempt left after a restart", ok=False)
            return
        if self.config.fault("callback-never-sent"):  # recorded as delivered, never sent
            self._finish(item, "not sent", ok=True)
            return
        try:
            response = await client.post(item.url, json=item.payload)
            result, ok = f"HTTP {response.status_code}", self.acknowledged(response.status_code)
        except Exception as exc:  # no answer, a bad URL or payload: a failed attempt, like a 500
            # (httpx raises InvalidURL, UnicodeEncodeError, ... besides HTTPError); the message
            # may quote the URL or payload: only its type is kept
            result, ok = f"{type(exc).__name__}", self.config.fault("callback-unanswered-is-ack")
        self._finish(item, result, ok=ok)

    def _finish(self, item: OutboxItem, result: str, *, ok: bool) -> None:
        attempt = item.attempts
        log.info(
            "callback %s for %s (card %s): attempt %d/%d, %s",
            item.payload.get("status"), item.payment_uuid, mask_pan(str(item.payload.get("pan", ""))),
            attempt, item.max_attempts, result,
        )  # fmt: skip
        with self.store.transaction() as db:
            if ok and attempt == 1 and self.config.fault("callback-redelivered"):
                again = self.clock() + self.config.callback_retry_delay  # acknowledged, sent again
                self.store.record_attempt(
                    db, item.id, state="pending", next_at=again, result=result
                )
                if item.token and item.payload.get("status") == "active":
                    self.store.settle_token(db, item.token, "active")
            elif ok:
                self.store.record_attempt(db, item.id, state="delivered", next_at=0, result=result)
                if item.token and item.payload.get("status") == "active":
                    self.store.settle_token(db, item.token, "active")
            elif attempt >= item.max_attempts:
                self.store.record_attempt(db, item.id, state="failed", next_at=0, result=result)
                if item.token:
                    cancelled = "active" if self.config.fault("callback-no-cancel") else "failed"
                    if self.config.fault("cancel-keeps-card"):
                        cancelled = "init"  # never ended: blocking answers 6, the card stays taken
                    self.store.settle_token(db, item.token, cancelled)
            else:
                retry_at = self.clock() + self.config.callback_retry_delay
                self.store.record_attempt(
                    db, item.id, state="pending", next_at=retry_at, result=result
                )


def _receiver(url: str) -> str:
    """scheme://host:port of a callback URL; the URL itself when it does not parse."""
    try:
        parts = urllib.parse.urlsplit(url)
        return f"{parts.scheme}://{parts.hostname}:{parts.port}"
    except ValueError:
        return url


class _Admission:
    """Within one poll: whether one more delivery to a URL fits the bounds, counting those in
    flight and those admitted so far."""

    def __init__(self, in_flight: Iterable[str]) -> None:
        self._per_receiver = collections.Counter(in_flight)
        self._total = sum(self._per_receiver.values())

    def __call__(self, url: str) -> bool:
        key = _receiver(url)
        if self._total >= MAX_IN_FLIGHT or self._per_receiver[key] >= MAX_PER_RECEIVER:
            return False
        self._per_receiver[key] += 1
        self._total += 1
        return True


def _forget(
    maps: tuple[dict[int, asyncio.Task[None]], dict[int, str]], item_id: int, _: object
) -> None:
    for found in maps:
        found.pop(item_id, None)
