"""A real callback receiver for the sandbox's tests: records callbacks, answers as told."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reference.serving import serve_in_thread


class Receiver:
    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.answers: list[int] = []  # status codes to answer, in order; 200 once exhausted
        self.plan: dict[str, list[int]] = {}  # the same, per shop_transaction_id (checked first)
        self._lock = threading.Lock()
        self.url = ""

    async def _callback(self, request: Request) -> JSONResponse:
        payload = await request.json()
        with self._lock:
            self.received.append(payload)
            planned = self.plan.get(str(payload.get("shop_transaction_id")), self.answers)
            status = planned.pop(0) if planned else 200
        body = {"status": "success" if status == 200 else "error", "message": "recorded"}
        return JSONResponse(body, status_code=status)

    def about(self, tx: str) -> list[dict[str, Any]]:
        with self._lock:
            return [p for p in self.received if p.get("shop_transaction_id") == tx]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.02)
        raise AssertionError(f"expected {count} callback(s), got {len(self.received)}")

    @contextmanager
    def running(self) -> Iterator[Receiver]:
        app = Starlette(routes=[Route("/octo/callback", self._callback, methods=["POST"])])
        with serve_in_thread(app) as base:
            self.url = f"{base}/octo/callback"
            yield self
