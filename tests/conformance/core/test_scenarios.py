"""conformance.core.scenarios: the registry, and what stops a scenario skips what it left."""

from __future__ import annotations

import pytest

from conformance.core.context import SuiteContext
from conformance.core.phases import SuiteResult
from conformance.core.scenarios import ScenarioRegistry, run_scenarios
from conformance.errors import Aborted, SetupFailed, Skipped, TargetUnresponsive
from conformance.findings import Recorder, Verdict
from conformance.masking import Masker


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
