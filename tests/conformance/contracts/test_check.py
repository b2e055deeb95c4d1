"""``pact check``: partner pacts against the spec — the samples, each problem, masking.

Reading the pact file itself (V2/V3/V4, malformed files) is tested in ``test_pact_file.py``.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from octo_conformance.contracts.check import check_pact, load_interactions, read_pact, record
from octo_conformance.contracts.generate import PACT_DIR
from octo_conformance.findings import Recorder, Verdict

TODAY = date(2026, 11, 29)  # the sample cards (exp 2805) are valid on this day
PACTS = Path(__file__).with_name("pacts")
GENERATED = sorted(PACT_DIR.glob("*.json"))  # the shipped pacts
PAN = "9860240101226506"  # the documented Humo test card

# each sample mistake and the one problem it must yield: (requirement, pointer, words of the message)
MISTAKES = {
    "mmyy-expiry.json": ("PACT-CHECK-001", "/request/body/exp", "exp.month"),
    "card-token-in-bind-response.json": (
        "PACT-CHECK-002",
        "/response/body/data/card_token",
        "BindCardSuccess does not define",
    ),
    "http-4xx-for-errors.json": ("PACT-CHECK-002", "/response/status", "C-09"),
    "shop-id-as-string.json": ("PACT-CHECK-001", "/request/body/octo_shop_id", "C-03"),
    "reads-errormessage-only.json": ("PACT-CHECK-002", "/response/body/errMessage", "C-10"),
}


def bind_request() -> dict[str, Any]:
    body = json.loads((PACTS / "compatible.json").read_text(encoding="utf-8"))
    found: dict[str, Any] = body["interactions"][0]["request"]["body"]["content"]
    return copy.deepcopy(found)


def v4_interaction(
    request: Any,
    response: Any,
    *,
    path: str = "/bind_card",
    method: str = "POST",
    status: int = 200,
    description: str = "an interaction",
) -> dict[str, Any]:
    def body(content: Any) -> dict[str, Any]:
        return {"content": content, "contentType": "application/json", "encoded": False}

    return {
        "type": "Synchronous/HTTP",
        "description": description,
        "request": {"method": method, "path": path, "body": body(request)},
        "response": {"status": status, "body": body(response)},
    }


def v4_pact(*interactions: dict[str, Any], consumer: str = "acme-shop") -> dict[str, Any]:
    return {
        "consumer": {"name": consumer},
        "provider": {"name": "octo-tokenization"},
        "interactions": list(interactions),
        "metadata": {"pactSpecification": {"version": "4.0"}},
    }


BIND_SUCCESS: dict[str, Any] = {
    "error": 0,
    "data": {
        "shop_transaction_id": "0b6f7a5e",
        "octo_payment_UUID": "06000144-db56-47b6-9eba-021ad4ff246b",
        "status": "created",
        "octo_pay_url": "https://pay-dev.octo.uz/uzcard/sms/06000144-db56-47b6-9eba-021ad4ff246b",
        "refunded_sum": 0,
        "total_sum": 1000,
    },
}


def problems_of(pact: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p.requirement, p.pointer) for p in check_pact(pact, today=TODAY).problems]


# ---- the samples ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["compatible.json", "v2-provider-state.json"])
def test_a_compatible_pact_has_no_problems(name: str) -> None:
    check = check_pact(PACTS / name, today=TODAY)
    assert check.results
    assert check.problems == []


def test_the_compatible_pact_holds_the_documented_flow() -> None:
    paths = [i.path for i in load_interactions(PACTS / "compatible.json")]
    assert set(paths) == {
        "/bind_card",
        "/verificationInfo/",
        "/bind_card/check_sms_key",
        "/block_card_token",
    }


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_each_mistake_yields_exactly_its_problem(name: str) -> None:
    requirement, pointer, words = MISTAKES[name]
    check = check_pact(PACTS / name, today=TODAY)
    [problem] = check.problems
    assert (problem.requirement, problem.pointer) == (requirement, pointer)
    assert words in problem.message
    assert problem.interaction == check.pact.interactions[0].description


def test_the_samples_mix_v3_and_v4() -> None:
    versions = {read_pact(PACTS / name).specification[0] for name in MISTAKES}
    assert versions == {"3", "4"}


@pytest.mark.parametrize(
    "path", GENERATED or [pytest.param(None, marks=pytest.mark.skip(reason="no generated pacts"))]
)
def test_the_projects_generated_pacts_have_no_problems(path: Path) -> None:
    check = check_pact(path, today=TODAY)
    assert check.results
    assert check.problems == []


# ---- no HTTP interactions -------------------------------------------------------------------


def test_a_messages_only_pact_is_skipped() -> None:
    v3_messages = {
        "consumer": {"name": "acme-shop"},
        "provider": {"name": "octo-events"},
        "messages": [{"description": "a binding event", "contents": {"status": "active"}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }
    for pact in (v3_messages, v4_pact({"type": "Synchronous/Messages", "description": "ask"})):
        check = check_pact(pact, today=TODAY)
        assert (check.results, check.problems, check.pact.skipped) == ((), [], 1)
        recorder = Recorder()
        record(check, recorder)
        assert recorder.verdict("PACT-CHECK-001") is Verdict.SKIP
        assert recorder.verdict("PACT-CHECK-002") is Verdict.SKIP


# ---- more problems --------------------------------------------------------------------------


def test_the_slashless_verification_info_path_is_named_with_c08() -> None:
    request = {"octo_payment_UUID": "06000144-db56-47b6-9eba-021ad4ff246b"}
    answer = {"error": 0, "data": {"verifyId": 819, "phone": "+998** *****33", "secondsLeft": 221}}
    check = check_pact(
        v4_pact(v4_interaction(request, answer, path="/verificationInfo")), today=TODAY
    )
    [problem] = check.problems
    assert (problem.requirement, problem.pointer) == ("PACT-CHECK-001", "/request/path")
    assert "/verificationInfo/" in problem.message
    assert "C-08" in problem.message


def test_the_body_of_a_near_miss_path_is_still_judged() -> None:
    request = {"octo_payment_UUID": "not-a-uuid"}
    pact = v4_pact(v4_interaction(request, None, path="/verificationInfo"))
    assert problems_of(pact) == [
        ("PACT-CHECK-001", "/request/path"),
        ("PACT-CHECK-001", "/request/body/octo_payment_UUID"),
        ("PACT-CHECK-002", "/response/body"),
    ]


@pytest.mark.parametrize(
    ("method", "path", "pointer"),
    [
        ("POST", "/cards/bind", "/request/path"),
        ("GET", "/bind_card", "/request/method"),
    ],
)
def test_an_unknown_operation_is_one_problem(method: str, path: str, pointer: str) -> None:
    pact = v4_pact(v4_interaction(bind_request(), BIND_SUCCESS, method=method, path=path))
    assert problems_of(pact) == [("PACT-CHECK-001", pointer)]


def test_a_wrong_content_type_is_flagged_on_either_side() -> None:
    interaction = v4_interaction(bind_request(), BIND_SUCCESS)
    interaction["request"]["headers"] = {"Content-Type": ["application/x-www-form-urlencoded"]}
    interaction["response"]["headers"] = {"content-type": ["text/html"]}
    check = check_pact(v4_pact(interaction), today=TODAY)
    assert [(p.requirement, p.pointer) for p in check.problems] == [
        ("PACT-CHECK-001", "/request/headers/Content-Type"),
        ("PACT-CHECK-002", "/response/headers/Content-Type"),
    ]
    assert all("C-46" in p.message for p in check.problems)


def test_a_charset_parameter_is_fine() -> None:
    interaction = v4_interaction(bind_request(), BIND_SUCCESS)
    interaction["request"]["headers"] = {"Content-Type": ["application/json; charset=utf-8"]}
    assert problems_of(v4_pact(interaction)) == []


def test_an_expired_card_and_a_null_request_body_are_request_problems() -> None:
    expired = v4_interaction({**bind_request(), "exp": "2510"}, BIND_SUCCESS)
    null = v4_interaction(None, BIND_SUCCESS, description="null")
    check = check_pact(v4_pact(expired, null), today=TODAY)
    first, second = check.results
    assert [p.pointer for p in first.problems] == ["/request/body/exp"]
    assert "exp.expired" in first.problems[0].message
    assert [p.pointer for p in second.problems] == ["/request/body"]
    assert "null" in second.problems[0].message


def test_an_expected_500_is_one_problem_and_its_body_is_not_judged() -> None:
    body = {"title": "Internal Server Error", "status": 500}
    pact = v4_pact(v4_interaction(bind_request(), body, status=500))
    assert problems_of(pact) == [("PACT-CHECK-002", "/response/status")]


def test_a_response_without_a_body_expects_nothing_of_it() -> None:
    interaction = v4_interaction(bind_request(), {})
    del interaction["response"]["body"]
    assert problems_of(v4_pact(interaction)) == []


def test_an_error_without_any_message_is_flagged() -> None:
    pact = v4_pact(v4_interaction(bind_request(), {"error": 20}))
    check = check_pact(pact, today=TODAY)
    [problem] = check.problems
    assert problem.pointer == "/response/body/errMessage"
    assert "deprecated" not in problem.message


def test_schema_problems_of_an_expected_body_point_into_it() -> None:
    answer = copy.deepcopy(BIND_SUCCESS)
    answer["data"]["total_sum"] = "1000"
    del answer["data"]["status"]
    assert problems_of(v4_pact(v4_interaction(bind_request(), answer))) == [
        ("PACT-CHECK-002", "/response/body/data/status"),
        ("PACT-CHECK-002", "/response/body/data/total_sum"),
    ]


def test_top_level_copies_are_tolerated_unless_they_contradict_data() -> None:
    agreeing = {**BIND_SUCCESS, "status": "created", "total_sum": 1000}
    contradicting = {**BIND_SUCCESS, "total_sum": 2000}
    pact = v4_pact(
        v4_interaction(bind_request(), agreeing),
        v4_interaction(bind_request(), contradicting, description="contradicting"),
    )
    check = check_pact(pact, today=TODAY)
    assert check.results[0].problems == ()
    [problem] = check.results[1].problems
    assert problem.pointer == "/response/body/total_sum"
    assert "C-11" in problem.message


def test_an_undefined_field_of_an_error_envelope_is_flagged() -> None:
    answer = {"error": 2, "errMessage": "Wrong secret", "errorCode": "AUTH"}
    assert problems_of(v4_pact(v4_interaction(bind_request(), answer))) == [
        ("PACT-CHECK-002", "/response/body/errorCode")
    ]


# ---- the webhook direction ------------------------------------------------------------------

CALLBACK = {
    "shop_transaction_id": "d87f4hd8d76f4h58d",
    "pan": PAN,
    "exp": "3005",
    "cardHolderName": "Card Holder Name",
    "card_token": "sdf9g87sd6f9g876sdf9g876sdf98g",
    "status": "active",
}


def test_octos_own_webhook_pact_is_judged_as_callbacks() -> None:
    ack = {"status": "success", "message": "Callback processed successfully"}
    rejection = {"status": "error", "message": "Invalid shop_transaction_id"}
    pact = v4_pact(
        v4_interaction(CALLBACK, ack, path="/octo/callback"),
        v4_interaction(CALLBACK, rejection, path="/octo/callback", status=404),
        v4_interaction({**CALLBACK, "exp": "0530"}, ack, path="/hook", status=202),
        consumer="octo-tokenization",
    )
    check = check_pact(pact, today=TODAY)
    assert [r.problems for r in check.results[:2]] == [(), ()]
    assert [(p.requirement, p.pointer) for p in check.results[2].problems] == [
        ("PACT-CHECK-001", "/request/body/exp"),
        ("PACT-CHECK-002", "/response/status"),
    ]


# ---- masking and recording ------------------------------------------------------------------


def test_a_problem_never_quotes_a_full_pan() -> None:
    answer = {
        "error": 0,
        "data": {
            "shop_transaction_id": "0b6f7a5e",
            "octo_payment_UUID": "06000144-db56-47b6-9eba-021ad4ff246b",
            "status": "succeeded",
            "octo_pay_url": "https://pay-dev.octo.uz/status/06000144-db56-47b6-9eba-021ad4ff246b",
            "total_sum": 1000,
            "first6": PAN,  # the partner expects the whole card where six digits belong
        },
    }
    request = {
        "octo_shop_id": 10000,
        "octo_secret": "merchant_secret",
        "smsKey": "61135",
        "paymentUUID": "06000144-db56-47b6-9eba-021ad4ff246b",
        "verifyId": 819,
    }
    interaction = v4_interaction(
        request, answer, path="/bind_card/check_sms_key", description=f"confirm card {PAN}"
    )
    check = check_pact(v4_pact(interaction), today=TODAY)
    [problem] = check.problems
    assert problem.pointer == "/response/body/data/first6"
    assert "986024…6506" in problem.message
    assert "986024…6506" in problem.interaction
    recorder = Recorder()
    record(check, recorder)
    [finding] = recorder.findings()
    shown = json.dumps([finding.message, [vars(e) for e in finding.evidence]], ensure_ascii=False)
    for secret in (PAN, "merchant_secret", "61135"):
        assert secret not in shown


def test_a_problem_never_quotes_a_full_phone() -> None:
    phone = "998901234567"
    request = {**bind_request(), "phone": f"+{phone}"}  # a phone.charset problem
    interaction = v4_interaction(request, BIND_SUCCESS, description=f"bind the card of {phone}")
    check = check_pact(v4_pact(interaction), today=TODAY)
    [problem] = check.problems
    assert problem.pointer == "/request/body/phone"
    assert problem.interaction == "bind the card of 99890*****67"
    recorder = Recorder()
    record(check, recorder)
    [finding] = recorder.findings()
    shown = json.dumps([finding.message, [vars(e) for e in finding.evidence]], ensure_ascii=False)
    assert phone not in shown
    sent = finding.evidence[0].request_body
    assert sent is not None
    assert json.loads(sent)["phone"] == "+99890*****67"


def test_record_passes_clean_interactions_and_fails_each_problem() -> None:
    clean = v4_interaction(bind_request(), BIND_SUCCESS, description="clean")
    broken = v4_interaction(
        {**bind_request(), "exp": "1229", "octo_shop_id": "10000"},
        {"error": 2, "errorMessage": "Wrong secret"},
        description="broken",
        status=400,
    )
    check = check_pact(v4_pact(clean, broken), today=TODAY)
    recorder = Recorder(keep=10)
    record(check, recorder)
    requests, responses = recorder.tallies["PACT-CHECK-001"], recorder.tallies["PACT-CHECK-002"]
    assert (requests.counts[Verdict.PASS], requests.counts[Verdict.FAIL]) == (1, 2)
    assert (responses.counts[Verdict.PASS], responses.counts[Verdict.FAIL]) == (1, 2)
    messages = sorted(f.message for f in recorder.findings())
    assert messages[0].startswith("broken: /request/body/exp: ")
    assert {f.check for f in recorder.findings()} == {"pact check"}
    assert all(f.evidence[0].url == "/bind_card" for f in recorder.findings())
    assert recorder.failed() == ["PACT-CHECK-001", "PACT-CHECK-002"]


def test_record_of_a_compatible_pact_passes_both_requirements() -> None:
    check = check_pact(PACTS / "compatible.json", today=TODAY)
    recorder = Recorder()
    record(check, recorder)
    for requirement in ("PACT-CHECK-001", "PACT-CHECK-002"):
        assert recorder.tallies[requirement].counts == {Verdict.PASS: len(check.results)}
    assert recorder.findings() == []


def test_an_interaction_of_no_octo_operation_gets_no_response_pass() -> None:
    """Its request is a PACT-CHECK-001 problem; its expected answer was judged against nothing,
    so PACT-CHECK-002 records a skip with the reason, never a pass."""
    stray = v4_interaction({"x": 1}, {"ok": True}, path="/no/such/operation", description="stray")
    check = check_pact(v4_pact(stray), today=TODAY)
    recorder = Recorder()
    record(check, recorder)
    responses = recorder.tallies["PACT-CHECK-002"]
    assert responses.counts[Verdict.PASS] == 0
    assert responses.verdict is Verdict.SKIP
    [skip] = [f for f in recorder.findings() if f.requirement == "PACT-CHECK-002"]
    assert skip.message == "stray: matches no OCTO operation, so its expected answer was not judged"
    assert recorder.verdict("PACT-CHECK-001") is Verdict.FAIL
