"""Publish pact files to a Pact Broker (only when a broker URL is given).

Uses the broker's documented HTTP API: ``PUT /pacts/provider/{provider}/consumer/{consumer}/version/{version}``
with the pact JSON as the body; a token, when given, travels as a bearer header.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx

from conformance.errors import PublishError


@dataclass(frozen=True)
class Published:
    pact: Path
    url: str
    status: int


def publish(pacts: list[Path], *, broker_url: str, version: str, token: str | None = None, timeout: float = 10.0) -> list[Published]:  # fmt: skip
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    done = []
    with httpx.Client(timeout=timeout) as client:
        for pact in pacts:
            document = json.loads(pact.read_text(encoding="utf-8"))
            consumer, provider = document["consumer"]["name"], document["provider"]["name"]
            url = f"{broker_url.rstrip('/')}/pacts/provider/{quote(provider)}/consumer/{quote(consumer)}/version/{quote(version)}"  # fmt: skip
            try:
                answer = client.put(url, json=document, headers=headers)
            except httpx.HTTPError as exc:
                raise PublishError(f"{pact.name}: the broker at {broker_url} did not answer ({type(exc).__name__})") from None  # fmt: skip
            if not 200 <= answer.status_code < 300:
                raise PublishError(f"{pact.name}: the broker answered HTTP {answer.status_code}")
            done.append(Published(pact, url, answer.status_code))
    return done
