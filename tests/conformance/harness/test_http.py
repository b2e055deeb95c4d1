"""TargetClient against real loopback servers: parsing, bounds, timeouts, masked evidence."""

from __future__ import annotations

import asyncio
import json
import re
import shlex
import subprocess
from collections.abc import Iterator
from dataclasses import asdict

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from octo_conformance.errors import TargetUnreachable
from octo_conformance.findings import Exchange
from octo_conformance.harness.http import EVIDENCE_CHARS, MAX_BODY_BYTES, Reply, TargetClient
from octo_conformance.masking import Masker
from octo_conformance.reference.serving import serve_in_thread
from tests.conformance.harness.loopback import free_port, unresponsive_port

PAN = "8600123456789012"
SECRET = "1d45df74-bb95-47cf-a616-8d6dcee2e10d"
BIG = 2 * 1024 * 1024
SLOW = 1.0


async def envelope(request: Request) -> Response:
    return JSONResponse({"error": 0, "data": {"verifyId": 819, "phone": "+998** *****33"}})


async def html(request: Request) -> Response:
    return HTMLResponse("<html><body>Internal error</body></html>", status_code=500)


async def empty(request: Request) -> Response:
    return Response(b"", media_type="application/json")


async def binary(request: Request) -> Response:
    return Response(b'{"a": "\xff\xfe"}', media_type="application/json")


async def big(request: Request) -> Response:
    return Response(b"[" + b"1," * (BIG // 2) + b"1]", media_type="application/json")


async def slow(request: Request) -> Response:
    await asyncio.sleep(SLOW)
    return JSONResponse({"error": 0})


async def echo(request: Request) -> Response:
    """A careless target: repeats the request body and its query string."""
    body = await request.body()
    return Response(
        body + f" {request.url.query}".encode(),
        media_type="application/json",
        headers={"x-internal": PAN},
    )


async def moved(request: Request) -> Response:
    return RedirectResponse("/envelope", status_code=302)


APP = Starlette(
    routes=[
        Route("/envelope", envelope, methods=["GET", "POST"]),
        Route("/html", html, methods=["GET", "POST"]),
        Route("/empty", empty),
        Route("/binary", binary),
        Route("/big", big),
        Route("/slow", slow),
        Route("/echo", echo, methods=["GET", "POST"]),
        Route("/moved", moved),
    ]
)


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_in_thread(APP) as url:
        yield url


@pytest.fixture
def masker() -> Masker:
    masker = Masker()
    masker.pan(PAN)
    masker.secret(SECRET)
    return masker


@pytest.fixture
def client(base_url: str, masker: Masker) -> Iterator[TargetClient]:
    client = TargetClient(base_url, masker=masker, timeout=5.0, secret_envs={SECRET: "OCTO_SECRET"})
    yield client
    client.close()


def test_a_json_answer_is_parsed(client: TargetClient) -> None:
    reply = client.post_json("/envelope", {"octo_payment_UUID": "x"})
    assert reply.status == 200
    assert reply.is_json
    assert reply.json_error is None
    assert reply.data == {"error": 0, "data": {"verifyId": 819, "phone": "+998** *****33"}}
    assert reply.get("data", "verifyId") == 819
    assert reply.get("data", "nope", "deeper") is None
    assert reply.get("error", "not-a-dict") is None
    assert reply.content_type == "application/json"
    assert reply.response is not None
    assert reply.response.json() == reply.data
    exchange = reply.exchange
    assert (exchange.method, exchange.status) == ("POST", 200)
    assert exchange.url == client.url("/envelope")
    assert exchange.request_body == '{"octo_payment_UUID": "x"}'
    assert exchange.response_headers["content-type"] == "application/json"
    assert exchange.elapsed_ms is not None
    assert exchange.error is None


def test_a_non_json_answer_sets_json_error(client: TargetClient) -> None:
    reply = client.post_json("/html", {})
    assert reply.status == 500
    assert reply.data is None
    assert not reply.is_json
    assert reply.json_error is not None
    assert reply.json_error.startswith("the answer is not JSON")
    assert "text/html" in reply.content_type
    assert reply.exchange.response_body == "<html><body>Internal error</body></html>"


@pytest.mark.parametrize(
    ("path", "reason"), [("/empty", "the answer is empty"), ("/binary", "the answer is not UTF-8")]
)
def test_empty_and_undecodable_answers_say_why(
    client: TargetClient, path: str, reason: str
) -> None:
    reply = client.send("GET", client.url(path))
    assert (reply.status, reply.data, reply.json_error) == (200, None, reason)


def test_an_oversized_answer_is_truncated_and_flagged(client: TargetClient) -> None:
    reply = client.send("GET", client.url("/big"))
    assert reply.status == 200
    assert len(reply.content) == MAX_BODY_BYTES
    assert reply.data is None
    assert reply.json_error == f"the answer is larger than {MAX_BODY_BYTES} bytes"
    assert reply.response is not None
    assert len(reply.response.content) == MAX_BODY_BYTES
    shown = reply.exchange.response_body
    assert shown is not None
    assert len(shown) < EVIDENCE_CHARS + 50
    assert shown.endswith(f"… ({MAX_BODY_BYTES} bytes in all)")


def test_a_value_cut_by_the_masked_window_is_never_shown(masker: Masker) -> None:
    """Only the head of a long answer is masked: a PAN or secret that the window's end cuts in
    two, unmasked, must not reach the evidence either, even when masking the secrets before it
    shrinks the head to a fraction of its length."""
    client = TargetClient("http://127.0.0.1:9", masker=masker, timeout=1.0)
    try:
        for offset in range(EVIDENCE_CHARS - 40, EVIDENCE_CHARS + 600):
            repeats, rest = divmod(offset, len(SECRET) + 1)
            head = (SECRET + " ") * repeats + "x" * rest
            for value in (PAN, SECRET):
                shown = client._evidence((head + value + "y" * 5000).encode())
                assert shown.endswith("bytes in all)")
                assert not re.search(r"\d{7}", shown), offset  # first6…last4 at most
                assert not any(SECRET[:i] in shown for i in range(4, len(SECRET))), offset
    finally:
        client.close()


def test_a_request_timeout_is_an_answer_without_status(base_url: str, masker: Masker) -> None:
    client = TargetClient(base_url, masker=masker, timeout=0.3)
    try:
        reply = client.send("GET", client.url("/slow"))
    finally:
        client.close()
    assert reply.status is None
    assert not reply.is_json
    assert reply.json_error is not None
    assert "Timeout" in reply.json_error
    assert reply.exchange.error == reply.json_error
    assert reply.exchange.status is None
    assert reply.exchange.elapsed_ms is not None
    assert 250 <= reply.exchange.elapsed_ms < SLOW * 1000
    assert reply.response is None


def test_a_closed_port_is_unreachable(masker: Masker) -> None:
    client = TargetClient(f"http://127.0.0.1:{free_port()}", masker=masker, timeout=2.0)
    try:
        with pytest.raises(TargetUnreachable, match=r"^POST http://127\.0\.0\.1:\d+/bind_card: "):
            client.post_json("/bind_card", {})
    finally:
        client.close()


def test_a_connection_nobody_accepts_is_unreachable(masker: Masker) -> None:
    with unresponsive_port() as port:
        client = TargetClient(f"http://127.0.0.1:{port}", masker=masker, timeout=0.3)
        try:
            with pytest.raises(TargetUnreachable):
                client.post_json("/bind_card", {})
        finally:
            client.close()


def test_redirects_are_not_followed(client: TargetClient) -> None:
    reply = client.send("GET", client.url("/moved"))
    assert reply.status == 302
    assert reply.headers["location"] == "/envelope"
    assert reply.exchange.response_headers["location"] == "/envelope"


def test_url_joins_below_the_base_path(masker: Masker) -> None:
    client = TargetClient("http://127.0.0.1:9/api/v1", masker=masker)
    try:
        assert client.url("/bind_card") == "http://127.0.0.1:9/api/v1/bind_card"
        assert client.url("verificationInfo/") == "http://127.0.0.1:9/api/v1/verificationInfo/"
    finally:
        client.close()


def shown(exchange: Exchange) -> str:
    """Every field of the evidence, as a report would show it."""
    return "\n".join(str(value) for value in asdict(exchange).values())


def bind_body() -> dict[str, object]:
    return {"octo_shop_id": 10000, "octo_secret": SECRET, "pan": PAN, "cvc2": "", "method": "humo"}


def test_the_curl_command_names_the_secret_variable_never_the_secret(client: TargetClient) -> None:
    reply = client.post_json("/echo", bind_body())
    curl = reply.exchange.curl
    assert SECRET not in curl
    assert PAN not in curl
    assert "$OCTO_SECRET" in curl
    argv = shlex.split(curl)
    assert argv[:4] == ["curl", "-sS", "-X", "POST"]
    assert argv[4] == client.url("/echo")
    assert argv[5:7] == ["-H", "Content-Type: application/json"]
    assert argv[7] == "--data-raw"
    sent = json.loads(argv[8])
    assert sent["octo_secret"] == "$OCTO_SECRET"  # shlex does not expand; the shell does
    assert sent["pan"] == "860012…9012"


def test_the_curl_command_replays_the_secret_from_the_environment(client: TargetClient) -> None:
    reply = client.post_json("/echo", bind_body())
    command = reply.exchange.curl.replace("curl", "last_argument", 1)
    done = subprocess.run(
        ["bash", "-c", f'last_argument() {{ printf "%s" "${{@: -1}}"; }}; {command}'],
        env={"OCTO_SECRET": SECRET, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
        timeout=5,
    )
    replayed = json.loads(done.stdout)
    assert replayed == {**bind_body(), "pan": "860012…9012", "cvc2": "***"}


def test_a_get_curl_has_no_body_and_is_valid_shell(client: TargetClient) -> None:
    reply = client.send("GET", client.url("/envelope?a=1&b=two words"))
    argv = shlex.split(reply.exchange.curl)
    assert argv == ["curl", "-sS", "-X", "GET", client.url("/envelope?a=1&b=two words")]


def test_evidence_never_holds_a_registered_pan_or_the_secret(client: TargetClient) -> None:
    reply = client.post_json(f"/echo?pan={PAN}", bind_body())
    assert PAN.encode() in reply.content  # the target did repeat it ...
    evidence = shown(reply.exchange)
    assert PAN not in evidence  # ... the evidence does not
    assert SECRET not in evidence
    assert "860012…9012" in evidence
    assert "x-internal" not in reply.exchange.response_headers


def test_an_exotic_secret_leaves_no_trace_in_the_evidence(base_url: str) -> None:
    secret = 'sécret "quoted" \\ ключ'
    masker = Masker()
    masker.secret(secret)
    client = TargetClient(base_url, masker=masker, secret_envs={secret: "OCTO_SECRET"})
    try:
        reply = client.post_json("/echo", {"octo_secret": secret})
    finally:
        client.close()
    evidence = shown(reply.exchange)
    for form in (secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]):
        assert form not in evidence
    shlex.split(reply.exchange.curl)


def _reply(status: int | None, content: bytes, data: object, json_error: str | None) -> Reply:
    exchange = Exchange("POST", "http://127.0.0.1:9/x", None, status, {}, None, None, "")
    return Reply(status, {}, content, data, json_error, exchange, None)


@pytest.mark.parametrize(
    ("reply", "summary"),
    [
        (_reply(200, b'{"error": 6}', {"error": 6}, None), "error 6"),
        (_reply(302, b"", None, "the answer is empty"), "HTTP 302 without JSON"),
        (_reply(None, b"", None, "ReadTimeout"), "no answer (ReadTimeout)"),
        (_reply(200, b"{}", {}, None), "HTTP 200 without an error code"),
    ],
)
def test_a_reply_says_what_it_was_in_one_phrase(reply: Reply, summary: str) -> None:
    # findings about a target that answered no envelope must not read "got error None"
    assert reply.summary() == summary
