"""Hypothesis strategies for the data a card-tokenization API sees.

Valid values satisfy the spec's schema and the domain rule (Luhn, BIN, month, phone shape);
every ``invalid_*``/``broken_*`` value breaks exactly the rule it names, so a check can say
which rejection it expects. Strategies are plural nouns with keyword-only options, validated
when called.
"""

from octo_conformance.strategies.broken import Broken
from octo_conformance.strategies.callbacks import (
    broken_callback_payloads,
    callback_payloads,
    minimal_failed_callbacks,
)
from octo_conformance.strategies.cards import PAN_DEFECTS, SCHEME_NAMES, invalid_pans, pans
from octo_conformance.strategies.catalogue import OPERATION_IDS, breakable_rules
from octo_conformance.strategies.expiry import EXPIRY_DEFECTS, expiry_dates, invalid_expiry_dates
from octo_conformance.strategies.identifiers import (
    card_tokens,
    loopback_urls,
    payment_uuids,
    shop_transaction_ids,
)
from octo_conformance.strategies.names import (
    NAME_DEFECTS,
    card_holder_names,
    invalid_card_holder_names,
)
from octo_conformance.strategies.phones import OPERATOR_CODES, PHONE_DEFECTS, invalid_phones, phones
from octo_conformance.strategies.requests import (
    bind_card_requests,
    block_card_token_requests,
    broken_bind_card_requests,
    broken_block_card_token_requests,
    broken_check_sms_key_requests,
    broken_verification_info_requests,
    check_sms_key_requests,
    verification_info_requests,
)

__all__ = [
    "EXPIRY_DEFECTS",
    "NAME_DEFECTS",
    "OPERATION_IDS",
    "OPERATOR_CODES",
    "PAN_DEFECTS",
    "PHONE_DEFECTS",
    "SCHEME_NAMES",
    "Broken",
    "bind_card_requests",
    "block_card_token_requests",
    "breakable_rules",
    "broken_bind_card_requests",
    "broken_block_card_token_requests",
    "broken_callback_payloads",
    "broken_check_sms_key_requests",
    "broken_verification_info_requests",
    "callback_payloads",
    "card_holder_names",
    "card_tokens",
    "check_sms_key_requests",
    "expiry_dates",
    "invalid_card_holder_names",
    "invalid_expiry_dates",
    "invalid_pans",
    "invalid_phones",
    "loopback_urls",
    "minimal_failed_callbacks",
    "pans",
    "payment_uuids",
    "phones",
    "shop_transaction_ids",
    "verification_info_requests",
]
