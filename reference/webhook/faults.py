"""The webhook's fault catalogue: each fault is one realistic deviation of a partner's receiver.

``--fault NAME`` turns one on. The webhook suite must pass the clean receiver and detect every
fault from outside, so each fault changes what an HTTP client can observe.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Fault:
    name: str
    clause: str  # the document clause or clarification it violates
    description: str


FAULTS: Final[dict[str, Fault]] = {
    f.name: f
    for f in (
        Fault(
            "accepts-unknown-transaction",
            "C-30",
            "a callback for a shop_transaction_id the partner never started is acknowledged",
        ),
        Fault("accepts-pan-mismatch", "C-30", "a callback whose PAN is not the pending card's is acknowledged"),
        Fault("accepts-exp-mismatch", "C-30", "a callback whose exp is not the pending card's is acknowledged"),
        Fault(
            "replaces-active-token",
            "C-30",
            "a second callback with another card_token replaces the active binding's token",
        ),
        Fault("failed-overrides-active", "C-30", "a failed callback after an active one fails the binding"),
        Fault("not-idempotent", "C-02", "a retry of an already processed callback is answered 409"),
        Fault("accepts-any-status", "callback status", "a status other than active or failed is acknowledged"),
        Fault("rejects-minimal-failed", "C-25", "the minimal failed callback (id and status only) is rejected"),
        Fault("rejects-extra-fields", "C-47", "a callback with an undocumented field is rejected"),
        Fault("rejects-unicode-names", "C-19", "a non-ASCII cardHolderName crashes the receiver (500)"),
        Fault("500-on-bad-json", "C-26", "malformed JSON is answered with HTTP 500"),
        Fault("500-on-missing-field", "C-26", "a callback missing a required field is answered with HTTP 500"),
        Fault(
            "wrong-success-body",
            "callback response",
            'an accepted callback is answered 200 with {"ok": true}',
        ),
        Fault("201-on-success", "C-27", "an accepted callback is answered 201 instead of 200"),
        Fault("rejects-with-200", "C-27", 'rejections are HTTP 200 with {"status": "error"}'),
        Fault("html-error-body", "C-26", "rejections are 4xx with an HTML body"),
        Fault("echoes-pan", "C-29", "the success body quotes the full PAN"),
        Fault("slow", "C-34", "every callback is answered only after slow_seconds (default 12 s)"),
    )
}  # fmt: skip

FAULT_NAMES: Final[tuple[str, ...]] = tuple(FAULTS)


def check_fault_names(names: list[str] | tuple[str, ...]) -> frozenset[str]:
    unknown = [n for n in names if n not in FAULTS]
    if unknown:
        raise ValueError(f"unknown fault(s): {', '.join(unknown)} (see --list-faults)")
    return frozenset(names)
