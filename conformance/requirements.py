"""The requirement catalogue: data in ``requirements.yaml`` plus one requirement per request rule.

A requirement is what a check cites and a finding carries. Its *level* decides what a deviation
costs: a MUST not met is a ``fail``, a SHOULD not met is a ``warn`` (see :mod:`conformance.findings`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Final

import yaml

from octo_conformance.openapi.document import field_row
from octo_conformance.openapi.rules import rule_names
from octo_conformance.openapi.spec import YAML_LOADER

CATALOGUE_PATH: Final = Path(__file__).with_name("requirements.yaml")

PROVIDER_OPERATIONS: Final = ("bindCard", "verificationInfo", "checkSmsKey", "blockCardToken")

# Request rules whose breach a provider may tolerate: accepting such a body is a warn, not a
# fail, because the document does not forbid it (the clarification says why).
LENIENT_RULES: Final[dict[str, str]] = {
    "octo_shop_id.type": "C-03",
    "verifyId.type": "C-04",
    "return_url.required": "C-19",
    "cardHolderName.required": "C-19",
    "cardHolderName.length": "C-19",
    "cardHolderName.empty": "C-19",
    "cardHolderName.blank": "C-19",
    "phone.charset": "C-20",
    "phone.length": "C-20",
    "phone.country": "C-20",
    "exp.expired": "C-21",
    "cvc2.pattern": "C-22",
    "pan.method": "C-23",
    "pan.grouped": "C-24",
    "pan.bin": "C-24",
    "pan.length": "C-24",
    "return_url.pattern": "C-47",
    "notify_url.pattern": "C-18",
    "bind_notify_url.pattern": "C-18",
}


# Callback rules a receiver need not police: the document sets no rule for the name, and a
# receiver matches a callback to its binding by transaction, PAN and expiry (C-26, C-30).
LENIENT_HOOK_RULES: Final[dict[str, str]] = {
    "cardHolderName.empty": "C-30",
    "cardHolderName.blank": "C-30",
    "cardHolderName.length": "C-30",
}


class Level(StrEnum):
    MUST = "MUST"
    SHOULD = "SHOULD"


class Mode(StrEnum):
    PROVIDER = "provider"
    WEBHOOK = "webhook"
    CLIENT = "client"  # a partner's client, as its consumer pact describes it
    CONTRACT = "contract"  # pact verification of a provider or a webhook


@dataclass(frozen=True)
class Requirement:
    id: str
    level: Level
    title: str
    clause: str
    mode: Mode


def rule_requirement_id(operation_id: str, rule: str) -> str:
    return f"PROV-RULE-{operation_id}-{rule}"


def hook_rule_requirement_id(rule: str) -> str:
    return f"HOOK-RULE-{rule}"


def rule_clause(operation_id: str, rule: str) -> str:
    """The document's sentence a request rule rests on: its field's row of the parameter table
    (the body's own rule: the method's content type)."""
    field = rule.split(".")[0]
    if field == "body":
        return '"Content-type: application/json" (a JSON object, as every Request Example)'
    if operation_id == "verificationInfo":
        return '"Only the octo_payment_UUID is sent."'
    row = field_row(operation_id, field)
    if row is None:
        raise ValueError(f"the document has no row for {field} in {operation_id}")
    return f'"{row}" (the spec: openapi/octo-tokenization.yaml, {operation_id})'


def _leniency(clarification: str | None) -> str:
    return f"; {clarification}: accepting it is a warn" if clarification else ""


def _rule_requirements() -> list[Requirement]:
    found = [
        Requirement(
            id=hook_rule_requirement_id(rule),
            level=Level.SHOULD if rule in LENIENT_HOOK_RULES else Level.MUST,
            title=f"a callback that breaks {rule} is refused with a 4xx",
            clause=rule_clause("cardTokenCallback", rule)
            + "; C-26"
            + _leniency(LENIENT_HOOK_RULES.get(rule)),
            mode=Mode.WEBHOOK,
        )
        for rule in rule_names("cardTokenCallback")
    ]
    for operation_id in PROVIDER_OPERATIONS:
        for rule in rule_names(operation_id):
            lenient = LENIENT_RULES.get(rule)
            found.append(
                Requirement(
                    id=rule_requirement_id(operation_id, rule),
                    level=Level.SHOULD if lenient else Level.MUST,
                    title=f"{operation_id} refuses a request that breaks {rule}",
                    clause=rule_clause(operation_id, rule) + _leniency(lenient),
                    mode=Mode.PROVIDER,
                )
            )
    return found


@cache
def catalogue(path: Path = CATALOGUE_PATH) -> dict[str, Requirement]:
    """Every requirement by ID, in catalogue order (hand-written first, then request rules)."""
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    found: dict[str, Requirement] = {}
    for entry in raw["requirements"]:
        requirement = Requirement(
            id=entry["id"],
            level=Level(entry["level"]),
            title=entry["title"],
            clause=entry["clause"],
            mode=Mode(entry.get("mode", "provider")),
        )
        if requirement.id in found:
            raise ValueError(f"{path}: requirement {requirement.id} is listed twice")
        found[requirement.id] = requirement
    for requirement in _rule_requirements():
        found[requirement.id] = requirement
    return found


def requirement(requirement_id: str) -> Requirement:
    try:
        return catalogue()[requirement_id]
    except KeyError:
        raise KeyError(f"no requirement {requirement_id!r} in the catalogue") from None


def of_mode(mode: Mode) -> list[Requirement]:
    return [r for r in catalogue().values() if r.mode is mode]
