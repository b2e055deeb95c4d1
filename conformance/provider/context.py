"""The provider suite's view of one run: the target client, the sink, cards, credentials and
the recorder, with one method per documented operation (each answer judged on the way)."""

from __future__ import annotations

import time
from typing import Any

from octo_conformance.core.context import SuiteContext
from octo_conformance.errors import Skipped
from octo_conformance.findings import Exchange, Recorder
from octo_conformance.harness.cards import Card, CardPool
from octo_conformance.harness.http import Reply, TargetClient
from octo_conformance.harness.sink import HOLD, CallbackSink, Delivery
from octo_conformance.masking import Masker
from octo_conformance.openapi.cards import mask_pan
from octo_conformance.provider.bindings import Bindings, free_cards
from octo_conformance.provider.judge import documented_failure, judge_reply
from octo_conformance.provider.settings import ProviderSettings, Shop

PATHS = {
    "bindCard": "/bind_card",
    "verificationInfo": "/verificationInfo/",  # with the slash, as documented (C-08)
    "checkSmsKey": "/bind_card/check_sms_key",
    "blockCardToken": "/block_card_token",
}


ACTIVATION_GRACE = 3.0  # seconds a target may take to activate a token after the 200 (C-54)
RATE_LIMITED = 11  # "Requests too often" (field notes, C-42)
RATE_LIMIT_RETRIES = 3


NO_CALLBACKS = "no callback URL the target can reach (--callback-url none)"


class ProviderContext(SuiteContext):
    def __init__(
        self,
        settings: ProviderSettings,
        client: TargetClient,
        sink: CallbackSink,
        recorder: Recorder,
        masker: Masker,
    ) -> None:
        super().__init__(recorder, masker)
        self.settings = settings
        self.client = client
        self.sink = sink
        self.cards = CardPool(
            seed=settings.seed,
            nonce=self.nonce,
            today=settings.today,
            production=settings.production,
            listed=settings.cards,
            # above the longest a scenario holds a card: the background OTP-expiry wait
            lease_wait=max(60.0, 4 * settings.callback_timeout) + settings.budget.otp_expiry_wait,
        )
        for listed in settings.cards:
            self._mask(listed)
        self.tokens_seen: list[str] = []
        self._info_reads: dict[str, float] = {}
        self.bindings = Bindings(settings.cards)

    # identifiers and data -----------------------------------------------------------------
    def card(self, method: str) -> Card:
        """A card to bind and confirm: one of the target's own (``--cards``), leased to this
        scenario until it ends, or a generated one."""
        return self._mask(self.cards.card(method, owner=self.check))  # NoCardAvailable: skip

    def generated_card(self, method: str) -> Card:
        """A generated card, for a body the target must refuse anyway."""
        return self._mask(self.cards.generated(method))

    def bind_listed(self, card: Card, body: dict[str, Any]) -> tuple[dict[str, Any], Reply]:
        """bind_card for ``card``; a listed card answered 20 (an earlier scenario's binding on it
        ended late, or an earlier run left it bound) is freed once more and bound again on a
        new transaction. Still 20: no verdict, the scenario is skipped with the reason."""
        reply = self.bind(body)
        if not (card.listed and reply.get("error") == 20):
            return body, reply
        free_cards(self.checking(f"{self.check}: freeing its cards"), [card])
        body = {**body, "shop_transaction_id": self.new_tx()}
        reply = self.bind(body)
        if reply.get("error") == 20:
            raise Skipped(
                f"the listed {card.method} card {mask_pan(card.pan)} is still bound or pending"
                " at the target (error 20); block its token, or list more cards"
            )
        return body, reply

    def _mask(self, card: Card) -> Card:
        self.masker.pan(card.pan)
        self.masker.cvc(card.cvc2)
        self.masker.phone(card.phone)
        return card

    def done(self) -> None:
        """Free this scenario's listed cards at the target, then give them back."""
        leased = self.cards.leased_by(self.check)
        try:
            if leased:
                free_cards(self.checking(f"{self.check}: freeing its cards"), leased)
        finally:
            self.cards.release(self.check)

    def note_token(self, token: Any) -> None:
        if isinstance(token, str) and token:
            with self._lock:
                self.tokens_seen.append(token)

    # judging answers ------------------------------------------------------------------------
    def expect_error(
        self,
        requirement: str,
        reply: Reply,
        code: int,
        *,
        doing: str,
        clause: str = "",
        fatal: bool = False,
    ) -> bool:
        """The answer must carry error ``code``."""
        ok = reply.get("error") == code
        return self.expect(
            requirement,
            ok,
            reply.summary(),
            f"error {code}",
            doing=doing,
            clause=clause,
            evidence=reply,
            fatal=fatal,
        )

    def expect_refused(
        self, requirement: str, reply: Reply, *, doing: str, clause: str = "", fatal: bool = False
    ) -> bool:
        """The answer must be a refusal: an error envelope with a non-zero code, or the document's
        own check_sms_key failure (HTTP 500 with a problem body, judged by PROV-HTTP-005)."""
        ok = reply.get("error") not in (0, None) or documented_failure(reply)
        return self.expect(
            requirement,
            ok,
            reply.summary(),
            "refused (a non-zero error)",
            doing=doing,
            clause=clause,
            evidence=reply,
            fatal=fatal,
        )

    # operations ---------------------------------------------------------------------------
    def call(self, operation_id: str, body: Any) -> Reply:
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
        judge_reply(self, operation_id, body, reply)
        return reply

    def bind_body(
        self, card: Card, *, tx: str | None = None, shop: Shop | None = None
    ) -> dict[str, Any]:
        shop = shop or self.settings.shop
        body = {
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
            "notify_url": self.sink.notify_url,
            "bind_notify_url": self.sink.callback_url,
        }
        if not self.settings.callbacks:  # --callback-url none: no URL the target could reach
            del body["notify_url"], body["bind_notify_url"]
        return body

    def bind(self, body: dict[str, Any]) -> Reply:
        reply = self.call("bindCard", body)
        self.bindings.started(body, reply)
        return reply

    def info_due_in(self, payment_uuid: str) -> float:
        """Seconds until this binding's verificationInfo may be read again (C-42)."""
        with self._lock:
            return max(0.0, self._info_reads.get(payment_uuid, 0.0) + 1.0 - time.monotonic())

    def info(self, payment_uuid: str) -> Reply:
        """verificationInfo, at most once a second per binding (C-42)."""
        with self._lock:
            last = self._info_reads.get(payment_uuid, 0.0)
            wait = last + 1.0 - time.monotonic()
            self._info_reads[payment_uuid] = time.monotonic() + max(wait, 0.0)
        if wait > 0:
            time.sleep(wait)
        return self.call("verificationInfo", {"octo_payment_UUID": payment_uuid})

    def confirm(
        self, payment_uuid: str, code: str, verify_id: Any, *, shop: Shop | None = None
    ) -> Reply:
        # the real code is registered by otp_for and wrong ones by the scenario: a made-up code
        # is no secret, and registering one ("1000") would flag ordinary text as a leaked OTP
        shop = shop or self.settings.shop
        body = {
            "octo_shop_id": shop.id,
            "octo_secret": shop.secret,
            "smsKey": code,
            "paymentUUID": payment_uuid,
            "verifyId": verify_id,
        }
        reply = self.call("checkSmsKey", body)
        if reply.get("error") == 0:
            self.bindings.confirmed(payment_uuid)
        return reply

    def block(self, token: str, *, shop: Shop | None = None) -> Reply:
        shop = shop or self.settings.shop
        body = {"octo_shop_id": shop.id, "octo_secret": shop.secret, "card_token": token}
        reply = self.call("blockCardToken", body)
        if reply.get("error") == 0:  # a 6 may be a token not active *yet*: freeing looks again
            self.bindings.blocked(token)
        return reply

    def block_acknowledged(
        self, token: str, *, shop: Shop | None = None, patient: bool = False
    ) -> Reply:
        """Block a token whose callback the sink has just acknowledged.

        The target activates the token once it has read the sink's 200, which may be a moment
        after the sink answered; until then the token is still ``init`` and blocking it answers
        6. So a 6 is retried for a short while before it counts; ``patient`` (freeing a listed
        card, where a card left bound costs the next scenario its verdicts) waits longer.
        """
        timeout = self.settings.callback_timeout
        patience = max(ACTIVATION_GRACE, 4 * timeout) if patient else min(timeout, ACTIVATION_GRACE)
        deadline = time.monotonic() + patience
        while True:
            reply = self.block(token, shop=shop)
            if reply.get("error") != 6 or time.monotonic() >= deadline:
                return reply
            time.sleep(0.1)

    def otp_for(self, payment_uuid: str) -> str:
        """The binding's OTP: from its listed card's own source, else the run's."""
        card = self.bindings.card_of(payment_uuid)
        source = card.otp if card is not None and card.otp is not None else self.settings.otp
        code = source.code_for(payment_uuid)  # OtpUnavailable is a Skipped
        self.masker.otp(code)
        return code

    def delivery_evidence(
        self, deliveries: list[Delivery], *, url: str | None = None
    ) -> list[Exchange]:
        """Callbacks the sink received, as evidence (masked; there is no curl to replay them)."""
        return [
            Exchange(
                method="POST (callback received)",
                url=url or self.sink.callback_url,
                request_body=self.masker.text(d.raw.decode("utf-8", "replace"))[:2000],
                status=None if d.answered == HOLD else d.answered,  # held: no answer
                response_headers={"content-type": d.content_type},
                response_body=None,
                elapsed_ms=None,
                curl="",
            )
            for d in deliveries
        ]

    def wait_callback(self, tx: str, count: int = 1) -> list[Delivery]:
        if not self.settings.callbacks:
            raise Skipped(NO_CALLBACKS)
        found = self.sink.wait_for(tx, count, self.settings.callback_timeout)
        for delivery in found:
            if isinstance(delivery.payload, dict):
                if isinstance(delivery.payload.get("pan"), str):
                    self.masker.pan(delivery.payload["pan"])
                self.note_token(delivery.payload.get("card_token"))
        return found
