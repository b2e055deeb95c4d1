"""The sandbox's fault catalogue: each fault is one realistic deviation from one requirement.

``--fault NAME`` turns one on. The suite must pass the clean sandbox and detect every fault.
"""

from __future__ import annotations

from typing import Final

from octo_conformance.openapi.rules import rule_names
from octo_conformance.reference.faults import FaultCatalogue, FaultFamily

OPERATIONS: Final = ("bindCard", "verificationInfo", "checkSmsKey", "blockCardToken")


def _request_rules() -> list[str]:
    return [f"{operation}:{rule}" for operation in OPERATIONS for rule in rule_names(operation)]


# one fault per request rule: the sandbox lets exactly that rule through, as an implementation
# that forgot one check would (a body breaking only that rule is processed as a valid one)
ACCEPTS: Final = FaultFamily(
    prefix="accepts",
    pattern="accepts:<operationId>:<rule>",
    clause="{parameter} (the parameter table)",
    description="a body breaking the request rule {parameter} is accepted (processed, or answered"
    " with success where later code would refuse it)",
    parameters=_request_rules,
)

# name | the document clause or clarification it violates | what the faulty sandbox does
FAULTS: Final = FaultCatalogue.from_table(
    """
    bind-accepts-luhn-invalid | C-24                   | bind_card accepts a PAN that fails the Luhn check
    bind-accepts-month-13     | C-21                   | bind_card accepts an expiry whose month is 13 or more
    bind-month-off-by-one     | C-21                   | bind_card checks the month as 0 <= MM <= 13: 00 and 13 pass, 14 and above do not
    bind-accepts-local-phone  | bind_card phone        | bind_card accepts a 9-digit local phone number (no 998)
    bind-refuses-bank-card    | bind_card method       | bind_card refuses method bank_card (Visa/Mastercard) with error 1
    bind-status-pending       | bind_card response     | the bind_card success says status pending, not created
    bind-no-duplicate-check   | bind_card error 20     | a second bind_card for a pending card succeeds
    bind-missing-pay-url      | bind_card response     | the bind_card success lacks octo_pay_url
    bind-string-sums          | C-31                   | bind_card sends total_sum and refunded_sum as strings
    bind-500-on-bad-json      | C-45                   | malformed JSON is answered with HTTP 500
    error-echoes-pan          | C-50                   | validation errors quote the full PAN
    error-without-errmessage  | C-10                   | error envelopes carry neither errMessage nor errorMessage
    error-format-code-2       | C-14                   | data-format errors are answered with error 2 instead of 1
    auth-any-secret           | error 2                | any octo_secret is accepted for a known shop
    auth-wrong-code           | error 2                | a wrong secret is answered with error 1 instead of 2
    auth-after-otp            | error 2                | check_sms_key checks the code before the secret: a wrong-secret request with the right code uses the code up, then is answered error 2
    verify-unmasked-phone     | C-40                   | verificationInfo shows the full phone number
    verify-negative-seconds   | C-06                   | secondsLeft goes negative once the OTP expired
    verify-seconds-after-failure | secondsLeft        | secondsLeft keeps counting after three wrong OTPs ended the binding
    verify-no-trailing-slash  | C-08                   | only /verificationInfo answers; the documented /verificationInfo/ is 404
    sms-accepts-any-otp       | C-16                   | check_sms_key confirms the binding with any code
    sms-accepts-expired-otp   | C-06                   | the right OTP still confirms after the verification expired
    sms-otp-replay            | C-17                   | a confirmed OTP confirms again, with a second callback
    sms-ignores-verify-id     | check_sms_key verifyId | a wrong verifyId is accepted
    sms-status-processing     | check_sms_key response | the right OTP is answered with status processing, not succeeded (the binding is confirmed)
    sms-no-echo               | C-37                   | the confirmation lacks shop_transaction_id
    sms-unknown-payment-ok    | C-15                   | check_sms_key for an unknown paymentUUID answers error 0 (status failed)
    sms-cross-shop            | C-44                   | another shop confirms a binding with its own credentials and the right OTP
    sms-wrong-last4           | C-36                   | last4 in the check_sms_key answer is not the bound card's
    sms-no-refund             | C-31                   | refunded_sum stays 0 after the test charge
    sms-top-level-drift       | C-11                   | top-level duplicates disagree with data (stale status)
    callback-missing-token    | callback payload       | the callback lacks card_token
    callback-wrong-exp        | callback payload       | the callback's exp is in MMYY order
    callback-never-sent       | C-39                   | a confirmed binding's callback is recorded as delivered and never sent
    callback-single-attempt   | C-02                   | a rejected callback is never retried
    callback-endless-retries  | C-02                   | callbacks are retried six times
    callback-redelivered      | C-27                   | an acknowledged callback is delivered a second time
    callback-no-cancel        | C-28                   | a never-acknowledged token becomes active anyway
    cancel-keeps-card         | C-48                   | a token cancelled after unacknowledged callbacks stays init: the card can never be bound again
    callback-unanswered-is-ack | C-28                  | a delivery that got no HTTP answer (a timeout, a dropped connection) counts as acknowledged
    block-twice-ok            | C-43                   | blocking an already blocked token answers error 0
    block-init-ok             | error 6                | blocking a token whose callback is not yet acknowledged (init) succeeds
    block-unknown-is-6        | error 5                | an unknown token is answered with 6 instead of 5
    block-cross-shop          | C-44                   | a shop can block another shop's token
    block-missing-status      | C-13                   | the block_card_token success lacks status: blocked
    rebind-same-token         | a unique token         | a card bound again after its token was blocked gets that token back, active again
    guessable-tokens          | tokens unguessable     | card tokens are sequential
    paypage-no-form           | C-38                   | the Visa/MC OTP page has nowhere to enter the code (it points to an app)
    paypage-no-confirm        | C-38                   | the right code on the Visa/MC OTP page redirects as confirmed, and confirms nothing
    paypage-no-return         | bind_card return_url   | after the right code the OTP page leaves the user on its own status page, not return_url
    paypage-ignores-code      | C-38                   | the Visa/MC OTP page confirms any code
    paypage-resubmit-confirms | C-17                   | the right code posted again on a used Visa/MC OTP page confirms the binding again: a second token, a second callback
    sms-confirms-bank-card    | C-38                   | check_sms_key confirms a Visa/MC binding, which only its OTP page may confirm
    paypage-500               | C-45                   | the octo_pay_url page of a Humo/Uzcard binding answers HTTP 500
    """,
    families=[ACCEPTS],
)

FAULT_NAMES: Final[tuple[str, ...]] = FAULTS.names
