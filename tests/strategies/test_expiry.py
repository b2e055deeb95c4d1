from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from octo_conformance.openapi.expiry import is_expired, yymm_month
from octo_conformance.openapi.formats import FormatViolation, check_yymm
from octo_conformance.openapi.spec import load_spec
from octo_conformance.strategies import EXPIRY_DEFECTS, expiry_dates, invalid_expiry_dates
from tests.strategies.minimal import minimal

EXPIRY_SCHEMA = load_spec().component_validator("Expiry")
days = st.dates(min_value=date(2013, 1, 1), max_value=date(2080, 12, 31))


@given(today=days, data=st.data())
def test_expiry_dates_are_valid_on_today(today: date, data: st.DataObject) -> None:
    value = data.draw(expiry_dates(today=today))
    EXPIRY_SCHEMA.validate(value)
    assert not is_expired(value, today=today)
    year, month = yymm_month(value)
    assert (year - today.year) * 12 + month - today.month <= 120


@pytest.mark.parametrize("kind", EXPIRY_DEFECTS)
@given(today=days, data=st.data())
def test_each_invalid_expiry_breaks_exactly_its_rule(
    kind: str, today: date, data: st.DataObject
) -> None:
    value = data.draw(invalid_expiry_dates(today=today, kind=kind))
    if EXPIRY_DEFECTS[kind] == "expired":
        check_yymm(value)  # well formed ...
        assert is_expired(value, today=today)  # ... but past
        return
    with pytest.raises(FormatViolation) as caught:
        check_yymm(value)
    assert caught.value.rule == EXPIRY_DEFECTS[kind]
    assert not EXPIRY_SCHEMA.is_valid(value)


def test_deterministic_for_a_given_today() -> None:
    today = date(2026, 11, 29)
    assert minimal(expiry_dates(today=today)) == "2611"
    assert minimal(invalid_expiry_dates(today=today, kind="expired")) == "2610"
    assert minimal(invalid_expiry_dates(today=today, kind="slash")) == "12/26"
    assert minimal(invalid_expiry_dates(today=today, kind="mmyy")) == "1226"


def test_today_is_required_and_checked() -> None:
    with pytest.raises(InvalidArgument, match=r"today='2026-11-29' must be a datetime\.date"):
        expiry_dates(today="2026-11-29")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match=r"max_years_ahead=-1 must be between 0 and"):
        expiry_dates(today=date(2026, 1, 1), max_years_ahead=-1)
    with pytest.raises(InvalidArgument, match="kind='expired_soon' must be one of"):
        invalid_expiry_dates(today=date(2026, 1, 1), kind="expired_soon")
