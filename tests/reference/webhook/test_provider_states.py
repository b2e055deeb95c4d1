"""Pact provider states: setup registers a binding the receiver knows, teardown forgets it."""

from __future__ import annotations

import httpx
import pytest

from tests.reference.webhook.helpers import ACTIVE, PENDING, Octo, fresh_pan


def assert_state_answer(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["status"] == ("success" if status == 200 else "error")
    return str(body["message"])


def test_setup_registers_a_pending_binding(octo: Octo) -> None:
    pan = fresh_pan()
    response = octo.state("setup", PENDING, shop_transaction_id="ps-1", pan=pan, exp="2912")
    assert_state_answer(response, 200)
    assert octo.binding("ps-1") == {
        "shop_transaction_id": "ps-1", "first6": pan[:6], "last4": pan[-4:],
        "status": "pending", "has_token": False, "callbacks": 0,
    }  # fmt: skip
    callback = {"shop_transaction_id": "ps-1", "pan": pan, "exp": "2912",
                "cardHolderName": "ANY NAME", "card_token": "t", "status": "active"}  # fmt: skip
    assert octo.send(callback).status_code == 200  # no name was kept, so none is compared


def test_teardown_forgets_the_binding(octo: Octo) -> None:
    callback = octo.pending("ps-2")
    params = {"shop_transaction_id": "ps-2"}
    assert (
        assert_state_answer(octo.state("teardown", PENDING, **params), 200) == "binding forgotten"
    )
    assert octo.binding("ps-2") is None
    assert octo.send(callback).status_code == 404
    assert assert_state_answer(octo.state("teardown", PENDING, **params), 200) == "no such binding"


def test_an_active_binding_state_holds_its_token(octo: Octo) -> None:
    pan = fresh_pan()
    card = {"shop_transaction_id": "ps-3", "pan": pan, "exp": "3001", "cardHolderName": "Oʻg‘il"}
    assert_state_answer(octo.state("setup", ACTIVE, **card, card_token="tok-3"), 200)
    binding = octo.binding("ps-3")
    assert binding is not None
    assert (binding["status"], binding["has_token"]) == ("active", True)
    assert octo.send({**card, "card_token": "tok-3", "status": "active"}).status_code == 200
    assert octo.send({**card, "card_token": "tok-4", "status": "active"}).status_code == 409


def test_setup_again_starts_the_binding_afresh(octo: Octo) -> None:
    callback = octo.pending("ps-4")
    assert octo.send(callback).status_code == 200
    card = {k: callback[k] for k in ("shop_transaction_id", "pan", "exp", "cardHolderName")}
    assert_state_answer(octo.state("setup", PENDING, **card), 200)
    assert octo.send({**callback, "card_token": "a-new-token"}).status_code == 200


def test_an_action_defaults_to_setup(octo: Octo) -> None:
    params = {"shop_transaction_id": "ps-5", "pan": fresh_pan(), "exp": "3001"}
    response = octo.http.post("/_pact/provider-states", json={"state": PENDING, "params": params})
    assert_state_answer(response, 200)
    assert octo.binding("ps-5") is not None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"action": "setup", "state": "a card exists", "params": {}}, "unknown provider state"),
        ({"action": "setup", "params": {"shop_transaction_id": "x"}}, "unknown provider state"),
        ({"action": "reset", "state": PENDING, "params": {}}, "action must be one of"),
        ({"action": "setup", "state": PENDING}, "params must be a JSON object"),
        ({"action": "teardown", "state": PENDING, "params": []}, "params must be a JSON object"),
        ({"action": "setup", "state": PENDING, "params": {"pan": "4111111111111111"}},
         "shop_transaction_id must be a non-empty string"),
        ({"action": "setup", "state": PENDING, "params": {"shop_transaction_id": "x", "exp": "3001"}},
         "pan is required"),
        ({"action": "setup", "state": PENDING,
          "params": {"shop_transaction_id": "x", "pan": "4111111111111112", "exp": "3001"}},
         "pan: card number fails the Luhn check"),
        ({"action": "setup", "state": PENDING,
          "params": {"shop_transaction_id": "x", "pan": "4111111111111111", "exp": "3013"}},
         "exp:"),
        ({"action": "setup", "state": ACTIVE,
          "params": {"shop_transaction_id": "x", "pan": "4111111111111111", "exp": "3001"}},
         "card_token is required"),
    ],
)  # fmt: skip
def test_bad_state_changes_get_400(octo: Octo, body: dict[str, object], message: str) -> None:
    response = octo.http.post("/_pact/provider-states", json=body)
    shown = assert_state_answer(response, 400)
    assert message in shown
    assert "4111111111111112" not in shown
    assert octo.binding("x") is None
