"""Which rules the ``broken_*`` strategies can break, per operation.

The list is :func:`openapi.rules.rule_names`, the one the requirement catalogue uses too; the
strategies' defects must break exactly those rules, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Final

from octo_conformance.openapi.rules import rule_names
from octo_conformance.strategies._arguments import check_choice
from octo_conformance.strategies.broken import Defect, rules_of
from octo_conformance.strategies.callbacks import callback_defects
from octo_conformance.strategies.requests import (
    bind_card_defects,
    block_card_token_defects,
    check_sms_key_defects,
    verification_info_defects,
)

_LISTING_DAY: Final = date(2026, 1, 1)  # rule names do not depend on the day

_DEFECTS: Final[dict[str, Callable[[], list[Defect]]]] = {
    "bindCard": lambda: bind_card_defects(_LISTING_DAY),
    "verificationInfo": verification_info_defects,
    "checkSmsKey": check_sms_key_defects,
    "blockCardToken": block_card_token_defects,
    "cardTokenCallback": lambda: callback_defects(_LISTING_DAY),
}

OPERATION_IDS: Final[tuple[str, ...]] = tuple(_DEFECTS)


def breakable_rules(operation_id: str) -> tuple[str, ...]:
    """Every rule the ``broken_*`` strategy of ``operation_id`` can break, in catalogue order."""
    check_choice("operation_id", operation_id, _DEFECTS, optional=False)
    listed, broken = rule_names(operation_id), rules_of(_DEFECTS[operation_id]())
    if broken != listed:
        missing = [rule for rule in listed if rule not in broken]
        extra = [rule for rule in broken if rule not in listed]
        raise RuntimeError(
            f"{operation_id}: the defects disagree with openapi.rules.rule_names (listed but "
            f"not broken: {missing}; broken but not listed: {extra}; else in another order)"
        )
    return listed
