"""The clean receiver: acknowledges what the partner started, refuses the rest, retries are safe."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings

from octo_conformance.openapi.spec import load_spec
from octo_conformance.strategies import callback_payloads
from tests.reference.webhook.helpers import Octo, fresh_pan

SUCCESS = {"status": "success", "message": "Callback processed successfully"}
_TX = iter(range(10**9))


def tx(label: str) -> str:
    return f"{label}-{next(_TX)}"


def assert_acknowledged(response: Any) -> None:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json() == SUCCESS


def assert_rejected(response: Any, *statuses: int) -> str:
    assert response.status_code in statuses, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["status"] == "error"
    assert isinstance(body["message"], str)
    assert body["message"]
    return str(body["message"])


def test_an_active_callback_for_a_pending_binding_is_acknowledged(octo: Octo) -> None:
    callback = octo.pending(tx("ok"))
    started = time.monotonic()
    assert_acknowledged(octo.send(callback))
    assert time.monotonic() - started < 10  # C-34
    assert octo.binding(callback["shop_transaction_id"]) == {
        "shop_transaction_id": callback["shop_transaction_id"],
        "first6": callback["pan"][:6],
        "last4": callback["pan"][-4:],
        "status": "active",
        "has_token": True,
        "callbacks": 1,
    }


def test_the_documents_own_example_is_acknowledged(octo: Octo) -> None:
    operation = load_spec().operation("cardTokenCallback")
    pointer = operation.request_schema_pointer.rsplit("/schema", 1)[0]
    example = load_spec().resolve(pointer)["examples"]["documented"]["value"]
    card = {k: example[k] for k in ("shop_transaction_id", "pan", "exp", "cardHolderName")}
    assert octo.state("setup", "a pending card binding exists", **card).status_code == 200
    assert_acknowledged(octo.send(example))


def test_a_full_failed_callback_settles_a_pending_binding(octo: Octo) -> None:
    callback = octo.pending(tx("failed"))
    assert_acknowledged(octo.send({**callback, "status": "failed"}))
    binding = octo.binding(callback["shop_transaction_id"])
    assert binding is not None
    assert (binding["status"], binding["has_token"]) == ("failed", False)


def test_the_minimal_failed_callback_is_acknowledged(octo: Octo) -> None:
    """C-25: live OCTO may report a failure with only the id and the status."""
    callback = octo.pending(tx("minimal"))
    minimal = {"shop_transaction_id": callback["shop_transaction_id"], "status": "failed"}
    assert_acknowledged(octo.send(minimal))
    assert_acknowledged(octo.send(minimal))  # and its retry
    binding = octo.binding(callback["shop_transaction_id"])
    assert binding is not None
    assert binding["status"] == "failed"


def test_a_minimal_active_callback_is_not_enough(octo: Octo) -> None:
    callback = octo.pending(tx("minimal-active"))
    minimal = {"shop_transaction_id": callback["shop_transaction_id"], "status": "active"}
    message = assert_rejected(octo.send(minimal), 400)
    assert "card_token is required" in message


def test_unknown_extra_fields_are_tolerated(octo: Octo) -> None:
    """C-47: OCTO may add fields; a receiver ignores what it does not know."""
    callback = octo.pending(tx("extra"))
    assert_acknowledged(octo.send({**callback, "processing_reference": "x", "meta": {"a": [1]}}))


def test_an_unknown_transaction_is_rejected_with_the_documented_error_body(octo: Octo) -> None:
    callback = octo.pending(tx("known"))
    message = assert_rejected(octo.send({**callback, "shop_transaction_id": tx("unknown")}), 404)
    assert message == "Invalid shop_transaction_id"


@pytest.mark.parametrize(
    ("field", "value"),
    [("pan", "other"), ("exp", "3006"), ("cardHolderName", "VALI KARIMOV")],
)
def test_a_callback_for_another_card_is_rejected_and_changes_nothing(
    octo: Octo, field: str, value: str
) -> None:
    """C-30: no signature, so the card must be the one the partner started binding."""
    callback = octo.pending(tx(f"mismatch-{field}"))
    wrong = fresh_pan() if value == "other" else value
    for status in ("active", "failed"):
        message = assert_rejected(octo.send({**callback, field: wrong, "status": status}), 409)
        assert field in message
    binding = octo.binding(callback["shop_transaction_id"])
    assert binding is not None
    assert (binding["status"], binding["has_token"]) == ("pending", False)
    assert_acknowledged(octo.send(callback))  # the right callback still settles it


def test_a_retry_is_acknowledged_again_and_changes_nothing(octo: Octo) -> None:
    callback = octo.pending(tx("retry"))
    assert_acknowledged(octo.send(callback))
    before = octo.binding(callback["shop_transaction_id"])
    for _ in range(3):
        assert_acknowledged(octo.send(callback))
    after = octo.binding(callback["shop_transaction_id"])
    assert before is not None
    assert after is not None
    assert after == {**before, "callbacks": 4}  # only the count of received callbacks moves


def test_another_token_for_an_active_binding_is_a_conflict(octo: Octo) -> None:
    callback = octo.pending(tx("replace"))
    assert_acknowledged(octo.send(callback))
    message = assert_rejected(octo.send({**callback, "card_token": "attacker-token"}), 409)
    assert "already active" in message
    assert_acknowledged(octo.send(callback))  # the original token is still the one kept


@pytest.mark.parametrize(("first", "then"), [("active", "failed"), ("failed", "active")])
def test_a_settled_binding_does_not_change_its_outcome(octo: Octo, first: str, then: str) -> None:
    callback = octo.pending(tx(f"{first}-{then}"))
    assert_acknowledged(octo.send({**callback, "status": first}))
    assert_rejected(octo.send({**callback, "status": then}), 409)
    binding = octo.binding(callback["shop_transaction_id"])
    assert binding is not None
    assert binding["status"] == first


@pytest.mark.parametrize(
    "name",
    ["Алишер Навоий", "Oʻtkir Hoshimov", "Gʼayrat Oʼrinboyev", "O‘ktam G’ulomov", "ЎЗБЕК ҚИЗИ"],
)
def test_unicode_holder_names_are_fine(octo: Octo, name: str) -> None:
    callback = octo.pending(tx("unicode"), cardHolderName=name)
    assert_acknowledged(octo.send(callback))


@settings(max_examples=25)
@given(callback=callback_payloads(today=date(2026, 11, 29)))
def test_any_documented_callback_for_a_binding_it_started_is_acknowledged(
    webhook: Octo, callback: dict[str, Any]
) -> None:
    """Names of any script, tokens of any shape; a repeated id just resets its binding."""
    card = {k: callback[k] for k in ("shop_transaction_id", "pan", "exp", "cardHolderName")}
    assert webhook.state("setup", "a pending card binding exists", **card).status_code == 200
    assert_acknowledged(webhook.send(callback))
