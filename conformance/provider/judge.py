"""Checks every answer of the target must pass, whatever was asked.

``judge_reply`` applies them to one answer: no 5xx, JSON, content type, HTTP 200 for handled
errors, the documented response schema, the envelope rules (errMessage, top-level copies) and
data safety (nothing sent in confidence comes back). Each records its verdict in the recorder.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from octo_conformance.core.context import SuiteContext, describe
from octo_conformance.findings import Verdict
from octo_conformance.harness.http import Reply
from octo_conformance.openapi.responses import schema_problems

OTP_FIELDS: Final = ("smsKey", "otp", "code")
CVC_FIELDS: Final = ("cvc2", "cvv2", "cvv", "cvc")
CARD_DIGITS: Final = ("first6", "last4")  # digits that may equal a short code by chance
# what judge_reply may record on any answer: a check that sends a request judges these too, so
# ``--only`` one of them runs every such check (tests/conformance/provider/test_judge.py
# holds this list to the module's own IDs)
REPLY_REQUIREMENTS: Final = (
    "PROV-HTTP-001", "PROV-HTTP-002", "PROV-HTTP-003", "PROV-HTTP-004", "PROV-HTTP-005",
    "PROV-SCHEMA-001", "PROV-ENV-001", "PROV-ENV-002", "PROV-ENV-003", "PROV-SAFE-001",
)  # fmt: skip


@dataclass(frozen=True)
class Sent:
    """What the suite put in a request that must never come back."""

    pan: str | None = None
    secret: str | None = None
    otp: str | None = None
    cvc2: str | None = None

    @classmethod
    def of(cls, body: Any) -> Sent:
        if not isinstance(body, dict):
            return cls()

        def text(key: str) -> str | None:
            value = body.get(key)
            return value if isinstance(value, str) and value else None

        return cls(
            pan=text("pan"), secret=text("octo_secret"), otp=text("smsKey"), cvc2=text("cvc2")
        )


def _json_values(node: Any) -> Iterator[tuple[str | None, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _json_values(value)
    elif isinstance(node, list):
        for value in node:
            yield None, value
            yield from _json_values(value)


def leaks(sent: Sent, reply: Reply) -> list[str]:
    """Which confidential values of the request the answer repeats (named, never quoted)."""
    text = reply.content.decode("utf-8", "replace")
    found = []
    # a "pan" a broken body carries may be "e" or "": only something card-number-like can leak
    if sent.pan and sum(c.isdigit() for c in sent.pan) >= 12 and sent.pan in text:
        found.append("the full PAN")
    if sent.secret and (
        (len(sent.secret) >= 8 and sent.secret in text)
        or any(v == sent.secret for _, v in _json_values(reply.data))
    ):
        found.append("the shop secret")
    values = list(_json_values(reply.data))
    if sent.otp and any(
        str(v) == sent.otp
        and (
            k in OTP_FIELDS or (isinstance(v, str) and len(sent.otp) >= 6 and k not in CARD_DIGITS)
        )
        for k, v in values
    ):
        found.append("the OTP")
    if sent.cvc2 and any(str(v) == sent.cvc2 for k, v in values if (k or "").lower() in CVC_FIELDS):
        found.append("the CVC2")
    return found


def documented_failure(reply: Reply) -> bool:
    """The document's check_sms_key "Unsuccessful Response Example": HTTP 500 with an RFC 7807
    body (``title``, ``status``); a refusal, though not in the envelope (C-45)."""
    data = reply.data
    return reply.status == 500 and isinstance(data, dict) and {"title", "status"} <= set(data)


def judge_reply(
    ctx: SuiteContext, operation_id: str, body: Any, reply: Reply, *, schema: bool = True
) -> None:
    """Record the generic verdicts for one answer (``schema=False``: schemathesis judged it).

    Every answer is judged on these, whatever the check that asked declared."""
    ctx = ctx.checking(ctx.check)
    if reply.status is None:
        ctx.judge("PROV-HTTP-002", False, f"no answer: {reply.json_error}", evidence=reply)
        return
    received = f"Received HTTP {reply.status}; Documented: HTTP 200 with an envelope (C-45)"
    documented = operation_id == "checkSmsKey" and documented_failure(reply)
    if operation_id == "checkSmsKey":  # the document's own example is a 500: a SHOULD there
        ctx.judge("PROV-HTTP-005", not documented, received, evidence=reply)
    if not documented:
        ctx.judge("PROV-HTTP-001", reply.status < 500, received, evidence=reply)
    if not reply.is_json:
        what = (
            f"{reply.json_error} (HTTP {reply.status}, {reply.content_type or 'no content type'})"
        )
        ctx.judge("PROV-HTTP-002", False, what, evidence=reply)
        return
    ctx.judge("PROV-HTTP-002", True)
    if reply.status >= 500:
        return  # a 5xx body is evidence, not an answer to judge further
    media = reply.content_type.split(";")[0].strip().lower()
    received = describe(f"Content-Type {reply.content_type or '(none)'}", "application/json")
    ctx.judge("PROV-HTTP-003", media == "application/json", received, evidence=reply)
    data = reply.data
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, int) and error != 0:
        received = describe(f"HTTP {reply.status} for error {error}", "HTTP 200", clause="C-09")
        ctx.judge("PROV-HTTP-004", reply.status == 200, received, evidence=reply)
    if schema:
        problems = schema_problems(operation_id, data)
        ctx.judge("PROV-SCHEMA-001", not problems, "; ".join(problems[:5]), evidence=reply)
    if isinstance(data, dict):
        _envelope(ctx, data, error, reply)
    found = leaks(Sent.of(body), reply)
    message = f"the answer repeats {', '.join(found)} (C-50)"
    ctx.judge("PROV-SAFE-001", not found, message, evidence=reply)


def _envelope(ctx: SuiteContext, data: dict[str, Any], error: Any, reply: Reply) -> None:
    if isinstance(error, int) and error != 0:
        message, old = data.get("errMessage"), data.get("errorMessage")
        if (
            isinstance(old, str)
            and old.strip()
            and not (isinstance(message, str) and message.strip())
        ):
            warning = "only the deprecated errorMessage explains the error (C-10)"
            ctx.record("PROV-ENV-001", Verdict.WARN, warning, evidence=reply)
        else:
            received = describe(f"error {error} with keys {sorted(data)}", "a non-empty errMessage")
            ctx.judge(
                "PROV-ENV-001",
                isinstance(message, str) and bool(message.strip()),
                received,
                evidence=reply,
            )
    elif error == 0:
        message = data.get("errMessage")
        filled = isinstance(message, str) and bool(message.strip())
        ctx.judge(
            "PROV-ENV-002",
            not filled,
            "a success carries a non-empty errMessage (C-12)",
            evidence=reply,
        )
        inner = data.get("data")
        if isinstance(inner, dict):
            drift = sorted(k for k, v in inner.items() if k in data and data[k] != v)
            shown = ", ".join(
                f"{k}: top {json.dumps(data[k])[:40]} vs data {json.dumps(inner[k])[:40]}"
                for k in drift
                if k != "pan"
            )
            message = f"top-level copies contradict data ({shown}) (C-11)"
            ctx.judge("PROV-ENV-003", not drift, message, evidence=reply)
