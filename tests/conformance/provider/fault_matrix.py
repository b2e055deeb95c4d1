"""The fault matrix's expectations: the requirement each sandbox fault must make fail."""

from __future__ import annotations

from typing import Final

# fault -> the requirement whose failure is the fault's signature (others may fail with it)
EXPECTED: Final[dict[str, str]] = {
    "bind-accepts-luhn-invalid": "PROV-RULE-bindCard-pan.luhn",
    "bind-accepts-month-13": "PROV-RULE-bindCard-exp.month",
    "bind-month-off-by-one": "PROV-RULE-bindCard-exp.month",
    "block-init-ok": "PROV-BLOCK-005",
    "bind-accepts-local-phone": "PROV-RULE-bindCard-phone.length",
    "bind-no-duplicate-check": "PROV-BIND-005",
    "bind-missing-pay-url": "PROV-BIND-003",
    "bind-string-sums": "PROV-BIND-004",
    "bind-500-on-bad-json": "PROV-HTTP-001",
    "error-echoes-pan": "PROV-SAFE-001",
    "error-without-errmessage": "PROV-ENV-001",
    "error-format-code-2": "PROV-REQ-002",
    "sms-accepts-expired-otp": "PROV-SMS-011",
    "callback-redelivered": "PROV-CB-007",
    "auth-any-secret": "PROV-AUTH-001",
    "auth-wrong-code": "PROV-AUTH-001",
    "verify-unmasked-phone": "PROV-SAFE-002",
    "verify-negative-seconds": "PROV-VERIFY-002",
    "verify-no-trailing-slash": "PROV-VERIFY-001",
    "sms-accepts-any-otp": "PROV-SMS-005",
    "sms-otp-replay": "PROV-SMS-007",
    "sms-ignores-verify-id": "PROV-SMS-008",
    "sms-wrong-last4": "PROV-SMS-003",
    "sms-no-refund": "PROV-SMS-004",
    "sms-top-level-drift": "PROV-ENV-003",
    "callback-missing-token": "PROV-CB-002",
    "callback-wrong-exp": "PROV-CB-003",
    "callback-single-attempt": "PROV-CB-004",
    "callback-endless-retries": "PROV-CB-004",
    "callback-no-cancel": "PROV-CB-006",
    "block-twice-ok": "PROV-BLOCK-002",
    "block-unknown-is-6": "PROV-BLOCK-003",
    "block-cross-shop": "PROV-BLOCK-004",
    "block-missing-status": "PROV-BLOCK-001",
    "guessable-tokens": "PROV-SAFE-003",
    "paypage-ignores-code": "PROV-PAGE-003",
}
