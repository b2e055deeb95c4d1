"""The callback sink over real loopback HTTP: planned refusals, waiting, settling, no logging."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from octo_conformance.harness.sink import ACK, MAX_CALLBACK_BYTES, CallbackSink, Delivery

PAN = "8600123456789012"


@pytest.fixture(scope="module")
def sink() -> Iterator[CallbackSink]:
    """One sink for the module (stopping one takes up to 0.5 s); each test has its own tx."""
    with CallbackSink().serving() as serving:
        yield serving


@pytest.fixture
def tx() -> str:
    return f"tx-{uuid.uuid4()}"


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as client:
        yield client


def callback(tx: str, **changes: str) -> dict[str, str]:
    body = {"shop_transaction_id": tx, "pan": PAN, "exp": "3005", "cardHolderName": "ALI KARIMOV",
            "card_token": f"token-{tx}", "status": "active"}  # fmt: skip
    body.update(changes)
    return body


def deliver_later(url: str, bodies: list[dict[str, str]], delay: float) -> threading.Thread:
    def run() -> None:
        with httpx.Client(timeout=5.0) as client:
            for body in bodies:
                time.sleep(delay)
                client.post(url, json=body)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def raw_request(url: str, request: bytes) -> bytes:
    """Send bytes httpx would refuse to send; the sink's answer (status line first)."""
    port = urlsplit(url).port
    assert port is not None
    with socket.create_connection(("127.0.0.1", port), timeout=5.0) as connection:
        connection.sendall(request)
        connection.shutdown(socket.SHUT_WR)
        # read to the end: closing with unread data would reset the connection
        answer = b""
        while chunk := connection.recv(4096):
            answer += chunk
        return answer


def refused_status(http: httpx.Client, url: str, content: bytes | Iterator[bytes]) -> int | None:
    """The status of an oversized post; None when the sink's early close reset the connection
    before the answer was read (it stops reading, so the kernel may send a reset)."""
    try:
        return http.post(url, content=content).status_code
    except httpx.TransportError:
        return None


def new_unmatched(sink: CallbackSink, before: int) -> list[Delivery]:
    return sink.unmatched()[before:]


def test_urls_point_at_the_sink(sink: CallbackSink, http: httpx.Client) -> None:
    assert sink.callback_url.startswith("http://127.0.0.1:")
    assert sink.callback_url.endswith("/octo/callback")
    assert sink.return_url == sink.callback_url.replace("/octo/callback", "/return")
    answer = http.get(sink.return_url + "?status=ok")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"


def test_a_public_url_replaces_the_callback_url_only() -> None:
    with CallbackSink().serving(public_url="https://tunnel.example/octo/cb/") as sink:
        assert sink.callback_url == "https://tunnel.example/octo/cb"
        assert urlsplit(sink.return_url).hostname == "127.0.0.1"


def test_an_unplanned_callback_is_acknowledged(
    sink: CallbackSink, http: httpx.Client, tx: str
) -> None:
    answer = http.post(sink.callback_url, json=callback(tx))
    assert answer.status_code == 200
    assert answer.json() == ACK
    [delivery] = sink.deliveries(tx)
    assert delivery.payload == callback(tx)
    assert delivery.answered == 200
    assert delivery.content_type == "application/json"
    assert json.loads(delivery.raw) == callback(tx)


def test_a_plan_refuses_the_first_attempts_then_acknowledges(
    sink: CallbackSink, http: httpx.Client, tx: str
) -> None:
    sink.plan(tx, [500, 500])
    answers = [http.post(sink.callback_url, json=callback(tx)) for _ in range(4)]
    assert [a.status_code for a in answers] == [500, 500, 200, 200]
    assert answers[0].json()["status"] == "error"
    assert answers[2].json() == ACK
    assert [d.answered for d in sink.deliveries(tx)] == [500, 500, 200, 200]


def test_a_plan_holds_for_its_transaction_only(
    sink: CallbackSink, http: httpx.Client, tx: str
) -> None:
    other = f"{tx}-other"
    sink.plan(tx, [503])
    assert http.post(sink.callback_url, json=callback(other)).status_code == 200
    assert http.post(sink.callback_url, json=callback(tx)).status_code == 503
    assert len(sink.deliveries(tx)) == len(sink.deliveries(other)) == 1


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"not json", "text/plain"),
        (b'["a", "list"]', "application/json"),
        (b'{"card_token": "t"}', "application/json"),
        (b'{"shop_transaction_id": 42}', "application/json"),
    ],
)
def test_callbacks_without_a_transaction_are_kept_apart(
    sink: CallbackSink, http: httpx.Client, content: bytes, content_type: str
) -> None:
    before = len(sink.unmatched())
    answer = http.post(sink.callback_url, content=content, headers={"content-type": content_type})
    assert answer.status_code == 200
    [delivery] = new_unmatched(sink, before)
    assert (delivery.raw, delivery.content_type) == (content, content_type)


def test_an_oversized_callback_is_refused_unread(
    sink: CallbackSink, http: httpx.Client, tx: str
) -> None:
    before = len(sink.unmatched())
    body = json.dumps(callback(tx, padding="x" * MAX_CALLBACK_BYTES)).encode()
    assert refused_status(http, sink.callback_url, body) in (413, None)
    assert sink.deliveries(tx) == []
    assert new_unmatched(sink, before) == []


def test_a_chunked_callback_is_read_whole(sink: CallbackSink, http: httpx.Client, tx: str) -> None:
    """Node's http.request and Go's net/http send a body of unknown length chunked."""
    before = len(sink.unmatched())
    body = json.dumps(callback(tx)).encode()

    def chunks() -> Iterator[bytes]:
        yield body[:20]
        yield body[20:]

    answer = http.post(sink.callback_url, content=chunks(), headers={"content-type": "application/json"})  # fmt: skip
    assert answer.request.headers["transfer-encoding"] == "chunked"
    assert answer.status_code == 200
    [delivery] = sink.deliveries(tx)
    assert delivery.payload == callback(tx)
    assert new_unmatched(sink, before) == []
    # the connection is still in step: the next request is answered normally
    assert http.post(sink.callback_url, json=callback(f"{tx}-2")).status_code == 200
    assert len(sink.deliveries(f"{tx}-2")) == 1


def test_an_oversized_chunked_callback_is_refused(sink: CallbackSink, http: httpx.Client) -> None:
    before = len(sink.unmatched())

    def chunks() -> Iterator[bytes]:
        for _ in range(5):
            yield b"x" * (MAX_CALLBACK_BYTES // 4)

    assert refused_status(http, sink.callback_url, chunks()) in (413, None)
    assert new_unmatched(sink, before) == []


@pytest.mark.parametrize("length", [b"not-a-number", b"-1"])
def test_a_malformed_content_length_is_a_400(sink: CallbackSink, length: bytes) -> None:
    before = len(sink.unmatched())
    request = b"POST /octo/callback HTTP/1.1\r\nContent-Length: " + length + b"\r\n\r\n{}"
    assert raw_request(sink.callback_url, request).startswith(b"HTTP/1.1 400 ")
    assert new_unmatched(sink, before) == []


def test_wait_for_returns_as_soon_as_the_count_is_reached(sink: CallbackSink, tx: str) -> None:
    thread = deliver_later(sink.callback_url, [callback(tx), callback(tx)], 0.05)
    started = time.monotonic()
    found = sink.wait_for(tx, 2, timeout=5.0)
    elapsed = time.monotonic() - started
    thread.join()
    assert len(found) == 2
    assert elapsed < 1.0


def test_wait_for_returns_what_came_at_the_timeout(
    sink: CallbackSink, http: httpx.Client, tx: str
) -> None:
    http.post(sink.callback_url, json=callback(tx))
    started = time.monotonic()
    found = sink.wait_for(tx, 3, timeout=0.2)
    elapsed = time.monotonic() - started
    assert len(found) == 1
    assert 0.19 <= elapsed < 0.6


def test_settle_returns_after_the_quiet_period(
    sink: CallbackSink, http: httpx.Client, tx: str
) -> None:
    http.post(sink.callback_url, json=callback(tx))
    # the second delivery comes well inside the quiet period, even on a loaded machine
    thread = deliver_later(sink.callback_url, [callback(tx)], 0.1)
    started = time.monotonic()
    found = sink.settle(tx, quiet=0.8, timeout=5.0)
    elapsed = time.monotonic() - started
    thread.join()
    assert len(found) == 2  # the second delivery restarted the quiet period
    assert time.monotonic() - found[-1].received_at >= 0.8 - 0.01
    assert 0.9 <= elapsed < 2.5


def test_settle_stops_at_the_timeout(sink: CallbackSink, http: httpx.Client, tx: str) -> None:
    http.post(sink.callback_url, json=callback(tx))
    started = time.monotonic()
    found = sink.settle(tx, quiet=5.0, timeout=0.2)
    assert len(found) == 1
    assert time.monotonic() - started < 0.6


def test_settle_without_any_delivery_waits_for_the_first_until_the_timeout(
    sink: CallbackSink, tx: str
) -> None:
    started = time.monotonic()
    assert sink.settle(tx, quiet=0.05, timeout=0.25) == []
    assert time.monotonic() - started >= 0.24


def test_payloads_are_never_logged(
    capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with CallbackSink().serving() as sink, httpx.Client(timeout=5.0) as http:
        sink.plan("tx-1", [500])
        http.post(sink.callback_url, json=callback("tx-1"))
        http.post(sink.callback_url, json=callback("tx-1"))
        http.post(sink.callback_url, content=f"pan={PAN}".encode())
        for request in (
            f"POST /octo/callback?pan={PAN} HTTP/1.1\r\nContent-Length: {PAN}x\r\n\r\n",
            f"POST /octo/callback HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n{PAN}\r\n",
            f"BOGUS /octo/callback?pan={PAN} HTTP/1.1\r\n\r\n",
            f"GET /return?pan={PAN} HTTP/1.1\r\n\r\n",
        ):
            assert raw_request(sink.callback_url, request.encode()).startswith(b"HTTP/1.")
        assert len(sink.deliveries("tx-1")) == 2
    out, err = capfd.readouterr()
    assert PAN not in out
    assert PAN not in err
    assert err == ""
    # the test's own httpx client logs its requests; the sink logs nothing
    sink_records = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert sink_records == []
