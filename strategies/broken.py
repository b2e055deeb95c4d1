"""Bodies that break exactly one named rule, built from valid bodies.

A *breaker* turns a strategy of valid bodies into a strategy of bodies with one defect. The
``required`` and ``type`` breakers of every field are derived from the spec's request schema;
operation modules add the domain breakers (``pan.luhn``, ``exp.expired``, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from hypothesis import strategies as st

from octo_conformance.openapi.spec import JSON, load_spec
from octo_conformance.strategies._arguments import check_choice

Body = dict[str, Any]
Breaker = Callable[[st.SearchStrategy[Body]], st.SearchStrategy[JSON]]


@dataclass(frozen=True)
class Broken:
    """A request or callback body and the one rule it breaks (``<field>.<check>``)."""

    body: JSON
    rule: str
    defect: str  # what was done to the body, for humans: "pan: luhn"

    @property
    def field(self) -> str:
        return self.rule.rsplit(".", 1)[0]


@dataclass(frozen=True)
class Defect:
    rule: str
    description: str
    breaker: Breaker


def replace(field: str, values: st.SearchStrategy[Any]) -> Breaker:
    def breaker(valid: st.SearchStrategy[Body]) -> st.SearchStrategy[JSON]:
        return st.tuples(valid, values).map(lambda t: {**t[0], field: t[1]})

    return breaker


def replace_with(field: str, values: Callable[[Body], st.SearchStrategy[Any]]) -> Breaker:
    """Like :func:`replace`, when the bad value depends on the rest of the body."""

    def breaker(valid: st.SearchStrategy[Body]) -> st.SearchStrategy[JSON]:
        return valid.flatmap(lambda body: values(body).map(lambda v: {**body, field: v}))

    return breaker


def drop(field: str) -> Breaker:
    def breaker(valid: st.SearchStrategy[Body]) -> st.SearchStrategy[JSON]:
        return valid.map(lambda body: {k: v for k, v in body.items() if k != field})

    return breaker


def _not_an_object(valid: st.SearchStrategy[Body]) -> st.SearchStrategy[JSON]:
    return valid.flatmap(lambda body: st.sampled_from([list(body.items()), None, "", 0, True]))


_WRONG_TYPES: Mapping[str, st.SearchStrategy[Any]] = {
    # realistic first: a number sent as a string and a string sent as a number
    "integer": st.one_of(
        st.integers(1, 10**6).map(str), st.integers(0, 99).map(lambda n: n + 0.5), st.none()
    ),
    "string": st.one_of(st.integers(0, 10**16), st.none(), st.booleans(), st.just([])),
}


def schema_defects(operation_id: str) -> list[Defect]:
    """``body.type``, and for each property ``<name>.type`` and, if required, ``<name>.required``."""
    spec = load_spec()
    schema = spec.resolve(spec.operation(operation_id).request_schema_pointer)
    defects = [Defect("body.type", "body: not a JSON object", _not_an_object)]
    for name, prop in schema["properties"].items():
        declared = spec.deref(prop)
        required = name in schema.get("required", ())
        if required:
            defects.append(Defect(f"{name}.required", f"{name}: missing", drop(name)))
        wrong = _WRONG_TYPES.get(declared.get("type", ""))
        if wrong is not None:
            if not required:  # null for an optional field is the grey zone, not a defect
                wrong = wrong.filter(lambda value: value is not None)
            defects.append(Defect(f"{name}.type", f"{name}: wrong JSON type", replace(name, wrong)))
    return defects


def one_defect(
    valid: st.SearchStrategy[Body], defects: list[Defect], rule: str | None
) -> st.SearchStrategy[Broken]:
    """Bodies from ``valid`` with one of ``defects`` (only ``rule``'s when given)."""
    by_rule: dict[str, list[Defect]] = {}
    for defect in defects:
        by_rule.setdefault(defect.rule, []).append(defect)
    check_choice("rule", rule, by_rule)
    chosen = by_rule[rule] if rule else defects

    def apply(defect: Defect) -> st.SearchStrategy[Broken]:
        return defect.breaker(valid).map(lambda body: Broken(body, defect.rule, defect.description))

    # built once per defect, not on every draw (most of the drawing time when it was)
    return st.sampled_from(chosen).flatmap(cache(apply))


def rules_of(defects: list[Defect]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(d.rule for d in defects))
