"""Pact provider states: ``{"action": "setup"|"teardown", "state": ..., "params": {...}}``.

A state puts the receiver in the situation an interaction needs — a binding the partner started
— without a real ``bind_card``. Params are validated with the callback's own schema, so a state
cannot hold a card the callback could never match.
"""

from __future__ import annotations

from typing import Any, Final

from octo_conformance.openapi.rules import request_violations
from octo_conformance.reference.webhook.receiver import OPERATION, Answer, tashkent_today
from octo_conformance.reference.webhook.store import ACTIVE, PENDING, Store

# state name -> the binding status it sets up
STATES: Final[dict[str, str]] = {
    "a pending card binding exists": PENDING,
    "an active card binding exists": ACTIVE,
}
ACTIONS: Final = ("setup", "teardown")


class ProviderStates:
    def __init__(self, store: Store) -> None:
        self.store = store

    def handle(self, body: object) -> Answer:
        if not isinstance(body, dict):
            return Answer(400, "a provider-state change must be a JSON object")
        action, state, params = body.get("action", "setup"), body.get("state"), body.get("params")
        if not isinstance(action, str) or action not in ACTIONS:
            return Answer(400, f"action must be one of {', '.join(ACTIONS)}")
        if state == "":  # Pact sends this for an interaction without a state: nothing to set up
            return Answer(200, "no state")
        if not isinstance(state, str) or state not in STATES:  # a list is no state (nor hashable)
            return Answer(400, f"unknown provider state; known: {'; '.join(STATES)}")
        if not isinstance(params, dict):
            return Answer(400, "params must be a JSON object")
        tx_id = params.get("shop_transaction_id")
        if not isinstance(tx_id, str) or not tx_id:
            return Answer(400, "params.shop_transaction_id must be a non-empty string")
        if action == "teardown":
            forgotten = self.store.forget(tx_id)
            return Answer(200, "binding forgotten" if forgotten else "no such binding")
        status = STATES[state]
        problem = _invalid(params, status)
        if problem:
            return Answer(400, f"invalid params: {problem}")
        self.store.put(
            tx_id,
            pan=params["pan"],
            exp=params["exp"],
            name=params.get("cardHolderName"),
            status=status,
            token=params.get("card_token") if status == ACTIVE else None,
        )
        return Answer(200, f"{status} binding set up")


def _invalid(params: dict[str, Any], status: str) -> str:
    """The rules the params break, judged as the callback that would settle this binding."""
    as_callback = {**params, "status": ACTIVE}
    if status == PENDING:  # OCTO has not issued a token yet
        as_callback.setdefault("card_token", "not-yet-issued")
    found = request_violations(OPERATION, as_callback, today=tashkent_today())
    # a partner that did not keep the holder's name simply does not compare it
    return "; ".join(v.message for v in found if v.rule != "cardHolderName.required")
