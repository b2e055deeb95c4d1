"""Each provider scenario judges exactly the requirements it declares.

The declaration (``@scenario(name, *requirements)``) is what a skipped scenario marks as
skipped, so it must name every requirement the body judges and no other. Judging an undeclared
one fails the run (``UndeclaredRequirement``); a declared one nobody judges is caught here, on a
run against the clean reference sandbox.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator

import pytest

from conformance.cli.embedded import sandbox_config, settings_for
from conformance.core.profiles import Profile
from conformance.findings import Exchange, Recorder, Verdict
from conformance.provider import runner
from conformance.provider.scenarios import SCENARIOS
from reference.sandbox import create_app
from reference.serving import serve_in_thread

# judged on every answer, whatever the check (conformance.provider.judge)
GENERIC = {
    "PROV-HTTP-001",
    "PROV-HTTP-002",
    "PROV-HTTP-003",
    "PROV-HTTP-004",
    "PROV-SCHEMA-001",
    "PROV-ENV-001",
    "PROV-ENV-002",
    "PROV-ENV-003",
    "PROV-SAFE-001",
    "PROV-HTTP-005",
}


class JudgedPerCheck(Recorder):
    """A recorder that also notes which requirements each check judged (skips aside)."""

    def __init__(self) -> None:
        super().__init__()
        self.judged: dict[str, set[str]] = defaultdict(set)
        self._seen = threading.Lock()

    def record(
        self,
        requirement_id: str,
        verdict: Verdict,
        message: str,
        *,
        check: str,
        evidence: Iterable[Exchange] = (),
    ) -> Verdict:
        if verdict is not Verdict.SKIP:
            with self._seen:
                self.judged[check].add(requirement_id)
        return super().record(requirement_id, verdict, message, check=check, evidence=evidence)


@pytest.fixture(scope="module")
def judged() -> Iterator[dict[str, set[str]]]:
    with (
        pytest.MonkeyPatch.context() as patch,
        serve_in_thread(create_app(sandbox_config())) as url,
    ):
        spy = JudgedPerCheck()
        patch.setattr(runner, "Recorder", lambda: spy)
        result = runner.run_provider(settings_for(url, seed=3, profile=Profile.QUICK))
        assert result.errors == []
        yield spy.judged


@pytest.mark.parametrize("name", SCENARIOS.names())
def test_a_scenario_judges_exactly_what_it_declares(judged: dict[str, set[str]], name: str) -> None:
    declared = set(SCENARIOS[name].requirements)
    assert judged[name] - GENERIC == declared, (
        f"declared but not judged: {sorted(declared - judged[name])}; "
        f"judged but not declared: {sorted(judged[name] - GENERIC - declared)}"
    )


def test_every_scenario_is_registered() -> None:
    assert len(SCENARIOS) == 16
