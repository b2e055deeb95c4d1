"""The webhook's variant catalogue: each variant is one legal alternative reading of the document.

A fault is a receiver defect the webhook suite must detect; a variant is a receiver a partner
could faithfully write from the document that differs from ours. ``variants=frozenset({NAME})``
turns one on (several, and faults beside them, may be on at once; the ``refuses-*`` variants
exclude each other). The suite must not fail a MUST requirement on any of them.
"""

from __future__ import annotations

from typing import Final

from octo_conformance.reference.faults import FaultCatalogue

# name | the document clause or clarification that allows it | what the receiver then does
VARIANTS: Final = FaultCatalogue.from_table(
    """
    refuses-400        | callback: "Unsuccessful Response Example - HTTP Status: 400 and above"; C-26 | every refused callback is answered 400
    refuses-404        | callback: "Unsuccessful Response Example - HTTP Status: 400 and above"; C-26 | every refused callback is answered 404
    refuses-422        | callback: "Unsuccessful Response Example - HTTP Status: 400 and above"; C-26 | every refused callback is answered 422
    no-holder-policing | callback cardHolderName: "Cardholder's name", no rule; C-30 matches by transaction, PAN and expiry | a callback whose PAN and exp match is accepted whatever its cardHolderName (empty, blank, long, different)
    ack-minimal-body   | callback: "Expected Response - HTTP Status: 200"                | acknowledgements are {"status": "success"} without a message
    ack-empty-body     | callback: "Expected Response - HTTP Status: 200"; "If the response is successful, the OCTO system considers the request processed." | acknowledgements are HTTP 200 with an empty body
    json-charset       | C-46                                                            | every JSON answer is Content-Type: application/json; charset=utf-8
    refusal-with-code  | callback: "Unsuccessful Response Example" (status, message); extra fields are not forbidden | refusal bodies carry a "code" (e.g. "UNKNOWN_TRANSACTION")
    """,
    kind="variant",
)

VARIANT_NAMES: Final[tuple[str, ...]] = VARIANTS.names

REFUSAL_STATUSES: Final[dict[str, int]] = {
    "refuses-400": 400,
    "refuses-404": 404,
    "refuses-422": 422,
}
"""The ``refuses-*`` variants and the one status each answers every refusal with."""
