"""The sandbox's fault catalogue: each fault is one realistic deviation from one requirement.

``--fault NAME`` turns one on. The suite must pass the clean sandbox and detect every fault.
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
            "bind-accepts-luhn-invalid", "C-24", "bind_card accepts a PAN that fails the Luhn check"
        ),
        Fault(
            "bind-accepts-month-13", "C-21", "bind_card accepts an expiry whose month is 13 or more"
        ),
        Fault(
            "bind-no-duplicate-check",
            "bind_card error 20",
            "a second bind_card for a pending card succeeds",
        ),
        Fault(
            "bind-missing-pay-url", "bind_card response", "the bind_card success lacks octo_pay_url"
        ),
        Fault("bind-string-sums", "C-31", "bind_card sends total_sum and refunded_sum as strings"),
        Fault("bind-500-on-bad-json", "C-45", "malformed JSON is answered with HTTP 500"),
        Fault("error-echoes-pan", "C-50", "validation errors quote the full PAN"),
        Fault(
            "error-without-errmessage",
            "C-10",
            "error envelopes carry neither errMessage nor errorMessage",
        ),
        Fault(
            "error-format-code-2",
            "C-14",
            "data-format errors are answered with error 2 instead of 1",
        ),
        Fault("auth-any-secret", "error 2", "any octo_secret is accepted for a known shop"),
        Fault("auth-wrong-code", "error 2", "a wrong secret is answered with error 1 instead of 2"),
        Fault("verify-unmasked-phone", "C-40", "verificationInfo shows the full phone number"),
        Fault("verify-negative-seconds", "C-06", "secondsLeft goes negative once the OTP expired"),
        Fault(
            "verify-no-trailing-slash",
            "C-08",
            "only /verificationInfo answers; the documented /verificationInfo/ is 404",
        ),
        Fault("sms-accepts-any-otp", "C-16", "check_sms_key confirms the binding with any code"),
        Fault(
            "sms-accepts-expired-otp",
            "C-06",
            "the right OTP still confirms after the verification expired",
        ),
        Fault("sms-otp-replay", "C-17", "a confirmed OTP confirms again, with a second callback"),
        Fault("sms-ignores-verify-id", "check_sms_key verifyId", "a wrong verifyId is accepted"),
        Fault(
            "sms-wrong-last4", "C-36", "last4 in the check_sms_key answer is not the bound card's"
        ),
        Fault("sms-no-refund", "C-31", "refunded_sum stays 0 after the test charge"),
        Fault(
            "sms-top-level-drift", "C-11", "top-level duplicates disagree with data (stale status)"
        ),
        Fault("callback-missing-token", "callback payload", "the callback lacks card_token"),
        Fault("callback-wrong-exp", "callback payload", "the callback's exp is in MMYY order"),
        Fault("callback-single-attempt", "C-02", "a rejected callback is never retried"),
        Fault("callback-endless-retries", "C-02", "callbacks are retried six times"),
        Fault("callback-2xx-ack", "C-27", "any 2xx (e.g. 202) counts as an acknowledgement"),
        Fault(
            "callback-redelivered", "C-27", "an acknowledged callback is delivered a second time"
        ),
        Fault("callback-no-cancel", "C-28", "a never-acknowledged token becomes active anyway"),
        Fault("block-twice-ok", "C-43", "blocking an already blocked token answers error 0"),
        Fault("block-unknown-is-6", "error 5", "an unknown token is answered with 6 instead of 5"),
        Fault("block-cross-shop", "C-44", "a shop can block another shop's token"),
        Fault("block-missing-status", "C-13", "the block_card_token success lacks status: blocked"),
        Fault("guessable-tokens", "tokens unguessable", "card tokens are sequential"),
        Fault("paypage-ignores-code", "C-38", "the Visa/MC OTP page confirms any code"),
    )
}

FAULT_NAMES: Final[tuple[str, ...]] = tuple(FAULTS)


def check_fault_names(names: list[str] | tuple[str, ...]) -> frozenset[str]:
    unknown = [n for n in names if n not in FAULTS]
    if unknown:
        raise ValueError(f"unknown fault(s): {', '.join(unknown)} (see --list-faults)")
    return frozenset(names)
