"""``conformance.core.selection``: ``--only``/``--exclude`` patterns, and what a selected run
judges, skips and reports."""

from __future__ import annotations

import dataclasses

import pytest

from octo_conformance.cli.embedded import serve, settings_for
from octo_conformance.cli.validate import suite_selections
from octo_conformance.core.profiles import Profile
from octo_conformance.core.selection import EVERYTHING, Selection, select
from octo_conformance.errors import UsageError
from octo_conformance.findings import Recorder, Verdict
from octo_conformance.provider.runner import run_provider
from octo_conformance.provider.settings import PHASES
from octo_conformance.requirements import Mode

IDS = ["PROV-CB-001", "PROV-CB-002", "PROV-AUTH-001", "PROV-RULE-bindCard-pan.luhn"]


def chosen(only: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> list[str]:
    selection = select(only, exclude, requirements=IDS, phases=PHASES)
    return [i for i in IDS if selection.chooses(i)]


def test_everything_is_chosen_without_patterns() -> None:
    assert chosen() == IDS
    assert all(EVERYTHING.runs(p) for p in PHASES)
    assert not EVERYTHING.narrowed


def test_only_keeps_ids_and_globs_and_exclude_drops_after_it() -> None:
    assert chosen(("PROV-CB-*",)) == ["PROV-CB-001", "PROV-CB-002"]
    assert chosen(("PROV-CB-*", "PROV-AUTH-001"), ("PROV-CB-002",)) == ["PROV-CB-001", "PROV-AUTH-001"]  # fmt: skip
    assert chosen(exclude=("*-RULE-*",)) == IDS[:3]
    # letter case aside: the rule IDs mix cases, a user need not copy them exactly
    assert chosen(("prov-rule-BINDCARD-*",)) == IDS[3:]


def test_phase_patterns_choose_what_runs_not_what_is_judged() -> None:
    selection = select(["request-rules"], [], requirements=IDS, phases=PHASES)
    assert [p for p in PHASES if selection.runs(p)] == ["request rules"]
    assert chosen(("request rules",)) == IDS
    excluded = select([], ["State-Machine"], requirements=IDS, phases=PHASES)
    assert [p for p in PHASES if not excluded.runs(p)] == ["state machine"]


def test_each_suite_of_a_run_reads_the_patterns_that_name_something_of_it() -> None:
    both = [Mode.PROVIDER, Mode.WEBHOOK]
    chosen = suite_selections(["payload-rules", "PROV-CB-*"], ["HOOK-REJ-001"], both)
    provider, webhook = chosen[Mode.PROVIDER], chosen[Mode.WEBHOOK]
    assert (provider.only, provider.exclude) == (("PROV-CB-*",), ())
    assert provider.plan(["PROV-CB-001"], PHASES) == list(PHASES)  # no phase pattern of its own
    assert (webhook.only, webhook.exclude) == (("payload-rules",), ("HOOK-REJ-001",))
    # --only naming nothing of a suite leaves it out: it chooses and runs nothing
    hooks = suite_selections(["HOOK-*"], [], both)[Mode.PROVIDER]
    assert hooks.left_out
    assert not hooks.chooses("PROV-CB-001")
    assert hooks.plan(["PROV-CB-001"], PHASES) == []
    assert hooks.reason() == "not selected (--only HOOK-*)"


@pytest.mark.parametrize("flag", ["only", "exclude"])
def test_a_pattern_naming_nothing_is_a_usage_error(flag: str) -> None:
    patterns: dict[str, list[str]] = {"only": [], "exclude": []}
    patterns[flag] = ["PROV-CB-*", "PROV-CALLBACK-*"]
    with pytest.raises(UsageError, match=rf"--{flag} 'PROV-CALLBACK-\*' names no requirement"):
        select(patterns["only"], patterns["exclude"], requirements=IDS, phases=PHASES)


def test_the_recorder_skips_what_is_left_out_with_the_patterns_as_reason() -> None:
    selection = Selection(("PROV-CB-*",), ("PROV-CB-002",), frozenset())
    recorder = Recorder(selection=selection)
    # the caller gets the check's verdict back, so a scenario walks on as it would have
    assert recorder.record("PROV-AUTH-001", Verdict.FAIL, "bad", check="c") is Verdict.FAIL
    recorder.record("PROV-CB-001", Verdict.FAIL, "bad", check="c")
    recorder.skip_unselected(IDS)
    assert recorder.verdict("PROV-AUTH-001") is Verdict.SKIP
    assert recorder.verdict("PROV-CB-002") is Verdict.SKIP
    assert recorder.verdict("PROV-CB-001") is Verdict.FAIL
    reasons = {f.requirement: f.message for f in recorder.findings() if f.verdict is Verdict.SKIP}
    assert reasons["PROV-AUTH-001"] == "not selected (--only PROV-CB-* --exclude PROV-CB-002)"
    assert recorder.failed() == ["PROV-CB-001"]


@pytest.mark.slow
def test_a_selected_run_judges_what_it_chose_and_reports_the_rest_as_skipped() -> None:
    """Against a sandbox whose callbacks never come: ``--only scenarios --only PROV-CB-001``
    fails PROV-CB-001 and nothing else; ``--exclude PROV-CB-*`` hides the same defect, and
    the requirements left out are skips with the patterns as reason, never passes."""
    with serve("provider", "callback-never-sent") as (url, _):
        base = settings_for(url, seed=1, profile=Profile.QUICK)
        only = suite_selections(["scenarios", "PROV-CB-001"], [], [Mode.PROVIDER])[Mode.PROVIDER]
        caught = run_provider(dataclasses.replace(base, selection=only)).recorder
        exclude = suite_selections(["scenarios"], ["PROV-CB-*", "PROV-PAGE-*"], [Mode.PROVIDER])[Mode.PROVIDER]  # fmt: skip
        hidden = run_provider(dataclasses.replace(base, selection=exclude)).recorder
    assert caught.failed() == ["PROV-CB-001"]
    judged = {r for r, t in caught.tallies.items() if t.verdict is not Verdict.SKIP}
    assert judged == {"PROV-CB-001"}
    assert hidden.failed() == []
    assert hidden.verdict("PROV-CB-001") is Verdict.SKIP
    assert hidden.verdict("PROV-BIND-001") is Verdict.PASS  # the scenarios still ran
    # a requirement only the other phases judge: skipped with why, not "no check judged it"
    schema = [f.message for f in hidden.findings() if f.requirement == "PROV-RULE-bindCard-pan.luhn"]  # fmt: skip
    assert schema == [
        "not judged by the phases this selection runs (--only scenarios --exclude PROV-CB-*"
        " --exclude PROV-PAGE-*)"
    ]
