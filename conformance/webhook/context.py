"""The webhook suite's view of one run: the receiver, its provider-state endpoint, test cards,
and the checks every answer must pass (never a 5xx, on time, JSON, no PAN echoed)."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any, Final

from octo_conformance.core.context import SuiteContext
from octo_conformance.errors import SetupFailed, Skipped
from octo_conformance.findings import Recorder
from octo_conformance.harness.cards import CardPool
from octo_conformance.harness.http import Reply, TargetClient
from octo_conformance.masking import Masker
from octo_conformance.webhook.settings import PENDING_STATE, WebhookSettings


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


# what every answer is judged on (``send``): a check that delivers a callback judges these too
# (tests/conformance/webhook hold this list to ``_judge``'s own IDs)
EVERY_ANSWER: Final = ("HOOK-HTTP-001", "HOOK-HTTP-002", "HOOK-HTTP-003", "HOOK-SAFE-001")


class WebhookContext(SuiteContext):
    def __init__(
        self,
        settings: WebhookSettings,
        client: TargetClient,
        recorder: Recorder,
        masker: Masker,
        states: TargetClient | None = None,
    ) -> None:
        super().__init__(recorder, masker)
        self.settings = settings
        self.client = client
        # the provider-state endpoint is test set-up, not the receiver under test: it gets a
        # timeout of its own, so a loaded machine's slow set-up is not cut at the receiver's
        # answer budget (C-34)
        self.states = states or client
        self.cards = CardPool(
            seed=settings.seed, nonce=self.nonce, today=settings.today, production=False
        )

    # judging answers ------------------------------------------------------------------------
    def expect_ack(self, requirement: str, reply: Reply, *, doing: str) -> bool:
        """Acknowledged: HTTP 200 (C-27), and then a JSON body with "status": "success"."""
        ok = self.expect(
            requirement,
            acknowledged(reply),
            status_of(reply),
            "HTTP 200",
            doing=doing,
            clause="C-27",
            evidence=reply,
        )
        if ok:
            body = 'JSON with "status": "success"'
            self.expect(
                "HOOK-ACK-002",
                success_body(reply),
                "another body",
                body,
                doing="the acknowledgement",
                evidence=reply,
            )
        return ok

    def expect_refusal(self, requirement: str, reply: Reply, *, doing: str) -> bool:
        """Refused: a 4xx (C-26, C-30), and then a JSON body with "status": "error"."""
        ok = self.expect(
            requirement,
            refused(reply),
            status_of(reply),
            "refused with a 4xx",
            doing=doing,
            clause="C-26, C-30",
            evidence=reply,
        )
        if ok:
            body_ok = isinstance(reply.data, dict) and reply.data.get("status") == "error"
            body = 'JSON with "status": "error"'
            self.expect(
                "HOOK-REJ-007",
                body_ok,
                "another body",
                body,
                doing="the refusal",
                clause="C-26",
                evidence=reply,
            )
        return ok

    # bindings and provider states ---------------------------------------------------------
    def binding(self, method: str = "humo", *, holder: str | None = None) -> Binding:
        card = self.cards.card(method)
        self.masker.pan(card.pan)
        token = secrets.token_urlsafe(24)
        return Binding(self.new_tx(), card.pan, card.exp, holder or card.holder, token)

    def setup(self, binding: Binding) -> None:
        """Tell the receiver about a pending binding (Pact provider-state convention)."""
        url = self.settings.state_setup_url
        if url is None:
            raise Skipped("needs a binding the receiver knows: pass --state-setup-url")
        params = {
            "shop_transaction_id": binding.shop_transaction_id,
            "pan": binding.pan,
            "exp": binding.exp,
            "cardHolderName": binding.card_holder_name,
        }
        body = json.dumps({"action": "setup", "state": PENDING_STATE, "params": params}).encode()
        reply = self.states.send("POST", url, body, "application/json")
        if reply.status is None or not 200 <= reply.status < 300:
            answer = (
                f"HTTP {reply.status}"
                if reply.status is not None
                else f"nothing ({reply.json_error})"
            )
            raise SetupFailed(
                f"the provider-state endpoint answered {answer} to the setup of {PENDING_STATE!r}"
            )

    def teardown(self, binding: Binding) -> None:
        url = self.settings.state_setup_url
        if url is None:
            return
        params = {"shop_transaction_id": binding.shop_transaction_id}
        body = json.dumps({"action": "teardown", "state": PENDING_STATE, "params": params}).encode()
        self.states.send("POST", url, body, "application/json")

    # sending callbacks --------------------------------------------------------------------
    def send(
        self, payload: Any, *, content: bytes | None = None, content_type: str = "application/json"
    ) -> Reply:
        """Deliver one callback as OCTO would; judge what every answer must be."""
        if content is None:
            content = json.dumps(payload, ensure_ascii=False).encode()
        if isinstance(payload, dict) and isinstance(payload.get("pan"), str):
            self.masker.pan(payload["pan"])
        reply = self.client.send("POST", self.settings.url, content, content_type)
        self.checking(self.check)._judge(payload, reply)  # every answer, whatever was declared
        return reply

    def _judge(self, payload: Any, reply: Reply) -> None:
        timeout = self.settings.timeout
        if reply.status is None:
            received = f"no answer within {timeout:g} s ({reply.json_error})"
            self.expect(
                "HOOK-HTTP-002", False, received, "an answer", clause="C-34", evidence=reply
            )
            return
        elapsed = (reply.exchange.elapsed_ms or 0.0) / 1000
        received = f"an answer after {elapsed:.1f} s"
        self.expect(
            "HOOK-HTTP-002",
            elapsed <= timeout,
            received,
            f"within {timeout:g} s",
            clause="C-34",
            evidence=reply,
        )
        received = f"HTTP {reply.status}"
        self.expect(
            "HOOK-HTTP-001",
            reply.status < 500,
            received,
            "200 to acknowledge, 4xx to refuse",
            clause="C-26",
            evidence=reply,
        )
        media = reply.content_type.split(";")[0].strip().lower()
        received = (
            f"{reply.content_type or 'no content type'}{'' if reply.is_json else ', not JSON'}"
        )
        json_ok = reply.is_json and media == "application/json"
        self.expect("HOOK-HTTP-003", json_ok, received, "application/json", evidence=reply)
        pan = payload.get("pan") if isinstance(payload, dict) else None
        echoed = (
            isinstance(pan, str)
            and len(pan) >= 12
            and pan in reply.content.decode("utf-8", "replace")
        )
        self.expect(
            "HOOK-SAFE-001",
            not echoed,
            "the full PAN repeated",
            "never",
            doing="the answer",
            clause="C-29",
            evidence=reply,
        )


def status_of(reply: Reply) -> str:
    return f"HTTP {reply.status}" if reply.status is not None else f"no answer ({reply.json_error})"


def acknowledged(reply: Reply) -> bool:
    return reply.status == 200


def success_body(reply: Reply) -> bool:
    return isinstance(reply.data, dict) and reply.data.get("status") == "success"


def refused(reply: Reply) -> bool:
    return reply.status is not None and 400 <= reply.status < 500
