"""Card data safety (C-29, C-50): no full PAN in any answer, log line or database file."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import httpx
import pytest

from octo_conformance.openapi.cards import mask_pan
from tests.reference.webhook.helpers import KEY, PENDING, Octo, fresh_pan, live_webhook


def battery(octo: Octo, pan: str) -> list[httpx.Response]:
    """Every kind of answer, each about ``pan`` or with ``pan`` in the request."""
    callback = octo.pending("safe-1", pan=pan)
    other = octo.pending("safe-2")
    answers = [
        octo.send({**callback, "status": "failed", "exp": "3101"}),  # mismatch: 409
        octo.send({**callback, "exp": "3013"}),  # invalid: 400
        octo.send({**callback, "pan": pan + "0"}),  # invalid: 400
        octo.send({**callback, "card_token": ""}),  # invalid: 400
        octo.send({**other, "pan": pan}),  # another binding's card: 409
        octo.send({**callback, "shop_transaction_id": pan}),  # unknown: 404
        octo.send({**callback, "pan": int(pan)}),  # mistyped: 400
        octo.send(callback),  # 200
        octo.send(callback),  # retry: 200
        octo.send({**callback, "card_token": "other"}),  # 409
        octo.state("setup", PENDING, shop_transaction_id="safe-3", pan=pan[:-1] + "x", exp="3001"),
        octo.http.get("/_webhook/bindings"),
        octo.http.post(
            "/octo/callback", content=f'{{"pan": "{pan}"'.encode(), headers={"content-type": "application/json"}
        ),
    ]  # fmt: skip
    assert {a.status_code for a in answers} == {200, 400, 404, 409}
    return answers


def test_no_answer_and_no_log_line_holds_the_full_pan(
    octo: Octo, caplog: pytest.LogCaptureFixture
) -> None:
    pan = fresh_pan()
    caplog.set_level(logging.DEBUG)
    answers = battery(octo, pan)
    for answer in answers:
        assert pan not in answer.text
        assert pan not in str(answer.headers)
    lines = [record.getMessage() for record in caplog.records]
    assert any(mask_pan(pan) in line for line in lines)  # the receiver does log the card, masked
    assert all(pan not in line for line in lines)
    assert pan not in caplog.text


def test_an_internal_error_logs_no_card_data(caplog: pytest.LogCaptureFixture) -> None:
    pan = fresh_pan()
    caplog.set_level(logging.DEBUG)
    with live_webhook(faults=frozenset({"rejects-unicode-names"})) as octo:
        callback = octo.pending("crash", pan=pan, cardHolderName="Oʻtkir")
        response = octo.send(callback)
    assert response.status_code == 500
    assert response.json() == {"status": "error", "message": "internal error"}
    assert "UnicodeEncodeError" in caplog.text
    assert pan not in caplog.text
    assert "Oʻtkir" not in caplog.text  # the exception's message quotes the name: not logged


def test_the_database_file_holds_only_a_keyed_hash_and_survives_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "webhook.db"
    pan = fresh_pan()
    with live_webhook(db=str(db)) as octo:
        callback = octo.pending("durable", pan=pan)
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert pan.encode() not in stored
    assert hashlib.sha256(pan.encode()).hexdigest().encode() not in stored  # keyed, not plain
    with live_webhook(db=str(db), key=b"another-key-0123456789") as octo:
        assert octo.send(callback).status_code == 409  # without the key, no card matches
    with live_webhook(db=str(db), key=KEY) as octo:
        assert octo.send(callback).status_code == 200


def test_the_key_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    db = str(tmp_path / "webhook.db")
    monkeypatch.setenv("OCTO_WEBHOOK_KEY", "environment-key-0123456789")
    with live_webhook(db=db, key=None) as octo:
        callback = octo.pending("env-key")
    with live_webhook(db=db, key=None) as octo:
        assert octo.send(callback).status_code == 200
    monkeypatch.delenv("OCTO_WEBHOOK_KEY")
    with live_webhook(db=db, key=None) as octo:  # a random key: the stored card cannot match
        assert octo.send(callback).status_code == 409
