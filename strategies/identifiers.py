"""Identifiers that travel through the flow: transaction ids, payment UUIDs, tokens, URLs."""

from __future__ import annotations

import base64
from typing import Final

from hypothesis import strategies as st

from octo_conformance.strategies._cache import cached_strategy

LOOPBACK_CALLBACK_URL: Final = "http://127.0.0.1:8090/octo/callback"
LOOPBACK_RETURN_URL: Final = "http://127.0.0.1:8090/return"


@cached_strategy
def shop_transaction_ids() -> st.SearchStrategy[str]:
    """Partner-side ids: UUIDs (as the document suggests) or long digit strings (as it shows)."""
    return st.one_of(
        st.uuids().map(str),
        st.text(alphabet="0123456789", min_size=12, max_size=24),
    )


@cached_strategy
def payment_uuids() -> st.SearchStrategy[str]:
    return st.uuids().map(str)


@cached_strategy
def card_tokens() -> st.SearchStrategy[str]:
    """Opaque tokens with at least 128 bits of randomness, URL-safe base64."""
    return st.binary(min_size=16, max_size=32).map(
        lambda raw: base64.urlsafe_b64encode(raw).decode().rstrip("=")
    )


@cached_strategy
def loopback_urls(*, path: str = "/octo/callback") -> st.SearchStrategy[str]:
    """``http://127.0.0.1:<port><path>`` URLs: generated traffic never leaves the machine."""
    return st.integers(1024, 65535).map(lambda port: f"http://127.0.0.1:{port}{path}")
