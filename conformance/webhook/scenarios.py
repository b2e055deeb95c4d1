"""Named scenarios of the webhook suite: each sets up what it needs through the provider-state
endpoint, plays OCTO's callback, and judges the receiver's answer (it may judge only the
requirements it declares; see :mod:`conformance.core.scenarios`)."""

from __future__ import annotations

import json
from typing import Any

from octo_conformance.core.scenarios import ScenarioRegistry
from octo_conformance.webhook.context import EVERY_ANSWER, WebhookContext

SCENARIOS: ScenarioRegistry[WebhookContext] = ScenarioRegistry(also_judges=EVERY_ANSWER)
scenario = SCENARIOS

ACK = ("HOOK-ACK-002",)  # judged on every acknowledgement
REFUSAL = ("HOOK-REJ-007",)  # judged on every refusal
ACTIVE = ("HOOK-ACK-001", "HOOK-ACK-005", "HOOK-REJ-004", "HOOK-REJ-005")


@scenario("active-callback", *ACTIVE, *ACK, *REFUSAL)
def active_callback(ctx: WebhookContext) -> None:
    binding = ctx.binding()
    ctx.setup(binding)
    first = ctx.send(binding.callback())
    if not ctx.expect_ack("HOOK-ACK-001", first, doing="a valid active callback, pending binding"):
        return
    retry = ctx.send(binding.callback())
    ctx.expect_ack("HOOK-ACK-005", retry, doing="the same callback delivered again")
    other = ctx.send(binding.callback(card_token=ctx.binding().card_token))
    ctx.expect_refusal("HOOK-REJ-004", other, doing="another card_token for the active binding")
    failed = ctx.send(binding.callback("failed"))
    ctx.expect_refusal("HOOK-REJ-005", failed, doing="a failed callback for the active binding")
    again = ctx.send(binding.callback())
    ctx.expect_ack("HOOK-ACK-005", again, doing="the original callback after refused ones")
    ctx.teardown(binding)


@scenario("failed-callback", "HOOK-ACK-003", *ACK)
def failed_callback(ctx: WebhookContext) -> None:
    binding = ctx.binding("uzcard")
    ctx.setup(binding)
    reply = ctx.send(binding.callback("failed"))
    ctx.expect_ack("HOOK-ACK-003", reply, doing="a valid failed callback for a pending binding")
    ctx.teardown(binding)


@scenario("minimal-failed-callback", "HOOK-ACK-004", *ACK)
def minimal_failed(ctx: WebhookContext) -> None:
    binding = ctx.binding()
    ctx.setup(binding)
    minimal = {"shop_transaction_id": binding.shop_transaction_id, "status": "failed"}
    reply = ctx.send(minimal)
    ctx.expect_ack("HOOK-ACK-004", reply, doing="the minimal failed callback (C-25)")
    ctx.teardown(binding)


@scenario("unknown-transaction", "HOOK-REJ-001", *REFUSAL)
def unknown_transaction(ctx: WebhookContext) -> None:
    reply = ctx.send(ctx.binding().callback())  # never set up
    doing = "a callback for a binding the partner never started"
    ctx.expect_refusal("HOOK-REJ-001", reply, doing=doing)


@scenario("mismatching-card", "HOOK-REJ-002", "HOOK-REJ-003", *REFUSAL)
def mismatching_card(ctx: WebhookContext) -> None:
    binding = ctx.binding()
    ctx.setup(binding)
    other = ctx.binding()
    pan = ctx.send(binding.callback(pan=other.pan))
    ctx.expect_refusal("HOOK-REJ-002", pan, doing="a callback with another card's PAN")
    exp = other.exp
    if exp == binding.exp:
        exp = f"{int(binding.exp[:2]) + 1:02d}{binding.exp[2:]}"
    late = ctx.send(binding.callback(exp=exp))
    ctx.expect_refusal("HOOK-REJ-003", late, doing="a callback with another expiry")
    ctx.teardown(binding)


@scenario("extra-fields", "HOOK-ACK-006", *ACK)
def extra_fields(ctx: WebhookContext) -> None:
    binding = ctx.binding()
    ctx.setup(binding)
    extras: dict[str, Any] = {
        "octo_payment_UUID": "3f1b8e7a-7c4e-4b8e-9a58-2b4c1a0e6d11",
        "x_future_field": {"nested": [1, 2]},
    }
    reply = ctx.send(binding.callback(**extras))
    ctx.expect_ack("HOOK-ACK-006", reply, doing="a valid callback with unknown extra fields")
    ctx.teardown(binding)


UNICODE_HOLDERS = ("Алишер Навоий", "OʻGʻILOY TOʻRAYEVA", "Jasur O‘ktamov", "Ғайрат Қодиров")


@scenario("unicode-names", "HOOK-ACK-007", *ACK)
def unicode_names(ctx: WebhookContext) -> None:
    for holder in UNICODE_HOLDERS:
        binding = ctx.binding(holder=holder)
        ctx.setup(binding)
        reply = ctx.send(binding.callback())
        doing = "a callback for a holder named in Cyrillic or Uzbek Latin"
        ctx.expect_ack("HOOK-ACK-007", reply, doing=doing)
        ctx.teardown(binding)


@scenario("malformed-bodies", "HOOK-REJ-006", *REFUSAL)
def malformed_bodies(ctx: WebhookContext) -> None:
    valid = ctx.binding().callback()
    cases: list[tuple[bytes, str, str]] = [
        (b'{"shop_transaction_id": ', "application/json", "truncated JSON"),
        (b"", "application/json", "an empty body"),
        (b"[]", "application/json", "a JSON array"),
        (b"\xff\xfe", "application/json", "bytes that are not UTF-8"),
        (json.dumps(valid).encode(), "text/plain", "a JSON callback sent as text/plain"),
    ]
    for content, content_type, label in cases:
        payload = valid if content_type == "text/plain" else None
        reply = ctx.send(payload, content=content, content_type=content_type)
        ctx.expect_refusal("HOOK-REJ-006", reply, doing=label)
