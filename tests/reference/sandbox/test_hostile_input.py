"""Hostile input to the sandbox: each case gets error 1 (or a 400 on a sandbox-only endpoint),
never a 500; afterwards the sandbox still binds a card, its journal still reads, and nothing
it keeps holds a card number in clear. The outbox survives a callback it cannot send, and one
slow receiver delays no other partner's callback."""

from __future__ import annotations

import json
import logging
import socket
import stat
import time
from pathlib import Path

import httpx
import pytest

from octo_conformance.reference.decoding import MAX_DEPTH
from tests.conformance.harness.loopback import unresponsive_port
from tests.reference.sandbox.helpers import HUMO_PAN, SECRET, SHOP, Partner, live_sandbox

OTHER_HUMO = "9860000000000018"  # Luhn-valid, another card than HUMO_PAN
BIND = (
    '{"octo_shop_id": %d, "octo_secret": %s, "shop_transaction_id": "hostile", "pan": "%s",'
    ' "exp": "3005", "phone": "998901234567", "cardHolderName": "ALI KARIMOV", "method": "humo",'
    ' "return_url": "http://127.0.0.1:9/r"%s}'
)


def bind_text(secret: str = json.dumps(SECRET), extra: str = "") -> bytes:
    return (BIND % (SHOP, secret, HUMO_PAN, extra)).encode()


HOSTILE = [
    # a wrong secret followed by the right one: the last key must not win (duplicate keys)
    (bind_text(secret='"wrong", "octo_secret": ' + json.dumps(SECRET)), "repeats"),
    (bind_text(extra=', "x": 1e400'), "beyond a double"),
    (bind_text(extra=', "cardHolderName2": "\\ud800"'), "lone surrogate"),
    (b'{"a": ' * (MAX_DEPTH + 5) + b"1" + b"}" * (MAX_DEPTH + 5), "nests too deeply"),
    (b'{"a": NaN}', "not valid JSON"),
    (b'{"octo_shop_id": ' + b"9" * 5000 + b"}", "not valid JSON"),
]


def journal_reads(partner: Partner, limit: str = "1000") -> list[dict[str, object]]:
    response = partner.http.get("/_sandbox/journal", params={"limit": limit})
    assert response.status_code == 200, response.text
    entries: list[dict[str, object]] = response.json()["entries"]
    return entries


def still_binds(partner: Partner, tx: str) -> None:
    assert partner.bind(tx=tx)["error"] == 0


@pytest.mark.parametrize(("raw", "said"), HOSTILE, ids=[s for _, s in HOSTILE])
def test_hostile_json_is_error_1_and_leaves_the_sandbox_whole(
    partner: Partner, raw: bytes, said: str
) -> None:
    response = partner.http.post(
        "/bind_card", content=raw, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200
    assert response.json()["error"] == 1
    assert said in response.json()["errMessage"]
    journal_reads(partner)
    still_binds(partner, "after")


@pytest.mark.parametrize("limit", ["²", "9" * 5000, "-1", "abc"])
def test_a_strange_journal_limit_is_the_default(partner: Partner, limit: str) -> None:
    journal_reads(partner, limit)


@pytest.mark.parametrize(
    "body",
    [
        b'{"state": ["a card token exists"]}',
        b'{"action": ["setup"], "state": "a card token exists"}',
        b'{"state": "a card token exists", "params": {"octo_shop_id": ' + str(2**70).encode() + b"}}",
        b'{"state": "\\ud800"}',
        b'{"params": ' * 40 + b"{}" + b"}" * 40,
    ],
)  # fmt: skip
def test_provider_states_refuse_what_they_cannot_use_with_400(
    partner: Partner, body: bytes
) -> None:
    response = partner.http.post(
        "/_sandbox/provider-states", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400, response.text
    still_binds(partner, "after")


@pytest.mark.parametrize("url", ["http://[::1/cb", "http:///cb"])
def test_a_callback_url_nobody_can_send_to_is_refused_at_bind_card(
    partner: Partner, url: str
) -> None:
    raw = bind_text(extra=f', "bind_notify_url": "{url}"')  # the spec's ^https?:// passes both
    reply = partner.http.post(
        "/bind_card", content=raw, headers={"content-type": "application/json"}
    ).json()
    assert reply["error"] == 1
    # and the outbox still delivers the next partner's callback
    assert partner.bound_token(tx="next")


def test_the_journal_masks_a_card_number_in_any_shape(partner: Partner) -> None:
    body = {
        "octo_shop_id": SHOP, "OCTO_SECRET": SECRET, "shop_transaction_id": "shapes",
        "pan": int(HUMO_PAN), "card": {"number": HUMO_PAN}, "cardHolderName": f"card {HUMO_PAN}",
        "smsKey": "666666", "list": [[HUMO_PAN]],
    }  # fmt: skip
    partner.http.post("/bind_card", json=body)
    text = json.dumps(journal_reads(partner))
    assert HUMO_PAN not in text
    assert SECRET not in text
    assert "666666" not in text
    assert HUMO_PAN[:6] in text  # masked as first6…last4, still recognisable


def test_the_database_file_is_the_owners_only(tmp_path: Path) -> None:
    db = tmp_path / "sandbox.db"
    with live_sandbox(db=str(db)) as partner:
        still_binds(partner, "one")
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(Path(f"{db}.key").stat().st_mode) == 0o600


def test_a_hung_receiver_delays_no_other_callback() -> None:
    with unresponsive_port() as port, live_sandbox(callback_timeout=5.0) as partner:
        hung = f"http://127.0.0.1:{port}/cb"
        payment = partner.bind(tx="hung", bind_notify_url=hung)["data"]["octo_payment_UUID"]
        assert partner.confirm(payment)["error"] == 0
        time.sleep(0.2)  # the hung delivery is under way
        started = time.monotonic()
        partner.bound_token(tx="fast", pan=OTHER_HUMO)  # waits for its callback
        assert time.monotonic() - started < 2.5  # not the hung receiver's 5 s timeout


def test_nothing_above_was_answered_with_a_traceback(caplog: pytest.LogCaptureFixture) -> None:
    with live_sandbox() as partner:
        for raw, _ in HOSTILE:
            partner.http.post(
                "/bind_card", content=raw, headers={"content-type": "application/json"}
            )
        still_binds(partner, "after")
    assert "Traceback" not in caplog.text
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]


def test_a_client_that_hangs_up_mid_body_is_one_log_line_not_an_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="octo.sandbox")
    with live_sandbox() as partner:
        url = httpx.URL(str(partner.http.base_url))
        with socket.create_connection(("127.0.0.1", url.port or 80), timeout=5) as raw:
            raw.sendall(
                b"POST /bind_card HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/json\r\nContent-Length: 500\r\n\r\n"
                b'{"octo_shop_id": 10000'
            )
        # the hang-up is logged once the server reads on; a normal request comes after it
        deadline = time.monotonic() + 5
        while "hung up" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.05)
        still_binds(partner, "after")
        entries = journal_reads(partner)
    assert "the client hung up before its body was read" in caplog.text
    assert "Traceback" not in caplog.text
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
    assert all(e.get("response") != {"error": 4} for e in entries)  # not journalled as error 4
