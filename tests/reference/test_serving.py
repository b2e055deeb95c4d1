"""``reference.serving``: a real uvicorn server on loopback whose protocol disconnects a client
that has not sent a whole request in time (slowloris), and serves everyone else as before."""

from __future__ import annotations

import socket
import time

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from octo_conformance.reference.serving import serve_in_thread


async def echo(request: Request) -> PlainTextResponse:
    return PlainTextResponse(f"{len(await request.body())} bytes")


APP = Starlette(routes=[Route("/", echo, methods=["POST"])])


def _closed_within(sock: socket.socket, seconds: float) -> float | None:
    """Seconds until the server closed ``sock`` (recv returns b""), None if it stayed open."""
    sock.settimeout(seconds)
    started = time.monotonic()
    try:
        while sock.recv(1024):
            pass
    except TimeoutError:
        return None
    return time.monotonic() - started


def _connect(base: str) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)))


def test_a_client_that_never_finishes_its_headers_is_disconnected() -> None:
    with serve_in_thread(APP, read_timeout=0.5) as base:
        slow = [_connect(base) for _ in range(20)]
        for sock in slow:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n")  # and never the blank line
        closed = [_closed_within(sock, 5.0) for sock in slow]
        for sock in slow:
            sock.close()
        assert all(c is not None and c < 3.0 for c in closed), closed
        # the server still serves a client that sends its request in time
        assert httpx.post(f"{base}/", content=b"abc").text == "3 bytes"


def test_a_client_that_trickles_its_body_is_disconnected() -> None:
    with serve_in_thread(APP, read_timeout=0.5) as base, _connect(base) as sock:
        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab")
        assert _closed_within(sock, 5.0) is not None


def test_a_kept_alive_connection_gets_a_fresh_deadline_per_request() -> None:
    with serve_in_thread(APP, read_timeout=0.5) as base, httpx.Client(base_url=base) as client:
        for _ in range(3):  # one connection, each request well inside its own deadline
            assert client.post("/", content=b"x").text == "1 bytes"
            time.sleep(0.3)
        assert client.post("/", content=b"yz").text == "2 bytes"
