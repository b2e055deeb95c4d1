"""The false-alarm matrix: no legal variant of the reference webhook fails a MUST requirement.

A variant is a faithful reading of the document that the reference implements differently
(``serve-webhook --variant NAME``); each cites the clause that allows it. The suite may warn on one (a
SHOULD), never fail it. Variants run in spawned worker processes, a fresh webhook each.
"""

from __future__ import annotations

import pytest

from conformance.cli.embedded import Detection, variant_matrix
from reference.webhook import VARIANT_NAMES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def matrix() -> dict[str, Detection]:
    return {d.variant: d for d in variant_matrix(("webhook",), workers=4)["webhook"]}


def test_there_are_enough_variants_to_mean_something() -> None:
    assert len(VARIANT_NAMES) >= 7


@pytest.mark.parametrize("variant", VARIANT_NAMES)
def test_a_legal_variant_fails_no_must(matrix: dict[str, Detection], variant: str) -> None:
    found = matrix[variant]
    assert found.errors == (), found.errors
    assert found.failed == (), f"false alarm on {variant}: {found.failed} (warned {found.warned})"
    assert not found.false_alarm
