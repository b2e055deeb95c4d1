"""Validate a body against the spec and name every rule it breaks.

A rule is ``<field>.<check>``: ``pan.luhn``, ``exp.expired``, ``octo_shop_id.type``,
``cardHolderName.required``. Schema rules come from the document itself (no second,
hand-written schema); the few rules a schema cannot express — expiry against today's date and
the PAN's scheme against ``method`` (C-21, C-23) — are added here. One violation is reported
per field, the most specific one, so a value with one defect yields exactly one rule.

:func:`rule_names` lists an operation's rules, in catalogue order: the requirement catalogue
and the ``broken_*`` strategies both take their rule lists from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final

from jsonschema import ValidationError

from octo_conformance.openapi.cards import METHODS, scheme_of
from octo_conformance.openapi.expiry import is_expired
from octo_conformance.openapi.formats import FormatViolation
from octo_conformance.openapi.spec import JSON, Spec, load_spec

ROOT: Final[str] = "body"

# Lower is more specific; only the most specific violation of a field is kept.
_PRIORITY: Final[dict[str, int]] = {
    "required": 0,
    "type": 1,
    "format": 2,
    "enum": 3,
    "const": 3,
    "minLength": 4,
    "maxLength": 4,
    "pattern": 5,
    "minimum": 6,
    "maximum": 6,
}


@dataclass(frozen=True, order=True)
class Violation:
    field: str
    rule: str
    message: str


def schema_violations(spec: Spec, location: str, instance: JSON) -> list[Violation]:
    """Violations of the schema at ``location``, one per field, most specific first."""
    best: dict[str, tuple[int, Violation]] = {}
    for error in spec.validator(location).iter_errors(instance):
        for violation, rank in _from_error(error):
            current = best.get(violation.field)
            if current is None or rank < current[0]:
                best[violation.field] = (rank, violation)
    return sorted(v for _, v in best.values())


def request_violations(
    operation_id: str, body: JSON, *, today: date, spec: Spec | None = None
) -> list[Violation]:
    """Every rule ``body`` breaks as the request body of ``operation_id`` on ``today``."""
    spec = spec or load_spec()
    operation = spec.operation(operation_id)
    found = schema_violations(spec, operation.request_schema_pointer, body)
    if operation_id == "bindCard" and isinstance(body, dict):
        broken = {v.field for v in found}
        found.extend(_bind_card_domain_rules(body, broken, today))
    return sorted(found)


def _on(field: str, *checks: str) -> tuple[str, ...]:
    return tuple(f"{field}.{check}" for check in checks)


_CREDENTIAL_RULES: Final = (*_on("octo_shop_id", "range"), *_on("octo_secret", "empty"))


def _card_rules(*, expired: bool) -> tuple[str, ...]:
    """The card fields' value rules, shared by bind_card and the callback (whose exp may be old)."""
    return (
        *_on("pan", "luhn", "length", "charset", "grouped", "bin"),
        *_on("exp", *(["expired"] if expired else []), "month", "format"),
        *_on("cardHolderName", "empty", "blank", "length"),
        *_on("shop_transaction_id", "empty"),
    )


# The value rules per operation, each from a field's keywords (minimum, minLength, pattern, enum;
# named as x-rules renames them), its custom format's checker or a domain rule. Not listed:
# keywords that cannot fail while the field's format holds (pan's minLength and pattern) and the
# maxLength of secrets, identifiers and URLs. The order is the requirement catalogue's.
_VALUE_RULES: Final[dict[str, tuple[str, ...]]] = {
    "bindCard": (
        *_CREDENTIAL_RULES,
        *_card_rules(expired=True),
        *_on("pan", "method"),
        *_on("phone", "charset", "length", "country"),
        *_on("method", "enum"),
        *_on("cvc2", "pattern"),
        *(f"{url}.pattern" for url in ("return_url", "notify_url", "bind_notify_url")),
    ),
    "verificationInfo": _on("octo_payment_UUID", "format"),
    "checkSmsKey": (
        *_CREDENTIAL_RULES,
        *_on("paymentUUID", "format"),
        *_on("smsKey", "pattern"),
        *_on("verifyId", "range"),
    ),
    "blockCardToken": (*_CREDENTIAL_RULES, *_on("card_token", "empty")),
    "cardTokenCallback": (
        *_card_rules(expired=False),
        *_on("status", "enum"),
        *_on("card_token", "empty"),
    ),
}


def rule_names(operation_id: str, *, spec: Spec | None = None) -> tuple[str, ...]:
    """Every rule a request of ``operation_id`` is held to, each once, in catalogue order.

    First the shape rules, read from the request schema: ``body.type``, then per property
    ``<name>.required`` (if required) and ``<name>.type`` (if it declares a type); then the
    value rules. Each is a rule :func:`request_violations` reports (the strategies' tests break
    each one, body by body). A KeyError names the known operations.
    """
    spec = spec or load_spec()
    schema = spec.resolve(spec.operation(operation_id).request_schema_pointer)
    properties: dict[str, JSON] = schema["properties"]
    shape = [f"{ROOT}.type"]
    for name, declared in properties.items():
        if name in schema.get("required", ()):
            shape.append(f"{name}.required")
        if "type" in spec.deref(declared):
            shape.append(f"{name}.type")
    values = _VALUE_RULES[operation_id]
    if stray := [rule for rule in values if rule.rsplit(".", 1)[0] not in properties]:
        raise ValueError(f"{operation_id}: rules of fields its schema lacks: {', '.join(stray)}")
    return (*shape, *values)


def _bind_card_domain_rules(
    body: dict[str, JSON], broken: set[str], today: date
) -> list[Violation]:
    found = []
    exp = body.get("exp")
    if "exp" not in broken and isinstance(exp, str) and is_expired(exp, today=today):
        found.append(
            Violation("exp", "exp.expired", f"card expired (exp {exp} is before {today:%y%m})")
        )
    pan, method = body.get("pan"), body.get("method")
    if not ({"pan", "method"} & broken) and isinstance(pan, str) and method in METHODS:
        scheme = scheme_of(pan)
        if scheme is not None and scheme.name not in METHODS[method]:
            found.append(
                Violation(
                    "pan",
                    "pan.method",
                    f"a {scheme.name} card cannot be bound with method {method}",
                )
            )
    return found


def _field(path: Iterable[object]) -> str:
    return ".".join(str(p) for p in path) or ROOT


def _from_error(error: ValidationError) -> list[tuple[Violation, int]]:
    keyword = str(error.validator)
    rank = _PRIORITY.get(keyword, 7)
    if keyword in {"oneOf", "anyOf", "allOf"} and error.context:
        # the branch that got furthest explains the failure best
        return _from_error(
            min(error.context, key=lambda e: (-len(e.absolute_path), len(e.message)))
        )
    if keyword == "required":
        parent = error.absolute_path
        instance = error.instance if isinstance(error.instance, dict) else {}
        names = error.validator_value if isinstance(error.validator_value, list) else []
        return [
            (Violation(_field([*parent, name]), f"{name}.required", f"{name} is required"), rank)
            for name in names
            if name not in instance
        ]
    field = _field(error.absolute_path)
    name = field.rsplit(".", 1)[-1]
    check, message = _check_name(error, keyword)
    return [(Violation(field, f"{name}.{check}", f"{field}: {message}"), rank)]


def _check_name(error: ValidationError, keyword: str) -> tuple[str, str]:
    """The check's name and a message that never quotes the offending value (it may be a PAN)."""
    value = error.validator_value
    if keyword == "format" and isinstance(error.cause, FormatViolation):
        return error.cause.rule, error.cause.message
    overrides = error.schema.get("x-rules", {}) if isinstance(error.schema, dict) else {}
    named: dict[str, tuple[str, str]] = {
        "type": ("type", f"must be of type {_types(value)}"),
        "enum": (
            "enum",
            f"must be one of {', '.join(map(str, value))}" if isinstance(value, list) else "",
        ),
        "const": ("enum", f"must be {value!r}"),
        "format": ("format", f"must be a valid {value}"),
        "minLength": ("empty", "must not be empty")
        if value == 1
        else ("length", f"must have at least {value} characters"),
        "maxLength": ("length", f"must have at most {value} characters"),
        "pattern": ("pattern", "has the wrong format"),
        "minimum": ("range", f"must be at least {value}"),
        "maximum": ("range", f"must be at most {value}"),
        "additionalProperties": ("unknown", "is not a documented field"),
    }
    check, message = named.get(keyword, (keyword, f"breaks the schema keyword {keyword}"))
    return overrides.get(keyword, check), message


def _types(value: object) -> str:
    if isinstance(value, list):
        return " or ".join(map(str, value))
    return str(value)
