"""The document itself: valid OpenAPI 3.1, complete for the seed document, internally sound."""

from __future__ import annotations

import copy
import re

import pytest

from octo_conformance.openapi.audit import (
    audit,
    check_examples,
    clarification_ids,
    dangling_refs,
    unknown_clarifications,
    unknown_link_targets,
)
from octo_conformance.openapi.spec import CLARIFICATIONS_PATH, Spec, load_spec, pointer


@pytest.fixture(scope="module")
def spec() -> Spec:
    return load_spec()


def fresh(spec: Spec) -> Spec:
    return Spec(copy.deepcopy(spec.document))


def test_the_audit_finds_no_problem(spec: Spec) -> None:
    result = audit(spec)
    assert result.problems == []
    assert result.ok


def test_operations_are_the_documented_four_plus_the_callback(spec: Spec) -> None:
    found = {(op.method, op.path, op.operation_id, op.webhook) for op in spec.operations()}
    assert found == {
        ("post", "/bind_card", "bindCard", False),
        ("post", "/verificationInfo/", "verificationInfo", False),  # trailing slash kept (C-08)
        ("post", "/bind_card/check_sms_key", "checkSmsKey", False),
        ("post", "/block_card_token", "blockCardToken", False),
        ("post", "cardTokenCallback", "cardTokenCallback", True),
    }


def test_required_request_fields_follow_the_document_tables(spec: Spec) -> None:
    def required(op: str) -> set[str]:
        return set(spec.resolve(spec.operation(op).request_schema_pointer)["required"])

    assert required("bindCard") == {
        "octo_shop_id", "octo_secret", "shop_transaction_id", "pan", "exp", "phone",
        "cardHolderName", "method", "return_url",
    }  # fmt: skip
    assert required("checkSmsKey") == {
        "octo_shop_id",
        "octo_secret",
        "smsKey",
        "paymentUUID",
        "verifyId",
    }
    assert required("blockCardToken") == {"octo_shop_id", "octo_secret", "card_token"}
    assert required("verificationInfo") == {"octo_payment_UUID"}
    assert required("cardTokenCallback") == {
        "shop_transaction_id", "pan", "exp", "cardHolderName", "card_token", "status",
    }  # fmt: skip


def test_every_document_example_is_embedded(spec: Spec) -> None:
    sources = {example_source(spec, check.location) for check in check_examples(spec)}
    assert sources >= {
        "seed: /bind_card, Request Example",
        "seed: /bind_card, Successful Response Example",
        "seed: /bind_card, Unsuccessful Response Example",
        "seed: verificationInfo, Successful response example",
        "seed: verificationInfo, Unsuccessful response example",
        "seed: /bind_card/check_sms_key, Request Example",
        "seed: /bind_card/check_sms_key, Successful Response Example",
        "seed: /bind_card/check_sms_key, Unsuccessful Response Example",
        "seed: callback, Request Example",
        "seed: callback, Successful Response Example",
        "seed: callback, Unsuccessful Response Example",
        "seed: block_card_token, Request Example",
        "seed: block_card_token, Successful Response Example",
    }


def example_source(spec: Spec, location: str) -> str:
    return str(spec.resolve(location).get("x-source"))


def test_every_example_validates(spec: Spec) -> None:
    checks = list(check_examples(spec))
    assert len(checks) >= 13
    assert [c for c in checks if c.problems] == []


def test_a_broken_example_is_caught(spec: Spec) -> None:
    broken = fresh(spec)
    example = broken.resolve(
        pointer("paths", "/bind_card", "post", "requestBody", "content", "application/json")
    )["examples"]["documented"]["value"]
    example["pan"] = "9860240101226507"  # Luhn digit off by one
    example["exp"] = "0528"  # MMYY
    problems = [p for c in check_examples(broken) for p in c.problems]
    assert sorted(p.split(":")[0] for p in problems) == ["exp.month", "pan.luhn"]


def test_a_dangling_ref_is_caught(spec: Spec) -> None:
    broken = fresh(spec)
    broken.document["components"]["schemas"]["BindCardRequest"]["properties"]["pan"] = {
        "$ref": "#/components/schemas/NoSuchSchema"
    }
    problems = dangling_refs(broken)
    assert len(problems) == 1
    assert "NoSuchSchema" in problems[0]
    assert dangling_refs(spec) == []


def test_a_link_to_an_unknown_operation_is_caught(spec: Spec) -> None:
    broken = fresh(spec)
    links = broken.document["paths"]["/bind_card"]["post"]["responses"]["200"]["links"]
    links["verificationInfo"]["operationId"] = "verificationInfoo"
    assert unknown_link_targets(broken) == [
        "/paths/~1bind_card/post/responses/200/links/verificationInfo: "
        "link to unknown operationId 'verificationInfoo'"
    ]
    assert unknown_link_targets(spec) == []


def test_links_describe_the_flow(spec: Spec) -> None:
    bind_links = spec.document["paths"]["/bind_card"]["post"]["responses"]["200"]["links"]
    info_links = spec.document["paths"]["/verificationInfo/"]["post"]["responses"]["200"]["links"]
    assert {link["operationId"] for link in bind_links.values()} == {
        "verificationInfo",
        "checkSmsKey",
    }
    assert info_links["checkSmsKey"]["requestBody"]["verifyId"] == "$response.body#/data/verifyId"


def test_the_callback_is_a_webhook_and_a_callback_of_bind_card(spec: Spec) -> None:
    webhook = spec.document["webhooks"]["cardTokenCallback"]
    callback = spec.document["paths"]["/bind_card"]["post"]["callbacks"]["cardTokenCallback"]
    assert webhook == callback["{$request.body#/bind_notify_url}"]
    statuses = spec.resolve(pointer("components", "schemas", "CallbackStatus"))["enum"]
    assert statuses == ["active", "failed"]


def test_enums_and_error_codes(spec: Spec) -> None:
    schemas = spec.document["components"]["schemas"]
    assert schemas["Method"]["enum"] == ["humo", "uzcard", "bank_card"]
    assert schemas["TokenStatus"]["enum"] == ["active", "blocked", "init", "failed"]
    assert {"created", "succeeded"} <= set(schemas["BindStatus"]["enum"])
    codes = spec.error_codes()
    assert {0, 1, 2, 4, 5, 6, 20} <= set(codes)
    assert codes[5] == "Token not found."


def test_custom_formats_are_used(spec: Spec) -> None:
    schemas = spec.document["components"]["schemas"]
    assert schemas["Pan"]["format"] == "pan"
    assert schemas["Expiry"]["format"] == "yymm"
    assert schemas["Phone"]["format"] == "uz-phone"
    assert schemas["PaymentUUID"]["format"] == "uuid"


def test_an_invalid_document_is_reported_not_crashed_on(spec: Spec) -> None:
    broken = fresh(spec)
    del broken.document["info"]
    result = audit(broken)
    assert not result.ok
    assert result.problems[0].startswith("openapi-spec-validator:")


def test_clarifications_are_numbered_and_complete() -> None:
    ids = clarification_ids()
    assert len(ids) >= 40
    assert ids == [f"C-{n:02d}" for n in range(1, len(ids) + 1)]
    text = CLARIFICATIONS_PATH.read_text(encoding="utf-8")
    sections = re.split(r"^### ", text, flags=re.MULTILINE)[1:]
    for section in sections:
        assert "- Interpretation:" in section, section.splitlines()[0]
        assert re.search(r"\*\*(fail|warn|skip)\*\*|n/a", section), section.splitlines()[0]


def test_citations_point_at_existing_clarifications(spec: Spec) -> None:
    assert unknown_clarifications(spec, set(clarification_ids())) == []
    assert unknown_clarifications(spec, {"C-01"}) != []
