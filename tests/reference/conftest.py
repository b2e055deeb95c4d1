"""One reference sandbox and one reference webhook per test session.

Starting and stopping a server costs about half a second, so the reference tests share these
(under pytest-xdist, one of each per worker process), the way pytest-httpserver shares its
server: the session-scoped fixtures here serve, and the function-scoped ``partner`` (sandbox)
and ``octo`` (webhook) fixtures beside the tests reset the server before each test. Every server
listens on 127.0.0.1 on a free port; callbacks go to one callback sink per process
(``sandbox.helpers.shared_sink``). A test that needs a fault, a database file or another
setting starts its own server with ``live_sandbox()`` or ``live_webhook()``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from octo_conformance.reference.sandbox import create_app
from octo_conformance.reference.serving import serve_in_thread
from octo_conformance.reference.webhook import WebhookConfig
from octo_conformance.reference.webhook import create_app as create_webhook_app
from tests.reference.sandbox.helpers import Clock, sandbox_config
from tests.reference.webhook.helpers import KEY


@pytest.fixture(scope="session")
def sandbox_url() -> Iterator[str]:
    """The base URL of the shared sandbox (``helpers.sandbox_config()``, the real clock)."""
    with serve_in_thread(create_app(sandbox_config(), clock=Clock())) as base:
        yield base


@pytest.fixture(scope="session")
def webhook_url() -> Iterator[str]:
    """The base URL of the shared webhook (in-memory store, ``helpers.KEY``)."""
    with serve_in_thread(create_webhook_app(WebhookConfig(key=KEY))) as base:
        yield base
