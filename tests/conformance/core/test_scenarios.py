"""conformance.core.scenarios: the registry, and what stops a scenario skips what it left."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from octo_conformance.core.context import SuiteContext
from octo_conformance.core.phases import SuiteResult
from octo_conformance.core.scenarios import ScenarioRegistry, in_background, run_scenarios
from octo_conformance.core.selection import Selection
from octo_conformance.errors import Aborted, SetupFailed, Skipped, TargetUnresponsive
from octo_conformance.findings import Recorder, Verdict
from octo_conformance.masking import Masker


def run(registry: ScenarioRegistry[SuiteContext]) -> tuple[Recorder, SuiteResult[None]]:
    recorder, masker = Recorder(), Masker()
    result: SuiteResult[None] = SuiteResult(None, recorder, masker, started=0.0)
    run_scenarios(SuiteContext(recorder, masker), registry, result, workers=2)
    return recorder, result


def test_a_name_is_registered_once() -> None:
    registry: ScenarioRegistry[SuiteContext] = ScenarioRegistry()
    registry("a", "PROV-CB-001")(lambda ctx: None)
    with pytest.raises(ValueError, match="registered twice"):
        registry("a", "PROV-CB-002")(lambda ctx: None)
    assert registry.names() == ["a"]
    assert registry["a"].requirements == ("PROV-CB-001",)


@pytest.mark.parametrize(
    ("raised", "reason", "error"),
    [
        (Skipped("no OTP source"), "no OTP source", False),
        (Aborted("PROV-BIND-001: refused"), "not reached: an earlier step failed", False),
        (SetupFailed("the provider-state endpoint answered HTTP 500"), "not reached", True),
        (TargetUnresponsive("3 requests unanswered"), "the target stopped answering", False),
        (KeyError("boom"), "the scenario crashed (KeyError)", True),
    ],
)
def test_whatever_stops_a_scenario_skips_its_requirements(
    raised: Exception, reason: str, error: bool
) -> None:
    registry: ScenarioRegistry[SuiteContext] = ScenarioRegistry()

    @registry("stops", "PROV-CB-001", "PROV-CB-002")
    def stops(ctx: SuiteContext) -> None:
        ctx.judge("PROV-CB-001", True)
        raise raised

    @registry("goes-on", "PROV-CB-003")
    def goes_on(ctx: SuiteContext) -> None:
        ctx.judge("PROV-CB-003", True)

    recorder, result = run(registry)
    assert recorder.verdict("PROV-CB-001") is Verdict.PASS  # a pass outranks the skip
    assert recorder.verdict("PROV-CB-002") is Verdict.SKIP
    [finding] = [f for f in recorder.findings() if f.requirement == "PROV-CB-002"]
    assert finding.message.startswith(reason)
    assert finding.check == "stops"
    assert recorder.verdict("PROV-CB-003") is Verdict.PASS  # the other scenario ran
    assert bool(result.errors) is error
    assert (result.unresponsive is not None) is isinstance(raised, TargetUnresponsive)


def test_judging_an_undeclared_requirement_is_a_suite_error() -> None:
    registry: ScenarioRegistry[SuiteContext] = ScenarioRegistry()

    @registry("sloppy", "PROV-CB-001")
    def sloppy(ctx: SuiteContext) -> None:
        ctx.judge("PROV-CB-002", True)

    recorder, result = run(registry)
    assert recorder.verdict("PROV-CB-002") is None
    assert "UndeclaredRequirement" in result.errors[0]
    assert "sloppy judged PROV-CB-002" in result.errors[0]


def test_a_background_scenario_runs_beside_the_block_and_is_waited_for() -> None:
    registry: ScenarioRegistry[SuiteContext] = ScenarioRegistry()
    started, release = threading.Event(), threading.Event()

    @registry("waits", "PROV-VERIFY-002", background=True)
    def waits(ctx: SuiteContext) -> None:
        started.set()
        release.wait(5)
        ctx.judge("PROV-VERIFY-002", True)

    @registry("quick", "PROV-CB-001")
    def quick(ctx: SuiteContext) -> None:
        ctx.judge("PROV-CB-001", True)

    recorder, masker = Recorder(), Masker()
    result: SuiteResult[None] = SuiteResult(None, recorder, masker, started=0.0)
    ctx = SuiteContext(recorder, masker)
    with in_background(ctx, registry, result):
        assert started.wait(5)  # it started with the block, not after it
        run_scenarios(ctx, registry, result, workers=2)  # runs the others only
        assert recorder.verdict("PROV-CB-001") is Verdict.PASS
        assert recorder.verdict("PROV-VERIFY-002") is None  # still waiting
        release.set()
    assert recorder.verdict("PROV-VERIFY-002") is Verdict.PASS  # the block's end waited for it


def test_a_block_that_raises_does_not_wait_for_the_background() -> None:
    registry: ScenarioRegistry[SuiteContext] = ScenarioRegistry()
    release = threading.Event()

    @registry("waits", "PROV-VERIFY-002", background=True)
    def waits(ctx: SuiteContext) -> None:
        release.wait(30)

    recorder, masker = Recorder(), Masker()
    result: SuiteResult[None] = SuiteResult(None, recorder, masker, started=0.0)
    began = time.monotonic()
    with pytest.raises(KeyError), in_background(SuiteContext(recorder, masker), registry, result):
        raise KeyError("unreachable target")
    assert time.monotonic() - began < 5
    release.set()


def test_a_scenario_judging_nothing_the_selection_chose_does_not_run() -> None:
    registry: ScenarioRegistry[SuiteContext] = ScenarioRegistry()
    ran: list[str] = []
    registry("callbacks", "PROV-CB-001")(lambda ctx: ran.append("callbacks"))
    registry("auth", "PROV-AUTH-001")(lambda ctx: ran.append("auth"))
    registry("waits", "PROV-AUTH-002", background=True)(lambda ctx: ran.append("waits"))
    recorder, masker = Recorder(), Masker()
    result: SuiteResult[None] = SuiteResult(None, recorder, masker, started=0.0)
    only = Selection(("PROV-CB-*",), (), frozenset())
    with in_background(SuiteContext(recorder, masker), registry, result, selection=only):
        run_scenarios(SuiteContext(recorder, masker), registry, result, workers=2, selection=only)
    assert ran == ["callbacks"]


def test_a_scenario_registered_alone_runs_after_the_others_by_itself() -> None:
    registry: ScenarioRegistry[SuiteContext] = ScenarioRegistry()
    events: list[str] = []
    both_running = threading.Barrier(2, timeout=5)  # the two concurrent ones overlap

    def concurrent(name: str) -> Callable[[SuiteContext], None]:
        def run(ctx: SuiteContext) -> None:
            both_running.wait()
            events.append(name)

        return run

    registry("holds", "PROV-CB-009", alone=True)(lambda ctx: events.append("holds"))
    registry("a", "PROV-CB-001")(concurrent("a"))
    registry("b", "PROV-CB-002")(concurrent("b"))
    recorder, masker = Recorder(), Masker()
    result: SuiteResult[None] = SuiteResult(None, recorder, masker, started=0.0)
    run_scenarios(SuiteContext(recorder, masker), registry, result, workers=3)
    assert sorted(events[:2]) == ["a", "b"]
    assert events[2:] == ["holds"]
    assert result.errors == []


def test_scenarios_registered_alone_can_run_one_by_one_beside_a_block() -> None:
    """then_alone=False leaves them out; in_background(alone=True) runs them in order, beside the
    block (what the block does meanwhile is not held up), and waits for them at its end."""
    registry: ScenarioRegistry[SuiteContext] = ScenarioRegistry()
    events: list[str] = []
    release = threading.Event()

    def holds(ctx: SuiteContext) -> None:
        release.wait(5)
        events.append("holds")

    registry("holds", "PROV-CB-009", alone=True)(holds)
    registry("then", "PROV-CB-004", alone=True)(lambda ctx: events.append("then"))
    registry("other", "PROV-CB-001")(lambda ctx: events.append("other"))
    recorder, masker = Recorder(), Masker()
    result: SuiteResult[None] = SuiteResult(None, recorder, masker, started=0.0)
    ctx = SuiteContext(recorder, masker)
    run_scenarios(ctx, registry, result, workers=2, then_alone=False)
    assert events == ["other"]
    said: list[str] = []
    with in_background(ctx, registry, result, said.append, alone=True):
        events.append("block")  # runs while the first alone scenario still holds
        release.set()
    assert events == ["other", "block", "holds", "then"]
    assert said[-2:] == ["  scenario holds", "  scenario then"]  # as run_scenarios says it
    assert result.errors == []


def test_a_scenario_runs_for_what_every_scenario_judges() -> None:
    """--only PROV-HTTP-001 runs every scenario: each answer is judged on it, whatever a
    scenario declares; an unrelated requirement runs none of them."""
    ran: list[str] = []
    registry: ScenarioRegistry[SuiteContext] = ScenarioRegistry(also_judges=("PROV-HTTP-001",))
    registry("binds", "PROV-BIND-001")(lambda ctx: ran.append("binds"))
    registry("blocks", "PROV-BLOCK-001")(lambda ctx: ran.append("blocks"))
    phases = frozenset({"scenarios"})
    for only, expected in ((("PROV-HTTP-001",), ["binds", "blocks"]), (("PROV-CB-001",), [])):
        ran.clear()
        recorder, masker = Recorder(), Masker()
        result: SuiteResult[None] = SuiteResult(None, recorder, masker, started=0.0)
        selection = Selection(only, (), phases)
        ctx = SuiteContext(recorder, masker)
        run_scenarios(ctx, registry, result, workers=2, selection=selection)
        assert sorted(ran) == expected
