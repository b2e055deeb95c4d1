"""The signature of each built-in fault of the references: the requirement its run must fail
(or warn, where the requirement is a SHOULD and the clarifications make the deviation a warn),
and a phase of the suite that judges it.

``selftest --focused`` runs each fault with ``--only <phase> --only <requirement>``: only the
checks of that requirement, in that phase: most often a fraction of a full run, though a
requirement judged on every answer (PROV-HTTP-001, PROV-SAFE-003) runs the whole phase. The
phase is one that sees the fault, the quickest where several do (measured); a change that moves
a check to another phase shows as a missed fault in the focused matrix. The full matrix (no ``--focused``) also
shows what else each fault breaks, and so the MUST coverage.
"""

from __future__ import annotations

from typing import Final, NamedTuple


class Signature(NamedTuple):
    requirement: str
    phase: str

    @property
    def only(self) -> tuple[str, str]:
        """The ``--only`` patterns of a focused run."""
        return (self.phase, self.requirement)


SIGNATURES: Final[dict[str, dict[str, Signature]]] = {
    "provider": {
        "bind-accepts-luhn-invalid": Signature("PROV-RULE-bindCard-pan.luhn", "request rules"),
        "bind-accepts-month-13": Signature("PROV-RULE-bindCard-exp.month", "request rules"),
        "bind-month-off-by-one": Signature("PROV-RULE-bindCard-exp.month", "request rules"),
        "block-init-ok": Signature("PROV-BLOCK-005", "scenarios"),
        "bind-accepts-local-phone": Signature("PROV-RULE-bindCard-phone.length", "request rules"),
        "bind-no-duplicate-check": Signature("PROV-BIND-005", "scenarios"),
        "bind-missing-pay-url": Signature("PROV-BIND-003", "state machine"),
        "bind-string-sums": Signature("PROV-BIND-004", "state machine"),
        "bind-500-on-bad-json": Signature("PROV-HTTP-001", "schemathesis properties"),
        "error-echoes-pan": Signature("PROV-SAFE-001", "schemathesis properties"),
        "error-without-errmessage": Signature("PROV-ENV-001", "schemathesis properties"),
        "error-format-code-2": Signature("PROV-REQ-002", "request rules"),
        "sms-accepts-expired-otp": Signature("PROV-SMS-011", "scenarios"),
        "callback-redelivered": Signature("PROV-CB-007", "scenarios"),
        "auth-any-secret": Signature("PROV-AUTH-001", "scenarios"),
        "auth-wrong-code": Signature("PROV-AUTH-001", "scenarios"),
        "auth-after-otp": Signature("PROV-AUTH-003", "scenarios"),
        "verify-unmasked-phone": Signature("PROV-SAFE-002", "state machine"),
        "verify-negative-seconds": Signature("PROV-VERIFY-002", "scenarios"),
        "verify-no-trailing-slash": Signature("PROV-VERIFY-001", "state machine"),
        "sms-accepts-any-otp": Signature("PROV-SMS-005", "scenarios"),
        "sms-otp-replay": Signature("PROV-SMS-007", "scenarios"),
        "sms-ignores-verify-id": Signature("PROV-SMS-008", "scenarios"),
        "sms-wrong-last4": Signature("PROV-SMS-003", "state machine"),
        "sms-no-refund": Signature("PROV-SMS-004", "state machine"),
        "sms-top-level-drift": Signature("PROV-ENV-003", "state machine"),
        "callback-missing-token": Signature("PROV-CB-002", "state machine"),
        "callback-wrong-exp": Signature("PROV-CB-003", "state machine"),
        "callback-single-attempt": Signature("PROV-CB-004", "scenarios"),
        "callback-endless-retries": Signature("PROV-CB-004", "scenarios"),
        "callback-no-cancel": Signature("PROV-CB-006", "scenarios"),
        "callback-unanswered-is-ack": Signature("PROV-CB-009", "scenarios"),
        "cancel-keeps-card": Signature("PROV-BIND-006", "scenarios"),
        "sms-cross-shop": Signature("PROV-SMS-014", "scenarios"),
        "verify-seconds-after-failure": Signature("PROV-VERIFY-006", "scenarios"),
        "block-twice-ok": Signature("PROV-BLOCK-002", "state machine"),
        "block-unknown-is-6": Signature("PROV-BLOCK-003", "scenarios"),
        "block-cross-shop": Signature("PROV-BLOCK-004", "scenarios"),
        "block-missing-status": Signature("PROV-BLOCK-001", "state machine"),
        "guessable-tokens": Signature("PROV-SAFE-003", "state machine"),
        "paypage-ignores-code": Signature("PROV-PAGE-003", "scenarios"),
        "paypage-500": Signature("PROV-HTTP-001", "scenarios"),
        "paypage-resubmit-confirms": Signature("PROV-SMS-007", "scenarios"),
        "sms-confirms-bank-card": Signature("PROV-SMS-010", "scenarios"),
        "bind-refuses-bank-card": Signature("PROV-BIND-001", "scenarios"),
        "bind-status-pending": Signature("PROV-BIND-002", "state machine"),
        "sms-status-processing": Signature("PROV-SMS-001", "state machine"),
        "sms-no-echo": Signature("PROV-SMS-002", "state machine"),
        "sms-unknown-payment-ok": Signature("PROV-SMS-009", "schemathesis properties"),
        "callback-never-sent": Signature("PROV-CB-001", "state machine"),
        "paypage-no-form": Signature("PROV-PAGE-001", "scenarios"),
        "paypage-no-confirm": Signature("PROV-PAGE-002", "scenarios"),
        "paypage-no-return": Signature("PROV-PAGE-004", "scenarios"),
        "rebind-same-token": Signature("PROV-BLOCK-006", "scenarios"),
    },
    "webhook": {
        "accepts-unknown-transaction": Signature("HOOK-REJ-001", "scenarios"),
        "accepts-pan-mismatch": Signature("HOOK-REJ-002", "scenarios"),
        "accepts-exp-mismatch": Signature("HOOK-REJ-003", "scenarios"),
        "replaces-active-token": Signature("HOOK-REJ-004", "scenarios"),
        "failed-overrides-active": Signature("HOOK-REJ-005", "scenarios"),
        "not-idempotent": Signature("HOOK-ACK-005", "scenarios"),
        "accepts-any-status": Signature("HOOK-RULE-status.enum", "payload rules"),
        "rejects-minimal-failed": Signature("HOOK-ACK-004", "scenarios"),
        "rejects-extra-fields": Signature("HOOK-ACK-006", "scenarios"),
        "rejects-unicode-names": Signature("HOOK-ACK-007", "scenarios"),
        "500-on-bad-json": Signature("HOOK-HTTP-001", "scenarios"),
        "500-on-missing-field": Signature("HOOK-HTTP-001", "payload rules"),
        "wrong-success-body": Signature("HOOK-ACK-002", "generated valid callbacks"),
        "201-on-success": Signature("HOOK-ACK-001", "scenarios"),
        "rejects-with-200": Signature("HOOK-REJ-001", "scenarios"),
        "html-error-body": Signature("HOOK-REJ-007", "scenarios"),
        "echoes-pan": Signature("HOOK-SAFE-001", "generated valid callbacks"),
        "slow": Signature("HOOK-HTTP-002", "generated valid callbacks"),
    },
}
