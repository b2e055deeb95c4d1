"""The false-alarm matrix: no legal variant of either reference fails a MUST requirement.

A variant is a faithful reading of the document that a reference implements differently
(``serve --variant NAME``, ``serve-webhook --variant NAME``); each cites the clause that allows
it. The suite may warn on one (a SHOULD), never fail it. Both suites' variants run in one pool of
spawned worker processes, a fresh reference each.
"""

from __future__ import annotations

import pytest

from conformance.cli.embedded import Detection, variant_matrix
from reference.sandbox import VARIANT_NAMES as SANDBOX_VARIANTS
from reference.webhook import VARIANT_NAMES as WEBHOOK_VARIANTS

pytestmark = pytest.mark.slow

VARIANTS = [("provider", v) for v in SANDBOX_VARIANTS] + [("webhook", v) for v in WEBHOOK_VARIANTS]


@pytest.fixture(scope="session")
def matrix() -> dict[tuple[str, str], Detection]:
    found = variant_matrix(("provider", "webhook"), workers=4)
    return {(kind, d.variant): d for kind, detections in found.items() for d in detections}


def test_there_are_enough_variants_to_mean_something() -> None:
    assert (len(SANDBOX_VARIANTS), len(WEBHOOK_VARIANTS)) >= (15, 8)
    assert len(WEBHOOK_VARIANTS) >= 8


@pytest.mark.parametrize(("kind", "variant"), VARIANTS)
def test_a_legal_variant_fails_no_must(
    matrix: dict[tuple[str, str], Detection], kind: str, variant: str
) -> None:
    found = matrix[kind, variant]
    assert found.errors == (), found.errors
    assert found.failed == (), f"false alarm on {variant}: {found.failed} (warned {found.warned})"
    assert not found.false_alarm
