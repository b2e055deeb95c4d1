"""Benchmark: what the reference sandbox holds under a slowloris and under racing clients.

Starts the real `octo-conformance serve` (a subprocess, its own SQLite file) on loopback, then:
1. slowloris: N connections send half a request's headers and nothing more; how many the
   server closes within its 10 s read deadline (plus a margin), and how long a normal request
   takes while they hang;
2. races: R rounds of C concurrent identical bind_card calls for one card (each with its own
   shop_transaction_id): exactly one may succeed, the others get error 20.

Usage: .venv/bin/python bench/reliability.py [--connections 500] [--rounds 3] [--racers 50]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openapi.cards import luhn_check_digit

SHOP, SECRET = 10000, "bench-secret-0123456789"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_serve(port: int, db: Path) -> subprocess.Popen[bytes]:
    binary = Path(sys.executable).with_name("octo-conformance")
    env = {**os.environ, "OCTO_SECRET": SECRET}
    process = subprocess.Popen(
        [str(binary), "serve", "--port", str(port), "--db", str(db)],
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--racers", type=int, default=50)
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


if __name__ == "__main__":
    main()
