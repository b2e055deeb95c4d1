"""The webhook suite's view of one run: the receiver, its provider-state endpoint, test cards,
and the checks every answer must pass (never a 5xx, on time, JSON, no PAN echoed)."""

from __future__ import annotations

import itertools
import json
import secrets
import threading
from dataclasses import dataclass
from typing import Any

from conformance.errors import Aborted, Skipped
from conformance.findings import Recorder, Verdict
from conformance.harness.cards import CardPool
from conformance.harness.http import Reply, TargetClient
from conformance.masking import Masker
from conformance.webhook.settings import PENDING_STATE, WebhookSettings

__all__ = ["Aborted", "Binding", "Skipped", "WebhookContext"]


@dataclass(frozen=True)
class Binding:
    """A card binding the receiver was told about (the callback OCTO would send for it)."""

    shop_transaction_id: str
    pan: str
    exp: str
    card_holder_name: str
    card_token: str

    def callback(self, status: str = "active", **changes: Any) -> dict[str, Any]:
        payload = {
            "shop_transaction_id": self.shop_transaction_id,
            "pan": self.pan,
            "exp": self.exp,
            "cardHolderName": self.card_holder_name,
            "card_token": self.card_token,
            "status": status,
        }
        payload.update(changes)
        return payload


class WebhookContext:
    def __init__(
        self, settings: WebhookSettings, client: TargetClient, recorder: Recorder, masker: Masker
    ) -> None:
        self.settings = settings
        self.client = client
        self.recorder = recorder
        self.masker = masker
        self.nonce = secrets.randbits(32)
        self.cards = CardPool(
            seed=settings.seed, nonce=self.nonce, today=settings.today, production=False
        )
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def new_tx(self) -> str:
        with self._lock:
            return f"octo-conformance-{self.nonce:08x}-{next(self._ids)}"

    def record(self, requirement: str, verdict: Verdict, message: str, *, check: str, evidence: list[Any] | tuple[Any, ...] = ()) -> Verdict:  # fmt: skip
        return self.recorder.record(requirement, verdict, message, check=check, evidence=evidence)

    def expect(
        self, requirement: str, ok: bool, message: str, *, check: str, reply: Reply | None = None
    ) -> bool:
        evidence = [reply.exchange] if reply is not None and not ok else []
        self.record(requirement, Verdict.PASS if ok else Verdict.FAIL, "" if ok else message, check=check, evidence=evidence)  # fmt: skip
        return ok

    # bindings and provider states ---------------------------------------------------------
    def binding(self, method: str = "humo", *, holder: str | None = None) -> Binding:
        card = self.cards.card(method)
        self.masker.pan(card.pan)
        token = secrets.token_urlsafe(24)
        return Binding(self.new_tx(), card.pan, card.exp, holder or card.holder, token)

    def setup(self, binding: Binding, *, check: str) -> None:
        """Tell the receiver about a pending binding (Pact provider-state convention)."""
        url = self.settings.state_setup_url
        if url is None:
            raise Skipped("needs a binding the receiver knows: pass --state-setup-url")
        params = {"shop_transaction_id": binding.shop_transaction_id, "pan": binding.pan, "exp": binding.exp, "cardHolderName": binding.card_holder_name}  # fmt: skip
        body = json.dumps({"action": "setup", "state": PENDING_STATE, "params": params}).encode()
        reply = self.client.send("POST", url, body, "application/json")
        if reply.status is None or not 200 <= reply.status < 300:
            answer = f"HTTP {reply.status}" if reply.status is not None else f"nothing ({reply.json_error})"  # fmt: skip
            raise Aborted(f"the provider-state endpoint answered {answer} to the setup of {PENDING_STATE!r}")  # fmt: skip

    def teardown(self, binding: Binding) -> None:
        url = self.settings.state_setup_url
        if url is None:
            return
        params = {"shop_transaction_id": binding.shop_transaction_id}
        body = json.dumps({"action": "teardown", "state": PENDING_STATE, "params": params}).encode()
        self.client.send("POST", url, body, "application/json")

    # sending callbacks --------------------------------------------------------------------
    def send(self, payload: Any, *, check: str, content: bytes | None = None, content_type: str = "application/json") -> Reply:  # fmt: skip
        """Deliver one callback as OCTO would; judge what every answer must be."""
        if content is None:
            content = json.dumps(payload, ensure_ascii=False).encode()
        if isinstance(payload, dict) and isinstance(payload.get("pan"), str):
            self.masker.pan(payload["pan"])
        reply = self.client.send("POST", self.settings.url, content, content_type)
        self._judge(payload, reply, check)
        return reply

    def _judge(self, payload: Any, reply: Reply, check: str) -> None:
        ev = [reply.exchange]
        if reply.status is None:
            self.record("HOOK-HTTP-002", Verdict.FAIL, f"no answer within {self.settings.timeout:g} s ({reply.json_error}) (C-34)", check=check, evidence=ev)  # fmt: skip
            return
        elapsed = (reply.exchange.elapsed_ms or 0.0) / 1000
        if elapsed > self.settings.timeout:
            self.record("HOOK-HTTP-002", Verdict.FAIL, f"answered after {elapsed:.1f} s; Documented: within {self.settings.timeout:g} s (C-34)", check=check, evidence=ev)  # fmt: skip
        else:
            self.record("HOOK-HTTP-002", Verdict.PASS, "", check=check)
        if reply.status >= 500:
            self.record("HOOK-HTTP-001", Verdict.FAIL, f"Received HTTP {reply.status}; Documented: 200 to acknowledge, 4xx to refuse (C-26)", check=check, evidence=ev)  # fmt: skip
        else:
            self.record("HOOK-HTTP-001", Verdict.PASS, "", check=check)
        media = reply.content_type.split(";")[0].strip().lower()
        if reply.is_json and media == "application/json":
            self.record("HOOK-HTTP-003", Verdict.PASS, "", check=check)
        else:
            self.record("HOOK-HTTP-003", Verdict.FAIL, f"Received {reply.content_type or 'no content type'}{'' if reply.is_json else ', not JSON'}; Documented: application/json", check=check, evidence=ev)  # fmt: skip
        pan = payload.get("pan") if isinstance(payload, dict) else None
        if (
            isinstance(pan, str)
            and len(pan) >= 12
            and pan in reply.content.decode("utf-8", "replace")
        ):
            self.record("HOOK-SAFE-001", Verdict.FAIL, "the answer repeats the full PAN (C-29)", check=check, evidence=ev)  # fmt: skip
        else:
            self.record("HOOK-SAFE-001", Verdict.PASS, "", check=check)


def acknowledged(reply: Reply) -> bool:
    return reply.status == 200


def success_body(reply: Reply) -> bool:
    return isinstance(reply.data, dict) and reply.data.get("status") == "success"


def refused(reply: Reply) -> bool:
    return reply.status is not None and 400 <= reply.status < 500
