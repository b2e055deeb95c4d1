"""``pact check``: partner pacts against the spec — the samples, pact versions, errors, masking."""

from __future__ import annotations

import base64
import copy
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conformance.contracts.check import (
    NO_BODY,
    PactFileError,
    ProviderState,
    check_pact,
    load_interactions,
    read_pact,
    record,
)
from conformance.findings import Recorder, Verdict

TODAY = date(2026, 11, 29)  # the sample cards (exp 2805) are valid on this day
PACTS = Path(__file__).with_name("pacts")
GENERATED = sorted((Path(__file__).resolve().parents[3] / "contracts" / "pacts").glob("*.json"))
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


def test_a_v2_pact_keeps_its_provider_state() -> None:
    pact = read_pact(PACTS / "v2-provider-state.json")
    assert pact.specification == "2.0.0"
    [interaction] = pact.interactions
    assert interaction.provider_states == (ProviderState("a card token exists", {}),)
    assert interaction.request_content_type == "application/json"
    assert interaction.request_body["card_token"] == "sdf9g87sd6f9g876sdf9g876sdf98g"


@pytest.mark.parametrize(
    "path", GENERATED or [pytest.param(None, marks=pytest.mark.skip(reason="no generated pacts"))]
)
def test_the_projects_generated_pacts_have_no_problems(path: Path) -> None:
    check = check_pact(path, today=TODAY)
    assert check.results
    assert check.problems == []


# ---- versions -------------------------------------------------------------------------------

STATE = {"name": "the shop exists", "params": {}}
RESPONSE = {"error": 2, "errMessage": "Wrong secret"}


def same_content_in(version: str) -> dict[str, Any]:
    """One interaction (query, headers, state, bodies) written the way ``version`` writes it."""
    request, query = bind_request(), {"lang": ["ru"], "x": ["1", "2"]}
    interaction: dict[str, Any] = {"description": "bind with a wrong secret"}
    if version == "2.0.0":
        interaction["providerState"] = STATE["name"]
        interaction["request"] = {
            "method": "post",  # old writers use lower case
            "path": "/bind_card",
            "query": "lang=ru&x=1&x=2",
            "headers": {"Content-Type": "application/json"},
            "body": request,
        }
        interaction["response"] = {
            "status": 200,
            "headers": {"Content-Type": "application/json"},
            "body": RESPONSE,
        }
    elif version == "3.0.0":
        interaction["providerStates"] = [STATE]
        interaction["request"] = {
            "method": "POST",
            "path": "/bind_card",
            "query": query,
            "headers": {"Content-Type": "application/json"},
            "body": request,
        }
        interaction["response"] = {
            "status": 200,
            "headers": {"Content-Type": "application/json"},
            "body": RESPONSE,
        }
    else:
        interaction = v4_interaction(request, RESPONSE, description=interaction["description"])
        interaction["providerStates"] = [STATE]
        interaction["request"]["query"] = query
        interaction["request"]["headers"] = {"Content-Type": ["application/json"]}
        interaction["response"]["headers"] = {"Content-Type": ["application/json"]}
    return {
        "consumer": {"name": "acme-shop"},
        "provider": {"name": "octo-tokenization"},
        "interactions": [interaction],
        "metadata": {"pactSpecification": {"version": version}},
    }


def test_v2_v3_and_v4_read_into_the_same_interactions() -> None:
    read = [load_interactions(same_content_in(v)) for v in ("2.0.0", "3.0.0", "4.0")]
    assert read[0] == read[1] == read[2]
    [interaction] = read[0]
    assert interaction.method == "POST"
    assert interaction.query == {"lang": ["ru"], "x": ["1", "2"]}
    assert interaction.request_headers == {"content-type": ["application/json"]}
    assert interaction.response_body == RESPONSE


def test_a_pact_without_metadata_is_read_as_v2() -> None:
    pact = same_content_in("2.0.0")
    del pact["metadata"]
    assert load_interactions(pact) == load_interactions(same_content_in("3.0.0"))


def test_v4_bodies_are_decoded_as_they_are_encoded() -> None:
    request = bind_request()
    encoded = v4_interaction(request, BIND_SUCCESS)
    encoded["request"]["body"] = {
        "content": base64.b64encode(json.dumps(request).encode()).decode(),
        "contentType": "application/json",
        "encoded": "base64",
    }
    as_text = v4_interaction(request, BIND_SUCCESS)
    as_text["request"]["body"] = {
        "content": json.dumps(request),
        "contentType": "application/json",
        "encoded": "json",
    }
    without = v4_interaction(request, BIND_SUCCESS)
    del without["request"]["body"], without["response"]["body"]
    first, second, third = load_interactions(v4_pact(encoded, as_text, without))
    assert first.request_body == second.request_body == request
    assert third.request_body is NO_BODY
    assert third.response_body is NO_BODY


def test_message_interactions_are_skipped_and_counted() -> None:
    message = {"type": "Asynchronous/Messages", "description": "a binding event", "contents": {}}
    http = v4_interaction(bind_request(), BIND_SUCCESS)
    pact = read_pact(v4_pact(message, http))
    assert (len(pact.interactions), pact.skipped) == (1, 1)


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


# ---- malformed files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "top level is a JSON array"),
        ('{"consumer": {"name": "a"}, "provider": {"name": "b"}}', "no interactions"),
        ('{"interactions": []}', "no interactions"),
        ('{"interactions": {"a": 1}}', "interactions is a JSON object"),
        ('{"interactions": [42]}', "interactions[0] is a JSON number"),
        ('{"interactions": [{"description": "x", "request": {"path": "/"}}]}', "needs a request"),
        (
            '{"interactions": [{"request": {"method": "POST", "path": "/"}, "response": {}}]}',
            "integer status",
        ),
    ],
)
def test_a_malformed_file_raises_a_clear_error(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "partner.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PactFileError, match=re.escape(words)) as raised:
        check_pact(path, today=TODAY)
    assert str(path) in str(raised.value)


def test_a_missing_file_raises_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PactFileError, match="cannot read"):
        read_pact(tmp_path / "absent.json")


def test_bad_base64_raises_a_clear_error() -> None:
    interaction = v4_interaction({}, {})
    interaction["request"]["body"] = {"content": "%%%", "encoded": "base64"}
    with pytest.raises(PactFileError, match="base64"):
        read_pact(v4_pact(interaction))


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
