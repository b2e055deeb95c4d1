"""Publishing to a Pact Broker: the documented PUT, a bearer token, clear failures."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from conformance.contracts.broker import publish
from conformance.contracts.generate import pact_file
from conformance.errors import PublishError
from reference.serving import serve_in_thread
from tests.conformance.harness.loopback import free_port


@pytest.fixture
def broker() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    received: list[dict[str, Any]] = []

    async def put(request: Request) -> JSONResponse:
        received.append({"path": request.url.path, "auth": request.headers.get("authorization"), "body": await request.json()})  # fmt: skip
        return JSONResponse({}, status_code=201)

    app = Starlette(
        routes=[Route("/pacts/provider/{p}/consumer/{c}/version/{v}", put, methods=["PUT"])]
    )
    with serve_in_thread(app) as url:
        yield url, received


def test_each_pact_is_put_under_its_names_and_version(
    broker: tuple[str, list[dict[str, Any]]],
) -> None:
    url, received = broker
    pacts = [pact_file("provider"), pact_file("webhook")]
    done = publish(pacts, broker_url=url, version="1.2.3", token="t0ken")
    assert [d.status for d in done] == [201, 201]
    assert (
        received[0]["path"]
        == "/pacts/provider/octo-tokenization/consumer/octo-partner/version/1.2.3"
    )
    assert (
        received[1]["path"]
        == "/pacts/provider/partner-webhook/consumer/octo-tokenization/version/1.2.3"
    )
    assert received[0]["auth"] == "Bearer t0ken"
    assert received[0]["body"] == json.loads(pacts[0].read_text(encoding="utf-8"))


def test_an_unreachable_broker_is_a_clear_error() -> None:
    with pytest.raises(PublishError, match="did not answer"):
        publish(
            [pact_file("provider")],
            broker_url=f"http://127.0.0.1:{free_port()}",
            version="1",
            timeout=1,
        )


def test_a_refusing_broker_is_a_clear_error(tmp_path: Path) -> None:
    app = Starlette(
        routes=[Route("/{path:path}", lambda r: JSONResponse({}, status_code=401), methods=["PUT"])]
    )
    with serve_in_thread(app) as url, pytest.raises(PublishError, match="HTTP 401"):
        publish([pact_file("provider")], broker_url=url, version="1")
