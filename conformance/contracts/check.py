"""``octo-conformance pact check``: judge a partner's consumer pact against the spec, offline.

A partner's pact (V2, V3 or V4 JSON) states what its client sends to OCTO and what it expects
back. Both sides are judged with the project's own rules, with no pact-python and no target:

* PACT-CHECK-001, the request: a documented METHOD + path (``/verificationInfo/`` keeps its
  slash, C-08), ``Content-Type: application/json`` (C-46), and a body that
  :func:`openapi.rules.request_violations` accepts (schema and domain rules, C-03, C-21, ...).
* PACT-CHECK-002, the expected answer: HTTP 200 (handled errors too, C-09), a JSON content type,
  a body the spec allows (the success schema for ``error: 0``, else the ``ErrorEnvelope``, as
  :func:`openapi.responses.schema_problems` judges them), ``errMessage`` in an error
  (a client reading only the deprecated ``errorMessage``, C-10, is flagged), and no expected
  field the response schema does not define (unless it allows extra fields; top-level copies
  of ``data`` fields are tolerated as long as they agree with ``data``, C-11).

**Pact matchers are ignored**: the example values are what is judged, since they are what the
consumer test sent and what the mock answered; a partner's example must itself be a valid
request and a documented answer. A body written as ``null`` (a matcher without an example) is
reported as such.

The project's own webhook pact, where OCTO (``octo-tokenization``) is the consumer, is judged
in the other direction: its requests are callbacks (any path, POST, the callback payload) and its
answers the partner's acknowledgement (HTTP 200) or rejection (4xx, C-26, C-27).

Problem messages never quote a full PAN, a secret or an OTP: each goes through a
:class:`~conformance.masking.Masker` that knows every such value in the pact (``first6…last4``).

The pact is read by :mod:`conformance.contracts.pact_file`; this module judges it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Literal

from octo_conformance.contracts.pact_file import (
    NO_BODY,
    HttpInteraction,
    PactFile,
    ProviderState,
    json_kind,
    load_interactions,
    read_pact,
)
from octo_conformance.errors import PactFileError
from octo_conformance.findings import Exchange, Recorder, Verdict
from octo_conformance.masking import Masker
from octo_conformance.openapi.responses import answer_schema, schema_problems
from octo_conformance.openapi.rules import ROOT, request_violations
from octo_conformance.openapi.spec import Operation, Spec, load_spec, pointer

JSON = Any  # a decoded JSON value
Requirement = Literal["PACT-CHECK-001", "PACT-CHECK-002"]
REQUEST: Final[Requirement] = "PACT-CHECK-001"
RESPONSE: Final[Requirement] = "PACT-CHECK-002"
CHECK_NAME: Final = "pact check"
# the name the project's pacts give OCTO; a pact whose consumer it is targets a partner webhook
OCTO_PARTICIPANT: Final = "octo-tokenization"
CALLBACK_OPERATION: Final = "cardTokenCallback"

# what a rule's message gains: the clarification behind it, and the usual cause
RULE_HINTS: Final[dict[str, str]] = {
    "exp.month": "exp is YYMM, year first (C-21); MMYY is the usual mistake",
    "exp.format": "exp is four digits, YYMM (C-21)",
    "octo_shop_id.type": "octo_shop_id is a JSON integer, never a string (C-03)",
    "verifyId.type": "verifyId is a JSON integer, never a string (C-04)",
    "pan.grouped": "send the PAN without spaces or dashes (C-24)",
    "phone.charset": "the phone is 998XXXXXXXXX, no '+' (C-20)",
}
FIELD_HINTS: Final[dict[str, str]] = {
    "card_token": "the card token reaches the partner only by the callback to bind_notify_url",
}
_REQUIRED = re.compile(r"^'([^']+)' is a required property")


@dataclass(frozen=True, order=True)
class Problem:
    interaction: str
    requirement: Requirement
    pointer: str  # RFC 6901, into the interaction: /request/body/exp, /response/status
    message: str


@dataclass(frozen=True)
class InteractionResult:
    interaction: HttpInteraction
    problems: tuple[Problem, ...]
    judged_response: bool = True  # False: it matches no OCTO operation, its answer was not judged


@dataclass(frozen=True)
class PactCheck:
    pact: PactFile
    results: tuple[InteractionResult, ...]
    masker: Masker

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.results for p in r.problems]


# ---- reading --------------------------------------------------------------------------------


def check_pact(source: str | os.PathLike[str] | Mapping[str, JSON], *, today: date) -> PactCheck:
    """Every problem of every HTTP interaction in the pact, judged on ``today`` (card expiry)."""
    pact = read_pact(source)
    masker = _masker(pact)
    webhook = pact.consumer == OCTO_PARTICIPANT
    results = []
    for interaction in pact.interactions:
        judge = _Judge(interaction, masker)
        if webhook:
            judge.callback(today)
        else:
            judge.octo(today)
        results.append(InteractionResult(interaction, tuple(judge.problems), judge.judged_response))
    return PactCheck(pact, tuple(results), masker)


def _masker(pact: PactFile) -> Masker:
    """A masker that knows every card number, secret, OTP, CVC2 and phone the pact holds."""
    masker = Masker()
    for interaction in pact.interactions:
        params = [s.params for s in interaction.provider_states]
        for key, value in _leaves([interaction.request_body, interaction.response_body, params]):
            if not isinstance(value, str):
                continue
            if key == "pan":
                masker.pan(value)
            elif key == "octo_secret" and len(value) >= 8:  # shorter ones would mask words
                masker.secret(value)
            elif key == "smsKey":
                masker.otp(value)
            elif key == "cvc2":
                masker.cvc(value)
            elif key == "phone":  # a masked one ("+998** *****67") is no phone: not registered
                masker.phone(value)
    return masker


def _leaves(node: JSON, key: str | None = None) -> Iterator[tuple[str | None, JSON]]:
    if isinstance(node, Mapping):
        for k, v in node.items():
            yield from _leaves(v, str(k))
    elif isinstance(node, list | tuple):
        for v in node:
            yield from _leaves(v, key)
    else:
        yield key, node


def _octo_operations() -> dict[str, dict[str, Operation]]:
    found: dict[str, dict[str, Operation]] = {}
    for op in load_spec().operations():
        if not op.webhook:
            found.setdefault(op.path, {})[op.method.upper()] = op
    return found


class _Judge:
    """The problems of one interaction, masked as they are found."""

    def __init__(self, interaction: HttpInteraction, masker: Masker) -> None:
        self.it = interaction
        self.masker = masker
        self.name = masker.text(interaction.description)
        self.problems: list[Problem] = []
        self.judged_response = True

    def say(self, requirement: Requirement, where: str, message: str) -> None:
        self.problems.append(Problem(self.name, requirement, where, self.masker.text(message)))

    # -- a partner's request to OCTO and the answer it expects --

    def octo(self, today: date) -> None:
        op = self.operation()
        if op is None:
            self.judged_response = False
            return
        self.content_type(REQUEST, "/request/headers/Content-Type", self.it.request_content_type)
        self.request_body(op.operation_id, today)
        status = self.it.response_status
        if status != 200:
            self.say(RESPONSE, "/response/status", _octo_status_message(status, op))
        if status >= 500:
            return  # the body of an internal failure is not an answer to judge
        self.content_type(RESPONSE, "/response/headers/Content-Type", self.it.response_content_type)
        self.response_body(op.operation_id)

    def operation(self) -> Operation | None:
        """The spec's operation for METHOD + path; a near miss is named, then judged as meant."""
        method, path = self.it.method, self.it.path
        operations = _octo_operations()
        if path in operations:
            op = operations[path].get(method)
            if op is None:
                documented = " or ".join(sorted(operations[path]))
                cite = " (C-07)" if path == "/verificationInfo/" else ""
                self.say(
                    REQUEST,
                    "/request/method",
                    f"{method} {path} is not an operation of the spec: OCTO documents"
                    f" {documented} {path}, with a JSON body{cite}",
                )
            return op
        meant, why = _near_miss(path, operations)
        op = operations.get(meant, {}).get(method) if meant else None
        if op is None:
            self.say(REQUEST, "/request/path", f"{method} {path} is not an operation of the spec")
            return None
        self.say(
            REQUEST, "/request/path", f"{method} {path} is not an operation of the spec: {why}"
        )
        return op

    def content_type(self, requirement: Requirement, where: str, value: str | None) -> None:
        if value is not None and value.split(";")[0].strip().lower() != "application/json":
            side = "sends" if requirement == REQUEST else "expects"
            self.say(
                requirement,
                where,
                f"{side} Content-Type {value}; OCTO speaks application/json (C-46)",
            )

    def request_body(self, operation_id: str, today: date) -> None:
        body = self.it.request_body
        if body is NO_BODY or body is None:
            self.say(REQUEST, "/request/body", _missing_body("sends", body))
            return
        for violation in request_violations(operation_id, body, today=today):
            parts = [] if violation.field == ROOT else violation.field.split(".")
            message = violation.message.removeprefix(f"{violation.field}: ")
            hint = RULE_HINTS.get(violation.rule)
            self.say(
                REQUEST,
                "/request/body" + pointer(*parts),
                f"{message} [{violation.rule}]" + (f"; {hint}" if hint else ""),
            )

    def response_body(self, operation_id: str) -> None:
        body = self.it.response_body
        if body is NO_BODY:
            return  # the partner relies on no part of the answer
        if not isinstance(body, dict):
            self.say(RESPONSE, "/response/body", _missing_body("expects", body))
            return
        for text in schema_problems(operation_id, body):
            self.say(RESPONSE, *_schema_problem(text))
        error = body.get("error")
        if isinstance(error, int) and error != 0 and "errMessage" not in body:
            if "errorMessage" in body:
                message = (
                    "expects only the deprecated errorMessage: the spec's error envelope explains"
                    " an error in errMessage, and errorMessage may go away (C-10)"
                )
            else:
                message = "expects an error without errMessage, which the envelope requires (C-10)"
            self.say(RESPONSE, "/response/body/errMessage", message)
        name = answer_schema(operation_id, error)
        self.undefined_fields(name, body, copies=error == 0)

    def undefined_fields(self, component: str, body: dict[str, JSON], *, copies: bool) -> None:
        spec = load_spec()
        schema = spec.resolve(pointer("components", "schemas", component))
        data_fields = _properties(spec, _properties(spec, schema).get("data", {}))
        for parts in _undefined(spec, schema, body, []):
            key = parts[-1]
            if copies and len(parts) == 1 and key in data_fields:  # a top-level copy (C-11)
                data = body.get("data")
                if isinstance(data, dict) and key in data and data[key] != body[key]:
                    self.say(
                        RESPONSE,
                        "/response/body" + pointer(key),
                        f"the top-level copy of {key} contradicts data.{key} (C-11)",
                    )
                continue
            hint = FIELD_HINTS.get(key)
            self.say(
                RESPONSE,
                "/response/body" + pointer(*parts),
                f"expects {'.'.join(parts)}, which {component} does not define: OCTO need not send"
                " it" + (f" ({hint})" if hint else ""),
            )

    # -- OCTO's callback to a partner webhook and the answer it expects --

    def callback(self, today: date) -> None:
        if self.it.method != "POST":
            self.say(
                REQUEST, "/request/method", f"OCTO sends the callback as POST, not {self.it.method}"
            )
        self.content_type(REQUEST, "/request/headers/Content-Type", self.it.request_content_type)
        self.request_body(CALLBACK_OPERATION, today)
        status = self.it.response_status
        if status == 200:
            component = "CallbackAcknowledgement"
        elif 400 <= status < 500:
            component = "CallbackRejection"
        else:
            why = (
                "only HTTP 200 acknowledges a callback (C-27)"
                if status < 400
                else "a 5xx is a broken receiver, not a rejection (C-26)"
            )
            self.say(RESPONSE, "/response/status", f"expects HTTP {status}: {why}")
            return
        self.content_type(RESPONSE, "/response/headers/Content-Type", self.it.response_content_type)
        body = self.it.response_body
        if body is NO_BODY:
            return
        if not isinstance(body, dict):
            self.say(RESPONSE, "/response/body", _missing_body("expects", body))
            return
        validator = load_spec().component_validator(component)
        for issue in validator.iter_errors(body):
            where = "/".join(str(p) for p in issue.absolute_path) or "(root)"
            self.say(
                RESPONSE, *_schema_problem(f"{where}: {issue.message} (Documented: {component})")
            )
        self.undefined_fields(component, body, copies=False)


def _octo_status_message(status: int, op: Operation) -> str:
    if 400 <= status < 500:
        return (
            f"expects HTTP {status}; OCTO answers a handled error with HTTP 200 and the error"
            " envelope (C-09): a client waiting for a 4xx misses every handled error"
        )
    if status >= 500:
        return (
            f"expects HTTP {status}, an internal failure (C-45) no client can rely on; handled"
            " errors are HTTP 200 (C-09)"
        )
    return f"expects HTTP {status}; the spec answers {op.method.upper()} {op.path} with HTTP 200 (C-09)"


def _near_miss(path: str, operations: Mapping[str, object]) -> tuple[str | None, str]:
    """The documented path a partner most likely meant, and why it differs."""
    if path + "/" in operations:
        return path + "/", f"the documented path ends with a slash, {path}/ (C-08)"
    if path == "/bind_card/check_sms":
        return "/bind_card/check_sms_key", "the method is /bind_card/check_sms_key (C-01)"
    for documented in operations:
        if path.rstrip("/").lower() == documented.rstrip("/").lower():
            return documented, f"the documented path is {documented}"
    return None, ""


def _missing_body(side: str, body: JSON) -> str:
    if body is NO_BODY:
        return f"{side} no body; every OCTO operation takes a JSON object"
    if body is None:
        return f"{side} a null body (a matcher without an example value?); the spec documents a JSON object"
    return f"{side} a {json_kind(body)} body; the spec documents a JSON object"


def _schema_problem(text: str) -> tuple[str, str]:
    """A pointer and a message from ``schema_problems``' ``where: message`` text."""
    where, _, message = text.partition(": ")
    parts = [] if where == "(root)" else where.split("/")
    missing = _REQUIRED.match(message)
    if missing:
        parts.append(missing.group(1))
    return "/response/body" + pointer(*parts), message


def _properties(spec: Spec, schema: JSON) -> dict[str, JSON]:
    """The properties a schema defines, its ``allOf``/``oneOf``/``anyOf`` branches' included."""
    schema = spec.deref(schema)
    if not isinstance(schema, Mapping):
        return {}
    found = dict(schema.get("properties") or {})
    for keyword in ("allOf", "oneOf", "anyOf"):
        for branch in schema.get(keyword) or []:
            found = {**_properties(spec, branch), **found}
    return found


def _undefined(spec: Spec, schema: JSON, value: JSON, parts: list[str]) -> Iterator[list[str]]:
    """Paths of the fields in ``value`` that ``schema`` does not define nor explicitly allow.

    An object schema that defines no properties at all is free-form and not walked.
    """
    schema = spec.deref(schema)
    if not isinstance(schema, Mapping):
        return
    if isinstance(value, dict):
        properties = _properties(spec, schema)
        if not properties:
            return
        extra = schema.get("additionalProperties", False)
        patterns = schema.get("patternProperties") or {}
        for key, item in value.items():
            matching = [s for p, s in patterns.items() if re.search(p, key)]
            if key in properties:
                yield from _undefined(spec, properties[key], item, [*parts, key])
            elif matching:
                yield from _undefined(spec, matching[0], item, [*parts, key])
            elif isinstance(extra, Mapping):
                yield from _undefined(spec, extra, item, [*parts, key])
            elif extra is not True:
                yield [*parts, key]
    elif isinstance(value, list) and isinstance(schema.get("items"), Mapping):
        for index, item in enumerate(value):
            yield from _undefined(spec, schema["items"], item, [*parts, str(index)])


# ---- recording ------------------------------------------------------------------------------


def record(check: PactCheck, recorder: Recorder) -> None:
    """One pass per clean interaction and requirement, one fail per problem."""
    if not check.results:
        reason = (
            f"{check.pact.source}: no HTTP interactions ({check.pact.skipped} message(s) skipped)"
        )
        for requirement in (REQUEST, RESPONSE):
            recorder.record(requirement, Verdict.SKIP, reason, check=CHECK_NAME)
        return
    for result in check.results:
        evidence = (_exchange(result.interaction, check.masker),)
        for requirement in (REQUEST, RESPONSE):
            found = [p for p in result.problems if p.requirement == requirement]
            if requirement == RESPONSE and not result.judged_response and not found:
                reason = f"{check.masker.text(result.interaction.description)}: matches no OCTO operation, so its expected answer was not judged"
                recorder.record(requirement, Verdict.SKIP, reason, check=CHECK_NAME)  # fmt: skip
                continue
            if not found:
                recorder.record(requirement, Verdict.PASS, "", check=CHECK_NAME)
            for problem in found:
                recorder.record(
                    requirement,
                    Verdict.FAIL,
                    f"{problem.interaction}: {problem.pointer}: {problem.message}",
                    check=CHECK_NAME,
                    evidence=evidence,
                )


def _exchange(interaction: HttpInteraction, masker: Masker) -> Exchange:
    """The interaction as evidence: what the pact says is sent and expected (nothing to replay)."""

    def shown(body: JSON) -> str | None:
        if body is NO_BODY:
            return None
        text = (
            body.decode("utf-8", "replace")
            if isinstance(body, bytes)
            else json.dumps(body, ensure_ascii=False)
        )
        return masker.text(text)

    content_type = interaction.response_content_type
    return Exchange(
        method=interaction.method,
        url=masker.text(interaction.path),
        request_body=shown(interaction.request_body),
        status=interaction.response_status,
        response_headers={"content-type": content_type} if content_type else {},
        response_body=shown(interaction.response_body),
        elapsed_ms=None,
        curl="",
    )


__all__ = [
    "NO_BODY",
    "HttpInteraction",
    "PactCheck",
    "PactFileError",
    "Problem",
    "ProviderState",
    "check_pact",
    "load_interactions",
    "read_pact",
    "record",
]
