"""The webhook fault matrix: the suite passes the clean reference webhook and detects every fault.

A fault is detected when its signature requirement fails, or warns where the requirement is a
SHOULD (the clarifications make the deviation a warn: e.g. C-25, C-26, C-30, C-34).
"""

from __future__ import annotations

from typing import Final

import pytest

from conformance.cli.embedded import Detection, detect_webhook
from conformance.requirements import Level, requirement
from reference.webhook import FAULT_NAMES

EXPECTED: Final[dict[str, str]] = {
    "accepts-unknown-transaction": "HOOK-REJ-001",
    "accepts-pan-mismatch": "HOOK-REJ-002",
    "accepts-exp-mismatch": "HOOK-REJ-003",
    "replaces-active-token": "HOOK-REJ-004",
    "failed-overrides-active": "HOOK-REJ-005",
    "not-idempotent": "HOOK-ACK-005",
    "accepts-any-status": "HOOK-RULE-status.enum",
    "rejects-minimal-failed": "HOOK-ACK-004",
    "rejects-extra-fields": "HOOK-ACK-006",
    "rejects-unicode-names": "HOOK-ACK-007",
    "500-on-bad-json": "HOOK-HTTP-001",
    "500-on-missing-field": "HOOK-HTTP-001",
    "wrong-success-body": "HOOK-ACK-002",
    "201-on-success": "HOOK-ACK-001",
    "rejects-with-200": "HOOK-REJ-001",
    "html-error-body": "HOOK-REJ-007",
    "echoes-pan": "HOOK-SAFE-001",
    "slow": "HOOK-HTTP-002",
}


@pytest.fixture(scope="session")
def matrix() -> dict[str, Detection]:
    return {fault: detect_webhook(fault) for fault in ["", *FAULT_NAMES]}


def test_every_fault_has_an_expected_signature() -> None:
    assert set(EXPECTED) == set(FAULT_NAMES)


def test_clean_webhook_passes_and_every_requirement_is_judged(matrix: dict[str, Detection]) -> None:
    clean = matrix[""]
    assert (clean.failed, clean.warned, clean.errors, clean.unjudged) == ((), (), (), ())


@pytest.mark.parametrize("fault", FAULT_NAMES)
def test_fault_is_detected(matrix: dict[str, Detection], fault: str) -> None:
    found = matrix[fault]
    assert found.errors == (), found.errors
    # a fault against a SHOULD is detected by a warn (CLARIFICATIONS makes the deviation one)
    must = requirement(EXPECTED[fault]).level is Level.MUST
    seen = found.failed if must else found.warned
    assert EXPECTED[fault] in seen, f"{fault}: failed {found.failed}, warned {found.warned}"
