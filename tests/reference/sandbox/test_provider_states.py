"""``POST /_sandbox/provider-states``: Pact provider states set up the world a contract expects."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.reference.sandbox.helpers import Partner

SHOP = {"octo_shop_id": 242, "octo_secret": "1d45df74-bb95-47cf-a616-8d6dcee2e10d"}
TOKEN = "sdf9g87sd6f9g876sdf9g876sdf98g"
PAYMENT = "06000144-db56-47b6-9eba-021ad4ff246b"


@pytest.fixture
def octo(partner: Partner) -> httpx.Client:
    """The session's sandbox, reset before the test (``partner``)."""
    return partner.http


def state(
    octo: httpx.Client, name: str, params: dict[str, Any], action: str = "setup"
) -> httpx.Response:
    return octo.post(
        "/_sandbox/provider-states", json={"action": action, "state": name, "params": params}
    )


def test_a_card_token_exists_and_can_be_blocked_once(octo: httpx.Client) -> None:
    assert state(octo, "a card token exists", {**SHOP, "card_token": TOKEN}).status_code == 200
    block = {**SHOP, "card_token": TOKEN}
    assert octo.post("/block_card_token", json=block).json() == {
        "error": 0,
        "errMessage": None,
        "status": "blocked",
    }
    assert octo.post("/block_card_token", json=block).json()["error"] == 6


def test_a_blocked_card_token_answers_6(octo: httpx.Client) -> None:
    assert (
        state(octo, "a blocked card token exists", {**SHOP, "card_token": TOKEN}).status_code == 200
    )
    assert octo.post("/block_card_token", json={**SHOP, "card_token": TOKEN}).json()["error"] == 6


def test_a_pending_binding_takes_the_documented_otp(octo: httpx.Client) -> None:
    assert state(octo, "a pending binding exists", {**SHOP, "octo_payment_UUID": PAYMENT, "verifyId": 819}).status_code == 200  # fmt: skip
    info = octo.post("/verificationInfo/", json={"octo_payment_UUID": PAYMENT}).json()
    assert info["data"]["verifyId"] == 819
    confirmed = octo.post("/bind_card/check_sms_key", json={**SHOP, "smsKey": "666666", "paymentUUID": PAYMENT, "verifyId": 819}).json()  # fmt: skip
    assert confirmed["error"] == 0
    assert confirmed["data"]["status"] == "succeeded"


def test_every_setup_starts_from_an_empty_sandbox(octo: httpx.Client) -> None:
    state(octo, "a card token exists", {**SHOP, "card_token": TOKEN})
    assert state(octo, "", {}).status_code == 200  # an interaction without a state
    assert state(octo, "the shop exists", SHOP).status_code == 200
    assert octo.post("/block_card_token", json={**SHOP, "card_token": TOKEN}).json()["error"] == 5


def test_teardown_changes_nothing(octo: httpx.Client) -> None:
    state(octo, "a card token exists", {**SHOP, "card_token": TOKEN})
    assert state(octo, "a card token exists", {**SHOP, "card_token": TOKEN}, action="teardown").status_code == 200  # fmt: skip
    assert octo.post("/block_card_token", json={**SHOP, "card_token": TOKEN}).json()["error"] == 0


@pytest.mark.parametrize(
    "body",
    [
        {"action": "setup", "state": "the moon exists", "params": {}},
        {"action": "explode", "state": "the shop exists", "params": SHOP},
        {"action": "setup", "state": "the shop exists", "params": {"octo_shop_id": "242"}},
        {"action": "setup", "state": "a card token exists", "params": SHOP},
        {"action": "setup", "state": "the shop exists", "params": [1]},
        ["not", "an", "object"],
    ],
)
def test_bad_state_requests_are_400_never_500(octo: httpx.Client, body: Any) -> None:
    answer = octo.post("/_sandbox/provider-states", json=body)
    assert answer.status_code == 400
    assert answer.json()["error"]


def test_malformed_json_is_400(octo: httpx.Client) -> None:
    answer = octo.post(
        "/_sandbox/provider-states", content=b"{", headers={"content-type": "application/json"}
    )
    assert answer.status_code == 400
