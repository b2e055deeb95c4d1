from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from octo_conformance.openapi.cards import METHODS, scheme_of
from octo_conformance.openapi.rules import request_violations, rule_names
from octo_conformance.strategies import (
    OPERATION_IDS,
    Broken,
    bind_card_requests,
    block_card_token_requests,
    breakable_rules,
    broken_bind_card_requests,
    broken_block_card_token_requests,
    broken_callback_payloads,
    broken_check_sms_key_requests,
    broken_verification_info_requests,
    catalogue,
    check_sms_key_requests,
    verification_info_requests,
)

TODAY = date(2026, 11, 29)

BROKEN: dict[str, Callable[[str | None], st.SearchStrategy[Broken]]] = {
    "bindCard": lambda rule: broken_bind_card_requests(today=TODAY, rule=rule),
    "verificationInfo": lambda rule: broken_verification_info_requests(rule=rule),
    "checkSmsKey": lambda rule: broken_check_sms_key_requests(rule=rule),
    "blockCardToken": lambda rule: broken_block_card_token_requests(rule=rule),
    "cardTokenCallback": lambda rule: broken_callback_payloads(today=TODAY, rule=rule),
}


def rules_of(operation_id: str, body: object) -> list[str]:
    return [v.rule for v in request_violations(operation_id, body, today=TODAY)]


@pytest.mark.parametrize("method", list(METHODS))
@given(data=st.data())
def test_bind_card_requests_are_valid(method: str, data: st.DataObject) -> None:
    body = data.draw(bind_card_requests(today=TODAY, method=method, shop_id=242, secret="s3"))
    assert rules_of("bindCard", body) == []
    scheme = scheme_of(body["pan"])
    assert scheme is not None
    assert scheme.method == method
    assert (body["octo_shop_id"], body["octo_secret"], body["method"]) == (242, "s3", method)
    assert body["cvc2"] == "" if method != "bank_card" else len(body["cvc2"]) == 3
    assert body["bind_notify_url"].startswith("http://127.0.0.1:")


@given(
    st.one_of(
        verification_info_requests().map(lambda b: ("verificationInfo", b)),
        check_sms_key_requests().map(lambda b: ("checkSmsKey", b)),
        block_card_token_requests().map(lambda b: ("blockCardToken", b)),
    )
)
def test_other_requests_are_valid(pair: tuple[str, dict[str, object]]) -> None:
    operation_id, body = pair
    assert rules_of(operation_id, body) == []


@given(
    check_sms_key_requests(
        payment_uuid="06000144-db56-47b6-9eba-021ad4ff246b", verify_id=819, sms_key="666666"
    ),
    block_card_token_requests(card_token="tok"),
)
def test_fixed_values_are_kept(check: dict[str, object], block: dict[str, object]) -> None:
    assert (check["paymentUUID"], check["verifyId"], check["smsKey"]) == (
        "06000144-db56-47b6-9eba-021ad4ff246b", 819, "666666",
    )  # fmt: skip
    assert block["card_token"] == "tok"


CASES = [(op, rule) for op in OPERATION_IDS for rule in breakable_rules(op)]


@pytest.mark.parametrize(
    ("operation_id", "rule"), CASES, ids=[f"{op}:{rule}" for op, rule in CASES]
)
@settings(max_examples=15)
@given(data=st.data())
def test_each_broken_body_breaks_exactly_its_rule(
    operation_id: str, rule: str, data: st.DataObject
) -> None:
    broken = data.draw(BROKEN[operation_id](rule))
    assert broken.rule == rule
    assert rules_of(operation_id, broken.body) == [rule], broken.defect


def test_the_rule_catalogue_is_rich() -> None:
    assert len(breakable_rules("bindCard")) >= 40
    assert {"pan.luhn", "pan.method", "exp.expired", "exp.month", "phone.charset", "method.enum",
            "octo_shop_id.type", "cardHolderName.blank"} <= set(breakable_rules("bindCard"))  # fmt: skip
    assert "status.enum" in breakable_rules("cardTokenCallback")
    assert "exp.expired" not in breakable_rules("cardTokenCallback")


@pytest.mark.parametrize("operation_id", OPERATION_IDS)
def test_the_breakable_rules_are_the_specs_rule_names(operation_id: str) -> None:
    assert breakable_rules(operation_id) == rule_names(operation_id)


def test_a_rule_no_defect_breaks_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalogue, "rule_names", lambda op: (*rule_names(op), "pan.typo"))
    with pytest.raises(RuntimeError, match=r"listed but not broken: \['pan.typo'\]"):
        breakable_rules("bindCard")


@given(broken_bind_card_requests(today=TODAY, rule="octo_shop_id.type"))
def test_a_broken_body_names_its_field(broken: Broken) -> None:
    assert broken.field == "octo_shop_id"
    assert not isinstance(broken.body["octo_shop_id"], int) or isinstance(
        broken.body["octo_shop_id"], bool
    )


def test_argument_errors() -> None:
    with pytest.raises(InvalidArgument, match=r"rule='pan.typo' must be one of"):
        broken_bind_card_requests(today=TODAY, rule="pan.typo")
    with pytest.raises(
        InvalidArgument, match="method='visa' must be one of 'humo', 'uzcard', 'bank_card'"
    ):
        bind_card_requests(today=TODAY, method="visa")
    with pytest.raises(InvalidArgument, match="shop_id='10000' must be an integer"):
        bind_card_requests(today=TODAY, shop_id="10000")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="secret='' must be a non-empty string"):
        block_card_token_requests(secret="")
    with pytest.raises(InvalidArgument, match="operation_id='bind_card' must be one of"):
        breakable_rules("bind_card")
