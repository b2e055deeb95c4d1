"""Benchmark: complete humo bindings per second against the reference sandbox on loopback.

One binding = bind_card -> verificationInfo/ -> check_sms_key -> callback received.
Usage: .venv/bin/python bench/sandbox_bindings.py [--clients N] [--bindings M]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

import httpx

from octo_conformance.harness.sink import CallbackSink
from octo_conformance.openapi.cards import luhn_check_digit
from octo_conformance.reference.sandbox import SandboxConfig, create_app
from octo_conformance.reference.serving import serve_in_thread

SHOP, SECRET = 10000, "bench-secret"


def card(n: int) -> str:
    body = f"986000{n:09d}"
    return body + luhn_check_digit(body)


async def binding(client: httpx.AsyncClient, n: int, callback_url: str) -> float:
    started = time.perf_counter()
    bound = (await client.post("/bind_card", json={
        "octo_shop_id": SHOP, "octo_secret": SECRET, "shop_transaction_id": f"bench-{n}", "pan": card(n),
        "exp": "3005", "phone": "998901234567", "cardHolderName": "ALI KARIMOV", "method": "humo",
        "return_url": "http://127.0.0.1:9/r", "bind_notify_url": callback_url,
    })).json()["data"]  # fmt: skip
    info = (
        await client.post(
            "/verificationInfo/", json={"octo_payment_UUID": bound["octo_payment_UUID"]}
        )
    ).json()
    done = (await client.post("/bind_card/check_sms_key", json={
        "octo_shop_id": SHOP, "octo_secret": SECRET, "smsKey": "666666",
        "paymentUUID": bound["octo_payment_UUID"], "verifyId": info["data"]["verifyId"],
    })).json()  # fmt: skip
    assert done["error"] == 0, done
    return time.perf_counter() - started


async def run(base: str, clients: int, total: int, callback_url: str) -> list[float]:
    queue = iter(range(total))
    latencies: list[float] = []
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:

        async def worker() -> None:
            for n in queue:
                latencies.append(await binding(client, n, callback_url))

        await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--bindings", type=int, default=300)
    parser.add_argument("--db", default=":memory:")
    args = parser.parse_args()
    config = SandboxConfig(shops={SHOP: SECRET}, db=args.db, outbox_poll_interval=0.02)
    with CallbackSink().serving() as sink, serve_in_thread(create_app(config)) as base:
        started = time.perf_counter()
        latencies = asyncio.run(run(base, args.clients, args.bindings, sink.callback_url))
        deadline = time.monotonic() + 120
        for n in range(args.bindings):
            left = max(0.0, deadline - time.monotonic())
            assert sink.wait_for(f"bench-{n}", 1, timeout=left), f"no callback for bench-{n}"
        wall = time.perf_counter() - started
    q = statistics.quantiles(latencies, n=100)
    print(
        f"{args.bindings} complete humo bindings (callback received), {args.clients} concurrent clients, db={args.db}"
    )
    print(
        f"wall {wall:.2f} s, {args.bindings / wall:.1f} bindings/s, latency p50 {q[49] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
