from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from octo_conformance.openapi.cards import is_luhn_valid, scheme_of
from octo_conformance.openapi.formats import FormatViolation, check_pan
from octo_conformance.openapi.spec import load_spec
from octo_conformance.strategies import PAN_DEFECTS, SCHEME_NAMES, invalid_pans, pans
from tests.strategies.minimal import minimal

PAN_SCHEMA = load_spec().component_validator("Pan")


@pytest.mark.parametrize("scheme", SCHEME_NAMES)
@given(data=st.data())
def test_pans_are_valid_for_their_scheme(scheme: str, data: st.DataObject) -> None:
    pan = data.draw(pans(scheme=scheme))
    PAN_SCHEMA.validate(pan)
    found = scheme_of(pan)
    assert found is not None
    assert found.name == scheme
    assert len(pan) in found.lengths
    assert is_luhn_valid(pan)


@given(pans())
def test_pans_of_any_scheme(pan: str) -> None:
    check_pan(pan)


@pytest.mark.parametrize("kind", PAN_DEFECTS)
@pytest.mark.parametrize("scheme", SCHEME_NAMES)
@given(data=st.data())
def test_each_invalid_pan_breaks_exactly_its_rule(
    kind: str, scheme: str, data: st.DataObject
) -> None:
    value = data.draw(invalid_pans(kind=kind, scheme=scheme))
    with pytest.raises(FormatViolation) as caught:
        check_pan(value)
    assert caught.value.rule == PAN_DEFECTS[kind]
    assert not PAN_SCHEMA.is_valid(value)
    if kind in {"luhn", "length"}:  # the defect is applied to a card of the asked scheme
        found = scheme_of(value)
        assert found is not None
        assert found.name == scheme


def test_invalid_pans_of_any_kind_are_all_invalid() -> None:
    rules: set[str] = set()

    @given(invalid_pans())
    def collect(value: str) -> None:
        with pytest.raises(FormatViolation) as caught:
            check_pan(value)
        rules.add(caught.value.rule)

    collect()
    assert rules == set(PAN_DEFECTS.values())


def test_minimal_examples_are_readable() -> None:
    assert minimal(pans(scheme="humo")) == "9860000000000000"
    assert minimal(pans(scheme="uzcard")) == "8600000000000007"
    assert minimal(pans(scheme="visa")) == "4000000000006"
    assert minimal(pans(scheme="mastercard")) == "5100000000000008"
    assert minimal(invalid_pans(kind="grouped")) == "9860 0000 0000 0000"
    assert minimal(invalid_pans(kind="luhn")) == "9860000000000001"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: pans(scheme="amex"),
            "scheme='amex' must be one of 'humo', 'uzcard', 'visa', 'mastercard' or None",
        ),
        (lambda: invalid_pans(kind="typo"), "kind='typo' must be one of"),
        (lambda: invalid_pans(scheme=None), "scheme=None must be one of"),  # type: ignore[arg-type]
    ],
)
def test_argument_errors_name_the_argument(call: object, message: str) -> None:
    with pytest.raises(InvalidArgument, match=re.escape(message)):
        call()  # type: ignore[operator]
