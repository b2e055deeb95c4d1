"""The real parts: concurrent binds on one card, a crash at each step of a callback's life, two
processes on one database, data sealed at rest."""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from octo_conformance.harness.sink import HOLD, CallbackSink
from octo_conformance.openapi.cards import luhn_check_digit
from tests.conformance.harness.loopback import free_port
from tests.reference.sandbox.helpers import (
    HUMO_PAN,
    SECRET,
    SHOP,
    Callbacks,
    Partner,
    live_sandbox,
    wait_until,
)

pytestmark = pytest.mark.slow


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


def start_sandbox(db: Path, port: int, *extra: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "octo_conformance", "serve", "--db", str(db), "--port", str(port),
         "--callback-retry-delay", "1.0", "--shop", f"{SHOP}=TEST_SHOP_SECRET", *extra],
        env={**os.environ, "TEST_SHOP_SECRET": SECRET},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and process.poll() is None:
        try:
            healthy = httpx.get(f"http://127.0.0.1:{port}/_sandbox/health", timeout=1)
        except httpx.TransportError:
            time.sleep(0.1)
            continue
        assert healthy.status_code == 200, healthy.text
        return process
    process.kill()
    raise AssertionError("the sandbox did not start")


def crash(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGKILL)  # no shutdown hooks: a crash
    process.wait()


def outbox(port: int) -> dict[str, Any]:
    """The one outbox row of the test (its state, attempts and last result)."""
    rows = httpx.get(f"http://127.0.0.1:{port}/_sandbox/outbox").json()["deliveries"]
    assert len(rows) == 1, rows
    row: dict[str, Any] = rows[0]
    return row


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


# (moment of the crash, the receiver's plan, deliveries seen before the crash, the sandbox's
# options before it, deliveries in all, the row's final state)
CRASHES = {
    # the row is written and due, the worker has not looked yet (it looks once an hour here)
    "before the first attempt": ([], 0, ["--outbox-poll-interval", "3600"], 1, "delivered"),
    # the receiver holds the first attempt open: its outcome dies with the process
    "during an attempt": ([HOLD], 1, [], 2, "delivered"),
    # refused once, the retry is 1 s away
    "between attempts": ([500], 1, [], 2, "delivered"),
    # attempts 1 and 2 refused, the third (the last allowed) held: no fourth after the restart
    "during the last attempt": ([500, 500, HOLD], 3, [], 3, "failed"),
}


@pytest.mark.parametrize("moment", CRASHES)
def test_a_crash_loses_no_callback_and_adds_no_attempt(tmp_path: Path, moment: str) -> None:
    plan, before, options, total, state = CRASHES[moment]
    db, port, tx = tmp_path / "sandbox.db", free_port(), "crash-1"
    with CallbackSink(hold_seconds=30).serving() as sink:
        receiver = Callbacks(sink)
        receiver.plan[tx] = plan
        first = start_sandbox(db, port, *options)
        try:
            bind_and_confirm(port, tx, receiver.url)
            if before:
                receiver.wait_for(tx, before)
            else:
                assert outbox(port)["attempts"] == 0
        finally:
            crash(first)
        assert len(receiver.about(tx)) == before
        second = start_sandbox(db, port)
        try:
            wait_until(lambda: outbox(port)["state"] == state)
            # two retry intervals more: an excess attempt would have come by now
            seen = [d.payload for d in sink.settle(tx, quiet=2.5, timeout=15)]
            assert len(seen) == total, f"{moment}: {len(seen)} deliveries, {total} expected"
            assert outbox(port)["attempts"] == total
            assert {(d["shop_transaction_id"], d["status"]) for d in seen} == {(tx, "active")}
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


_HELD = itertools.count()


def held(partner: Partner, receiver: Callbacks, label: str, count: int) -> dict[str, str]:
    """``count`` confirmed bindings (fresh cards) whose callbacks ``receiver`` holds unanswered;
    their payment UUIDs, each with its transaction label."""
    payments = {}
    for n in range(count):
        tx = f"{label}-{n}"
        receiver.plan[tx] = [HOLD]
        body = f"98600{next(_HELD) % 10}{n:09d}"
        bound = partner.bind(tx=tx, pan=body + luhn_check_digit(body), bind_notify_url=receiver.url)
        payments[bound["data"]["octo_payment_UUID"]] = tx
        assert partner.confirm(bound["data"]["octo_payment_UUID"])["error"] == 0
    return payments


def test_a_hung_receiver_delays_no_other_receivers_callback() -> None:
    """Twelve callbacks to a receiver that never answers (three times its share of deliveries
    in flight) hold up neither each other's receiver nor a partner's fast one."""
    with (
        CallbackSink(hold_seconds=30).serving() as hung,
        live_sandbox(callback_timeout=10.0) as partner,
    ):
        stuck = Callbacks(hung, prefix=partner.receiver.prefix)
        held(partner, stuck, "hung", 12)
        wait_until(lambda: sum(len(stuck.about(f"hung-{n}")) for n in range(12)) >= 4)
        started = time.monotonic()
        partner.bound_token(tx="fast")  # waits for its callback
        assert time.monotonic() - started < 5, "the fast callback waited for a hung one's timeout"


def test_a_delivery_waiting_past_its_lease_is_not_claimed_twice() -> None:
    """Twenty callbacks held at one receiver (4 in flight at a time, 1 s each): the last wait
    longer than their lease (timeout + 2 s) for a slot; each still counts one attempt for its
    one delivery (a second claim would count an attempt never made, and shorten the retries)."""
    with (
        CallbackSink(hold_seconds=30).serving() as hung,
        live_sandbox(callback_timeout=1.0, callback_retry_delay=60.0) as partner,
    ):
        stuck = Callbacks(hung, prefix=partner.receiver.prefix)
        payments = held(partner, stuck, "queued", 20)

        def rows() -> list[dict[str, Any]]:
            found: list[dict[str, Any]] = partner.http.get("/_sandbox/outbox").json()["deliveries"]
            return [r for r in found if r["payment_uuid"] in payments]

        wait_until(lambda: all(r["last_result"] for r in rows()), timeout=20)
        assert len(rows()) == 20  # every held callback has its row (all([]) would pass)
        for row in rows():
            delivered = len(stuck.about(payments[row["payment_uuid"]]))
            assert (row["attempts"], delivered) == (1, 1), row
