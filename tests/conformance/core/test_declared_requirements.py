"""Each scenario of both suites judges exactly the requirements it declares.

The declaration (``@SCENARIOS(name, *requirements)``) is what a skipped scenario marks as
skipped, so it must name every requirement the body judges and no other. Judging an undeclared
one fails the run (``UndeclaredRequirement``); a declared one nobody judges is caught here, on a
run of each suite against its clean reference.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pytest

from octo_conformance.cli.embedded import callback_settings, serve, settings_for
from octo_conformance.core.profiles import Profile
from octo_conformance.core.scenarios import ScenarioRegistry
from octo_conformance.findings import Exchange, Recorder, Verdict
from octo_conformance.provider import runner as provider_runner
from octo_conformance.provider.scenarios import SCENARIOS as PROVIDER_SCENARIOS
from octo_conformance.webhook import runner as webhook_runner
from octo_conformance.webhook.scenarios import SCENARIOS as WEBHOOK_SCENARIOS

pytestmark = pytest.mark.slow

# judged on every answer, whatever the check declared (provider/judge.py, webhook/context.py)
GENERIC = {
    "provider": {
        "PROV-HTTP-001",
        "PROV-HTTP-002",
        "PROV-HTTP-003",
        "PROV-HTTP-004",
        "PROV-HTTP-005",
        "PROV-SCHEMA-001",
        "PROV-ENV-001",
        "PROV-ENV-002",
        "PROV-ENV-003",
        "PROV-SAFE-001",
    },
    "webhook": {"HOOK-HTTP-001", "HOOK-HTTP-002", "HOOK-HTTP-003", "HOOK-SAFE-001"},
}
REGISTRIES: dict[str, ScenarioRegistry[Any]] = {
    "provider": PROVIDER_SCENARIOS,
    "webhook": WEBHOOK_SCENARIOS,
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
def judged() -> dict[str, dict[str, set[str]]]:
    spies = {"provider": JudgedPerCheck(), "webhook": JudgedPerCheck()}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(provider_runner, "Recorder", lambda **_: spies["provider"])
        patch.setattr(webhook_runner, "Recorder", lambda **_: spies["webhook"])
        with serve("provider") as (url, _):
            found = provider_runner.run_provider(settings_for(url, seed=3, profile=Profile.QUICK))
            assert found.errors == []
        with serve("webhook") as (url, states):
            settings = callback_settings(url, states, seed=3, profile=Profile.QUICK)
            assert webhook_runner.run_webhook(settings).errors == []
    return {kind: spy.judged for kind, spy in spies.items()}


@pytest.mark.parametrize(
    ("kind", "name"), [(kind, name) for kind, r in REGISTRIES.items() for name in r.names()]
)
def test_a_scenario_judges_exactly_what_it_declares(
    judged: dict[str, dict[str, set[str]]], kind: str, name: str
) -> None:
    declared = set(REGISTRIES[kind][name].requirements)
    seen = judged[kind][name] - GENERIC[kind]
    assert seen == declared, (
        f"declared but not judged: {sorted(declared - seen)}; "
        f"judged but not declared: {sorted(seen - declared)}"
    )


def test_every_scenario_is_registered() -> None:
    assert (len(PROVIDER_SCENARIOS), len(WEBHOOK_SCENARIOS)) == (20, 8)
