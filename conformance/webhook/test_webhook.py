"""The webhook suite as pytest tests: ``pytest conformance/webhook --octo-webhook-url URL``.

The options are the command line's (``--octo-<name>``), turned into settings when pytest starts:
the ``webhook_settings`` fixture (the package's pytest plugin), which skips every test without
``--octo-webhook-url``. Runs once per session; each webhook requirement of the catalogue is one
test.
"""

from __future__ import annotations

import pytest

from octo_conformance.pytest_verdicts import assert_requirement
from octo_conformance.requirements import Mode, of_mode
from octo_conformance.webhook.runner import WebhookResult, run_webhook
from octo_conformance.webhook.settings import WebhookSettings


@pytest.fixture(scope="session")
def webhook_result(webhook_settings: WebhookSettings) -> WebhookResult:
    return run_webhook(webhook_settings)


@pytest.mark.parametrize("requirement_id", [r.id for r in of_mode(Mode.WEBHOOK)])
def test_requirement(webhook_result: WebhookResult, requirement_id: str) -> None:
    assert_requirement(webhook_result.recorder, webhook_result.errors, requirement_id)
