"""Small real servers on 127.0.0.1 that misbehave at the byte level, one way each.

``with serve("silent") as base_url:`` serves one of :data:`BEHAVIOURS` and yields its base URL
(``http://127.0.0.1:PORT``); ``with HostileServer(behaviour) as server:`` does the same with
any behaviour and can be killed from a watchdog. They are plain sockets and threads, not an
HTTP framework, so that they can do what no framework would: keep a connection open without a
word, reset it, lie about the length of a body, stall right after the status line. Every
connection is closed, and every thread joined, on exit.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Final

READ_LIMIT: Final = 1024 * 1024  # the most of a request a server reads (the suite sends little)
HUGE_BODY: Final = 10 * 1000 * 1000  # what the huge target announces and would send
TRUNCATED_LENGTH: Final = 1000  # the announced length of the truncated answer
TRUNCATED_SENT: Final = 10  # the bytes of it actually sent
HTML: Final = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
PLAIN_JSON: Final = b'{"error": 0, "status": "success"}'


@dataclass(frozen=True)
class Request:
    method: str
    target: str  # the request target as sent: path and query
    headers: dict[str, str]  # names lower-cased
    body: bytes


@dataclass
class Connection:
    """One accepted connection, handed to a behaviour with the server's stop event."""

    sock: socket.socket
    stop: threading.Event
    request: Request | None = None

    def send(self, data: bytes) -> bool:
        """Send everything; False when the client has gone (or the server is stopping)."""
        try:
            self.sock.sendall(data)
        except OSError:
            return False
        return not self.stop.is_set()

    def hold(self, seconds: float | None = None) -> None:
        """Keep the connection open without a word, until ``seconds`` pass or the server stops."""
        self.stop.wait(seconds)

    def reset(self) -> None:
        """Close with SO_LINGER 0: the kernel sends RST instead of FIN."""
        with contextlib.suppress(OSError):
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()


Behaviour = Callable[[Connection], None]


def read_request(sock: socket.socket) -> Request | None:
    """One HTTP/1.1 request (head and Content-Length body); None when the client went away."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk or len(data) > READ_LIMIT:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, *_ = [*lines[0].split(" "), "", ""]
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    announced = headers.get("content-length", "0")
    length = min(int(announced), READ_LIMIT) if announced.isdigit() else 0
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        body += chunk
    return Request(method, target, headers, body)


def response_head(status: str, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class HostileServer:
    """Accepts on 127.0.0.1 (a free port) and runs ``behaviour`` on every connection.

    ``with HostileServer(behaviour) as server:`` serves at ``server.url``. :meth:`kill` (any
    thread) ends every connection and refuses new ones: a watchdog's way to unblock a client.
    """

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.stop = threading.Event()
        self.connections = 0  # accepted so far
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.05)
        port: int = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self._acceptor = threading.Thread(target=self._accept, daemon=True)
        self._threads: list[threading.Thread] = []
        self._socks: list[socket.socket] = []
        self._lock = threading.Lock()

    def __enter__(self) -> HostileServer:
        self._acceptor.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.kill()
        with self._lock:
            threads, socks = list(self._threads), list(self._socks)
        for thread in threads:
            thread.join()
        for sock in socks:
            sock.close()

    def kill(self) -> None:
        """Refuse new connections and end the open ones (EOF for a client waiting to read)."""
        self.stop.set()
        if self._acceptor.is_alive() and threading.current_thread() is not self._acceptor:
            self._acceptor.join()
        self._listener.close()
        with self._lock:
            socks = list(self._socks)
        for sock in socks:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            sock.settimeout(None)
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            with self._lock:
                self.connections += 1
                self._socks.append(sock)
                self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket) -> None:
        connection = Connection(sock, self.stop)
        try:
            connection.request = read_request(sock)
            if connection.request is not None:
                self.behaviour(connection)
        except OSError:
            pass  # the client hung up, or the server is stopping
        finally:
            sock.close()  # closing twice is harmless; __exit__ closes every socket again


def _answer(status: str, content_type: str, body: bytes, **extra: str) -> Behaviour:
    """A complete answer with ``Connection: close``; HEAD gets the head only."""

    def behaviour(connection: Connection) -> None:
        headers = {"Content-Type": content_type, "Content-Length": str(len(body)), **extra}
        headers["Connection"] = "close"
        head = response_head(status, headers)
        assert connection.request is not None
        connection.send(head if connection.request.method == "HEAD" else head + body)

    return behaviour


# the behaviours --------------------------------------------------------------------------------


def silent(connection: Connection) -> None:
    """(1) Reads the request, then never answers."""
    connection.hold()


def reset(connection: Connection) -> None:
    """(2) Reads the request, then resets the connection."""
    connection.reset()


html = _answer("200 OK", "text/html; charset=utf-8", HTML)  # (3) HTML for everything


def huge(connection: Connection) -> None:
    """(4) A 10 MB JSON-looking answer: an object whose one string never seems to end."""
    assert connection.request is not None
    head = response_head(
        "200 OK",
        {
            "Content-Type": "application/json",
            "Content-Length": str(HUGE_BODY),
            "Connection": "close",
        },
    )
    if not connection.send(head) or connection.request.method == "HEAD":
        return
    opening, closing = b'{"error": 0, "data": "', b'"}'
    chunk = b"A" * 65536
    left = HUGE_BODY - len(opening) - len(closing)
    if not connection.send(opening):
        return
    while left > 0:
        piece = chunk[: min(left, len(chunk))]
        if not connection.send(piece):
            return  # the client stopped reading: expected, it bounds its reads
        left -= len(piece)
    connection.send(closing)


plain_json = _answer("200 OK", "text/plain; charset=utf-8", PLAIN_JSON)  # (5) JSON as text/plain


def redirect_loop(connection: Connection) -> None:
    """(6) 302 to the very URL that was asked for, forever."""
    assert connection.request is not None
    _answer("302 Found", "text/plain", b"", Location=connection.request.target)(connection)


def truncated(connection: Connection) -> None:
    """(7) Announces 1000 bytes of JSON, sends 10, closes."""
    head = response_head(
        "200 OK",
        {
            "Content-Type": "application/json",
            "Content-Length": str(TRUNCATED_LENGTH),
            "Connection": "close",
        },
    )
    connection.send(head + b'{"error": 0'[:TRUNCATED_SENT])


def slow(connection: Connection) -> None:
    """(8) Sends the status line, then sleeps far longer than any client waits."""
    if connection.send(b"HTTP/1.1 200 OK\r\n"):
        connection.hold(60.0)


def trickle(connection: Connection) -> None:
    """Sends the status line, then one header line every half second, forever: every read
    gets a byte well within a timeout, and the answer never ends."""
    if connection.send(b"HTTP/1.1 200 OK\r\n"):
        while connection.send(b"X-Still-Thinking: yes\r\n"):
            connection.hold(0.5)


BEHAVIOURS: Final[dict[str, Behaviour]] = {
    "silent": silent,
    "reset": reset,
    "html": html,
    "huge": huge,
    "plain-json": plain_json,
    "redirect-loop": redirect_loop,
    "truncated": truncated,
    "slow": slow,
}


@contextlib.contextmanager
def serve(name: str) -> Iterator[str]:
    """``with serve("silent") as base_url:`` one of :data:`BEHAVIOURS`, served on loopback."""
    with HostileServer(BEHAVIOURS[name]) as server:
        yield server.url
