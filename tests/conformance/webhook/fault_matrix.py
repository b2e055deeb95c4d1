"""The webhook fault matrix's expectations: the requirement each webhook fault must make fail
(or warn, where the requirement is a SHOULD: the clarifications make the deviation a warn, e.g.
C-25, C-26, C-30, C-34)."""

from __future__ import annotations

from typing import Final

EXPECTED: Final[dict[str, str]] = {
    "accepts-unknown-transaction": "HOOK-REJ-001",
    "accepts-pan-mismatch": "HOOK-REJ-002",
    "accepts-exp-mismatch": "HOOK-REJ-003",
    "replaces-active-token": "HOOK-REJ-004",
    "failed-overrides-active": "HOOK-REJ-005",
    "not-idempotent": "HOOK-ACK-005",
    "accepts-any-status": "HOOK-RULE-status.enum",
    "rejects-minimal-failed": "HOOK-ACK-004",
    "rejects-extra-fields": "HOOK-ACK-006",
    "rejects-unicode-names": "HOOK-ACK-007",
    "500-on-bad-json": "HOOK-HTTP-001",
    "500-on-missing-field": "HOOK-HTTP-001",
    "wrong-success-body": "HOOK-ACK-002",
    "201-on-success": "HOOK-ACK-001",
    "rejects-with-200": "HOOK-REJ-001",
    "html-error-body": "HOOK-REJ-007",
    "echoes-pan": "HOOK-SAFE-001",
    "slow": "HOOK-HTTP-002",
}
