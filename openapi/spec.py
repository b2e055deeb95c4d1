"""Load the OpenAPI document and build validators for the schemas inside it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from octo_conformance.openapi.formats import format_checker

SPEC_PATH: Final[Path] = Path(__file__).with_name("octo-tokenization.yaml")
# libyaml's parser where PyYAML has it: the same documents, parsed ten times as fast
YAML_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CLARIFICATIONS_PATH: Final[Path] = Path(__file__).with_name("CLARIFICATIONS.md")
SPEC_URI: Final[str] = "urn:octo-conformance:octo-tokenization"
HTTP_METHODS: Final[frozenset[str]] = frozenset(
    {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
)

JSON = Any  # a decoded JSON value


def pointer(*parts: str) -> str:
    """A JSON pointer (RFC 6901) from unescaped parts."""
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    location: str  # JSON pointer of the operation object inside the document
    definition: dict[str, JSON] = field(repr=False, compare=False)
    webhook: bool = False

    @property
    def request_schema_pointer(self) -> str:
        return self.location + pointer("requestBody", "content", "application/json", "schema")


class Spec:
    """The parsed document, with schema lookups that resolve ``$ref`` inside it."""

    def __init__(self, document: dict[str, JSON], source: Path | None = None) -> None:
        self.document = document
        self.source = source
        self._registry: Registry[JSON] = Registry().with_resource(
            SPEC_URI, DRAFT202012.create_resource(document)
        )
        self._checker = format_checker()
        self._validators: dict[str, Draft202012Validator] = {}

    def resolve(self, location: str) -> JSON:
        """The value at a JSON pointer, following ``$ref``s met on the way."""
        resolver = self._registry.resolver(base_uri=SPEC_URI)
        value = resolver.lookup(f"{SPEC_URI}#{location}").contents
        return self.deref(value)

    def deref(self, node: JSON) -> JSON:
        """``node``, or what its ``$ref`` points at (repeatedly) when it is a reference."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen or not ref.startswith("#"):
                raise LookupError(f"cannot follow $ref {ref!r}")
            seen.add(ref)
            resolver = self._registry.resolver(base_uri=SPEC_URI)
            node = resolver.lookup(f"{SPEC_URI}{ref}").contents
        return node

    def validator(self, location: str) -> Draft202012Validator:
        """A validator for the schema at ``location`` that asserts the custom formats (made
        once per location: a validator is immutable, and one is asked for per answer)."""
        made = self._validators.get(location)
        if made is None:
            made = Draft202012Validator(
                self._inlined({"$ref": f"#{location}"}, ()),
                registry=self._registry,
                format_checker=self._checker,
            )
            self._validators[location] = made
        return made

    def _inlined(self, node: JSON, following: tuple[str, ...]) -> JSON:
        """``node`` with every local ``$ref`` replaced by what it points at. A validator then
        never resolves a reference while it validates, which was most of its time; the errors
        are the same (no ``$ref`` here has siblings). A recursive reference stays a reference,
        resolved through the registry."""
        if isinstance(node, list):
            return [self._inlined(item, following) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and len(node) == 1 and ref.startswith("#"):
            if ref in following:
                return {"$ref": f"{SPEC_URI}{ref}"}
            target = self._registry.resolver(base_uri=SPEC_URI).lookup(f"{SPEC_URI}{ref}")
            return self._inlined(target.contents, (*following, ref))
        return {key: self._inlined(value, following) for key, value in node.items()}

    def component_validator(self, name: str) -> Draft202012Validator:
        return self.validator(pointer("components", "schemas", name))

    def operations(self) -> Iterator[Operation]:
        """Every operation under ``paths`` and ``webhooks`` (webhook path items resolved)."""
        for section in ("paths", "webhooks"):
            for path, item in self.document.get(section, {}).items():
                location = pointer(section, path)
                if "$ref" in item:
                    location = item["$ref"].removeprefix("#")
                    item = self.resolve(location)
                for method, definition in item.items():
                    if method in HTTP_METHODS:
                        yield Operation(
                            operation_id=definition["operationId"],
                            method=method,
                            path=path,
                            location=location + pointer(method),
                            definition=definition,
                            webhook=section == "webhooks",
                        )

    def operation(self, operation_id: str) -> Operation:
        for op in self.operations():
            if op.operation_id == operation_id:
                return op
        known = ", ".join(sorted(op.operation_id for op in self.operations()))
        raise KeyError(f"no operation {operation_id!r} in the spec (known: {known})")

    def error_codes(self) -> dict[int, str]:
        return {e["code"]: e["meaning"] for e in self.document.get("x-error-codes", [])}


@cache
def load_spec(path: Path = SPEC_PATH) -> Spec:
    """Parse the document once per process; the result is shared, do not mutate it."""
    with path.open(encoding="utf-8") as handle:
        document = yaml.load(handle, Loader=YAML_LOADER)
    if not isinstance(document, dict):
        raise ValueError(f"{path}: not an OpenAPI document (top level is not a mapping)")
    return Spec(document, source=path)
