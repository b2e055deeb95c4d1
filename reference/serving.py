"""Run an ASGI app on a real loopback socket in a background thread (tests, ``run``), and the
HTTP protocol both reference servers use: uvicorn's, with a deadline on reading each request.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

import h11
import uvicorn
from starlette.types import ASGIApp
from uvicorn.protocols.http.h11_impl import H11Protocol

READ_TIMEOUT: Final = 10.0  # seconds a client has to send one whole request (headers and body)
log = logging.getLogger("octo_conformance.reference.serving")


class DeadlineH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a deadline on reading each request, headers and body.

    uvicorn times out an idle kept-alive connection, but not one that sends its headers or body
    a byte at a time: 500 such connections (slowloris) stayed open for ever. Here the clock
    starts when a connection opens and when a response is complete (the next request may
    come); a client that has not sent a whole request when it runs out is disconnected.
    """

    def __init__(self, config: uvicorn.Config, *args: Any, **kwargs: Any) -> None:
        super().__init__(config, *args, **kwargs)
        self.read_timeout: float = getattr(config, "request_read_timeout", READ_TIMEOUT)
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        self._arm()  # before: a pipelined request handled inside may complete (and disarm)
        super().on_response_complete()

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state not in (h11.IDLE, h11.SEND_BODY):  # the request is all read
            self._disarm()

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.read_timeout, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if self.transport is not None and not self.transport.is_closing():
            log.info("closing a connection that sent no whole request in %g s", self.read_timeout)
            self.transport.close()


def server_config(
    app: ASGIApp,
    *,
    host: str,
    port: int,
    read_timeout: float = READ_TIMEOUT,
    log_level: str = "warning",
    access_log: bool = False,
) -> uvicorn.Config:
    """uvicorn's settings for a reference server: the deadline protocol (``read_timeout``)."""
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        lifespan="on",
        access_log=access_log,
        http=DeadlineH11Protocol,
    )
    config.request_read_timeout = read_timeout  # type: ignore[attr-defined]  # read by the protocol
    return config


@contextmanager
def serve_in_thread(
    app: ASGIApp,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    startup_timeout: float = 10.0,
    read_timeout: float = READ_TIMEOUT,
) -> Iterator[str]:
    """Yield the base URL (``http://127.0.0.1:<port>``) while ``app`` serves; port 0 picks a free one."""
    config = server_config(app, host=host, port=port, read_timeout=read_timeout)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{host}:{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the server on {host}:{port} did not start")
        time.sleep(0.01)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
