from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from octo_conformance.openapi.formats import FORMAT_CHECKS
from octo_conformance.strategies.schemathesis_formats import format_strategies, register_formats

TODAY = date(2026, 11, 29)


@pytest.fixture
def registry() -> Iterator[dict[str, st.SearchStrategy[object]]]:
    from schemathesis.specs.openapi.formats import STRING_FORMATS

    before = dict(STRING_FORMATS)
    yield STRING_FORMATS
    STRING_FORMATS.clear()
    STRING_FORMATS.update(before)


def test_register_formats_teaches_schemathesis_every_custom_format(
    registry: dict[str, st.SearchStrategy[object]],
) -> None:
    register_formats(today=TODAY)
    assert {"pan", "yymm", "uz-phone"} <= set(registry)


@pytest.mark.parametrize("name", ["pan", "yymm", "uz-phone"])
@settings(max_examples=50)
@given(data=st.data())
def test_registered_strategies_satisfy_the_format(name: str, data: st.DataObject) -> None:
    FORMAT_CHECKS[name](data.draw(format_strategies(today=TODAY)[name]))
