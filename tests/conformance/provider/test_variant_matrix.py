"""The false-alarm matrix: no legal variant of the reference sandbox fails a MUST requirement.

A variant is a faithful reading of the document that the reference implements differently
(``serve --variant NAME``); each cites the clause that allows it. The suite may warn on one (a
SHOULD), never fail it. Variants run in spawned worker processes, a fresh sandbox each.
"""

from __future__ import annotations

import pytest

from conformance.cli.embedded import Detection, variant_matrix
from reference.sandbox import VARIANT_NAMES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def matrix() -> dict[str, Detection]:
    return {d.variant: d for d in variant_matrix(("provider",), workers=4)["provider"]}


def test_there_are_enough_variants_to_mean_something() -> None:
    assert len(VARIANT_NAMES) >= 15


@pytest.mark.parametrize("variant", VARIANT_NAMES)
def test_a_legal_variant_fails_no_must(matrix: dict[str, Detection], variant: str) -> None:
    found = matrix[variant]
    assert found.errors == (), found.errors
    assert found.failed == (), f"false alarm on {variant}: {found.failed} (warned {found.warned})"
    assert not found.false_alarm
