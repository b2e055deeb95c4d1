"""Which rules the ``broken_*`` strategies can break, per operation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Final

from strategies._arguments import check_choice
from strategies.broken import Defect, rules_of
from strategies.callbacks import callback_defects
from strategies.requests import (
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
    """Every rule the ``broken_*`` strategy of ``operation_id`` can break, in a stable order."""
    check_choice("operation_id", operation_id, _DEFECTS, optional=False)
    return rules_of(_DEFECTS[operation_id]())
