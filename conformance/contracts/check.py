"""``octo-conformance pact check``: judge a partner's consumer pact against the spec, offline.

A partner's pact (V2, V3 or V4 JSON) states what its client sends to OCTO and what it expects
back. Both sides are judged with the project's own rules, with no pact-python and no target:

* PACT-CHECK-001, the request: a documented METHOD + path (``/verificationInfo/`` keeps its
  slash, C-08), ``Content-Type: application/json`` (C-46), and a body that
  :func:`openapi.rules.request_violations` accepts (schema and domain rules, C-03, C-21, ...).
* PACT-CHECK-002, the expected answer: HTTP 200 (handled errors too, C-09), a JSON content type,
  a body the spec allows (the success schema for ``error: 0``, else the ``ErrorEnvelope``, as
  :func:`conformance.provider.judge.schema_problems` judges them), ``errMessage`` in an error
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
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, Final, Literal
from urllib.parse import parse_qs

from conformance.findings import Exchange, Recorder, Verdict
from conformance.masking import Masker
from conformance.provider.judge import SUCCESS_SCHEMAS, schema_problems
from openapi.rules import ROOT, request_violations
from openapi.spec import Operation, Spec, load_spec, pointer

JSON = Any  # a decoded JSON value
Requirement = Literal["PACT-CHECK-001", "PACT-CHECK-002"]
REQUEST: Final[Requirement] = "PACT-CHECK-001"
RESPONSE: Final[Requirement] = "PACT-CHECK-002"
CHECK_NAME: Final = "pact check"
# the name the project's pacts give OCTO; a pact whose consumer it is targets a partner webhook
OCTO_PARTICIPANT: Final = "octo-tokenization"
CALLBACK_OPERATION: Final = "cardTokenCallback"
HTTP_TYPE: Final = "Synchronous/HTTP"

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


class PactFileError(ValueError):
    """The file is not a pact this check can read; the message says why."""


class _Missing(Enum):
    BODY = "no body"


NO_BODY: Final = _Missing.BODY
"""An interaction's body when the pact has none (a JSON ``null`` body stays ``None``)."""


@dataclass(frozen=True)
class ProviderState:
    name: str
    params: Mapping[str, JSON]


@dataclass(frozen=True)
class HttpInteraction:
    """One HTTP interaction, the same whatever the pact's version. Header names lower-case."""

    description: str
    provider_states: tuple[ProviderState, ...]
    method: str
    path: str
    query: Mapping[str, list[str]]
    request_headers: Mapping[str, list[str]]
    request_content_type: str | None  # the header, else a V4 body's contentType
    request_body: JSON  # decoded; NO_BODY when absent
    response_status: int
    response_headers: Mapping[str, list[str]]
    response_content_type: str | None
    response_body: JSON


@dataclass(frozen=True)
class PactFile:
    source: str
    consumer: str
    provider: str
    specification: str
    interactions: tuple[HttpInteraction, ...]
    skipped: int  # message (non-HTTP) interactions


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


@dataclass(frozen=True)
class PactCheck:
    pact: PactFile
    results: tuple[InteractionResult, ...]
    masker: Masker

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.results for p in r.problems]


# ---- reading --------------------------------------------------------------------------------


def read_pact(source: str | os.PathLike[str] | Mapping[str, JSON]) -> PactFile:
    """The pact's HTTP interactions, V2, V3 and V4 alike; message interactions are counted."""
    if isinstance(source, Mapping):
        name, document = "(pact)", source
    else:
        name, document = str(source), _load_json(Path(source))
    if not isinstance(document, Mapping):
        raise PactFileError(f"{name}: not a pact (the top level is a JSON {_kind(document)})")
    version = _specification(document)
    raw = _list(document, "interactions", name)
    messages = len(_list(document, "messages", name))  # V3 message pacts
    if not raw and not messages:
        raise PactFileError(f"{name}: not a pact, or an empty one (no interactions)")
    interactions = []
    for index, item in enumerate(raw):
        where = f"{name}: interactions[{index}]"
        if not isinstance(item, Mapping):
            raise PactFileError(f"{where} is a JSON {_kind(item)}, not an interaction")
        if item.get("type", HTTP_TYPE) != HTTP_TYPE:
            messages += 1
            continue
        v4 = _major(version) >= 4 or "type" in item
        interactions.append(_interaction(item, v4=v4, where=where))
    return PactFile(
        source=name,
        consumer=_participant(document, "consumer"),
        provider=_participant(document, "provider"),
        specification=version,
        interactions=tuple(interactions),
        skipped=messages,
    )


def load_interactions(
    source: str | os.PathLike[str] | Mapping[str, JSON],
) -> list[HttpInteraction]:
    """The HTTP interactions of a pact file (or its decoded JSON); messages are skipped."""
    return list(read_pact(source).interactions)


def _load_json(path: Path) -> JSON:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PactFileError(f"{path}: cannot read it ({exc})") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise PactFileError(
            f"{path}: not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None


def _kind(value: JSON) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    names |= {int: "number", float: "number", bytes: "binary"}
    return names.get(type(value), type(value).__name__)


def _list(document: Mapping[str, JSON], key: str, name: str) -> list[JSON]:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise PactFileError(f"{name}: {key} is a JSON {_kind(value)}, not an array")
    return value


def _specification(document: Mapping[str, JSON]) -> str:
    meta = document.get("metadata")
    if isinstance(meta, Mapping):
        for key in ("pactSpecification", "pact-specification", "pactSpecificationVersion"):
            value = meta.get(key)
            if isinstance(value, Mapping):
                value = value.get("version")
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                return str(value)
    return "2.0.0"  # no metadata: V2 (V3 shares its body layout)


def _major(version: str) -> int:
    digits = re.search(r"\d+", version)
    return int(digits.group()) if digits else 2


def _participant(document: Mapping[str, JSON], role: str) -> str:
    value = document.get(role)
    name = value.get("name") if isinstance(value, Mapping) else None
    return name if isinstance(name, str) else ""


def _interaction(item: Mapping[str, JSON], *, v4: bool, where: str) -> HttpInteraction:
    request, response = item.get("request"), item.get("response")
    if not isinstance(request, Mapping) or not isinstance(response, Mapping):
        raise PactFileError(f"{where}: an HTTP interaction needs a request and a response")
    method, path, status = request.get("method"), request.get("path"), response.get("status")
    if not isinstance(method, str) or not isinstance(path, str):
        raise PactFileError(f"{where}: the request needs a method and a path")
    if not isinstance(status, int) or isinstance(status, bool):
        raise PactFileError(f"{where}: the response needs an integer status")
    request_headers, response_headers = (
        _headers(request.get("headers")),
        _headers(response.get("headers")),
    )
    request_body, request_type = _body(request, v4=v4, where=f"{where}.request")
    response_body, response_type = _body(response, v4=v4, where=f"{where}.response")
    description = item.get("description")
    return HttpInteraction(
        description=description if isinstance(description, str) else f"interaction {where}",
        provider_states=_states(item),
        method=method.upper(),
        path=path,
        query=_query(request.get("query")),
        request_headers=request_headers,
        request_content_type=_first(request_headers.get("content-type")) or request_type,
        request_body=request_body,
        response_status=status,
        response_headers=response_headers,
        response_content_type=_first(response_headers.get("content-type")) or response_type,
        response_body=response_body,
    )


def _states(item: Mapping[str, JSON]) -> tuple[ProviderState, ...]:
    states = item.get("providerStates")
    if isinstance(states, list):  # V3, V4
        return tuple(
            ProviderState(
                str(s.get("name", "")),
                dict(s["params"]) if isinstance(s.get("params"), Mapping) else {},
            )
            for s in states
            if isinstance(s, Mapping)
        )
    name = item.get("providerState") or item.get("provider_state")  # V2 (and V1)
    return (ProviderState(name, {}),) if isinstance(name, str) and name else ()


def _headers(raw: JSON) -> dict[str, list[str]]:
    # V2/V3: {"Name": "value"}; V4: {"Name": ["value", ...]}
    if not isinstance(raw, Mapping):
        return {}
    return {
        str(name).lower(): [str(v) for v in value] if isinstance(value, list) else [str(value)]
        for name, value in raw.items()
    }


def _query(raw: JSON) -> dict[str, list[str]]:
    # V2: "a=1&b=2"; V3/V4: {"a": ["1"], "b": ["2"]}
    if isinstance(raw, str):
        return parse_qs(raw, keep_blank_values=True)
    if isinstance(raw, Mapping):
        return {
            str(k): [str(x) for x in v] if isinstance(v, list) else [str(v)] for k, v in raw.items()
        }
    return {}


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def _body(part: Mapping[str, JSON], *, v4: bool, where: str) -> tuple[JSON, str | None]:
    """The decoded body and, for V4, the content type it declares."""
    if "body" not in part:
        return NO_BODY, None
    raw = part["body"]
    if not v4:
        return raw, None  # V2/V3: the JSON value itself
    if not isinstance(raw, Mapping):
        raise PactFileError(
            f"{where}.body: a V4 body is an object with content, not a {_kind(raw)}"
        )
    content_type = raw.get("contentType") if isinstance(raw.get("contentType"), str) else None
    if "content" not in raw:
        return NO_BODY, content_type
    content, encoded = raw["content"], raw.get("encoded", False)
    if encoded is True or (isinstance(encoded, str) and encoded.lower() == "base64"):
        try:
            data = base64.b64decode(str(content), validate=True)
            return (json.loads(data) if _is_json(content_type) else data), content_type
        except (binascii.Error, ValueError) as exc:
            raise PactFileError(f"{where}.body: cannot decode its base64 content ({exc})") from None
    if isinstance(content, str) and _is_json(content_type):  # JSON as text (some writers)
        try:
            return json.loads(content), content_type
        except ValueError:
            pass  # a plain string: the JSON string value itself
    return content, content_type


def _is_json(content_type: str | None) -> bool:
    media = (content_type or "").split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


# ---- judging --------------------------------------------------------------------------------


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
        results.append(InteractionResult(interaction, tuple(judge.problems)))
    return PactCheck(pact, tuple(results), masker)


def _masker(pact: PactFile) -> Masker:
    """A masker that knows every card number, secret, OTP and CVC2 the pact holds."""
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

    def say(self, requirement: Requirement, where: str, message: str) -> None:
        self.problems.append(Problem(self.name, requirement, where, self.masker.text(message)))

    # -- a partner's request to OCTO and the answer it expects --

    def octo(self, today: date) -> None:
        op = self.operation()
        if op is None:
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
        name = SUCCESS_SCHEMAS[operation_id] if error == 0 else "ErrorEnvelope"
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
    return f"{side} a {_kind(body)} body; the spec documents a JSON object"


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
