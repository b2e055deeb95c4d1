"""The JSON Schema of ``report.json`` (``report.schema.json``, draft 2020-12) and its validator.

The schema states version 1 of what :func:`conformance.reporting.model.build_run_report`
produces; a report of another ``report_version`` is invalid here. Formats (``date-time``,
``date``) are checked, not only annotated. Each problem comes back as one line led by the JSON
pointer (RFC 6901) of the offending value::

    /run: 'seed' is a required property
    /targets/0/requirements/3/verdict: 'maybe' is not one of ['pass', 'fail', ...]
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, Final

from jsonschema import Draft202012Validator

REPORT_SCHEMA_PATH: Final = Path(__file__).with_name("report.schema.json")
REPORT_SCHEMA_ID: Final = "urn:octo-conformance:report:1"
MESSAGE_CHARS: Final = 300  # a message quotes the value; a whole target section would be unreadable


@cache
def report_schema() -> dict[str, Any]:
    """The schema as data (read once; do not mutate the returned dict)."""
    schema: dict[str, Any] = json.loads(REPORT_SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(report_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def validate_report(report: Any) -> list[str]:
    """Every way ``report`` breaks the schema, ordered by place; an empty list means valid.

    Validate the report as written (``json.loads`` of ``report.json``): in memory a tuple is
    not a JSON array.
    """
    errors = sorted(_validator().iter_errors(report), key=lambda e: ([str(p) for p in e.absolute_path], e.message))  # fmt: skip
    return [f"{json_pointer(e.absolute_path)}: {_shortened(e.message)}" for e in errors]


def json_pointer(path: Iterable[str | int]) -> str:
    """RFC 6901: ``~`` and ``/`` escaped in each token; the document itself is shown as ``(root)``."""
    pointer = "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)
    return pointer or "(root)"


def _shortened(message: str) -> str:
    return message if len(message) <= MESSAGE_CHARS else message[: MESSAGE_CHARS - 1] + "…"
