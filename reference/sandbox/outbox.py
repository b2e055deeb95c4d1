"""Callback delivery from the durable outbox: at-least-once, retried, then cancelled (C-02, C-28).

Rows are written in the same transaction that confirms a binding, so a crash between the
answer and the delivery loses nothing: on restart the worker finds the row still pending.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

import httpx

from openapi.cards import mask_pan
from reference.sandbox.config import SandboxConfig
from reference.sandbox.store import OutboxItem, Store

log = logging.getLogger("octo.sandbox.outbox")


class OutboxWorker:
    def __init__(self, config: SandboxConfig, store: Store, clock: Callable[[], float]) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self._stopping = asyncio.Event()

    def acknowledged(self, status: int) -> bool:
        # the fault and the variant share one code path: "400 and above" is the only refusal
        if self.config.variant("any-2xx-ack"):
            return 200 <= status < 300
        return status == 200  # C-27

    async def run(self) -> None:
        async with httpx.AsyncClient(
            timeout=self.config.callback_timeout, follow_redirects=False
        ) as client:
            while not self._stopping.is_set():
                due = self.store.due(self.clock())
                if due:
                    await asyncio.gather(*(self._deliver(client, item) for item in due))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), self.config.outbox_poll_interval)

    def stop(self) -> None:
        self._stopping.set()

    async def _deliver(self, client: httpx.AsyncClient, item: OutboxItem) -> None:
        try:
            response = await client.post(item.url, json=item.payload)
            result, ok = f"HTTP {response.status_code}", self.acknowledged(response.status_code)
        except httpx.HTTPError as exc:
            result, ok = f"{type(exc).__name__}", False
        attempt = item.attempts + 1
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
                    self.store.set_token_status(db, item.token, "active")
            elif ok:
                self.store.record_attempt(db, item.id, state="delivered", next_at=0, result=result)
                if item.token and item.payload.get("status") == "active":
                    self.store.set_token_status(db, item.token, "active")
            elif attempt >= item.max_attempts:
                self.store.record_attempt(db, item.id, state="failed", next_at=0, result=result)
                if item.token:
                    cancelled = "active" if self.config.fault("callback-no-cancel") else "failed"
                    self.store.set_token_status(db, item.token, cancelled)
            else:
                retry_at = self.clock() + self.config.callback_retry_delay
                self.store.record_attempt(
                    db, item.id, state="pending", next_at=retry_at, result=result
                )
