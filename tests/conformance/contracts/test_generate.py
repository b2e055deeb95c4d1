"""The generated pacts: checked against the spec, deterministic, and what ships is what generates."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from octo_conformance.contracts import generate as generation
from octo_conformance.contracts.generate import (
    PACT_DIR,
    check_against_spec,
    generate_all,
    pact_file,
)
from octo_conformance.contracts.interactions import octo_to_webhook, partner_to_octo
from octo_conformance.errors import ContractDisagreesWithSpec


def _normalised(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    document["metadata"].pop("pactRust", None)  # pact-python's FFI version, not the contract
    return document


def test_the_shipped_pacts_equal_freshly_generated_ones(tmp_path: Path) -> None:
    for fresh in generate_all(tmp_path):
        assert _normalised(fresh) == _normalised(PACT_DIR / fresh.name), (
            f"{fresh.name}: run `octo-conformance pact generate`"
        )


def test_generation_is_deterministic(tmp_path: Path) -> None:
    first = [p.read_bytes() for p in generate_all(tmp_path / "a")]
    assert first == [p.read_bytes() for p in generate_all(tmp_path / "b")]


def test_the_pacts_hold_every_interaction_with_its_state() -> None:
    document = json.loads(pact_file("provider").read_text(encoding="utf-8"))
    assert document["metadata"]["pactSpecification"]["version"].startswith("4")
    by_description = {i["description"]: i for i in document["interactions"]}
    assert set(by_description) == {i.description for i in partner_to_octo()}
    assert (
        by_description["block an active card token"]["providerStates"][0]["name"]
        == "a card token exists"
    )
    webhook = json.loads(pact_file("webhook").read_text(encoding="utf-8"))
    assert {i["description"] for i in webhook["interactions"]} == {
        i.description for i in octo_to_webhook()
    }


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"request": {"exp": "2913"}}, "request exp"),  # MMYY-looking, month 13
        ({"response": {"error": 0, "data": {"card_token": "x"}}}, "response"),
        ({"status": 400}, "handled errors are HTTP 200"),
    ],
)
def test_an_interaction_the_spec_does_not_allow_fails_the_build(
    change: dict[str, Any], says: str
) -> None:
    humo = partner_to_octo()[0]
    changes: dict[str, Any] = {}
    if "request" in change:
        changes["request"] = {**humo.request, **change["request"]}
    if "response" in change:
        changes["response"] = change["response"]
    if "status" in change:
        changes["status"] = change["status"]
    with pytest.raises(ContractDisagreesWithSpec, match=says):
        check_against_spec([dataclasses.replace(humo, **changes)])


def test_a_webhook_answer_outside_200_or_4xx_fails_the_build() -> None:
    unknown = octo_to_webhook()[2]
    with pytest.raises(ContractDisagreesWithSpec, match="neither 200 nor 4xx"):
        check_against_spec([dataclasses.replace(unknown, status=500)])


def test_the_examples_use_the_documented_shapes() -> None:
    assert generation.spec_problems(partner_to_octo()[0]) == []
