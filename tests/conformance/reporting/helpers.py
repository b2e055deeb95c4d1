"""A small finished run to report on: every verdict, evidence holding card data, a suite error."""

from __future__ import annotations

from typing import Any

from octo_conformance.findings import Exchange, Recorder, Verdict
from octo_conformance.masking import Masker
from octo_conformance.reporting.model import RunFacts, build_report
from octo_conformance.requirements import Mode, of_mode

PAN = "8600123456789012"
SECRET = "shop-secret-0123456789"
OTP = "61135"
STARTED = 1_795_000_000.0


def exchange(body: str) -> Exchange:
    return Exchange(
        method="POST", url="http://127.0.0.1:8080/bind_card", request_body=body, status=200,
        response_headers={"content-type": "application/json"}, response_body=body,
        elapsed_ms=3.2, curl=f"curl -sS -X POST http://127.0.0.1:8080/bind_card --data-raw '{body}'",
    )  # fmt: skip


def finished_run() -> tuple[Recorder, Masker]:
    masker = Masker()
    masker.pan(PAN)
    masker.secret(SECRET)
    masker.otp(OTP)
    recorder = Recorder()
    # a careless check put the raw values in a message and in evidence: the report masks them
    leaky = f'{{"pan": "{PAN}", "octo_secret": "{SECRET}", "smsKey": "{OTP}"}}'
    recorder.record("PROV-HTTP-001", Verdict.FAIL, "Received HTTP 500 <&> for card " + PAN, check="humo-binding", evidence=[exchange(leaky)])  # fmt: skip
    recorder.record("PROV-HTTP-001", Verdict.PASS, "", check="rules")
    recorder.record(
        "PROV-HTTP-003", Verdict.FAIL, "Received Content-Type text/plain", check="rules"
    )
    recorder.record("PROV-HTTP-002", Verdict.PASS, "", check="rules")
    recorder.record("PROV-SMS-001", Verdict.SKIP, "OTP-dependent check skipped: no OTP source", check="humo-binding")  # fmt: skip
    return recorder, masker


def all_passed(mode: Mode = Mode.PROVIDER) -> Recorder:
    """Every requirement of ``mode`` judged and passed: the only conformant run."""
    recorder = Recorder()
    for requirement in of_mode(mode):
        recorder.record(requirement.id, Verdict.PASS, "", check="c")
    return recorder


def facts(**changes: Any) -> RunFacts:
    values: dict[str, Any] = {
        "run_id": "provider-20261118T000000Z-7", "mode": Mode.PROVIDER,
        "target": "http://127.0.0.1:8080", "seed": 7, "profile": "quick",
        "started": STARTED, "finished": STARTED + 12.345,
        "options": {"shop_id": 10000, "secret_env": "OCTO_SECRET"},
        "errors": ["scenarios: RuntimeError: boom"],
    }  # fmt: skip
    values.update(changes)
    return RunFacts(**values)


def report(**changes: Any) -> dict[str, Any]:
    recorder, masker = finished_run()
    return build_report(facts(**changes), recorder, masker)
