"""End to end: a real binding on the reference sandbox, its real callback to the reference webhook."""

from __future__ import annotations

import time
from typing import Any

import httpx

from tests.reference.sandbox.helpers import SECRET, SHOP, reset_sandbox
from tests.reference.webhook.helpers import Octo

PAN, EXP, HOLDER = "9860240101226506", "3005", "Алишер Навоий"


def _bindings(webhook: httpx.Client) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = webhook.get("/_webhook/bindings").json()["bindings"]
    return found


def test_the_sandbox_delivers_a_real_callback_to_the_reference_webhook(
    sandbox_url: str, webhook_url: str
) -> None:
    hook_url = webhook_url
    with (
        httpx.Client(base_url=sandbox_url, timeout=10) as octo,
        httpx.Client(base_url=hook_url, timeout=10) as webhook,
    ):
        reset_sandbox(octo)  # the session's sandbox and webhook, both emptied first
        Octo(webhook).reset()
        card = {"pan": PAN, "exp": EXP, "cardHolderName": HOLDER}
        setup = {"action": "setup", "state": "a pending card binding exists", "params": {"shop_transaction_id": "e2e-1", **card}}  # fmt: skip
        assert webhook.post("/_pact/provider-states", json=setup).status_code == 200
        bound = octo.post("/bind_card", json={
            "octo_shop_id": SHOP, "octo_secret": SECRET, "shop_transaction_id": "e2e-1", **card,
            "phone": "998901234567", "cvc2": "", "method": "humo", "return_url": f"{hook_url}/return",
            "notify_url": f"{hook_url}/octo/callback", "bind_notify_url": f"{hook_url}/octo/callback",
        }).json()  # fmt: skip
        payment = bound["data"]["octo_payment_UUID"]
        verify_id = octo.post("/verificationInfo/", json={"octo_payment_UUID": payment}).json()["data"]["verifyId"]  # fmt: skip
        confirmed = octo.post("/bind_card/check_sms_key", json={
            "octo_shop_id": SHOP, "octo_secret": SECRET, "smsKey": "666666", "paymentUUID": payment, "verifyId": verify_id,
        }).json()  # fmt: skip
        assert confirmed["error"] == 0
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            (binding,) = _bindings(webhook)
            if binding["status"] == "active":
                break
            time.sleep(0.05)
        assert binding["status"] == "active"
        assert binding["first6"] == PAN[:6]
        assert binding["last4"] == PAN[-4:]
        assert PAN not in str(_bindings(webhook))
