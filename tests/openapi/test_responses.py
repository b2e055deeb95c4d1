"""openapi.responses: the documented answer of each operation and how an answer deviates."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from octo_conformance.openapi.responses import SUCCESS_SCHEMAS, answer_schema, schema_problems
from octo_conformance.openapi.spec import load_spec

PATHS = {
    "bindCard": "/bind_card",
    "verificationInfo": "/verificationInfo/",
    "checkSmsKey": "/bind_card/check_sms_key",
    "blockCardToken": "/block_card_token",
}
DOCUMENTED = [
    ("bindCard", "documented"),
    ("bindCard", "duplicate"),
    ("verificationInfo", "documented"),
    ("verificationInfo", "expired"),
    ("checkSmsKey", "documented"),
    ("blockCardToken", "documented"),
]


def documented_answer(operation_id: str, example: str) -> dict[str, Any]:
    operation = load_spec().document["paths"][PATHS[operation_id]]["post"]
    content = operation["responses"]["200"]["content"]["application/json"]
    value: dict[str, Any] = content["examples"][example]["value"]
    return copy.deepcopy(value)


def test_every_operation_has_a_success_schema_in_the_spec() -> None:
    schemas = load_spec().document["components"]["schemas"]
    assert set(SUCCESS_SCHEMAS) == set(PATHS)
    assert all(name in schemas for name in SUCCESS_SCHEMAS.values())


@pytest.mark.parametrize(
    ("error", "expected"), [(0, "BindCardSuccess"), (20, "ErrorEnvelope"), (None, "ErrorEnvelope")]
)
def test_answer_schema_is_the_success_schema_only_for_error_0(error: Any, expected: str) -> None:
    assert answer_schema("bindCard", error) == expected


def test_schema_problems_of_a_non_object() -> None:
    assert schema_problems("bindCard", [1, 2]) == ["Received a JSON list; Documented: an object"]


def test_schema_problems_of_the_documented_answers_are_none() -> None:
    for operation_id, example in DOCUMENTED:
        assert schema_problems(operation_id, documented_answer(operation_id, example)) == []


def test_a_success_of_the_wrong_shape_is_judged_against_the_success_schema() -> None:
    problems = schema_problems("verificationInfo", {"error": 0, "data": {"verifyId": -1}})
    assert any(p.startswith("data: 'phone' is a required property") for p in problems)
    assert any(p.startswith("data/verifyId:") for p in problems)
    assert all(p.endswith("(Documented: VerificationInfoSuccess)") for p in problems)


def test_an_echo_longer_than_a_limit_the_document_never_sets_is_no_problem() -> None:
    # variant no-length-limits: a target that accepted a 200-character shop_transaction_id
    # echoes it; the spec's maxLength 128 is the grey zone, not a shape the document gives
    answer = documented_answer("bindCard", "documented")
    answer["data"]["shop_transaction_id"] = "t" * 200
    assert schema_problems("bindCard", answer) == []
    answer["data"]["shop_transaction_id"] = 200  # a wrong type still is one
    assert schema_problems("bindCard", answer) != []
