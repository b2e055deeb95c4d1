"""Callback payloads OCTO sends to ``bind_notify_url``: valid per status, and broken ones."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from octo_conformance.strategies._arguments import check_choice, check_date, fixed_or
from octo_conformance.strategies._cache import cached_strategy
from octo_conformance.strategies.broken import (
    Body,
    Broken,
    Defect,
    one_defect,
    replace,
    schema_defects,
)
from octo_conformance.strategies.cards import pans
from octo_conformance.strategies.expiry import expiry_dates
from octo_conformance.strategies.identifiers import card_tokens, shop_transaction_ids
from octo_conformance.strategies.names import card_holder_names
from octo_conformance.strategies.requests import card_defects

CALLBACK_STATUSES = ("active", "failed")


def callback_payloads(
    *,
    today: date,
    status: str | None = None,
    shop_transaction_id: str | None = None,
    pan: str | None = None,
    exp: str | None = None,
    card_holder_name: str | None = None,
    card_token: str | None = None,
) -> st.SearchStrategy[Body]:
    """Documented callbacks (all six fields). Pass the fields of a binding the receiver knows
    to get callbacks about that binding; the rest are generated."""
    check_date("today", today)
    check_choice("status", status, CALLBACK_STATUSES)
    return st.fixed_dictionaries(
        {
            "shop_transaction_id": fixed_or(shop_transaction_id, shop_transaction_ids()),
            "pan": fixed_or(pan, pans()),
            "exp": fixed_or(exp, expiry_dates(today=today)),
            "cardHolderName": fixed_or(card_holder_name, card_holder_names()),
            "card_token": fixed_or(card_token, card_tokens()),
            "status": fixed_or(status, st.sampled_from(CALLBACK_STATUSES)),
        }
    )


def minimal_failed_callbacks(*, shop_transaction_id: str | None = None) -> st.SearchStrategy[Body]:
    """The live short form of a failed callback (C-25): only the id and ``status: failed``."""
    return st.fixed_dictionaries(
        {
            "shop_transaction_id": fixed_or(shop_transaction_id, shop_transaction_ids()),
            "status": st.just("failed"),
        }
    )


def callback_defects(today: date) -> list[Defect]:
    return [
        *schema_defects("cardTokenCallback"),
        *card_defects(today),
        Defect("status.enum", "status: undocumented value",
               replace("status", st.sampled_from(["ACTIVE", "blocked", "init", "success", "canceled", ""]))),
        Defect("card_token.empty", "card_token: empty", replace("card_token", st.just(""))),
    ]  # fmt: skip


@cached_strategy
def broken_callback_payloads(*, today: date, rule: str | None = None) -> st.SearchStrategy[Broken]:
    """Callbacks that break exactly ``rule`` of the documented payload."""
    check_date("today", today)
    return one_defect(callback_payloads(today=today), callback_defects(today), rule)
