"""The real parts: concurrent binds on one card, a crash while retrying, data sealed at rest."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx

from conformance.harness.sink import CallbackSink
from tests.reference.sandbox.helpers import (
    HUMO_PAN,
    SECRET,
    SHOP,
    Callbacks,
    Partner,
    live_sandbox,
    wait_until,
)


def test_fifty_concurrent_binds_of_one_card_yield_one_binding(partner: Partner) -> None:
    base = str(partner.http.base_url)

    async def bind_all() -> list[int]:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:

            async def one(n: int) -> int:
                body = {
                    "octo_shop_id": SHOP, "octo_secret": SECRET, "shop_transaction_id": f"race-{n}",
                    "pan": HUMO_PAN, "exp": "3005", "phone": "998901234567", "cardHolderName": "ALI",
                    "method": "humo", "return_url": "http://127.0.0.1:9/r",
                }  # fmt: skip
                return int((await client.post("/bind_card", json=body)).json()["error"])

            return list(await asyncio.gather(*(one(n) for n in range(50))))

    codes = asyncio.run(bind_all())
    assert sorted(codes) == [0] + [20] * 49


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_sandbox(db: Path, port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "conformance", "serve", "--db", str(db), "--port", str(port),
         "--callback-retry-delay", "1.0", "--shop", f"{SHOP}=TEST_SHOP_SECRET"],
        env={**os.environ, "TEST_SHOP_SECRET": SECRET},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/_sandbox/health", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("the sandbox did not start")


def bind_and_confirm(port: int, tx: str, callback_url: str) -> None:
    """A humo binding confirmed through the sandbox on ``port``: its callback is now due."""
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as partner:
        bound = partner.post("/bind_card", json={
            "octo_shop_id": SHOP, "octo_secret": SECRET, "shop_transaction_id": tx,
            "pan": HUMO_PAN, "exp": "3005", "phone": "998901234567", "cardHolderName": "ALI",
            "method": "humo", "return_url": "http://127.0.0.1:9/r", "bind_notify_url": callback_url,
        }).json()["data"]  # fmt: skip
        payment = bound["octo_payment_UUID"]
        verify_id = partner.post("/verificationInfo/", json={"octo_payment_UUID": payment}).json()[
            "data"
        ]["verifyId"]
        confirmed = partner.post("/bind_card/check_sms_key", json={
            "octo_shop_id": SHOP, "octo_secret": SECRET, "smsKey": "666666",
            "paymentUUID": payment, "verifyId": verify_id,
        }).json()  # fmt: skip
        assert confirmed["error"] == 0


def test_a_callback_survives_a_crash_between_retries(tmp_path: Path) -> None:
    db, port = tmp_path / "sandbox.db", free_port()
    with CallbackSink().serving() as sink:
        receiver = Callbacks(sink)
        receiver.plan["crash-1"] = [
            500
        ]  # the first attempt fails: the callback waits for its retry
        first = start_sandbox(db, port)
        try:
            bind_and_confirm(port, "crash-1", receiver.url)
            receiver.wait_for("crash-1", 1)
        finally:
            first.send_signal(signal.SIGKILL)  # no shutdown hooks: a crash
            first.wait()
        assert len(receiver.about("crash-1")) == 1
        second = start_sandbox(db, port)
        try:
            (_, retried) = receiver.wait_for("crash-1", 2)
            assert (retried["shop_transaction_id"], retried["status"]) == ("crash-1", "active")
            wait_until(
                lambda: (
                    httpx.get(f"http://127.0.0.1:{port}/_sandbox/outbox").json()["deliveries"][0][
                        "state"
                    ]
                    == "delivered"
                )
            )
        finally:
            second.terminate()
            second.wait(timeout=10)


def test_card_data_is_sealed_at_rest(tmp_path: Path) -> None:
    db = tmp_path / "sandbox.db"
    with live_sandbox(db=str(db)) as partner:
        partner.bound_token()
    raw = (
        db.read_bytes() + (tmp_path / "sandbox.db-wal").read_bytes()
        if (tmp_path / "sandbox.db-wal").exists()
        else db.read_bytes()
    )
    assert HUMO_PAN.encode() not in raw
    assert b"998901234567" not in raw
    assert oct((tmp_path / "sandbox.db.key").stat().st_mode & 0o777) == "0o600"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_two_sandboxes_on_one_database_deliver_each_attempt_once(tmp_path: Path) -> None:
    db = tmp_path / "sandbox.db"
    with CallbackSink().serving() as sink:
        receiver = Callbacks(sink)
        receiver.plan["twin-1"] = [500, 500]  # two refusals, then the third attempt is taken
        first = start_sandbox(db, port := free_port())
        second = start_sandbox(db, free_port())  # polls the same outbox
        try:
            bind_and_confirm(port, "twin-1", receiver.url)
            receiver.wait_for("twin-1", 3)
            time.sleep(2.5)  # two more retry intervals: a duplicate would have come by now
        finally:
            for process in (first, second):
                process.terminate()
                process.wait(timeout=10)
        assert len(receiver.about("twin-1")) == 3
