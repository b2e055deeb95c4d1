"""Whatever arrives, a 4xx JSON error with a reason, never a 5xx (C-26)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest
from hypothesis import given, settings

from octo_conformance.strategies import broken_callback_payloads
from octo_conformance.strategies.broken import Broken
from tests.reference.webhook.helpers import Octo


def assert_json_error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["status"] == "error"
    return str(body["message"])


@pytest.mark.parametrize(
    ("content", "content_type", "status", "message"),
    [
        (b"{not json", "application/json", 400, "not valid JSON"),
        (b"", "application/json", 400, "not valid JSON"),
        (b'{"status": NaN}', "application/json", 400, "not valid JSON"),
        (b'{"status": "active"', "application/json", 400, "not valid JSON"),
        (b"\xff\xfe{}", "application/json", 400, "not valid JSON"),
        (b"[" * 5000 + b"]" * 5000, "application/json", 400, "nests too deeply"),
        (b'{"a": ' * 960 + b"1" + b"}" * 960, "application/json", 400, "nests too deeply"),
        (b'{"shop_transaction_id": "\\ud800"}', "application/json", 400, "lone surrogate"),
        (b'{"status": "failed", "status": "active"}', "application/json", 400, "repeats"),
        (b'{"x": 1e400}', "application/json", 400, "beyond a double"),
        (b"[]", "application/json", 400, "must be a JSON object"),
        (b'"active"', "application/json", 400, "must be a JSON object"),
        (b"null", "application/json", 400, "must be a JSON object"),
        (b"42", "application/json", 400, "must be a JSON object"),
        (b'{"status": "active"}', "text/plain", 415, "Content-Type must be application/json"),
        (b"status=active", "application/x-www-form-urlencoded", 415, "Content-Type"),
        (b'{"status": "active"}', "", 415, "Content-Type"),
        (b'{"pad": "' + b"x" * 70_000 + b'"}', "application/json", 413, "larger than 65536"),
    ],
)
@pytest.mark.parametrize("path", ["/octo/callback", "/_pact/provider-states"])
def test_unreadable_bodies_get_a_4xx_json_error(
    octo: Octo, path: str, content: bytes, content_type: str, status: int, message: str
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = octo.http.post(path, content=content, headers=headers)
    if path == "/_pact/provider-states" and "JSON object" in message:
        message = "must be a JSON object"
    assert message in assert_json_error(response, status)


@pytest.mark.parametrize(
    ("change", "rule_text"),
    [
        ({"pan": ...}, "pan is required"),
        ({"exp": ...}, "exp is required"),
        ({"card_token": ...}, "card_token is required"),
        ({"cardHolderName": ...}, "cardHolderName is required"),
        ({"status": ...}, "status is required"),
        ({"shop_transaction_id": ...}, "shop_transaction_id is required"),
        ({"pan": 8600490000000001}, "pan: must be of type string"),
        ({"exp": 3005}, "exp: must be of type string"),
        ({"exp": "3013"}, "exp:"),
        ({"pan": "8600 4900 0000 0001"}, "pan:"),
        ({"status": "ACTIVE"}, "status: must be one of active, failed"),
        ({"status": "blocked"}, "status: must be one of active, failed"),
        ({"status": None}, "status: must be of type string"),
        ({"card_token": ""}, "card_token: must not be empty"),
        ({"cardHolderName": "   "}, "cardHolderName:"),
        ({"shop_transaction_id": 123}, "shop_transaction_id: must be of type string"),
    ],
)
def test_invalid_callbacks_for_a_known_binding_get_400(
    octo: Octo, change: dict[str, Any], rule_text: str
) -> None:
    callback = octo.pending(f"invalid-{rule_text}")
    body = {k: v for k, v in {**callback, **change}.items() if v is not ...}
    message = assert_json_error(octo.send(body), 400)
    assert rule_text in message
    assert callback["pan"] not in message
    binding = octo.binding(callback["shop_transaction_id"])
    assert binding is not None
    assert binding["status"] == "pending"


@settings(max_examples=60)
@given(broken=broken_callback_payloads(today=date(2026, 11, 29)))
def test_no_broken_callback_gets_a_5xx_or_an_acknowledgement(webhook: Octo, broken: Broken) -> None:
    response = webhook.send(broken.body)
    assert 400 <= response.status_code < 500, (broken.rule, response.text)
    assert response.json()["status"] == "error"


def test_unknown_routes_and_methods_are_json_errors(octo: Octo) -> None:
    assert "no such endpoint" in assert_json_error(octo.http.post("/octo/callbacks", json={}), 404)
    assert "no such endpoint" in assert_json_error(octo.http.get("/octo/callback"), 405)
    assert_json_error(octo.http.put("/_pact/provider-states", content=b"{}"), 405)


def test_the_size_limit_holds_without_a_content_length(octo: Octo) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"pad": "'
        for _ in range(80):
            yield b"x" * 1024
        yield b'"}'

    response = octo.http.post(
        "/octo/callback", content=chunks(), headers={"content-type": "application/json"}
    )
    assert "larger than" in assert_json_error(response, 413)


def test_a_callback_just_under_the_limit_is_read(octo: Octo) -> None:
    callback = octo.pending("big-but-fine")
    body = json.dumps({**callback, "pad": "x" * 60_000}).encode()
    response = octo.http.post(
        "/octo/callback", content=body, headers={"content-type": "application/json; charset=utf-8"}
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "body",
    [
        {"state": ["a pending card binding exists"]},
        {"action": ["setup"], "state": "a pending card binding exists"},
        {"state": {"a": 1}, "params": []},
    ],
)
def test_provider_states_refuse_a_list_or_object_where_a_name_belongs(
    octo: Octo, body: dict[str, Any]
) -> None:
    assert_json_error(octo.http.post("/_pact/provider-states", json=body), 400)
