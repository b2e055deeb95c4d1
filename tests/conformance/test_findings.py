"""The finding model: level decides the cost, passes are counted, evidence is bounded."""

from __future__ import annotations

import threading

import pytest

from octo_conformance.findings import Exchange, Recorder, Tally, Verdict
from octo_conformance.requirements import Level, requirement

MUST = "PROV-HTTP-001"
SHOULD = "PROV-HTTP-003"


def exchange(status: int = 200) -> Exchange:
    return Exchange("POST", "http://127.0.0.1/x", "{}", status, {}, "{}", 1.0, "curl ...")


def test_the_requirements_used_here_have_the_levels_assumed() -> None:
    assert requirement(MUST).level is Level.MUST
    assert requirement(SHOULD).level is Level.SHOULD


def test_a_fail_of_a_must_stays_a_fail() -> None:
    recorder = Recorder()
    assert recorder.record(MUST, Verdict.FAIL, "5xx", check="c") is Verdict.FAIL
    assert recorder.verdict(MUST) is Verdict.FAIL
    assert recorder.failed() == [MUST]


def test_a_fail_of_a_should_becomes_a_warn() -> None:
    recorder = Recorder()
    assert recorder.record(SHOULD, Verdict.FAIL, "text/plain", check="c") is Verdict.WARN
    tally = recorder.tallies[SHOULD]
    assert tally.counts[Verdict.WARN] == 1
    assert tally.counts[Verdict.FAIL] == 0
    assert [f.verdict for f in tally.findings] == [Verdict.WARN]
    assert recorder.failed() == []


@pytest.mark.parametrize("verdict", [Verdict.PASS, Verdict.WARN, Verdict.SKIP])
def test_other_verdicts_are_kept_as_given(verdict: Verdict) -> None:
    assert Recorder().record(MUST, verdict, "", check="c") is verdict


def test_passes_are_counted_not_stored() -> None:
    recorder = Recorder()
    for _ in range(50):
        recorder.record(MUST, Verdict.PASS, "", check="c", evidence=[exchange()])
    tally = recorder.tallies[MUST]
    assert tally.counts[Verdict.PASS] == 50
    assert tally.findings == []
    assert recorder.findings() == []


def test_at_most_keep_findings_per_requirement_verdict_and_check() -> None:
    recorder = Recorder(keep=2)
    for i in range(5):
        recorder.record(MUST, Verdict.FAIL, f"a{i}", check="a", evidence=[exchange(500)])
        recorder.record(MUST, Verdict.FAIL, f"b{i}", check="b")
        recorder.record(MUST, Verdict.SKIP, f"s{i}", check="a")
    tally = recorder.tallies[MUST]
    assert tally.counts[Verdict.FAIL] == 10
    assert tally.counts[Verdict.SKIP] == 5
    kept = [(f.check, f.verdict, f.message) for f in tally.findings]
    assert kept == [
        ("a", Verdict.FAIL, "a0"),
        ("b", Verdict.FAIL, "b0"),
        ("a", Verdict.SKIP, "s0"),
        ("a", Verdict.FAIL, "a1"),
        ("b", Verdict.FAIL, "b1"),
        ("a", Verdict.SKIP, "s1"),
    ]
    assert tally.findings[0].evidence == (exchange(500),)


@pytest.mark.parametrize(
    ("verdicts", "worst"),
    [
        ([Verdict.SKIP, Verdict.PASS], Verdict.PASS),
        ([Verdict.PASS, Verdict.WARN, Verdict.PASS], Verdict.WARN),
        ([Verdict.WARN, Verdict.FAIL, Verdict.SKIP], Verdict.FAIL),
        ([Verdict.SKIP], Verdict.SKIP),
    ],
)
def test_the_worst_verdict_wins(verdicts: list[Verdict], worst: Verdict) -> None:
    recorder = Recorder()
    for verdict in verdicts:
        recorder.record(MUST, verdict, "", check="c")
    assert recorder.verdict(MUST) is worst


def test_an_unjudged_requirement_has_no_verdict() -> None:
    assert Recorder().verdict(MUST) is None
    assert Tally().verdict is None


def test_an_unknown_requirement_is_a_suite_bug() -> None:
    with pytest.raises(KeyError, match="PROV-NOPE-999"):
        Recorder().record("PROV-NOPE-999", Verdict.PASS, "", check="c")


def test_concurrent_records_are_all_counted() -> None:
    recorder = Recorder(keep=1)

    def work() -> None:
        for _ in range(200):
            recorder.record(MUST, Verdict.FAIL, "x", check="c")
            recorder.record(MUST, Verdict.PASS, "", check="c")

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally = recorder.tallies[MUST]
    assert (tally.counts[Verdict.FAIL], tally.counts[Verdict.PASS]) == (1600, 1600)
    assert len(tally.findings) == 1
