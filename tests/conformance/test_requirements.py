"""The requirement catalogue: its request-rule requirements, without hypothesis."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from octo_conformance.requirements import (
    PROVIDER_OPERATIONS,
    Level,
    catalogue,
    hook_rule_requirement_id,
    requirement,
    rule_requirement_id,
)
from octo_conformance.strategies.broken import Defect, rules_of
from octo_conformance.strategies.callbacks import callback_defects
from octo_conformance.strategies.requests import (
    bind_card_defects,
    block_card_token_defects,
    check_sms_key_defects,
    verification_info_defects,
)

ROOT = Path(__file__).resolve().parents[2]
DAY = date(2026, 1, 1)
DEFECTS: dict[str, Callable[[], list[Defect]]] = {
    "bindCard": lambda: bind_card_defects(DAY),
    "verificationInfo": verification_info_defects,
    "checkSmsKey": check_sms_key_defects,
    "blockCardToken": block_card_token_defects,
}


def test_the_catalogue_does_not_import_hypothesis() -> None:
    check = "import octo_conformance.requirements, sys; assert 'hypothesis' not in sys.modules"
    done = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_rule_requirements_are_the_rules_the_strategies_break_in_their_order() -> None:
    """As when the catalogue listed the strategies' rules (``strategies.catalogue``) itself."""
    expected = [hook_rule_requirement_id(r) for r in rules_of(callback_defects(DAY))] + [
        rule_requirement_id(op, rule)
        for op in PROVIDER_OPERATIONS
        for rule in rules_of(DEFECTS[op]())
    ]
    found = [i for i in catalogue() if i.startswith(("HOOK-RULE-", "PROV-RULE-"))]
    assert found == expected
    assert len(found) > len(PROVIDER_OPERATIONS)


def test_a_rule_the_clarifications_tolerate_is_a_should() -> None:
    assert requirement("PROV-RULE-bindCard-exp.expired").level is Level.SHOULD
    assert requirement("PROV-RULE-bindCard-pan.luhn").level is Level.MUST
    assert requirement("HOOK-RULE-status.enum").level is Level.MUST
