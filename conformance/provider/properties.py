"""Property tests driven by the spec through schemathesis.

For every operation schemathesis generates positive and negative cases from the OpenAPI
document (with the domain formats of ``strategies`` registered). The suite sends them with its
own client (rate limit, bounded reads, masked evidence), judges each answer with its generic
checks, lets schemathesis judge response schema, content type and server errors, and passes its
OCTO oracle as an additional check (never registered globally):

* a body that breaks a rule (``openapi.rules.request_violations``) must be refused;
* a valid body must get the documented answer for what it asks about: a fresh binding succeeds,
  a random payment UUID or token is unknown (C-15, error 5).
"""

from __future__ import annotations

import contextvars
import functools
import json
import random
from dataclasses import dataclass
from typing import Any

import schemathesis
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core import NotSet
from schemathesis.core.failures import Failure, FailureGroup, ServerError
from schemathesis.openapi.checks import JsonSchemaError
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from octo_conformance.findings import Verdict
from octo_conformance.harness.examples import draw_examples
from octo_conformance.harness.http import Reply
from octo_conformance.openapi.cards import luhn_check_digit, scheme_of
from octo_conformance.openapi.responses import schema_problems
from octo_conformance.openapi.rules import Violation, request_violations
from octo_conformance.openapi.spec import SPEC_PATH
from octo_conformance.openapi.zones import decisive, grey_zone_reasons
from octo_conformance.provider.context import PATHS, ProviderContext
from octo_conformance.provider.judge import documented_failure, judge_reply
from octo_conformance.provider.request_rules import INCONCLUSIVE
from octo_conformance.requirements import PROVIDER_OPERATIONS, Level, catalogue, rule_requirement_id
from octo_conformance.strategies.schemathesis_formats import register_formats

METHOD_OF_SCHEME = {
    "humo": "humo",
    "uzcard": "uzcard",
    "visa": "bank_card",
    "mastercard": "bank_card",
}


@dataclass(frozen=True)
class Sent:
    ctx: ProviderContext
    operation_id: str
    body: Any
    violations: list[Violation]
    reply: Reply


_SENT: contextvars.ContextVar[Sent] = contextvars.ContextVar("octo_sent")


class OctoFailure(Failure):
    """A deviation the suite's own oracle found (already recorded as a finding)."""

    code = "OCTO"
    kind_title = "OCTO contract"


def octo_request_oracle(ctx: Any, response: Any, case: Any) -> bool | None:
    """Schemathesis check: the answer fits what the request deserved (see module docstring)."""
    sent = _SENT.get()
    verdicts = _judge_oracle(sent)
    failed = [message for verdict, message in verdicts if verdict is Verdict.FAIL]
    if failed:
        raise OctoFailure(
            operation=sent.operation_id, title="OCTO contract", message="; ".join(failed)
        )
    return None


def _record(sent: Sent, requirement: str, ok: bool, message: str) -> tuple[Verdict, str]:
    return sent.ctx.judge(requirement, ok, message, evidence=sent.reply), message


def _asked_for(sent: Sent, error: int) -> bool:
    """Error 2 is the answer when the credentials are what the body breaks."""
    return error == 2 and any(v.field in ("octo_shop_id", "octo_secret") for v in sent.violations)


def _judge_oracle(sent: Sent) -> list[tuple[Verdict, str]]:
    error = sent.reply.get("error")
    if sent.reply.status is None or sent.reply.status >= 500 or not isinstance(error, int):
        return []  # the generic checks judged it; there is no OCTO answer to weigh
    if error in INCONCLUSIVE and not _asked_for(sent, error):
        return []  # the refusal names another documented condition: nothing about this body (C-14)
    known = catalogue()
    op = sent.operation_id
    if sent.violations:
        # a limit the document never sets (a maxLength, null for an optional field) is no rule:
        # a body that breaks only such limits is the grey zone, and either answer passes
        rules = [rule_requirement_id(op, v.rule) for v in decisive(op, sent.body, sent.violations)]
        rules = [r for r in rules if r in known]
        if not rules:
            return []
        must = [r for r in rules if known[r].level is Level.MUST]
        names = ", ".join(v.rule for v in sent.violations)
        if must:
            return [
                _record(
                    sent,
                    "PROV-REQ-001",
                    error != 0,
                    f"a body breaking {names} was answered with a success",
                )
            ]
        return [
            _record(
                sent,
                rules[0],
                error != 0,
                f"a body breaking only tolerable rules ({names}) was accepted",
            )
        ]
    if op == "bindCard":
        if grey_zone_reasons(op, sent.body):
            return []  # valid by the spec, but the document leaves it open: either answer passes
        if sent.ctx.settings.cards:
            return []  # the target binds only its own cards (--cards): a generated PAN may fail
        message = f"a valid generated bind_card body got error {error}"
        return [_record(sent, "PROV-BIND-001", error == 0, message)]
    if op == "verificationInfo":
        left = sent.reply.get("data", "secondsLeft")
        message = f"an unknown payment UUID got error 0 with secondsLeft {left!r} (C-15)"
        return [_record(sent, "PROV-VERIFY-004", error != 0 or left == 0, message)]
    if op == "checkSmsKey":
        return [
            _record(sent, "PROV-SMS-009", error != 0, "an unknown paymentUUID was confirmed (C-15)")
        ]
    return [
        _record(
            sent, "PROV-BLOCK-003", error == 5, f"an unknown token got error {error}; Documented: 5"
        )
    ]


def _fresh_pan(pan: str, rnd: random.Random) -> str:
    """Same BIN and length, new account digits: unique on a shared target, still valid."""
    body = pan[:6] + "".join(rnd.choice("0123456789") for _ in range(len(pan) - 7))
    return body + luhn_check_digit(body)


def _prepare(
    ctx: ProviderContext, operation_id: str, body: Any, mode: GenerationMode, rnd: random.Random
) -> Any:
    if not isinstance(body, dict):
        return body
    body = dict(body)
    shop = ctx.settings.shop
    before = {v.field for v in request_violations(operation_id, body, today=ctx.settings.today)}
    if "octo_shop_id" in body or mode is GenerationMode.POSITIVE:
        for key, value in (("octo_shop_id", shop.id), ("octo_secret", shop.secret)):
            if key not in before and (key in body or mode is GenerationMode.POSITIVE):
                body[key] = value
    if operation_id == "bindCard":
        if mode is GenerationMode.POSITIVE or "shop_transaction_id" not in before:
            body["shop_transaction_id"] = ctx.new_tx()
        for key, url in (
            ("notify_url", ctx.sink.notify_url),
            ("bind_notify_url", ctx.sink.callback_url),
        ):
            if key not in before and ctx.settings.callbacks:
                body[key] = url
        if "return_url" not in before and "return_url" in body:
            body["return_url"] = ctx.sink.return_url
        pan = body.get("pan")
        if isinstance(pan, str) and "pan" not in before and pan.isdigit():
            body["pan"] = pan = _fresh_pan(pan, rnd)
            scheme = scheme_of(pan)
            if mode is GenerationMode.POSITIVE and scheme is not None:
                body["method"] = METHOD_OF_SCHEME[scheme.name]
                body["cvc2"] = (
                    "" if scheme.name in ("humo", "uzcard") else f"{rnd.randint(0, 999):03d}"
                )
    # generated smsKeys are made up, not OTPs: registering one ("1000") would make the leak
    # gate flag ordinary text; PANs, CVC2s and phones are masked whatever they are
    for key, register in (
        ("pan", ctx.masker.pan),
        ("cvc2", ctx.masker.cvc),
        ("phone", ctx.masker.phone),
    ):
        if isinstance(body.get(key), str):
            register(body[key])
    return body


def _encode(body: Any) -> bytes | None:
    if isinstance(body, NotSet):
        return None
    if isinstance(body, bytes):
        return body
    return json.dumps(body).encode()


def _map_schemathesis(sent: Sent, exc: BaseException) -> None:
    failures = list(exc.exceptions) if isinstance(exc, FailureGroup) else [exc]
    for failure in failures:
        if isinstance(failure, OctoFailure):
            continue  # recorded by the oracle
        if isinstance(failure, ServerError):
            if sent.operation_id == "checkSmsKey" and documented_failure(sent.reply):
                continue  # the document's own example for this method: PROV-HTTP-005 judged it
            requirement = "PROV-HTTP-001"
        elif (
            "content type" in type(failure).__name__.lower()
            or "ContentType" in type(failure).__name__
            or "MediaType" in type(failure).__name__
        ):
            requirement = "PROV-HTTP-003"
        elif isinstance(failure, JsonSchemaError):
            # the same schema our own validator judged (openapi.responses, which knows what the
            # document leaves open: C-10's errorMessage, lengths it never sets); not twice
            continue
        else:
            # schemathesis adds what it alone sees: an undocumented status, malformed JSON
            text = str(getattr(failure, "message", ""))
            if schema_problems(sent.operation_id, sent.reply.data) or "errMessage" in text:
                continue
            requirement = "PROV-SCHEMA-001"
        message = sent.ctx.masker.text(
            f"schemathesis: {getattr(failure, 'title', '')}: {getattr(failure, 'message', failure)}"
        )[:600]
        sent.ctx.record(requirement, Verdict.FAIL, message, evidence=sent.reply)


@functools.cache
def _schema() -> Any:
    """The spec as schemathesis reads it: loaded once per process (the suite sends every case
    with its own client, so the schema needs no base URL)."""
    return schemathesis.openapi.from_path(str(SPEC_PATH))


def run_schema_properties(ctx: ProviderContext) -> None:
    register_formats(today=ctx.settings.today)
    schema = _schema()
    rnd = random.Random(ctx.settings.seed ^ 0x5EED)
    for operation_id in PROVIDER_OPERATIONS:
        path = PATHS[operation_id]
        operation = schema[path]["POST"]
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if ctx.settings.production and operation_id == "bindCard":
                continue  # no generated PANs reach production (C-51)
            _run_operation(ctx, operation, operation_id, mode, rnd)


def _run_operation(
    ctx: ProviderContext,
    operation: Any,
    operation_id: str,
    mode: GenerationMode,
    rnd: random.Random,
) -> None:
    ctx = ctx.checking(f"schemathesis {operation_id} {mode.value}")
    # schemathesis draws the cases (hypothesis, seeded: generation only, as a @given test with
    # phases=[generate] would); the body and media type are all the suite sends of a case
    drawn = draw_examples(
        operation.as_strategy(generation_mode=mode).map(lambda c: (c.body, c.media_type)),
        rnd,
        ctx.settings.budget.schema_examples,
        memo=("schemathesis", operation_id, mode.value, ctx.settings.today),
    )
    for generated, media_type in drawn:
        _send_case(ctx, operation, operation_id, mode, rnd, generated, media_type)


def _send_case(
    ctx: ProviderContext,
    operation: Any,
    operation_id: str,
    mode: GenerationMode,
    rnd: random.Random,
    generated: Any,
    media_type: str | None,
) -> None:
    body = _prepare(ctx, operation_id, generated, mode, rnd)
    case = operation.Case(body=body, media_type=media_type)
    content = _encode(body)
    reply = ctx.client.send(
        "POST", ctx.client.url(PATHS[operation_id]), content, media_type or "application/json"
    )
    judge_reply(ctx, operation_id, body, reply)
    parsed = body if not isinstance(body, bytes | NotSet) else None
    violations = (
        request_violations(operation_id, parsed, today=ctx.settings.today)
        if not isinstance(body, bytes)
        else [Violation("(body)", "body.type", "not JSON")]
    )
    sent = Sent(ctx, operation_id, body, violations, reply)
    if reply.response is None:
        return
    token = _SENT.set(sent)
    try:
        case.validate_response(
            reply.response,
            checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
            additional_checks=[octo_request_oracle],
        )
    except (Failure, FailureGroup) as exc:
        _map_schemathesis(sent, exc)
    finally:
        _SENT.reset(token)
