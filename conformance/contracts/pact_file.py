"""Read a Pact file (V2, V3 or V4 JSON) into one shape: :class:`HttpInteraction`.

V2 has ``providerState`` and plain bodies; V3 ``providerStates`` with params and matching rules
by category; V4 ``Synchronous/HTTP`` interactions with list-valued headers and bodies as
``{"content", "contentType", "encoded"}``. Message interactions are skipped and counted.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Final
from urllib.parse import parse_qs

from octo_conformance.errors import EmptyPact, PactFileError

JSON = Any  # a decoded JSON value
HTTP_TYPE: Final = "Synchronous/HTTP"


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


def read_pact(source: str | os.PathLike[str] | Mapping[str, JSON]) -> PactFile:
    """The pact's HTTP interactions, V2, V3 and V4 alike; message interactions are counted."""
    if isinstance(source, Mapping):
        name, document = "(pact)", source
    else:
        name, document = str(source), _load_json(Path(source))
    if not isinstance(document, Mapping):
        raise PactFileError(f"{name}: not a pact (the top level is a JSON {json_kind(document)})")
    version = _specification(document)
    raw = _list(document, "interactions", name)
    messages = len(_list(document, "messages", name))  # V3 message pacts
    if not raw and not messages:
        if "consumer" in document and "provider" in document:
            raise EmptyPact(f"{name}: an empty pact (no interactions)")
        raise PactFileError(f"{name}: not a pact, or an empty one (no interactions)")
    interactions = []
    for index, item in enumerate(raw):
        where = f"{name}: interactions[{index}]"
        if not isinstance(item, Mapping):
            raise PactFileError(f"{where} is a JSON {json_kind(item)}, not an interaction")
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


def json_kind(value: JSON) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    names |= {int: "number", float: "number", bytes: "binary"}
    return names.get(type(value), type(value).__name__)


def _list(document: Mapping[str, JSON], key: str, name: str) -> list[JSON]:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise PactFileError(f"{name}: {key} is a JSON {json_kind(value)}, not an array")
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
            f"{where}.body: a V4 body is an object with content, not a {json_kind(raw)}"
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
