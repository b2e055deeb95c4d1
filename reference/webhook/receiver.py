"""The callback's meaning: validate it, match it to a binding the partner started, settle it.

HTTP parsing, content type, size and JSON decoding live in :mod:`reference.webhook.app`; a
decoded body reaches :meth:`Receiver.handle`, which answers 200 or a 4xx with a reason. The
callback carries no signature (C-30), so the only defence is to accept nothing the partner did
not start: a known ``shop_transaction_id``, the same card and expiry, no token replacement.
The holder's name is compared as the card shows it: letter case and spacing aside, since OCTO
may send the name as embossed (``ALI KARIMOV`` for a binding started as ``Ali  Karimov``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

from octo_conformance.openapi.rules import Violation, request_violations
from octo_conformance.openapi.spec import load_spec
from octo_conformance.reference.webhook.config import WebhookConfig
from octo_conformance.reference.webhook.store import ACTIVE, FAILED, PENDING, Binding, Store

TASHKENT = timedelta(hours=5)  # C-35: OCTO's day is Tashkent's
OPERATION: Final = "cardTokenCallback"
PROCESSED: Final = "Callback processed successfully"
# C-25: a failed binding may be reported with only shop_transaction_id and status
OPTIONAL_WHEN_FAILED: Final = frozenset(
    f"{name}.required" for name in ("pan", "exp", "cardHolderName", "card_token")
)
# variant no-holder-policing: the name's value rules, not policed (its presence and type are)
HOLDER_VALUE_RULES: Final = frozenset(
    f"cardHolderName.{check}" for check in ("empty", "blank", "length")
)


@dataclass(frozen=True)
class Answer:
    status: int
    message: str
    code: str = ""  # a machine-readable reason, shown under variant refusal-with-code

    @property
    def accepted(self) -> bool:
        return self.status == 200


def tashkent_today() -> date:
    return (datetime.now(UTC) + TASHKENT).date()


def documented_fields() -> frozenset[str]:
    spec = load_spec()
    schema = spec.resolve(spec.operation(OPERATION).request_schema_pointer)
    return frozenset(schema.get("properties", {}))


class Receiver:
    def __init__(self, config: WebhookConfig, store: Store) -> None:
        self.config = config
        self.store = store
        self._documented = documented_fields()

    def violations(self, body: dict[str, Any]) -> list[Violation]:
        found = request_violations(OPERATION, body, today=tashkent_today())
        fault = self.config.fault
        if fault("500-on-missing-field") and any(v.rule.endswith(".required") for v in found):
            # the classic handler that indexes every documented field: KeyError, a 500
            _ = [body[name] for name in sorted(self._documented)]
        ignored: set[str] = set(self.config.accepted_rules())
        if body.get("status") == FAILED and not fault("rejects-minimal-failed"):
            ignored |= OPTIONAL_WHEN_FAILED
        if fault("accepts-any-status"):
            ignored |= {"status.enum"}
        if self.config.variant("no-holder-policing"):
            ignored |= HOLDER_VALUE_RULES
        return [v for v in found if v.rule not in ignored]

    def handle(self, body: object) -> Answer:
        if not isinstance(body, dict):
            kind = type(body).__name__
            return Answer(
                400, f"the callback must be a JSON object, not {kind}", "INVALID_CALLBACK"
            )
        found = self.violations(body)
        if found:
            message = "invalid callback: " + "; ".join(v.message for v in found)
            return Answer(400, message, "INVALID_CALLBACK")
        unknown = sorted(set(body) - self._documented)
        if unknown and self.config.fault("rejects-extra-fields"):
            return Answer(400, f"unexpected field(s): {', '.join(unknown)}", "INVALID_CALLBACK")
        name = body.get("cardHolderName")
        if isinstance(name, str) and self.config.fault("rejects-unicode-names"):
            name.encode("ascii")  # the legacy-database bug: UnicodeEncodeError, a 500
        with self.store.transaction():
            binding = self.store.get(body["shop_transaction_id"])
            if binding is None:
                if self.config.fault("accepts-unknown-transaction"):
                    return Answer(200, PROCESSED)
                return Answer(404, "Invalid shop_transaction_id", "UNKNOWN_TRANSACTION")
            self.store.count_callback(binding.shop_transaction_id)
            return self._mismatch(binding, body) or self._settle(binding, body)

    def _mismatch(self, binding: Binding, body: dict[str, Any]) -> Answer | None:
        """C-30: the card in the callback must be the card the partner started binding.

        The answer does not say which card that is: the caller is not authenticated."""
        pan, exp, name = body.get("pan"), body.get("exp"), body.get("cardHolderName")
        fault = self.config.fault
        if (
            pan is not None
            and not fault("accepts-pan-mismatch")
            and not self.store.pan_matches(binding, pan)
        ):
            return Answer(409, "pan does not match the card of this binding", "CARD_MISMATCH")
        if exp is not None and exp != binding.exp and not fault("accepts-exp-mismatch"):
            return Answer(409, "exp does not match the card of this binding", "CARD_MISMATCH")
        if (
            isinstance(name, str)
            and binding.card_holder_name is not None
            and not self.config.variant("no-holder-policing")
            and as_embossed(name) != as_embossed(binding.card_holder_name)
        ):
            return Answer(409, "cardHolderName does not match this binding", "CARD_MISMATCH")
        return None

    def _settle(self, binding: Binding, body: dict[str, Any]) -> Answer:
        status, token = body["status"], body.get("card_token")
        token = token if status == ACTIVE else None  # a failed binding has no usable token
        fault = self.config.fault
        if binding.status == PENDING:
            self.store.settle(binding.shop_transaction_id, status, token)
            return Answer(200, PROCESSED)
        if status == binding.status and token == binding.card_token:
            if fault("not-idempotent"):
                return Answer(409, "callback already processed", "ALREADY_PROCESSED")
            return Answer(200, PROCESSED)  # a retry: OCTO did not see our first 200
        if binding.status == ACTIVE and status == ACTIVE:
            if fault("replaces-active-token"):
                self.store.settle(binding.shop_transaction_id, ACTIVE, token)
                return Answer(200, PROCESSED)
            return Answer(
                409, "the binding is already active with another card_token", "BINDING_SETTLED"
            )
        if binding.status == ACTIVE and status == FAILED and fault("failed-overrides-active"):
            self.store.settle(binding.shop_transaction_id, FAILED, None)
            return Answer(200, PROCESSED)
        return Answer(
            409,
            f"the binding is already {binding.status}; a {status} callback conflicts",
            "BINDING_SETTLED",
        )


def as_embossed(name: str) -> str:
    """A holder's name as a card shows it: one space between words, letter case ignored."""
    return " ".join(name.split()).casefold()
