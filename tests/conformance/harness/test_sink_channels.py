"""The sink keeps notify_url apart from bind_notify_url: a payment notification is never taken
for the token callback."""

from __future__ import annotations

import httpx

from octo_conformance.harness.sink import CallbackSink

CALLBACK = {
    "shop_transaction_id": "tx-1",
    "pan": "9860000000000000",
    "exp": "3012",
    "cardHolderName": "ALI KARIMOV",
    "card_token": "t",
    "status": "active",
}


def test_a_notification_is_kept_apart_and_acknowledged() -> None:
    sink = CallbackSink()
    with sink.serving() as served:
        assert served.notify_url != served.callback_url
        assert served.notify_url.startswith("http://127.0.0.1:")
        notification = {"shop_transaction_id": "tx-1", "status": "succeeded", "total_sum": 1000}
        answer = httpx.post(served.notify_url, json=notification, timeout=5)
        assert answer.status_code == 200
        assert served.deliveries("tx-1") == []  # not a token callback
        assert served.wait_for("tx-1", 1, 0.2) == []
        [kept] = served.notifications()
        assert kept.payload == notification
        httpx.post(served.callback_url, json=CALLBACK, timeout=5)
        [callback] = served.wait_for("tx-1", 1, 5)
        assert callback.payload == CALLBACK
        assert len(served.notifications()) == 1


def test_a_public_url_keeps_the_channels_apart() -> None:
    sink = CallbackSink()
    with sink.serving(public_url="https://tunnel.example/hooks/") as served:
        assert served.callback_url == "https://tunnel.example/hooks"
        assert served.notify_url == "https://tunnel.example/hooks/octo/notify"
