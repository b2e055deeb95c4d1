"""The sandbox's variant catalogue: each variant is one legal alternative reading of the document.

A fault is a defect the suite must detect; a variant is the opposite: a faithful reading of the
document that the reference implements differently by default. ``variants=frozenset({NAME})``
turns one on (several, and faults beside them, may be on at once). The suite must not fail a
MUST requirement on any of them. The clause is the one that allows the reading.
"""

from __future__ import annotations

from typing import Final

from octo_conformance.reference.faults import FaultCatalogue

# name | the document clause or clarification that allows it | what the sandbox then does
VARIANTS: Final = FaultCatalogue.from_table(
    """
    unknown-bin-accepted   | C-24: the document lists no BIN ranges                          | bind_card accepts a Luhn-valid 16-digit PAN of an unknown BIN; at confirmation the card fails verification (error, failed callback)
    pan-16-to-19           | "pan": "String"; the document's PANs are 16 digits, no length is set | Luhn-valid PANs of 16 to 19 digits are accepted whatever the scheme's lengths; 13-15 digits are refused with error 1
    duplicate-check-first  | bind_card error 20; the document does not order its checks    | "Active or pending token already exists" (20) is checked before field validation
    grey-refusal-code-3    | C-14: the document gives no code for these rules              | a body refused only for tolerable (grey-zone) rules gets error 3 instead of 1
    four-deliveries        | C-02: "will resend requests up to three times" (1 + 3)        | a refused callback is attempted 4 times in all before the token is cancelled
    payment-notification   | bind_card notify_url: "URL for payment status notifications"  | a confirmed binding also POSTs a payment-status notification (no PAN) to notify_url, through the outbox
    refund-later           | check_sms_key refunded_sum: "No", "Refunded amount, if applicable" | the check_sms_key success has no refunded_sum (the refund follows "Our BE notifies the Partner")
    holder-uppercase       | callback cardHolderName: "Cardholder's name"; cards are embossed in upper case | the callback's cardHolderName is the bound name upper-cased
    any-2xx-ack            | callback: "Unsuccessful Response Example - HTTP Status: 400 and above" | any 2xx answer of the partner acknowledges a callback
    payed-time-iso         | check_sms_key payed_time: "String"                            | payed_time is ISO 8601 with an offset (2026-11-29T15:56:52+05:00)
    block-status-in-data   | apiMessageForDevelopers: every field but error and errMessage moves into data; C-13 | block_card_token answers {"error": 0, "errMessage": null, "data": {"status": "blocked"}}
    seconds-left-counting  | verificationInfo: the document defines only what secondsLeft=0 means | after confirmation secondsLeft keeps counting down to the OTP's deadline (never negative)
    no-length-limits       | bind_card: the document sets no maximum length; optional fields may be null | no maxLength on shop_transaction_id, the URLs, cardHolderName; null cvc2, notify_url, bind_notify_url count as absent
    json-charset           | C-46: "Content-type: application/json"                        | every JSON answer is Content-Type: application/json; charset=utf-8
    errormessage-too       | C-10                                                          | error envelopes carry errMessage and errorMessage alike; every success carries "errMessage": ""
    top-level-copies       | check_sms_key success example; C-11                           | bind_card and check_sms_key successes copy every field of data to the top level
    verify-unknown-zero    | C-15                                                          | verificationInfo for an unknown payment answers error 0, verifyId 0, a masked phone, secondsLeft 0
    phone-mask-digits      | C-40: field notes 99890*****33                                | verificationInfo shows the phone as 998, the operator code, asterisks, the last two digits
    cancel-removes-token   | C-28: "the token will be canceled"; the document gives no code for a cancelled token | a cancelled token is removed: blocking it answers 5 "Token not found" instead of 6
    sms-refusal-500        | check_sms_key: the document's own "Unsuccessful Response Example" is {"title": "Internal Server Error", "status": 500, ...}; C-45 | check_sms_key refusals are HTTP 500 with that RFC 7807 body instead of an error envelope
    """,
    kind="variant",
)

VARIANT_NAMES: Final[tuple[str, ...]] = VARIANTS.names
