"""The provider suite's view of one run: the target client, the sink, cards, credentials and
the recorder, with one method per documented operation (each answer judged on the way)."""

from __future__ import annotations

import itertools
import secrets
import threading
import time
from typing import Any

from conformance.errors import Aborted, NoCardAvailable, Skipped
from conformance.findings import Exchange, Recorder, Verdict
from conformance.harness.cards import Card, CardPool
from conformance.harness.http import Reply, TargetClient
from conformance.harness.sink import CallbackSink, Delivery
from conformance.masking import Masker
from conformance.provider.judge import judge_reply
from conformance.provider.settings import ProviderSettings, Shop

PATHS = {
    "bindCard": "/bind_card",
    "verificationInfo": "/verificationInfo/",  # with the slash, as documented (C-08)
    "checkSmsKey": "/bind_card/check_sms_key",
    "blockCardToken": "/block_card_token",
}


ACTIVATION_GRACE = 3.0  # seconds a target may take to activate a token after the 200 (C-54)
RATE_LIMITED = 11  # "Requests too often" (field notes, C-42)
RATE_LIMIT_RETRIES = 3


class ProviderContext:
    def __init__(
        self,
        settings: ProviderSettings,
        client: TargetClient,
        sink: CallbackSink,
        recorder: Recorder,
        masker: Masker,
    ) -> None:
        self.settings = settings
        self.client = client
        self.sink = sink
        self.recorder = recorder
        self.masker = masker
        self.nonce = secrets.randbits(32)
        self.cards = CardPool(
            seed=settings.seed,
            nonce=self.nonce,
            today=settings.today,
            production=settings.production,
        )
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.tokens_seen: list[str] = []
        self._info_reads: dict[str, float] = {}

    # identifiers and data -----------------------------------------------------------------
    def new_tx(self) -> str:
        with self._lock:
            return f"octo-conformance-{self.nonce:08x}-{next(self._ids)}"

    def card(self, method: str) -> Card:
        try:
            card = self.cards.card(method)
        except NoCardAvailable as exc:
            raise Skipped(str(exc)) from None
        self.masker.pan(card.pan)
        self.masker.cvc(card.cvc2)
        return card

    def note_token(self, token: Any) -> None:
        if isinstance(token, str) and token:
            with self._lock:
                self.tokens_seen.append(token)

    # recording ----------------------------------------------------------------------------
    def record(
        self,
        requirement: str,
        verdict: Verdict,
        message: str,
        *,
        check: str,
        evidence: list[Exchange] | tuple[Exchange, ...] = (),
    ) -> Verdict:
        return self.recorder.record(requirement, verdict, message, check=check, evidence=evidence)

    def expect(
        self,
        requirement: str,
        ok: bool,
        message: str,
        *,
        check: str,
        evidence: list[Exchange] | tuple[Exchange, ...] = (),
        fatal: bool = False,
    ) -> bool:
        """Pass or fail ``requirement``; with ``fatal`` a failure ends the scenario."""
        self.record(
            requirement,
            Verdict.PASS if ok else Verdict.FAIL,
            "" if ok else message,
            check=check,
            evidence=evidence,
        )
        if not ok and fatal:
            raise Aborted(f"{requirement}: {message}")
        return ok

    # operations ---------------------------------------------------------------------------
    def call(self, operation_id: str, body: Any, *, check: str) -> Reply:
        """Send, judge the answer; error 11 "Requests too often" is waited out (C-42)."""
        for _ in range(RATE_LIMIT_RETRIES):
            reply = self.client.post_json(PATHS[operation_id], body)
            if reply.get("error") != RATE_LIMITED:
                break
            time.sleep(1.1)
        else:
            raise Skipped(
                f"the target kept answering error 11 (requests too often) to {operation_id} (C-42)"
            )
        judge_reply(self.recorder, operation_id, body, reply, check=check)
        return reply

    def bind_body(
        self, card: Card, *, tx: str | None = None, shop: Shop | None = None
    ) -> dict[str, Any]:
        shop = shop or self.settings.shop
        return {
            "octo_shop_id": shop.id,
            "octo_secret": shop.secret,
            "shop_transaction_id": tx or self.new_tx(),
            "pan": card.pan,
            "exp": card.exp,
            "phone": card.phone,
            "cardHolderName": card.holder,
            "cvc2": card.cvc2,
            "method": card.method,
            "return_url": self.sink.return_url,
            "notify_url": self.sink.callback_url,
            "bind_notify_url": self.sink.callback_url,
        }

    def bind(self, body: dict[str, Any], *, check: str) -> Reply:
        return self.call("bindCard", body, check=check)

    def info_due_in(self, payment_uuid: str) -> float:
        """Seconds until this binding's verificationInfo may be read again (C-42)."""
        with self._lock:
            return max(0.0, self._info_reads.get(payment_uuid, 0.0) + 1.0 - time.monotonic())

    def info(self, payment_uuid: str, *, check: str) -> Reply:
        """verificationInfo, at most once a second per binding (C-42)."""
        with self._lock:
            last = self._info_reads.get(payment_uuid, 0.0)
            wait = last + 1.0 - time.monotonic()
            self._info_reads[payment_uuid] = time.monotonic() + max(wait, 0.0)
        if wait > 0:
            time.sleep(wait)
        return self.call("verificationInfo", {"octo_payment_UUID": payment_uuid}, check=check)

    def confirm(
        self, payment_uuid: str, code: str, verify_id: Any, *, check: str, shop: Shop | None = None
    ) -> Reply:
        # the real code is registered by otp_for and wrong ones by the scenario: a made-up code
        # is no secret, and registering one ("1000") would flag ordinary text as a leaked OTP
        shop = shop or self.settings.shop
        body = {"octo_shop_id": shop.id, "octo_secret": shop.secret, "smsKey": code, "paymentUUID": payment_uuid, "verifyId": verify_id}  # fmt: skip
        return self.call("checkSmsKey", body, check=check)

    def block(self, token: str, *, check: str, shop: Shop | None = None) -> Reply:
        shop = shop or self.settings.shop
        return self.call("blockCardToken", {"octo_shop_id": shop.id, "octo_secret": shop.secret, "card_token": token}, check=check)  # fmt: skip

    def block_acknowledged(self, token: str, *, check: str, shop: Shop | None = None) -> Reply:
        """Block a token whose callback the sink has just acknowledged.

        The target activates the token once it has read the sink's 200, which may be a moment
        after the sink answered; until then the token is still ``init`` and blocking it answers
        6. So a 6 is retried for a short while before it counts.
        """
        deadline = time.monotonic() + min(self.settings.callback_timeout, ACTIVATION_GRACE)
        while True:
            reply = self.block(token, check=check, shop=shop)
            if reply.get("error") != 6 or time.monotonic() >= deadline:
                return reply
            time.sleep(0.1)

    def otp_for(self, payment_uuid: str) -> str:
        from conformance.errors import OtpUnavailable

        try:
            code = self.settings.otp.code_for(payment_uuid)
        except OtpUnavailable as exc:
            raise Skipped(str(exc)) from None
        self.masker.otp(code)
        return code

    def delivery_evidence(self, deliveries: list[Delivery]) -> list[Exchange]:
        """Callbacks the sink received, as evidence (masked; there is no curl to replay them)."""
        return [
            Exchange(
                method="POST (callback received)", url=self.sink.callback_url,
                request_body=self.masker.text(d.raw.decode("utf-8", "replace"))[:2000], status=d.answered,
                response_headers={"content-type": d.content_type}, response_body=None, elapsed_ms=None,
                curl="",
            )
            for d in deliveries
        ]  # fmt: skip

    def wait_callback(self, tx: str, count: int = 1) -> list[Delivery]:
        found = self.sink.wait_for(tx, count, self.settings.callback_timeout)
        for delivery in found:
            if isinstance(delivery.payload, dict):
                if isinstance(delivery.payload.get("pan"), str):
                    self.masker.pan(delivery.payload["pan"])
                self.note_token(delivery.payload.get("card_token"))
        return found
