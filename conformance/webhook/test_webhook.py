"""The webhook suite as pytest tests: ``pytest conformance/webhook --octo-webhook-url URL``.

Runs once per session; each webhook requirement of the catalogue is one test.
"""

from __future__ import annotations

from datetime import date

import pytest

from conformance.findings import Verdict
from conformance.provider.settings import Profile
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
    assert not webhook_result.errors, "the suite itself failed:\n" + "\n".join(
        webhook_result.errors
    )
    tally = webhook_result.recorder.tallies.get(requirement_id)
    if tally is None:
        pytest.skip("no check judged this requirement in this run")
    if tally.verdict is Verdict.FAIL:
        lines = [f"{f.check}: {f.message}" + "".join(f"\n    reproduce: {e.curl}" for e in f.evidence if e.curl) for f in tally.findings if f.verdict is Verdict.FAIL]  # fmt: skip
        pytest.fail(f"{requirement_id} failed {tally.counts[Verdict.FAIL]} time(s):\n" + "\n".join(lines), pytrace=False)  # fmt: skip
    if tally.verdict is Verdict.SKIP:
        pytest.skip(tally.findings[0].message if tally.findings else "skipped")
    for finding in tally.findings:
        if finding.verdict is Verdict.WARN:
            print(f"WARN {requirement_id} {finding.check}: {finding.message}")
