"""The callback sink: a local HTTP server that plays the partner's ``bind_notify_url``.

It records every delivery per ``shop_transaction_id`` and answers each with the status the
scenario planned (``plan(tx, [500, 500])``: the first two attempts are refused), then 200 with
the documented acknowledgement. A planned ``HOLD`` answers nothing: the connection is held open
until the sender gives up (or ``hold_seconds`` pass), a partner that never answers. It also answers ``GET /return`` so the OTP-form driver can follow
a redirect to ``return_url``. It never logs a payload: callbacks carry the full PAN.

``notify_url`` (payment-status notifications, another message than the token callback) has a
path of its own: what arrives there is kept apart, acknowledged, shown as evidence, and never
taken for the token callback, which must come to ``bind_notify_url``.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Final

ACK: Final = {"status": "success", "message": "Callback processed successfully"}
MAX_CALLBACK_BYTES: Final = 256 * 1024
HOLD: Final = -1  # a planned "status": no answer at all, the connection is held open
NOTIFY_PATH: Final = "/octo/notify"


@dataclass(frozen=True)
class Delivery:
    payload: Any  # parsed JSON, or None when the body was not JSON
    raw: bytes
    content_type: str
    received_at: float  # time.monotonic()
    answered: int  # the status sent, or HOLD


class CallbackSink:
    def __init__(self, hold_seconds: float = 60.0, answer_delay: float = 0.0) -> None:
        self.hold_seconds = hold_seconds  # the longest a HOLD keeps a connection open
        self.answer_delay = answer_delay  # seconds before each answer: a slow partner
        self._released = threading.Event()  # set at shutdown: held connections are let go
        self._deliveries: dict[str, list[Delivery]] = {}
        self._unmatched: list[Delivery] = []
        self._notifications: list[Delivery] = []
        self._plans: dict[str, list[int]] = {}
        self._changed = threading.Condition()
        self.callback_url = ""
        self.notify_url = ""
        self.return_url = ""

    # planning and observing ---------------------------------------------------------------
    def plan(self, shop_transaction_id: str, statuses: list[int]) -> None:
        """Answer the next deliveries for this transaction with these statuses (``HOLD``: no
        answer), then 200."""
        with self._changed:
            self._plans[shop_transaction_id] = list(statuses)

    def deliveries(self, shop_transaction_id: str) -> list[Delivery]:
        with self._changed:
            return list(self._deliveries.get(shop_transaction_id, ()))

    def notifications(self) -> list[Delivery]:
        """What arrived on ``notify_url`` (never a token callback)."""
        with self._changed:
            return list(self._notifications)

    def unmatched(self) -> list[Delivery]:
        with self._changed:
            return list(self._unmatched)

    def wait_for(self, shop_transaction_id: str, count: int, timeout: float) -> list[Delivery]:
        """Deliveries for the transaction once there are ``count`` of them, or at the timeout."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self._deliveries.get(shop_transaction_id, ())) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
            return list(self._deliveries.get(shop_transaction_id, ()))

    def settle(self, shop_transaction_id: str, quiet: float, timeout: float) -> list[Delivery]:
        """Wait until no new delivery came for ``quiet`` seconds (or the timeout): all attempts."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                seen = self._deliveries.get(shop_transaction_id, [])
                last = seen[-1].received_at if seen else time.monotonic()
                wake = min(last + quiet, deadline)
                now = time.monotonic()
                if now >= wake:
                    return list(seen)
                self._changed.wait(wake - now)

    # serving ------------------------------------------------------------------------------
    def _answer(self, raw: bytes, content_type: str, *, notification: bool = False) -> int:
        try:
            payload = json.loads(raw)
        except ValueError:
            payload = None
        if notification:
            with self._changed:
                delivery = Delivery(payload, raw, content_type, time.monotonic(), 200)
                self._notifications.append(delivery)
                self._changed.notify_all()
            return 200
        tx = payload.get("shop_transaction_id") if isinstance(payload, dict) else None
        with self._changed:
            plan = self._plans.get(tx, []) if isinstance(tx, str) else []
            status = plan.pop(0) if plan else 200
            delivery = Delivery(payload, raw, content_type, time.monotonic(), status)
            if isinstance(tx, str):
                self._deliveries.setdefault(tx, []).append(delivery)
            else:
                self._unmatched.append(delivery)
            self._changed.notify_all()
        return status

    @contextmanager
    def serving(
        self, host: str = "127.0.0.1", port: int = 0, public_url: str | None = None
    ) -> Iterator[CallbackSink]:
        sink = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass  # payloads carry full PANs: nothing is logged

            def _reply(self, status: int, body: dict[str, str]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _body(self) -> bytes | None:
                """The request body, sent with a Content-Length or chunked; None: too large."""
                if "chunked" not in self.headers.get("Transfer-Encoding", "").lower():
                    length = _size(self.headers.get("Content-Length") or "0", 10)
                    return self.rfile.read(length) if length <= MAX_CALLBACK_BYTES else None
                raw = b""
                while size := _size(self.rfile.readline(1024).split(b";")[0], 16):
                    if len(raw) + size > MAX_CALLBACK_BYTES:
                        return None
                    raw += self.rfile.read(size)
                    self.rfile.readline(1024)  # the CRLF that ends the chunk
                while self.rfile.readline(1024).strip():  # trailers, up to the empty line
                    pass
                return raw

            def do_POST(self) -> None:
                try:
                    raw = self._body()
                except ValueError:  # the message is not logged: it could quote a PAN
                    self.close_connection = True
                    self._reply(400, {"status": "error", "message": "malformed body length"})
                    return
                if raw is None:
                    self.close_connection = True  # the rest of the body stays unread
                    self._reply(413, {"status": "error", "message": "too large"})
                    return
                notification = self.path.split("?")[0].rstrip("/").endswith(NOTIFY_PATH)
                content_type = self.headers.get("Content-Type", "")
                status = sink._answer(raw, content_type, notification=notification)
                if status == HOLD:
                    self._hold()
                    return
                if sink.answer_delay:
                    sink._released.wait(sink.answer_delay)
                ok = status == 200
                self._reply(
                    status, ACK if ok else {"status": "error", "message": "refused on purpose"}
                )

            def _hold(self) -> None:
                """Answer nothing until the sender hangs up, the hold ends, or the sink stops."""
                self.close_connection = True
                self.connection.settimeout(0.2)
                deadline = time.monotonic() + sink.hold_seconds
                while time.monotonic() < deadline and not sink._released.is_set():
                    try:
                        if not self.connection.recv(1, socket.MSG_PEEK):
                            return  # the sender closed the connection: it gave up
                        sink._released.wait(0.2)  # bytes after the body: peek again later
                    except TimeoutError:
                        continue
                    except OSError:
                        return

            def do_GET(self) -> None:
                self._reply(200, {"status": "success", "message": "returned"})

        server = _QuietServer((host, port), Handler)
        bound = server.server_address[1]
        base = public_url.rstrip("/") if public_url else f"http://{host}:{bound}"
        self.callback_url = base if public_url else f"{base}/octo/callback"
        self.notify_url = f"{base}{NOTIFY_PATH}"
        self.return_url = f"http://{host}:{bound}/return"
        thread = threading.Thread(target=server.serve_forever, name="callback-sink", daemon=True)
        self._released.clear()
        thread.start()
        try:
            yield self
        finally:
            self._released.set()
            server.shutdown()
            server.server_close()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a peer that resets its connection is not the sink's failure; nothing is logged


def _size(text: str | bytes, base: int) -> int:
    size = int(text, base)
    if size < 0:
        raise ValueError("a negative length")
    return size
