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

from conformance.findings import Recorder, Verdict
from conformance.harness.http import Reply
from openapi.responses import schema_problems

OTP_FIELDS: Final = ("smsKey", "otp", "code")
CVC_FIELDS: Final = ("cvc2", "cvv2", "cvv", "cvc")
CARD_DIGITS: Final = ("first6", "last4")  # digits that may equal a short code by chance


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


def judge_reply(
    recorder: Recorder,
    operation_id: str,
    body: Any,
    reply: Reply,
    *,
    check: str,
    schema: bool = True,
) -> None:
    """Record the generic verdicts for one answer (``schema=False``: schemathesis judged it)."""
    evidence = [reply.exchange]

    def say(req: str, verdict: Verdict, message: str = "") -> None:
        recorder.record(
            req,
            verdict,
            message,
            check=check,
            evidence=evidence if verdict is not Verdict.PASS else (),
        )

    if reply.status is None:
        say("PROV-HTTP-002", Verdict.FAIL, f"no answer: {reply.json_error}")
        return
    if reply.status >= 500:
        say(
            "PROV-HTTP-001",
            Verdict.FAIL,
            f"Received HTTP {reply.status}; Documented: HTTP 200 with an envelope (C-45)",
        )
    else:
        say("PROV-HTTP-001", Verdict.PASS)
    if not reply.is_json:
        say(
            "PROV-HTTP-002",
            Verdict.FAIL,
            f"{reply.json_error} (HTTP {reply.status}, {reply.content_type or 'no content type'})",
        )
        return
    say("PROV-HTTP-002", Verdict.PASS)
    if reply.status >= 500:
        return  # a 5xx body is evidence, not an answer to judge further
    media = reply.content_type.split(";")[0].strip().lower()
    if media == "application/json":
        say("PROV-HTTP-003", Verdict.PASS)
    else:
        say(
            "PROV-HTTP-003",
            Verdict.FAIL,
            f"Received Content-Type {reply.content_type or '(none)'}; Documented: application/json",
        )
    data = reply.data
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, int) and error != 0:
        if reply.status == 200:
            say("PROV-HTTP-004", Verdict.PASS)
        else:
            say(
                "PROV-HTTP-004",
                Verdict.FAIL,
                f"Received HTTP {reply.status} for error {error}; Documented: HTTP 200 (C-09)",
            )
    if schema:
        problems = schema_problems(operation_id, data)
        if problems:
            say("PROV-SCHEMA-001", Verdict.FAIL, "; ".join(problems[:5]))
        else:
            say("PROV-SCHEMA-001", Verdict.PASS)
    if isinstance(data, dict):
        _envelope(data, error, say)
    found = leaks(Sent.of(body), reply)
    if found:
        say("PROV-SAFE-001", Verdict.FAIL, f"the answer repeats {', '.join(found)} (C-50)")
    else:
        say("PROV-SAFE-001", Verdict.PASS)


def _envelope(data: dict[str, Any], error: Any, say: Any) -> None:
    if isinstance(error, int) and error != 0:
        message, old = data.get("errMessage"), data.get("errorMessage")
        if isinstance(message, str) and message.strip():
            say("PROV-ENV-001", Verdict.PASS)
        elif isinstance(old, str) and old.strip():
            say(
                "PROV-ENV-001",
                Verdict.WARN,
                "only the deprecated errorMessage explains the error (C-10)",
            )
        else:
            say(
                "PROV-ENV-001",
                Verdict.FAIL,
                f"error {error} comes without errMessage (Received keys: {sorted(data)})",
            )
    elif error == 0:
        message = data.get("errMessage")
        if isinstance(message, str) and message.strip():
            say("PROV-ENV-002", Verdict.FAIL, "a success carries a non-empty errMessage (C-12)")
        else:
            say("PROV-ENV-002", Verdict.PASS)
        inner = data.get("data")
        if isinstance(inner, dict):
            drift = sorted(k for k, v in inner.items() if k in data and data[k] != v)
            if drift:
                shown = ", ".join(
                    f"{k}: top {json.dumps(data[k])[:40]} vs data {json.dumps(inner[k])[:40]}"
                    for k in drift
                    if k != "pan"
                )
                say(
                    "PROV-ENV-003",
                    Verdict.FAIL,
                    f"top-level copies contradict data ({shown}) (C-11)",
                )
            else:
                say("PROV-ENV-003", Verdict.PASS)
