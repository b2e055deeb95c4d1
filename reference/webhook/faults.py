"""The webhook's fault catalogue: each fault is one realistic deviation of a partner's receiver.

``--fault NAME`` turns one on. The webhook suite must pass the clean receiver and detect every
fault from outside, so each fault changes what an HTTP client can observe.
"""

from __future__ import annotations

from typing import Final

from octo_conformance.openapi.rules import rule_names
from octo_conformance.reference.faults import FaultCatalogue, FaultFamily

# one fault per callback rule: the receiver lets exactly that rule through (a callback breaking
# only it is handled as a valid one), as a receiver that forgot one check would
ACCEPTS: Final = FaultFamily(
    prefix="accepts",
    pattern="accepts:<rule>",
    clause="cardTokenCallback:{parameter} (the callback table)",
    description="a callback breaking the rule {parameter} passes validation and is processed"
    " (the match against its binding still applies)",
    parameters=lambda: rule_names("cardTokenCallback"),
)

# name | the document clause or clarification it violates | what the faulty receiver does
FAULTS: Final = FaultCatalogue.from_table(
    """
    accepts-unknown-transaction | C-30              | a callback for a shop_transaction_id the partner never started is acknowledged
    accepts-pan-mismatch        | C-30              | a callback whose PAN is not the pending card's is acknowledged
    accepts-exp-mismatch        | C-30              | a callback whose exp is not the pending card's is acknowledged
    replaces-active-token       | C-30              | a second callback with another card_token replaces the active binding's token
    failed-overrides-active     | C-30              | a failed callback after an active one fails the binding
    not-idempotent              | C-02              | a retry of an already processed callback is answered 409
    accepts-any-status          | callback status   | a status other than active or failed is acknowledged
    rejects-minimal-failed      | C-25              | the minimal failed callback (id and status only) is rejected
    rejects-extra-fields        | C-47              | a callback with an undocumented field is rejected
    rejects-unicode-names       | C-19              | a non-ASCII cardHolderName crashes the receiver (500)
    500-on-bad-json             | C-26              | malformed JSON is answered with HTTP 500
    500-on-missing-field        | C-26              | a callback missing a required field is answered with HTTP 500
    wrong-success-body          | callback response | an accepted callback is answered 200 with {"ok": true}
    201-on-success              | C-27              | an accepted callback is answered 201 instead of 200
    rejects-with-200            | C-27              | rejections are HTTP 200 with {"status": "error"}
    html-error-body             | C-26              | rejections are 4xx with an HTML body
    echoes-pan                  | C-29              | the success body quotes the full PAN
    slow                        | C-34              | every callback is answered only after slow_seconds (default 12 s)
    """,
    families=[ACCEPTS],
)

FAULT_NAMES: Final[tuple[str, ...]] = FAULTS.names
