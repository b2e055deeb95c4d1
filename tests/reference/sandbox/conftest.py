"""``partner``: the session's sandbox, reset before each test, with transaction ids of its own."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.reference.sandbox.helpers import Callbacks, Partner, reset_sandbox


@pytest.fixture(scope="session")
def sandbox_http(sandbox_url: str) -> Iterator[httpx.Client]:
    """One client for the session's sandbox (a client costs tens of ms: its TLS context)."""
    with httpx.Client(base_url=sandbox_url, timeout=10) as http:
        yield http


@pytest.fixture
def partner(sandbox_http: httpx.Client) -> Partner:
    reset_sandbox(sandbox_http)
    return Partner(sandbox_http, Callbacks.fresh())
