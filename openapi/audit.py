"""Check the document itself: what openapi-spec-validator checks, and what it does not.

The validator misses dangling ``$ref``s and links to unknown operationIds (DESIGN.md,
library notes), so both are checked here, with every embedded example and every
clarification the document cites.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from openapi_spec_validator import validate as validate_openapi
from referencing.exceptions import Unresolvable

from octo_conformance.openapi.rules import schema_violations
from octo_conformance.openapi.spec import CLARIFICATIONS_PATH, JSON, Spec, pointer

_CLARIFICATION_HEADING = re.compile(r"^###\s+(C-\d{2,})\b", re.MULTILINE)


@dataclass(frozen=True)
class ExampleCheck:
    location: str  # JSON pointer of the example
    operation_id: str
    problems: tuple[str, ...]


@dataclass
class Audit:
    operations: list[str] = field(default_factory=list)
    schemas: list[str] = field(default_factory=list)
    examples: list[ExampleCheck] = field(default_factory=list)
    clarifications: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def audit(spec: Spec) -> Audit:
    """Every check at once; ``Audit.problems`` is empty for a sound document."""
    result = Audit(
        schemas=sorted(spec.document.get("components", {}).get("schemas", {})),
        clarifications=clarification_ids(),
    )
    try:
        validate_openapi(spec.document)
    except Exception as exc:  # the validator raises its own hierarchy; keep its message
        result.problems.append(f"openapi-spec-validator: {exc}".splitlines()[0])
        return result  # the deeper checks assume a structurally valid document
    result.operations = [op.operation_id for op in spec.operations()]
    result.problems.extend(dangling_refs(spec))
    result.problems.extend(unknown_link_targets(spec))
    result.problems.extend(unknown_clarifications(spec, set(result.clarifications)))
    result.examples = list(check_examples(spec))
    for example in result.examples:
        result.problems.extend(f"example {example.location}: {p}" for p in example.problems)
    return result


def clarification_ids() -> list[str]:
    return _CLARIFICATION_HEADING.findall(CLARIFICATIONS_PATH.read_text(encoding="utf-8"))


def _walk(node: JSON, location: str = "") -> Iterator[tuple[str, JSON]]:
    yield location, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, location + pointer(str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, location + pointer(str(index)))


def dangling_refs(spec: Spec) -> list[str]:
    problems = []
    for location, node in _walk(spec.document):
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if not ref.startswith("#/"):
                problems.append(f"{location}: $ref {ref!r} leaves the document")
                continue
            try:
                spec.resolve(ref[1:])
            except (Unresolvable, LookupError):
                problems.append(f"{location}: $ref {ref!r} does not resolve")
    return problems


def unknown_link_targets(spec: Spec) -> list[str]:
    known = {op.operation_id for op in spec.operations()}
    problems = []
    for location, node in _walk(spec.document):
        if location.rsplit("/", 2)[-2:-1] == ["links"] and isinstance(node, dict):
            target = node.get("operationId")
            if target not in known:
                problems.append(f"{location}: link to unknown operationId {target!r}")
    return problems


def unknown_clarifications(spec: Spec, known: set[str]) -> list[str]:
    problems = []
    for location, node in _walk(spec.document):
        if isinstance(node, dict):
            for cited in node.get("x-clarifications", []):
                if cited not in known:
                    problems.append(f"{location}: cites {cited}, absent from CLARIFICATIONS.md")
    return problems


def check_examples(spec: Spec) -> Iterator[ExampleCheck]:
    """Validate every embedded example against the schema of its media type."""
    for op in spec.operations():
        media_types: list[tuple[str, JSON]] = []
        request = op.definition.get("requestBody", {})
        media_types += [
            (op.location + pointer("requestBody", "content", name), media)
            for name, media in request.get("content", {}).items()
        ]
        for status, response in op.definition.get("responses", {}).items():
            base = op.location + pointer("responses", status)
            if "$ref" in response:
                base = response["$ref"].removeprefix("#")
                response = spec.resolve(base)
            media_types += [
                (base + pointer("content", name), media)
                for name, media in response.get("content", {}).items()
            ]
        for media_location, media in media_types:
            for name, example in media.get("examples", {}).items():
                location = media_location + pointer("examples", name)
                violations = schema_violations(
                    spec, media_location + pointer("schema"), example.get("value")
                )
                yield ExampleCheck(
                    location=location,
                    operation_id=op.operation_id,
                    problems=tuple(f"{v.rule}: {v.message}" for v in violations),
                )
