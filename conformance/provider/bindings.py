"""What the suite started on the target's own cards (``--cards``), so that each can be freed.

A listed card can be bound only while it has no pending binding and no active token (error 20,
"Active or pending token already exists"). When a scenario ends, every binding it started on a
listed card is brought to an end the documented way: a pending one is confirmed with its OTP
(check_sms_key, or the OTP page for a bank_card), and an active token is blocked. The next
scenario then binds the card afresh. This is best effort and judges nothing of its own: what
cannot be freed (an expired OTP, no OTP source) leaves the card to answer 20, and the scenario
that meets it is skipped with that reason (``steps.start``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from octo_conformance.errors import ScenarioStop
from octo_conformance.harness.cards import Card
from octo_conformance.harness.form_driver import submit_code
from octo_conformance.harness.http import Reply

if TYPE_CHECKING:
    from octo_conformance.provider.context import ProviderContext


@dataclass
class Binding:
    card: Card
    tx: str
    payment_uuid: str
    pay_url: str | None
    confirmed: bool = False
    freed: bool = False


class Bindings:
    """The bindings started on listed cards, and the tokens the suite has blocked."""

    def __init__(self, listed: tuple[Card, ...]) -> None:
        self._listed = {c.pan: c for c in listed}
        self._by_uuid: dict[str, Binding] = {}
        self._done_tokens: set[str] = set()
        self._lock = threading.Lock()

    def started(self, body: dict[str, Any], reply: Reply) -> None:
        pan = body.get("pan")
        card = self._listed.get(pan) if isinstance(pan, str) else None
        uuid = reply.get("data", "octo_payment_UUID")
        if card is None or reply.get("error") != 0 or not isinstance(uuid, str):
            return
        pay_url = reply.get("data", "octo_pay_url")
        binding = Binding(
            card,
            str(body.get("shop_transaction_id")),
            uuid,
            pay_url if isinstance(pay_url, str) else None,
        )
        with self._lock:
            self._by_uuid[uuid] = binding

    def confirmed(self, payment_uuid: str) -> None:
        with self._lock:
            if payment_uuid in self._by_uuid:
                self._by_uuid[payment_uuid].confirmed = True

    def blocked(self, token: str) -> None:
        """A block the target answered with 0: the token is blocked, nothing left to end."""
        with self._lock:
            self._done_tokens.add(token)

    def is_done(self, token: str) -> bool:
        with self._lock:
            return token in self._done_tokens

    def card_of(self, payment_uuid: str) -> Card | None:
        with self._lock:
            binding = self._by_uuid.get(payment_uuid)
        return binding.card if binding is not None else None

    def open_on(self, card: Card) -> list[Binding]:
        with self._lock:
            return [b for b in self._by_uuid.values() if b.card.pan == card.pan and not b.freed]


def free_cards(ctx: ProviderContext, cards: list[Card]) -> None:
    """End every binding started on ``cards`` (see the module docstring). A binding stays open
    while it may still end (confirmed, its callback not in yet): a later call looks again."""
    for card in cards:
        for binding in ctx.bindings.open_on(card):
            try:
                binding.freed = _free(ctx, binding)
            except ScenarioStop:
                binding.freed = True  # no OTP, or a step gave up: the card may answer 20


def _free(ctx: ProviderContext, binding: Binding) -> bool:
    """Whether the binding is over: its token blocked, failed, or never to be confirmed."""
    timeout = ctx.settings.callback_timeout
    deliveries = ctx.sink.deliveries(binding.tx)
    if not deliveries and not binding.confirmed:
        binding.confirmed = _confirm(ctx, binding)
        if not binding.confirmed:
            return True  # expired or refused: nothing the suite can end
    if not deliveries and not ctx.settings.callbacks:
        return True  # --callback-url none: its token never reaches the suite, nothing to end
    if not deliveries:
        # twice the usual wait: a card left bound costs the next scenario its verdicts
        deliveries = ctx.sink.wait_for(binding.tx, 1, 2 * timeout)
        if not deliveries:
            return False
    # only a callback the sink acknowledged makes a token active (200; a target may read any
    # 2xx so, variant any-2xx-ack); one whose every delivery was refused is cancelled (C-28)
    tokens = {
        d.payload.get("card_token")
        for d in deliveries
        if isinstance(d.payload, dict)
        and d.payload.get("status") == "active"
        and 200 <= d.answered < 300
    }
    for token in tokens:
        if isinstance(token, str) and token and not ctx.bindings.is_done(token):
            ctx.block_acknowledged(token, patient=True)
    return True


def _confirm(ctx: ProviderContext, binding: Binding) -> bool:
    """Confirm a pending binding with its OTP; False when it cannot be (expired, no OTP)."""
    if binding.card.method == "bank_card":
        if binding.pay_url is None:
            return False
        code = ctx.otp_for(binding.payment_uuid)
        outcome = submit_code(ctx.client, binding.pay_url, code, return_url=ctx.sink.return_url)
        return bool(outcome.found_form)
    info = ctx.info(binding.payment_uuid)
    verify_id, left = info.get("data", "verifyId"), info.get("data", "secondsLeft")
    if not isinstance(verify_id, int) or not isinstance(left, int) or left <= 0:
        return False  # expired or unknown: nothing to confirm
    reply = ctx.confirm(binding.payment_uuid, ctx.otp_for(binding.payment_uuid), verify_id)
    return bool(reply.get("error") == 0)
