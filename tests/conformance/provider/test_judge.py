"""judge_reply: each generic requirement passes on a documented answer and catches its defect."""

from __future__ import annotations

import copy
import inspect
import json
import re
from typing import Any

import pytest

import octo_conformance.provider.judge
from octo_conformance.core.context import SuiteContext
from octo_conformance.findings import Exchange, Recorder, Verdict
from octo_conformance.harness.http import Reply
from octo_conformance.masking import Masker
from octo_conformance.openapi.spec import load_spec
from octo_conformance.provider.judge import REPLY_REQUIREMENTS, Sent, judge_reply, leaks

PATHS = {
    "bindCard": "/bind_card",
    "verificationInfo": "/verificationInfo/",
    "checkSmsKey": "/bind_card/check_sms_key",
    "blockCardToken": "/block_card_token",
}
PAN = "9860240101226506"  # the documented request's card
SECRET = "merchant_secret"
OTP = "61135"


def operation(operation_id: str) -> dict[str, Any]:
    found: dict[str, Any] = load_spec().document["paths"][PATHS[operation_id]]["post"]
    return found


def documented_request(operation_id: str) -> dict[str, Any]:
    content = operation(operation_id)["requestBody"]["content"]["application/json"]
    examples = content["examples"]
    value: dict[str, Any] = next(iter(examples.values()))["value"]
    return copy.deepcopy(value)


def documented_answer(operation_id: str, example: str = "documented") -> dict[str, Any]:
    content = operation(operation_id)["responses"]["200"]["content"]["application/json"]
    value: dict[str, Any] = content["examples"][example]["value"]
    return copy.deepcopy(value)


def reply(
    answer: Any, *, status: int | None = 200, content_type: str = "application/json"
) -> Reply:
    """A Reply as TargetClient builds it from an answer (bytes are sent as they are)."""
    content = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
    data, error = None, None
    if status is None:
        content, error = b"", "ReadTimeout"
    else:
        try:
            data = json.loads(content)
        except ValueError:
            error = "the answer is not JSON"
    exchange = Exchange("POST", "http://127.0.0.1:1/x", None, status, {}, None, 1.0, "curl ...")
    headers = {"content-type": content_type} if status is not None else {}
    return Reply(status, headers, content, data, error, exchange, None)


def judge(operation_id: str, answer: Reply, body: Any = None, **options: bool) -> Recorder:
    recorder = Recorder()
    sent = documented_request(operation_id) if body is None else body
    judge_reply(
        SuiteContext(recorder, Masker()).checking("test"), operation_id, sent, answer, **options
    )
    return recorder


def verdicts(recorder: Recorder) -> dict[str, Verdict | None]:
    return {req: tally.verdict for req, tally in recorder.tallies.items()}


def message(recorder: Recorder, requirement: str) -> str:
    [finding] = recorder.tallies[requirement].findings
    return finding.message


DOCUMENTED = [
    ("bindCard", "documented"),
    ("bindCard", "duplicate"),
    ("verificationInfo", "documented"),
    ("verificationInfo", "expired"),
    ("checkSmsKey", "documented"),
    ("blockCardToken", "documented"),
]


@pytest.mark.parametrize(("operation_id", "example"), DOCUMENTED)
def test_every_documented_answer_passes(operation_id: str, example: str) -> None:
    recorder = judge(operation_id, reply(documented_answer(operation_id, example)))
    judged = verdicts(recorder)
    assert set(judged.values()) == {Verdict.PASS}, recorder.findings()
    assert {"PROV-HTTP-001", "PROV-HTTP-002", "PROV-HTTP-003", "PROV-SCHEMA-001",
            "PROV-SAFE-001"} <= set(judged)  # fmt: skip
    if documented_answer(operation_id, example)["error"]:
        assert {"PROV-HTTP-004", "PROV-ENV-001"} <= set(judged)
    else:
        assert "PROV-ENV-002" in judged
    assert recorder.findings() == []  # passes keep no evidence


def test_the_documented_top_level_copies_pass_env_003() -> None:
    recorder = judge("checkSmsKey", reply(documented_answer("checkSmsKey")))
    assert recorder.verdict("PROV-ENV-003") is Verdict.PASS


def test_a_5xx_fails_http_001_and_is_judged_no_further() -> None:
    problem = {"title": "Internal Server Error", "status": 500, "detail": "NullPointerException"}
    recorder = judge("bindCard", reply(problem, status=500))
    assert verdicts(recorder) == {"PROV-HTTP-001": Verdict.FAIL, "PROV-HTTP-002": Verdict.PASS}
    assert message(recorder, "PROV-HTTP-001").startswith("Received HTTP 500")
    [finding] = recorder.tallies["PROV-HTTP-001"].findings
    assert len(finding.evidence) == 1


def test_a_5xx_html_page_fails_both() -> None:
    recorder = judge(
        "bindCard", reply(b"<html>Bad Gateway</html>", status=502, content_type="text/html")
    )
    assert verdicts(recorder) == {"PROV-HTTP-001": Verdict.FAIL, "PROV-HTTP-002": Verdict.FAIL}


def test_an_html_body_fails_http_002() -> None:
    recorder = judge(
        "bindCard", reply(b"<html><body>Welcome</body></html>", content_type="text/html")
    )
    assert verdicts(recorder) == {"PROV-HTTP-001": Verdict.PASS, "PROV-HTTP-002": Verdict.FAIL}
    assert "text/html" in message(recorder, "PROV-HTTP-002")


def test_no_answer_at_all_fails_http_002_only() -> None:
    recorder = judge("bindCard", reply(None, status=None))
    assert verdicts(recorder) == {"PROV-HTTP-002": Verdict.FAIL}
    assert message(recorder, "PROV-HTTP-002") == "no answer: ReadTimeout"


def test_json_labelled_text_plain_warns_http_003() -> None:
    answer = reply(documented_answer("bindCard"), content_type="text/plain; charset=utf-8")
    recorder = judge("bindCard", answer)
    assert recorder.verdict("PROV-HTTP-003") is Verdict.WARN
    assert "text/plain" in message(recorder, "PROV-HTTP-003")
    assert recorder.verdict("PROV-SCHEMA-001") is Verdict.PASS


def test_json_with_a_charset_is_application_json() -> None:
    answer = reply(documented_answer("bindCard"), content_type="Application/JSON; charset=utf-8")
    assert judge("bindCard", answer).verdict("PROV-HTTP-003") is Verdict.PASS


def test_a_handled_error_with_http_400_warns_http_004() -> None:
    recorder = judge("bindCard", reply(documented_answer("bindCard", "duplicate"), status=400))
    judged = verdicts(recorder)
    assert judged["PROV-HTTP-004"] is Verdict.WARN
    assert judged["PROV-HTTP-001"] is Verdict.PASS
    assert judged["PROV-SCHEMA-001"] is Verdict.PASS
    assert message(recorder, "PROV-HTTP-004") == (
        "Received HTTP 400 for error 20; Documented: HTTP 200 (C-09)"
    )


def test_sums_as_strings_fail_the_schema() -> None:
    answer = documented_answer("bindCard")
    answer["data"]["total_sum"] = "1000"
    answer["data"]["refunded_sum"] = "0"
    recorder = judge("bindCard", reply(answer))
    assert recorder.verdict("PROV-SCHEMA-001") is Verdict.FAIL
    text = message(recorder, "PROV-SCHEMA-001")
    assert "data/total_sum" in text
    assert "Documented: BindCardSuccess" in text


def test_a_missing_required_field_fails_the_schema() -> None:
    answer = documented_answer("blockCardToken")
    del answer["status"]
    recorder = judge("blockCardToken", reply(answer))
    assert recorder.verdict("PROV-SCHEMA-001") is Verdict.FAIL


def test_schema_false_leaves_the_schema_to_someone_else() -> None:
    answer = documented_answer("bindCard")
    answer["data"]["total_sum"] = "1000"
    recorder = judge("bindCard", reply(answer), schema=False)
    assert "PROV-SCHEMA-001" not in recorder.tallies


def test_only_the_deprecated_error_message_warns_env_001() -> None:
    answer = {"error": 2, "errorMessage": "Wrong secret", "data": None}
    recorder = judge("bindCard", reply(answer))
    assert recorder.verdict("PROV-ENV-001") is Verdict.WARN
    assert "errorMessage" in message(recorder, "PROV-ENV-001")
    assert recorder.verdict("PROV-SCHEMA-001") is Verdict.PASS  # C-10 is ENV-001's to judge


@pytest.mark.parametrize(
    "answer",
    [
        {"error": 2, "data": None},
        {"error": 2, "errMessage": "", "errorMessage": "  "},
        {"error": 2, "errMessage": None},
    ],
)
def test_an_error_without_any_message_fails_env_001(answer: dict[str, Any]) -> None:
    recorder = judge("bindCard", reply(answer))
    assert recorder.verdict("PROV-ENV-001") is Verdict.FAIL
    assert message(recorder, "PROV-ENV-001").startswith("Received error 2 with keys")


def test_a_success_with_an_error_message_warns_env_002() -> None:
    answer = documented_answer("verificationInfo")
    answer["errMessage"] = "OK"
    recorder = judge("verificationInfo", reply(answer))
    assert recorder.verdict("PROV-ENV-002") is Verdict.WARN
    assert recorder.tallies["PROV-ENV-002"].counts[Verdict.FAIL] == 0


@pytest.mark.parametrize("empty", ["", None, "   "])
def test_a_success_with_an_empty_error_message_passes_env_002(empty: str | None) -> None:
    answer = documented_answer("verificationInfo")
    answer["errMessage"] = empty
    assert judge("verificationInfo", reply(answer)).verdict("PROV-ENV-002") is Verdict.PASS


def test_a_top_level_copy_that_contradicts_data_fails_env_003() -> None:
    answer = documented_answer("checkSmsKey")
    answer["status"] = "created"  # data says succeeded
    answer["total_sum"] = 999
    recorder = judge("checkSmsKey", reply(answer))
    assert recorder.verdict("PROV-ENV-003") is Verdict.FAIL
    text = message(recorder, "PROV-ENV-003")
    assert 'status: top "created" vs data "succeeded"' in text
    assert "total_sum: top 999 vs data 1000.0" in text


def test_a_contradicting_pan_copy_is_not_quoted() -> None:
    answer = documented_answer("checkSmsKey")
    answer["data"]["pan"] = PAN
    answer["pan"] = "8600123456789012"
    recorder = judge("checkSmsKey", reply(answer))
    assert recorder.verdict("PROV-ENV-003") is Verdict.FAIL
    text = message(recorder, "PROV-ENV-003")
    assert PAN not in text
    assert "8600123456789012" not in text


def error_with(**fields: Any) -> dict[str, Any]:
    return {"error": 1, "errMessage": "Data format error", "data": None, **fields}


@pytest.mark.parametrize(
    ("operation_id", "answer", "named"),
    [
        ("bindCard", error_with(errMessage=f"card {PAN} is invalid"), "the full PAN"),
        ("bindCard", error_with(data={"pan": int(PAN)}), "the full PAN"),
        ("bindCard", error_with(errMessage=f"wrong secret {SECRET}"), "the shop secret"),
        ("checkSmsKey", error_with(data={"smsKey": OTP}), "the OTP"),
        ("checkSmsKey", error_with(data={"code": int(OTP)}), "the OTP"),
    ],
)
def test_an_echoed_confidential_value_fails_safe_001(
    operation_id: str, answer: dict[str, Any], named: str
) -> None:
    recorder = judge(operation_id, reply(answer))
    assert recorder.verdict("PROV-SAFE-001") is Verdict.FAIL
    text = message(recorder, "PROV-SAFE-001")
    assert text == f"the answer repeats {named} (C-50)"
    for value in (PAN, SECRET, OTP):
        assert value not in text


@pytest.mark.parametrize("field", [{"cvc2": "737"}, {"card": {"CVV2": "737"}}, {"cvc": 737}])
def test_an_echoed_cvc2_fails_safe_001(field: dict[str, Any]) -> None:
    body = {**documented_request("bindCard"), "method": "bank_card", "cvc2": "737",
            "pan": "4111111111111111"}  # fmt: skip
    recorder = judge("bindCard", reply(error_with(data=field)), body)
    assert recorder.verdict("PROV-SAFE-001") is Verdict.FAIL
    assert message(recorder, "PROV-SAFE-001") == "the answer repeats the CVC2 (C-50)"


def test_three_digits_under_another_name_are_not_called_a_cvc2_echo() -> None:
    # three digits occur everywhere (amounts, ids): only a CVC-named field is an echo
    body = {**documented_request("bindCard"), "method": "bank_card", "cvc2": "737",
            "pan": "4111111111111111"}  # fmt: skip
    recorder = judge("bindCard", reply(error_with(data={"echo": "737"})), body)
    assert recorder.verdict("PROV-SAFE-001") is Verdict.PASS


def test_every_leak_is_named_at_once() -> None:
    body = {**documented_request("bindCard"), "cvc2": "737"}
    answer = reply(error_with(data={**body}))
    assert leaks(Sent.of(body), answer) == [
        "the full PAN",
        "the shop secret",
        "the CVC2",
    ]


def test_a_short_secret_counts_only_as_a_whole_value() -> None:
    body = {"octo_secret": "abc", "octo_shop_id": 1, "card_token": "t"}
    assert leaks(Sent.of(body), reply(error_with(errMessage="abc is wrong"))) == []
    assert leaks(Sent.of(body), reply(error_with(data={"s": "abc"}))) == ["the shop secret"]


def test_a_humo_binding_has_no_cvc2_to_leak() -> None:
    body = documented_request("bindCard")  # cvc2 ""
    assert Sent.of(body) == Sent(pan=PAN, secret=SECRET)
    assert leaks(Sent.of(body), reply(error_with(data={"cvc2": ""}))) == []


def test_sent_of_a_non_object_is_empty() -> None:
    assert Sent.of(["not", "a", "dict"]) == Sent()


def test_failures_carry_the_exchange_as_evidence() -> None:
    answer = reply(documented_answer("bindCard"), content_type="text/plain")
    recorder = judge("bindCard", answer)
    [finding] = recorder.tallies["PROV-HTTP-003"].findings
    assert finding.evidence == (answer.exchange,)
    assert finding.check == "test"


def test_a_pan_field_that_is_no_card_number_is_not_called_a_leak() -> None:
    # a broken body may send "pan": "e"; the letter e in the answer is not a card number
    body = {**documented_request("bindCard"), "pan": "e"}
    recorder = judge(
        "bindCard", reply(error_with(data={"note": "the pan has the wrong format"})), body
    )
    assert recorder.verdict("PROV-SAFE-001") is Verdict.PASS


def test_the_documented_check_sms_key_500_is_a_should_not_a_must() -> None:
    problem = {"title": "Internal Server Error", "status": 500, "detail": "NPE"}
    recorder = judge("checkSmsKey", reply(problem, status=500))
    assert recorder.verdict("PROV-HTTP-005") is Verdict.WARN
    assert recorder.verdict("PROV-HTTP-001") is None
    # the same body from another operation is an internal error
    assert judge("bindCard", reply(problem, status=500)).verdict("PROV-HTTP-001") is Verdict.FAIL
    # an envelope from check_sms_key passes both
    answer = judge("checkSmsKey", reply(documented_answer("checkSmsKey")))
    assert answer.verdict("PROV-HTTP-005") is Verdict.PASS
    assert answer.verdict("PROV-HTTP-001") is Verdict.PASS


def test_the_reply_requirements_are_the_ones_the_judge_records() -> None:
    """REPLY_REQUIREMENTS decides which request rules --only one of them runs: an ID the judge
    records but the list lacks would make --only it skip every rule silently."""
    source = inspect.getsource(octo_conformance.provider.judge)
    # the IDs the checks write, not the list's own literal
    checks = re.sub(r"REPLY_REQUIREMENTS: Final = \(.*?\)", "", source, flags=re.DOTALL)
    recorded = set(re.findall(r'"(PROV-[A-Z]+-\d+)"', checks))
    assert recorded == set(REPLY_REQUIREMENTS)
