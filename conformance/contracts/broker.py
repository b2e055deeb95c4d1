"""A Pact Broker, through its documented HTTP API (only when a broker URL is given).

- :func:`publish`: ``POST /contracts/publish``, the all-in-one endpoint: one call per consumer
  with its version, its **branch** (``can-i-deploy`` and the ``mainBranch`` selectors need it)
  and its pacts, base64-encoded.
- :func:`pacts_for_verification`: ``POST /pacts/provider/{provider}/for-verification`` with
  consumer version selectors, then each pact it lists, fetched by its ``self`` link.
- :func:`publish_results`: the provider version's branch
  (``PUT /pacticipants/{provider}/branches/{branch}/versions/{version}``), then the result
  ``POST``ed to the pact's ``pb:publish-verification-results`` link.

A token, when given, travels as a bearer header. Whatever the broker does wrong (no answer, a
4xx/5xx, a body that is not what the API documents) is a :class:`PublishError` (exit 3) that
says which call and why.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

import httpx

from octo_conformance import __version__
from octo_conformance.errors import PublishError

SELECTORS: Final = ({"mainBranch": True}, {"deployedOrReleased": True})
"""Which consumer versions' pacts to verify: the pact-broker documentation's recommended pair."""


@dataclass(frozen=True)
class Broker:
    """A broker, and the version and branch the calls speak for: the consumer's when
    publishing pacts, the provider's when verifying them."""

    url: str
    version: str
    branch: str
    token: str | None = None
    timeout: float = 10.0


@dataclass(frozen=True)
class Published:
    consumer: str
    pacts: tuple[Path, ...]
    url: str


@dataclass(frozen=True)
class BrokerPact:
    """A pact the broker asked us to verify: its document and where its result goes."""

    description: str
    document: dict[str, Any]
    results_url: str


@contextmanager
def _client(broker: Broker) -> Iterator[httpx.Client]:
    headers = {"Accept": "application/hal+json, application/json"}
    if broker.token:
        headers["Authorization"] = f"Bearer {broker.token}"
    with httpx.Client(timeout=broker.timeout, headers=headers) as client:
        yield client


def _call(
    client: httpx.Client, method: str, url: str, what: str, body: Any = None
) -> dict[str, Any]:
    """One broker call; its JSON body (``{}`` when it has none)."""
    try:
        answer = client.request(method, url, json=body)
    except httpx.HTTPError as exc:
        raise PublishError(f"{what}: the broker at {url} did not answer ({type(exc).__name__})") from None  # fmt: skip
    if not 200 <= answer.status_code < 300:
        raise PublishError(
            f"{what}: the broker answered HTTP {answer.status_code} ({method} {url})"
        )
    if not answer.content:
        return {}
    try:
        data = answer.json()
    except ValueError:
        raise PublishError(f"{what}: the broker's answer is not JSON ({method} {url})") from None
    if not isinstance(data, dict):
        raise PublishError(f"{what}: the broker's answer is not a JSON object ({method} {url})")
    return data


def publish(pacts: Sequence[Path], broker: Broker) -> list[Published]:
    """Publish ``pacts`` as the broker's version on its branch of each pact's consumer."""
    by_consumer: dict[str, list[tuple[Path, dict[str, Any]]]] = {}
    for pact in pacts:
        document = json.loads(pact.read_text(encoding="utf-8"))
        by_consumer.setdefault(document["consumer"]["name"], []).append((pact, document))
    url = f"{broker.url.rstrip('/')}/contracts/publish"
    done = []
    with _client(broker) as client:
        for consumer, items in by_consumer.items():
            body = {
                "pacticipantName": consumer,
                "pacticipantVersionNumber": broker.version,
                "branch": broker.branch,
                "contracts": [
                    {
                        "consumerName": consumer,
                        "providerName": document["provider"]["name"],
                        "specification": "pact",
                        "contentType": "application/json",
                        "content": base64.b64encode(path.read_bytes()).decode("ascii"),
                    }
                    for path, document in items
                ],
            }
            _call(client, "POST", url, f"publishing {consumer}'s pacts", body)
            done.append(Published(consumer, tuple(p for p, _ in items), url))
    return done


def pacts_for_verification(broker: Broker, provider: str) -> list[BrokerPact]:
    """The pacts ``provider`` (on the broker's branch) must verify, each fetched whole. One
    without a link for its result is refused here, before anything is verified."""
    url = f"{broker.url.rstrip('/')}/pacts/provider/{quote(provider)}/for-verification"
    body = {"consumerVersionSelectors": list(SELECTORS), "providerVersionBranch": broker.branch}
    found = []
    with _client(broker) as client:
        listed = _call(client, "POST", url, "asking which pacts to verify", body)
        entries = _at(listed, "_embedded", "pacts")
        if not isinstance(entries, list):
            raise PublishError(f"asking which pacts to verify: no _embedded.pacts in the answer ({url})")  # fmt: skip
        for entry in entries:
            href, name = _at(entry, "_links", "self", "href"), _at(entry, "_links", "self", "name")
            if not isinstance(href, str):
                raise PublishError(f"a pact to verify has no self link ({url})")
            document = _call(client, "GET", href, "fetching a pact")
            for key in ("consumer", "provider", "interactions"):
                if key not in document:
                    raise PublishError(f"fetching a pact: {href} is not a pact (no {key!r})")
            results = _at(document, "_links", "pb:publish-verification-results", "href")
            if not isinstance(results, str):
                raise PublishError(f"{href}: the broker gave no pb:publish-verification-results link")  # fmt: skip
            description = str(name or _at(entry, "shortDescription") or href)
            found.append(BrokerPact(description, document, results))
    return found


def _at(node: Any, *keys: str) -> Any:
    """``node[k1][k2]...``, or None where a level is missing or not an object."""
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def publish_results(broker: Broker, provider: str, verified: Sequence[tuple[BrokerPact, bool]]) -> None:  # fmt: skip
    """Record the broker's version of ``provider`` on its branch, then publish each pact's
    result (``True``: verified)."""
    base = broker.url.rstrip("/")
    branch_url = f"{base}/pacticipants/{quote(provider)}/branches/{quote(broker.branch, safe='')}/versions/{quote(broker.version, safe='')}"  # fmt: skip
    with _client(broker) as client:
        what = f"recording {provider} {broker.version} on branch {broker.branch}"
        _call(client, "PUT", branch_url, what, {})
        for pact, success in verified:
            body = {
                "success": success,
                "providerApplicationVersion": broker.version,
                "verifiedBy": {"implementation": "octo-conformance", "version": __version__},
            }
            _call(client, "POST", pact.results_url, f"publishing the result for {pact.description}", body)  # fmt: skip
