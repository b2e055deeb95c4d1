"""Pact verification against the real references: clean ones pass, faults the pacts cover fail."""

from __future__ import annotations

import pytest

from octo_conformance.cli.embedded import sandbox_config, webhook_config
from octo_conformance.contracts.verify import verify
from octo_conformance.findings import Recorder, Verdict
from octo_conformance.reference.sandbox import create_app
from octo_conformance.reference.serving import serve_in_thread
from octo_conformance.reference.webhook import create_app as create_webhook_app


def _provider(fault: str = "") -> tuple[bool, list[str]]:
    with serve_in_thread(create_app(sandbox_config(fault))) as base:
        result = verify("provider", base, f"{base}/_sandbox/provider-states")
    return result.ok, [r.description for r in result.results if not r.ok]


def _webhook(fault: str = "") -> tuple[bool, list[str]]:
    with serve_in_thread(create_webhook_app(webhook_config(fault))) as base:
        result = verify("webhook", f"{base}/octo/callback", f"{base}/_pact/provider-states")
    return result.ok, [r.description for r in result.results if not r.ok]


def test_the_clean_references_honour_both_pacts() -> None:
    assert _provider() == (True, [])
    assert _webhook() == (True, [])


@pytest.mark.parametrize(
    ("fault", "interaction"),
    [
        ("bind-no-duplicate-check", "bind a card that already has a pending binding"),
        ("auth-any-secret", "bind a card with a wrong secret"),
        ("block-twice-ok", "block a card token that is already blocked"),
        ("block-unknown-is-6", "block an unknown card token"),
        ("block-missing-status", "block an active card token"),
        ("bind-missing-pay-url", "bind a Humo card"),
    ],
)
def test_a_provider_fault_the_pact_covers_fails_its_interaction(
    fault: str, interaction: str
) -> None:
    ok, failed = _provider(fault)
    assert not ok
    assert interaction in failed


@pytest.mark.parametrize(
    ("fault", "interaction"),
    [
        ("accepts-unknown-transaction", "a callback for a binding the partner never started"),
        ("201-on-success", "an active card-token callback for a pending binding"),
        ("wrong-success-body", "a failed callback for a pending binding"),
    ],
)
def test_a_webhook_fault_the_pact_covers_fails_its_interaction(
    fault: str, interaction: str
) -> None:
    ok, failed = _webhook(fault)
    assert not ok
    assert interaction in failed


def test_a_fault_no_interaction_covers_passes_pact_verification() -> None:
    # what only the property suites catch (the closing note lists them): pacts pin examples
    assert _provider("bind-accepts-luhn-invalid") == (True, [])


def test_results_become_findings() -> None:
    with serve_in_thread(create_app(sandbox_config("block-twice-ok"))) as base:
        result = verify("provider", base, f"{base}/_sandbox/provider-states")
    recorder = Recorder()
    result.record(recorder)
    tally = recorder.tallies["PACT-PROV-001"]
    assert tally.counts[Verdict.FAIL] == 1
    assert tally.counts[Verdict.PASS] == len(result.results) - 1
    message = tally.findings[0].message
    assert message.startswith("block a card token that is already blocked: ")
    assert "$.error: Expected 0 (Integer) to be equal to 6 (Integer)" in message
