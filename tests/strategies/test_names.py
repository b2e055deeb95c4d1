from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from octo_conformance.openapi.rules import schema_violations
from octo_conformance.openapi.spec import load_spec, pointer
from octo_conformance.strategies import NAME_DEFECTS, card_holder_names, invalid_card_holder_names
from octo_conformance.strategies.names import SCRIPT_NAMES
from tests.strategies.minimal import minimal

SPEC = load_spec()
NAME = pointer("components", "schemas", "CardHolderName")


def name_rules(value: str) -> list[str]:
    return [v.rule.rsplit(".", 1)[1] for v in schema_violations(SPEC, NAME, value)]


@pytest.mark.parametrize("script", SCRIPT_NAMES)
@pytest.mark.parametrize("long", [False, True])
@given(data=st.data())
def test_names_are_valid(script: str, long: bool, data: st.DataObject) -> None:
    name = data.draw(card_holder_names(script=script, long=long))
    assert name_rules(name) == []
    assert name == name.strip()
    assert (len(name) >= 40) is long


def test_scripts_really_differ() -> None:
    assert minimal(card_holder_names(script="latin")).isupper()
    assert any("\u0400" <= c <= "\u04ff" for c in minimal(card_holder_names(script="cyrillic")))
    uzbek: set[str] = set()

    @given(card_holder_names(script="uzbek"))
    def collect(name: str) -> None:
        uzbek.update(c for c in name if c in "ʻʼ‘’'")

    collect()
    assert {"ʻ", "ʼ", "‘"} <= uzbek


@pytest.mark.parametrize("kind", NAME_DEFECTS)
@given(data=st.data())
def test_each_invalid_name_breaks_exactly_its_rule(kind: str, data: st.DataObject) -> None:
    assert name_rules(data.draw(invalid_card_holder_names(kind=kind))) == [NAME_DEFECTS[kind]]


def test_argument_errors() -> None:
    with pytest.raises(InvalidArgument, match="script='arabic' must be one of"):
        card_holder_names(script="arabic")
    with pytest.raises(InvalidArgument, match="long='yes' must be True or False"):
        card_holder_names(long="yes")  # type: ignore[arg-type]
