"""Benchmark: what the reference sandbox holds under attack, racing clients, bad receivers and
crashes.

Starts the real `octo-conformance serve` (a subprocess, its own SQLite file) on loopback, then:
1. slowloris: N connections send half a request's headers and nothing more; how many the
   server closes within its 10 s read deadline (plus a margin), and how long a normal request
   takes while they hang;
2. races: R rounds of C concurrent identical bind_card calls for one card (each with its own
   shop_transaction_id): exactly one may succeed, the others get error 20;
3. receivers: callbacks to hung receivers (never answer; the sandbox gives up after its 10 s
   timeout) and slow ones (answer after 5 s), then callbacks to a fast one: the fast one's
   latency from the confirming answer to its callback, once with a few of each and once with
   a crowd at one hung receiver (6 times its share of deliveries in flight);
4. kill -9: K times, a sandbox on one database file confirms a binding whose receiver refuses,
   holds or takes it, and is killed after a random pause; a last one finishes the outbox.
   Every binding must get at least one delivery, none more than the 3 allowed.

Usage: .venv/bin/python bench/reliability.py [--connections 500] [--rounds 3] [--racers 50]
           [--hung 4 --slow 4 --crowd 24] [--kills 20]
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from octo_conformance.harness.sink import HOLD, CallbackSink
from octo_conformance.openapi.cards import luhn_check_digit
from octo_conformance.reference.sandbox.outbox import MAX_PER_RECEIVER

SHOP, SECRET = 10000, "bench-secret-0123456789"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_serve(port: int, db: Path, *extra: str) -> subprocess.Popen[bytes]:
    binary = Path(sys.executable).with_name("octo-conformance")
    env = {**os.environ, "OCTO_SECRET": SECRET}
    process = subprocess.Popen(
        [str(binary), "serve", "--port", str(port), "--db", str(db), *extra],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.post(f"http://127.0.0.1:{port}/verificationInfo/", json={}, timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("serve did not start")


def slowloris(port: int, connections: int) -> dict[str, float]:
    socks = []
    for _ in range(connections):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(b"POST /bind_card HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n")
        socks.append(sock)
    started = time.monotonic()
    probe = time.monotonic()
    answered = httpx.post(
        f"http://127.0.0.1:{port}/verificationInfo/", json={"octo_payment_UUID": "x"}, timeout=30
    ).status_code
    probe_seconds = time.monotonic() - probe
    closed = 0
    for sock in socks:
        sock.settimeout(max(0.1, 15 - (time.monotonic() - started)))
        try:
            while sock.recv(1024):
                pass
            closed += 1
        except TimeoutError:
            pass
        finally:
            sock.close()
    return {
        "connections": connections,
        "closed within 15 s": closed,
        "seconds until the last was closed": round(time.monotonic() - started, 2),
        "normal request during the attack: HTTP": answered,
        "normal request during the attack: seconds": round(probe_seconds, 3),
    }


def card(n: int) -> str:
    body = f"986000{n:09d}"
    return body + luhn_check_digit(body)


def race(port: int, rounds: int, racers: int) -> list[dict[str, int]]:
    results = []
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:

        def bind(args: tuple[int, int]) -> int:
            n, i = args
            body = {
                "octo_shop_id": SHOP, "octo_secret": SECRET, "shop_transaction_id": f"race-{n}-{i}",
                "pan": card(n), "exp": "3005", "phone": "998901234567", "cardHolderName": "ALI KARIMOV",
                "method": "humo", "return_url": "http://127.0.0.1:9/r",
            }  # fmt: skip
            return int(client.post("/bind_card", json=body).json()["error"])

        for n in range(rounds):
            with ThreadPoolExecutor(racers) as pool:
                codes = list(pool.map(bind, [(n, i) for i in range(racers)]))
            results.append({f"error {c}": codes.count(c) for c in sorted(set(codes))})
    return results


def bind_and_confirm(client: httpx.Client, n: int, tx: str, callback_url: str) -> float:
    """Bind card ``n`` and confirm it; the monotonic time the confirmation was answered."""
    body = {
        "octo_shop_id": SHOP, "octo_secret": SECRET, "shop_transaction_id": tx, "pan": card(n),
        "exp": "3005", "phone": "998901234567", "cardHolderName": "ALI KARIMOV", "method": "humo",
        "return_url": "http://127.0.0.1:9/r", "bind_notify_url": callback_url,
    }  # fmt: skip
    payment = client.post("/bind_card", json=body).json()["data"]["octo_payment_UUID"]
    info = client.post("/verificationInfo/", json={"octo_payment_UUID": payment}).json()
    confirmed = client.post("/bind_card/check_sms_key", json={
        "octo_shop_id": SHOP, "octo_secret": SECRET, "smsKey": "666666",
        "paymentUUID": payment, "verifyId": info["data"]["verifyId"],
    }).json()  # fmt: skip
    assert confirmed["error"] == 0, confirmed
    return time.monotonic()


def receivers(db: Path, hung: int, slow: int, probes: int = 5) -> dict[str, object]:
    """The fast receiver's callback latency while ``hung`` and ``slow`` deliveries are out."""
    port = free_port()
    process = start_serve(port, db, "--callback-timeout", "10")
    try:
        with (
            CallbackSink(hold_seconds=30).serving() as hung_sink,
            CallbackSink(answer_delay=5).serving() as slow_sink,
            CallbackSink().serving() as fast_sink,
            httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client,
        ):
            for i in range(hung):
                hung_sink.plan(f"hung-{i}", [HOLD] * 3)
                bind_and_confirm(client, 1000 + i, f"hung-{i}", hung_sink.callback_url)
            for i in range(slow):
                bind_and_confirm(client, 2000 + i, f"slow-{i}", slow_sink.callback_url)
            latencies = []
            for i in range(probes):
                answered = bind_and_confirm(client, 3000 + i, f"fast-{i}", fast_sink.callback_url)
                got = fast_sink.wait_for(f"fast-{i}", 1, timeout=30)
                latencies.append(got[0].received_at - answered if got else float("inf"))
            slow_done = sum(len(slow_sink.wait_for(f"slow-{i}", 1, 15)) for i in range(slow))
            held = sum(len(hung_sink.deliveries(f"hung-{i}")) for i in range(hung))
    finally:
        process.terminate()
        process.wait(10)
    return {
        "hung callbacks (one receiver)": hung,
        "slow callbacks (one receiver, 5 s)": slow,
        "fast callbacks": probes,
        "fast latency median s": round(statistics.median(latencies), 3),
        "fast latency max s": round(max(latencies), 3),
        "slow callbacks delivered": slow_done,
        "hung attempts so far": held,
    }


def kills(db: Path, count: int, seed: int = 7) -> dict[str, int]:
    """Kill -9 a sandbox ``count`` times amid callbacks; a last one finishes the outbox."""
    rng = random.Random(seed)
    plans: list[list[int]] = [[], [500], [HOLD], [500, HOLD], [500, 500, HOLD], [500, 500, 500]]
    options = ("--callback-timeout", "2", "--callback-retry-delay", "0.5")
    with CallbackSink(hold_seconds=30).serving() as sink:
        for i in range(count):
            port = free_port()
            process = start_serve(port, db, *options)
            try:
                sink.plan(f"kill-{i}", rng.choice(plans))
                with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
                    bind_and_confirm(client, 4000 + i, f"kill-{i}", sink.callback_url)
                time.sleep(rng.uniform(0, 2.0))
            finally:
                process.kill()  # SIGKILL: no shutdown hook runs
                process.wait()
        port = free_port()
        process = start_serve(port, db, *options)
        try:
            deadline = time.monotonic() + 120
            rows: list[dict[str, object]] = []
            while time.monotonic() < deadline:
                rows = httpx.get(f"http://127.0.0.1:{port}/_sandbox/outbox").json()["deliveries"]
                if rows and all(r["state"] != "pending" for r in rows):
                    break
                time.sleep(0.2)
        finally:
            process.terminate()
            process.wait(10)
        seen = [len(sink.deliveries(f"kill-{i}")) for i in range(count)]
    return {
        "kills": count,
        "bindings": count,
        "deliveries": sum(seen),
        "acknowledged": sum(r["state"] == "delivered" for r in rows),
        "cancelled after 3 attempts": sum(r["state"] == "failed" for r in rows),
        "still pending": sum(r["state"] == "pending" for r in rows),
        "lost (no delivery)": sum(n == 0 for n in seen),
        "excess (over 3)": sum(n > 3 for n in seen),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--racers", type=int, default=50)
    parser.add_argument("--hung", type=int, default=4)
    parser.add_argument("--slow", type=int, default=4)
    parser.add_argument(
        "--crowd", type=int, default=6 * MAX_PER_RECEIVER, help="at one hung receiver"
    )
    parser.add_argument("--kills", type=int, default=20)
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        process = start_serve(port, Path(tmp) / "bench.db")
        try:
            print("slowloris:", slowloris(port, args.connections))
            for n, tally in enumerate(race(port, args.rounds, args.racers), 1):
                print(f"race {n}: {args.racers} identical bind_card at once:", tally)
            print("serve still answering:", httpx.post(f"http://127.0.0.1:{port}/verificationInfo/", json={}).status_code)  # fmt: skip
        finally:
            process.terminate()
            process.wait(10)
        print("receivers:", receivers(Path(tmp) / "receivers.db", args.hung, args.slow))
        print(f"receivers, {args.crowd} at one hung receiver (its share in flight: {MAX_PER_RECEIVER}):",
              receivers(Path(tmp) / "crowd.db", args.crowd, 0))  # fmt: skip
        print("kill -9:", kills(Path(tmp) / "kills.db", args.kills))


if __name__ == "__main__":
    main()
