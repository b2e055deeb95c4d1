"""Named scenarios of the webhook suite: each sets up what it needs through the provider-state
endpoint, plays OCTO's callback, and judges the receiver's answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from conformance.findings import Verdict
from conformance.harness.http import Reply
from conformance.webhook.context import WebhookContext, acknowledged, refused, success_body

ScenarioFn = Callable[[WebhookContext], None]


@dataclass(frozen=True)
class Scenario:
    name: str
    requirements: tuple[str, ...]
    run: ScenarioFn


SCENARIOS: dict[str, Scenario] = {}


def scenario(name: str, *requirements: str) -> Callable[[ScenarioFn], ScenarioFn]:
    def register(fn: ScenarioFn) -> ScenarioFn:
        SCENARIOS[name] = Scenario(name, requirements, fn)
        return fn

    return register


def _status(reply: Reply) -> str:
    return f"HTTP {reply.status}" if reply.status is not None else "no answer"


def expect_ack(
    ctx: WebhookContext, requirement: str, reply: Reply, what: str, *, check: str
) -> bool:
    ok = ctx.expect(requirement, acknowledged(reply), f"{what} got {_status(reply)}; Documented: HTTP 200 (C-27)", check=check, reply=reply)  # fmt: skip
    if ok:
        ctx.expect("HOOK-ACK-002", success_body(reply), 'the acknowledgement is not JSON with "status": "success"', check=check, reply=reply)  # fmt: skip
    return ok


def expect_refusal(
    ctx: WebhookContext, requirement: str, reply: Reply, what: str, *, check: str
) -> bool:
    ok = ctx.expect(requirement, refused(reply), f"{what} got {_status(reply)}; Documented: refused with a 4xx (C-26, C-30)", check=check, reply=reply)  # fmt: skip
    if ok:
        body_ok = isinstance(reply.data, dict) and reply.data.get("status") == "error"
        ctx.expect("HOOK-REJ-007", body_ok, 'the refusal is not JSON with "status": "error" (C-26)', check=check, reply=reply)  # fmt: skip
    return ok


@scenario(
    "active-callback",
    "HOOK-ACK-001",
    "HOOK-ACK-002",
    "HOOK-ACK-005",
    "HOOK-REJ-004",
    "HOOK-REJ-005",
)
def active_callback(ctx: WebhookContext) -> None:
    check = "active-callback"
    binding = ctx.binding()
    ctx.setup(binding, check=check)
    first = ctx.send(binding.callback(), check=check)
    if not expect_ack(
        ctx, "HOOK-ACK-001", first, "a valid active callback for a pending binding", check=check
    ):
        return
    retry = ctx.send(binding.callback(), check=check)
    expect_ack(ctx, "HOOK-ACK-005", retry, "the same callback delivered again", check=check)
    other = ctx.send(binding.callback(card_token=ctx.binding().card_token), check=check)
    expect_refusal(
        ctx, "HOOK-REJ-004", other, "another card_token for the active binding", check=check
    )
    failed = ctx.send(binding.callback("failed"), check=check)
    expect_refusal(
        ctx, "HOOK-REJ-005", failed, "a failed callback for the active binding", check=check
    )
    again = ctx.send(binding.callback(), check=check)
    expect_ack(ctx, "HOOK-ACK-005", again, "the original callback after refused ones", check=check)
    ctx.teardown(binding)


@scenario("failed-callback", "HOOK-ACK-003")
def failed_callback(ctx: WebhookContext) -> None:
    check = "failed-callback"
    binding = ctx.binding("uzcard")
    ctx.setup(binding, check=check)
    reply = ctx.send(binding.callback("failed"), check=check)
    expect_ack(
        ctx, "HOOK-ACK-003", reply, "a valid failed callback for a pending binding", check=check
    )
    ctx.teardown(binding)


@scenario("minimal-failed-callback", "HOOK-ACK-004")
def minimal_failed(ctx: WebhookContext) -> None:
    check = "minimal-failed-callback"
    binding = ctx.binding()
    ctx.setup(binding, check=check)
    reply = ctx.send(
        {"shop_transaction_id": binding.shop_transaction_id, "status": "failed"}, check=check
    )
    expect_ack(ctx, "HOOK-ACK-004", reply, "the minimal failed callback (C-25)", check=check)
    ctx.teardown(binding)


@scenario("unknown-transaction", "HOOK-REJ-001", "HOOK-REJ-007")
def unknown_transaction(ctx: WebhookContext) -> None:
    check = "unknown-transaction"
    reply = ctx.send(ctx.binding().callback(), check=check)  # never set up
    expect_refusal(
        ctx,
        "HOOK-REJ-001",
        reply,
        "a callback for a binding the partner never started",
        check=check,
    )


@scenario("mismatching-card", "HOOK-REJ-002", "HOOK-REJ-003")
def mismatching_card(ctx: WebhookContext) -> None:
    check = "mismatching-card"
    binding = ctx.binding()
    ctx.setup(binding, check=check)
    other = ctx.binding()
    pan = ctx.send(binding.callback(pan=other.pan), check=check)
    expect_refusal(ctx, "HOOK-REJ-002", pan, "a callback with another card's PAN", check=check)
    exp = (
        other.exp
        if other.exp != binding.exp
        else f"{int(binding.exp[:2]) + 1:02d}{binding.exp[2:]}"
    )
    late = ctx.send(binding.callback(exp=exp), check=check)
    expect_refusal(ctx, "HOOK-REJ-003", late, "a callback with another expiry", check=check)
    ctx.teardown(binding)


@scenario("extra-fields", "HOOK-ACK-006")
def extra_fields(ctx: WebhookContext) -> None:
    check = "extra-fields"
    binding = ctx.binding()
    ctx.setup(binding, check=check)
    payload = binding.callback(octo_payment_UUID="3f1b8e7a-7c4e-4b8e-9a58-2b4c1a0e6d11", x_future_field={"nested": [1, 2]})  # fmt: skip
    reply = ctx.send(payload, check=check)
    expect_ack(
        ctx, "HOOK-ACK-006", reply, "a valid callback with unknown extra fields", check=check
    )
    ctx.teardown(binding)


@scenario("unicode-names", "HOOK-ACK-007")
def unicode_names(ctx: WebhookContext) -> None:
    check = "unicode-names"
    for holder in ("Алишер Навоий", "OʻGʻILOY TOʻRAYEVA", "Jasur O‘ktamov", "Ғайрат Қодиров"):
        binding = ctx.binding(holder=holder)
        ctx.setup(binding, check=check)
        reply = ctx.send(binding.callback(), check=check)
        expect_ack(
            ctx,
            "HOOK-ACK-007",
            reply,
            "a callback for a holder named in Cyrillic or Uzbek Latin",
            check=check,
        )
        ctx.teardown(binding)


@scenario("malformed-bodies", "HOOK-REJ-006")
def malformed_bodies(ctx: WebhookContext) -> None:
    check = "malformed-bodies"
    binding = ctx.binding()
    valid = binding.callback()
    import json

    cases: list[tuple[bytes, str, str]] = [
        (b'{"shop_transaction_id": ', "application/json", "truncated JSON"),
        (b"", "application/json", "an empty body"),
        (b"[]", "application/json", "a JSON array"),
        (b"\xff\xfe", "application/json", "bytes that are not UTF-8"),
        (json.dumps(valid).encode(), "text/plain", "a JSON callback sent as text/plain"),
    ]
    for content, content_type, label in cases:
        reply = ctx.send(valid if content_type == "text/plain" else None, check=check, content=content, content_type=content_type)  # fmt: skip
        expect_refusal(ctx, "HOOK-REJ-006", reply, label, check=check)


def skip_scenario(ctx: WebhookContext, scenario_: Scenario, reason: str) -> None:
    for requirement in scenario_.requirements:
        ctx.record(requirement, Verdict.SKIP, reason, check=scenario_.name)
