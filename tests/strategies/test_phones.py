from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from octo_conformance.openapi.formats import FormatViolation, check_uz_phone
from octo_conformance.openapi.spec import load_spec
from octo_conformance.strategies import OPERATOR_CODES, PHONE_DEFECTS, invalid_phones, phones
from tests.strategies.minimal import minimal

PHONE_SCHEMA = load_spec().component_validator("Phone")


@given(phones())
def test_phones_are_uzbek_mobile_numbers(phone: str) -> None:
    PHONE_SCHEMA.validate(phone)
    assert phone[3:5] in OPERATOR_CODES


@given(
    st.sampled_from(OPERATOR_CODES).flatmap(
        lambda code: st.tuples(st.just(code), phones(operator=code))
    )
)
def test_operator_is_respected(pair: tuple[str, str]) -> None:
    code, phone = pair
    assert phone.startswith("998" + code)


@pytest.mark.parametrize("kind", PHONE_DEFECTS)
@given(data=st.data())
def test_each_invalid_phone_breaks_exactly_its_rule(kind: str, data: st.DataObject) -> None:
    value = data.draw(invalid_phones(kind=kind))
    with pytest.raises(FormatViolation) as caught:
        check_uz_phone(value)
    assert caught.value.rule == PHONE_DEFECTS[kind]
    assert not PHONE_SCHEMA.is_valid(value)


def test_minimal_examples() -> None:
    assert minimal(phones()) == "998900000000"
    assert minimal(invalid_phones(kind="plus")) == "+998900000000"
    assert minimal(invalid_phones(kind="local")) == "900000000"


def test_argument_errors() -> None:
    with pytest.raises(InvalidArgument, match="operator='71' must be one of"):
        phones(operator="71")
