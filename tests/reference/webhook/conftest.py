"""``octo``: the session's webhook, reset before each test; ``webhook``: the same, not reset.

Hypothesis refuses function-scoped fixtures in a ``@given`` test (they would not be reset
between its examples), so those tests take ``webhook``; every example sets up its own binding.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.reference.webhook.helpers import Octo


@pytest.fixture(scope="session")
def webhook(webhook_url: str) -> Iterator[Octo]:
    with httpx.Client(base_url=webhook_url, timeout=10) as http:
        yield Octo(http)


@pytest.fixture
def octo(webhook: Octo) -> Octo:
    webhook.reset()
    return webhook
