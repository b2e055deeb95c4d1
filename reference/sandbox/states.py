"""Pact provider states for the sandbox: ``POST /_sandbox/provider-states`` (sandbox-only).

The Pact convention: ``{"action": "setup"|"teardown", "state": "...", "params": {...}}``. Every
setup starts from an empty sandbox (bindings, tokens, callbacks forgotten) and creates exactly
what the state names, with the ids the pact's examples use, so a contract's requests meet the
world they were written for. Teardown has nothing to undo.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, Final

from octo_conformance.reference.sandbox.api import SandboxApi
from octo_conformance.reference.sandbox.store import Binding

DEFAULT_CARD: Final = {"pan": "9860240101226506", "exp": "3005", "phone": "998901234567", "cardHolderName": "Card Holder"}  # fmt: skip


class StateError(ValueError):
    """The request names an unknown state or lacks a parameter; answered 400 with this message."""


def _shop(api: SandboxApi, params: dict[str, Any]) -> int:
    shop_id, secret = params.get("octo_shop_id"), params.get("octo_secret")
    if not isinstance(shop_id, int) or not isinstance(secret, str) or not secret:
        raise StateError("params need octo_shop_id (integer) and octo_secret (string)")
    api.extra_shops[shop_id] = secret
    return shop_id


def _binding(api: SandboxApi, params: dict[str, Any], shop_id: int, *, status: str) -> Binding:
    card = {
        **DEFAULT_CARD,
        **{k: params[k] for k in DEFAULT_CARD if isinstance(params.get(k), str)},
    }
    verify_id = params.get("verifyId", 819)
    payment_uuid = params.get("octo_payment_UUID") or str(uuid.uuid4())
    binding = Binding(
        payment_uuid=str(payment_uuid), shop_id=shop_id,
        shop_transaction_id=str(params.get("shop_transaction_id") or uuid.uuid4()),
        method=str(params.get("method") or "humo"), card=card, return_url=None, bind_notify_url=None,
        verify_id=int(verify_id), status=status, otp_expires_at=api.clock() + api.config.otp_ttl,
        wrong_otps=0, payed_time=None,
    )  # fmt: skip
    with api.store.transaction() as db:
        api.store.insert_binding(db, binding, api.store.vault.lookup_hash(card["pan"]))
    return binding


def _token(api: SandboxApi, params: dict[str, Any], status: str) -> None:
    token = params.get("card_token")
    if not isinstance(token, str) or not token:
        raise StateError("params need card_token (string)")
    shop_id = _shop(api, params)
    binding = _binding(api, params, shop_id, status="succeeded")
    with api.store.transaction() as db:
        api.store.insert_token(db, token, shop_id, binding.payment_uuid, status)


def _register(api: SandboxApi, params: dict[str, Any]) -> None:
    _shop(api, params)


def _pending(api: SandboxApi, params: dict[str, Any]) -> None:
    _binding(api, params, _shop(api, params), status="created")


STATES: Final[dict[str, Callable[[SandboxApi, dict[str, Any]], None]]] = {
    "": lambda api, p: None,  # an interaction without a state: a clean sandbox
    "the shop exists": lambda api, p: _register(api, p),
    "a pending binding exists": _pending,
    "a card token exists": lambda api, p: _token(api, p, "active"),
    "a blocked card token exists": lambda api, p: _token(api, p, "blocked"),
}  # fmt: skip


def handle(api: SandboxApi, body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise StateError("expected a JSON object {action, state, params}")
    action = body.get("action", "setup")
    if not isinstance(action, str) or action not in ("setup", "teardown"):
        raise StateError(f"action must be setup or teardown, not {str(action)[:40]!r}")
    state, params = body.get("state"), body.get("params") or {}
    if not isinstance(state, str) or state not in STATES:  # a list is no state (nor hashable)
        shown = str(state)[:80]
        raise StateError(f"unknown provider state {shown!r}; known: {'; '.join(STATES)}")
    if not isinstance(params, dict):
        raise StateError("params must be an object")
    if action == "setup":
        api.store.reset()
        api.extra_shops.clear()
        STATES[state](api, params)
    return {"state": state, "action": action}
