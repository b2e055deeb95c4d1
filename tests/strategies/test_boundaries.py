"""Edge values: each breaks exactly its rule, the same ones whatever the draw."""

from __future__ import annotations

import random
from datetime import date

import pytest

from octo_conformance.harness.examples import draw_examples
from octo_conformance.openapi.rules import request_violations
from octo_conformance.strategies import broken_bind_card_requests, broken_check_sms_key_requests
from octo_conformance.strategies.boundaries import edge_values, edges
from octo_conformance.strategies.broken import Broken
from octo_conformance.strategies.catalogue import breakable_rules

TODAY = date(2026, 11, 29)


def drawn(operation_id: str, rule: str, seed: int) -> Broken:
    strategy = (
        broken_bind_card_requests(today=TODAY, rule=rule)
        if operation_id == "bindCard"
        else broken_check_sms_key_requests(rule=rule)
    )
    return draw_examples(strategy, random.Random(seed), 1)[0]


@pytest.mark.parametrize(
    ("operation_id", "rule", "expected"),
    [
        ("bindCard", "exp.month", {"2800", "2813"}),
        ("bindCard", "exp.expired", {"2610"}),
        ("bindCard", "phone.length", {"99890123456", "9989012345678", "901234567"}),
        ("bindCard", "phone.country", {"997901234567", "099890123456"}),
        ("bindCard", "octo_shop_id.range", {0, -1}),
        ("bindCard", "cvc2.pattern", {"12", "12345"}),
        ("checkSmsKey", "smsKey.pattern", {"123", "123456789"}),
    ],
)
def test_the_edges_of_a_rule_break_exactly_it_whatever_the_draw(
    operation_id: str, rule: str, expected: set[object]
) -> None:
    for seed in (1, 2, 3):
        found = edges(operation_id, drawn(operation_id, rule, seed), today=TODAY)
        field = rule.rsplit(".", 1)[0]
        assert {b.body[field] for b in found if isinstance(b.body, dict)} == expected
        for broken in found:
            assert broken.rule == rule
            assert [v.rule for v in request_violations(operation_id, broken.body, today=TODAY)] == [
                rule
            ]


@pytest.mark.parametrize("method", ["humo", "uzcard", "bank_card"])
def test_pan_lengths_are_one_short_and_one_past_each_scheme(method: str) -> None:
    lengths = sorted(
        len(p) for p in edge_values("pan.length", today=TODAY, body={"method": method})
    )
    assert lengths == {"humo": [15, 17], "uzcard": [15, 17], "bank_card": [12, 15, 17, 20]}[method]


def test_every_edge_of_every_rule_is_a_clean_defect() -> None:
    for operation_id in ("bindCard", "checkSmsKey"):
        for rule in breakable_rules(operation_id):
            for broken in edges(operation_id, drawn(operation_id, rule, 7), today=TODAY):
                violations = request_violations(operation_id, broken.body, today=TODAY)
                assert [v.rule for v in violations] == [rule], broken.defect
                pan = broken.body.get("pan") if isinstance(broken.body, dict) else None
                assert not (isinstance(pan, str) and pan and pan in broken.defect)  # no PAN in text


def test_a_rule_without_an_edge_has_none() -> None:
    assert edge_values("pan.luhn", today=TODAY, body={}) == []
