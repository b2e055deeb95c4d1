"""The webhook suite as pytest tests: ``pytest conformance/webhook --octo-webhook-url URL``.

Runs once per session; each webhook requirement of the catalogue is one test.
"""

from __future__ import annotations

from datetime import date

import pytest

from conformance.core.profiles import Profile
from conformance.pytest_verdicts import assert_requirement
from conformance.requirements import Mode, of_mode
from conformance.webhook.runner import WebhookResult, run_webhook
from conformance.webhook.settings import WebhookSettings


@pytest.fixture(scope="session")
def webhook_result(request: pytest.FixtureRequest, today: date) -> WebhookResult:
    option = request.config.getoption
    url = option("--octo-webhook-url")
    if not url:
        pytest.skip("no receiver: pass --octo-webhook-url (and --octo-state-setup-url)")
    seed = option("--octo-seed")
    settings = WebhookSettings(
        url=url,
        state_setup_url=option("--octo-state-setup-url"),
        timeout=float(option("--octo-webhook-timeout")),
        profile=Profile(option("--octo-profile")),
        seed=int(seed) if seed is not None else 0,
        today=today,
    )
    return run_webhook(settings)


@pytest.mark.parametrize("requirement_id", [r.id for r in of_mode(Mode.WEBHOOK)])
def test_requirement(webhook_result: WebhookResult, requirement_id: str) -> None:
    assert_requirement(webhook_result.recorder, webhook_result.errors, requirement_id)
