"""``octo-conformance selftest``: the fault-detection and false-alarm matrices and their verdict.

The real selftest (both suites, both matrices, one pool of spawned workers, a fresh reference
per run) runs once per session, ``--focused``: each fault judged by its signature alone, the
clean references and the legal variants by whole runs. Its console output, exit code and
``--json`` document are then judged test by test: the clean references pass with every
requirement judged, every fault of both references is detected by its signature requirement,
and no legal variant fails a MUST. The full fault matrix (what
else each fault breaks, the MUST coverage) is measured in bench/COVERAGE.md.
The fakes below check the verdict logic on matrices no reference produces.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

import pytest
from click.testing import CliRunner

import octo_conformance.cli.embedded
from octo_conformance.cli.embedded import RULE_ONLY, Detection, Matrices, Matrix, detect
from octo_conformance.cli.main import cli
from octo_conformance.cli.signatures import SIGNATURES
from octo_conformance.errors import ExitCode
from octo_conformance.reference.sandbox import FAULT_NAMES as SANDBOX_FAULTS
from octo_conformance.reference.sandbox import VARIANT_NAMES as SANDBOX_VARIANTS
from octo_conformance.reference.webhook import FAULT_NAMES as WEBHOOK_FAULTS
from octo_conformance.reference.webhook import VARIANT_NAMES as WEBHOOK_VARIANTS
from octo_conformance.requirements import Level, Mode, requirement

FAULTS = [("provider", f) for f in SANDBOX_FAULTS] + [("webhook", f) for f in WEBHOOK_FAULTS]
VARIANTS = [("provider", v) for v in SANDBOX_VARIANTS] + [("webhook", v) for v in WEBHOOK_VARIANTS]


@dataclass(frozen=True)
class Selftest:
    exit_code: int
    output: str
    document: dict[str, Any]

    def runs(self, matrix: str, kind: str) -> dict[str, Detection]:
        """The runs of one matrix, read back from the JSON document, by fault or variant."""
        names = {f.name for f in fields(Detection)}
        found = {}
        for run in self.document[matrix][kind]:
            assert set(run) == names
            values: dict[str, Any] = {
                k: tuple(v) if isinstance(v, list) else v for k, v in run.items()
            }
            detection = Detection(**values)
            found[detection.variant or detection.fault] = detection
        return found


@pytest.fixture(scope="session")
def selftest(tmp_path_factory: pytest.TempPathFactory) -> Selftest:
    out = tmp_path_factory.mktemp("selftest") / "matrices.json"
    command = ["selftest", "--focused", "--workers", "4", "--json", str(out)]
    result = CliRunner().invoke(cli, command)
    document = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    return Selftest(result.exit_code, result.output, document)


@pytest.mark.slow
def test_the_selftest_passes_and_says_so(selftest: Selftest) -> None:
    assert selftest.exit_code == ExitCode.CONFORMANT, selftest.output
    for line in (
        f"provider: clean reference passes; {len(SANDBOX_FAULTS)} of {len(SANDBOX_FAULTS)} faults detected",
        f"webhook: clean reference passes; {len(WEBHOOK_FAULTS)} of {len(WEBHOOK_FAULTS)} faults detected",
        f"provider: {len(SANDBOX_VARIANTS)} of {len(SANDBOX_VARIANTS)} legal variants pass without a MUST failure",
        f"webhook: {len(WEBHOOK_VARIANTS)} of {len(WEBHOOK_VARIANTS)} legal variants pass without a MUST failure",
        "selftest: OK",
    ):
        assert line in selftest.output, selftest.output[-4000:]
    assert "each fault judged by its signature only (--focused)" in selftest.output
    # focused runs judge one requirement each: they say nothing of the MUST coverage
    assert "MUST coverage: not measured by focused runs" in selftest.output
    assert selftest.document["ok"] is True, selftest.output[-4000:]
    assert selftest.document["focused"] is True
    assert (selftest.document["profile"], selftest.document["seed"]) == ("quick", 1)


@pytest.mark.parametrize("kind", ["provider", "webhook"])
def test_every_fault_has_an_expected_signature(kind: str) -> None:
    faults = SANDBOX_FAULTS if kind == "provider" else WEBHOOK_FAULTS
    assert set(SIGNATURES[kind]) == set(faults)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["provider", "webhook"])
def test_the_clean_reference_passes_and_every_requirement_is_judged(
    selftest: Selftest, kind: str
) -> None:
    clean = selftest.runs("faults", kind)[""]
    assert clean.errors == ()
    assert clean.failed == (), f"false alarms on the clean {kind} reference: {clean.failed}"
    assert clean.warned == (), f"warnings on the clean {kind} reference: {clean.warned}"
    # with an OTP source and a second shop, every requirement gets a real verdict
    assert clean.unjudged == (), f"requirements no check judged: {clean.unjudged}"


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "fault"), FAULTS)
def test_fault_is_detected(selftest: Selftest, kind: str, fault: str) -> None:
    found = selftest.runs("faults", kind)[fault]
    assert found.errors == (), found.errors
    # a fault against a SHOULD is detected by a warn (CLARIFICATIONS makes the deviation one)
    expected = SIGNATURES[kind][fault].requirement
    must = requirement(expected).level is Level.MUST
    seen = found.failed if must else found.warned
    assert expected in seen, (
        f"{fault}: expected {expected} to {'fail' if must else 'warn'}; "
        f"failed {found.failed}, warned {found.warned}"
    )


def test_there_are_enough_variants_to_mean_something() -> None:
    assert len(SANDBOX_VARIANTS) >= 15
    assert len(WEBHOOK_VARIANTS) >= 8


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "variant"), VARIANTS)
def test_a_legal_variant_fails_no_must(selftest: Selftest, kind: str, variant: str) -> None:
    found = selftest.runs("variants", kind)[variant]
    assert found.errors == (), found.errors
    assert found.failed == (), f"false alarm on {variant}: {found.failed} (warned {found.warned})"
    assert not found.false_alarm


def _fake(detections: list[Detection]) -> Callable[..., Matrices]:
    def matrices(kinds: tuple[str, ...], which: tuple[Matrix, ...], **_: object) -> Matrices:
        (matrix,) = which
        return {matrix: {"provider": detections}}

    return matrices


def _detection(
    fault: str, failed: tuple[str, ...] = (), warned: tuple[str, ...] = (), variant: str = ""
) -> Detection:
    return Detection(
        fault=fault, failed=failed, warned=warned, errors=(), seconds=1.0, variant=variant
    )


@pytest.mark.parametrize(
    ("detections", "says"),
    [
        ([_detection(""), _detection("a-fault")], "missed: a-fault"),
        ([_detection("", failed=("PROV-HTTP-001",)), _detection("a-fault", failed=("PROV-HTTP-001",))], "false alarms: PROV-HTTP-001"),
    ],
)  # fmt: skip
def test_a_missed_fault_or_a_false_alarm_fails_the_selftest(
    monkeypatch: pytest.MonkeyPatch, detections: list[Detection], says: str
) -> None:
    monkeypatch.setattr(octo_conformance.cli.embedded, "matrices", _fake(detections))
    result = CliRunner().invoke(cli, ["selftest", "--suite", "provider", "--matrix", "faults"])
    assert result.exit_code == ExitCode.NON_CONFORMANT, result.output
    assert says in result.output
    assert "selftest: FAILED" in result.output


def test_a_fault_seen_only_as_a_warning_counts_as_detected(monkeypatch: pytest.MonkeyPatch) -> None:
    detections = [_detection(""), _detection("a-fault", warned=("HOOK-ACK-004",))]
    monkeypatch.setattr(octo_conformance.cli.embedded, "matrices", _fake(detections))
    result = CliRunner().invoke(cli, ["selftest", "--suite", "provider", "--matrix", "faults"])
    assert result.exit_code == ExitCode.CONFORMANT, result.output
    assert "1 of 1 faults detected" in result.output


def test_a_must_failure_on_a_legal_variant_fails_the_selftest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    detections = [
        _detection("", variant="a-reading", warned=("PROV-CB-004",)),
        _detection("", variant="another-reading", failed=("PROV-BIND-001",)),
    ]
    monkeypatch.setattr(octo_conformance.cli.embedded, "matrices", _fake(detections))
    result = CliRunner().invoke(cli, ["selftest", "--suite", "provider", "--matrix", "variants"])
    assert result.exit_code == ExitCode.NON_CONFORMANT, result.output
    assert "1 of 2 legal variants pass without a MUST failure" in result.output
    assert "false alarms on: another-reading" in result.output
    assert "selftest: FAILED" in result.output


def test_a_warning_on_a_legal_variant_is_no_false_alarm(monkeypatch: pytest.MonkeyPatch) -> None:
    detections = [_detection("", variant="a-reading", warned=("PROV-CB-004",))]
    monkeypatch.setattr(octo_conformance.cli.embedded, "matrices", _fake(detections))
    result = CliRunner().invoke(cli, ["selftest", "--suite", "provider", "--matrix", "variants"])
    assert result.exit_code == ExitCode.CONFORMANT, result.output
    assert "PROV-CB-004" in result.output
    assert "selftest: OK" in result.output


def test_the_rule_matrix_shows_which_accepts_faults_their_rule_sees(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runs = [
        _detection("accepts:bindCard:exp.month", warned=("PROV-RULE-bindCard-exp.month",)),
        _detection("accepts:checkSmsKey:smsKey.pattern"),
    ]
    monkeypatch.setattr(octo_conformance.cli.embedded, "matrices", _fake(runs))
    result = CliRunner().invoke(cli, ["selftest", "--suite", "provider", "--matrix", "rules"])
    assert result.exit_code == ExitCode.CONFORMANT, result.output  # informational
    assert (
        "provider: 1 of 2 accepts faults seen by their own rule; "
        "refused anyway: accepts:checkSmsKey:smsKey.pattern"
    ) in result.output
    assert re.search(r"provider: MUST coverage 0 of \d+ \(0 %\)", result.output)


@pytest.mark.slow
def test_an_accepts_fault_is_seen_by_its_own_rule_unless_refused_anyway() -> None:
    """Real runs of the rule matrix's request-rules phase: month 13 let through is seen; an
    smsKey of the wrong pattern is not, since the later code refuses it as a wrong code anyway:
    nothing a partner sees changes, and no black-box check may claim to see it."""
    seen = detect("accepts:bindCard:exp.month", only=RULE_ONLY)
    assert "PROV-RULE-bindCard-exp.month" in seen.failed + seen.warned
    assert seen.errors == ()
    pattern = detect("accepts:checkSmsKey:smsKey.pattern", only=RULE_ONLY)
    assert pattern.failed == pattern.warned == pattern.errors == ()
    clean = detect("", only=RULE_ONLY)
    assert clean.failed == clean.warned == clean.errors == ()
    # a missing smsKey is sent for a real pending binding: a target that never reads it is seen
    missing = detect("accepts:checkSmsKey:smsKey.required", only=RULE_ONLY)
    assert "PROV-RULE-checkSmsKey-smsKey.required" in missing.failed


def test_focused_runs_leave_the_must_coverage_to_the_full_matrix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: dict[str, object] = {}

    def matrices(kinds: tuple[str, ...], which: tuple[Matrix, ...], **options: object) -> Matrices:
        asked.update(options)
        return {"faults": {"provider": [_detection(""), _detection("a-fault", ("PROV-X-001",))]}}

    monkeypatch.setattr(octo_conformance.cli.embedded, "matrices", matrices)
    args = ["selftest", "--suite", "provider", "--matrix", "faults", "--focused"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == ExitCode.CONFORMANT, result.output
    assert asked["focused"] is True
    assert "MUST coverage: not measured by focused runs" in result.output
    assert "provider: MUST coverage" not in result.output


def test_every_signature_names_a_requirement_and_a_phase_of_its_suite() -> None:
    from octo_conformance.provider.settings import PHASES as PROVIDER_PHASES
    from octo_conformance.webhook.settings import PHASES as WEBHOOK_PHASES

    phases = {"provider": PROVIDER_PHASES, "webhook": WEBHOOK_PHASES}
    modes = {"provider": Mode.PROVIDER, "webhook": Mode.WEBHOOK}
    for kind, signatures in SIGNATURES.items():
        for fault, signature in signatures.items():
            assert requirement(signature.requirement).mode is modes[kind], fault
            assert signature.phase in phases[kind], fault
    assert set(RULE_ONLY) <= set(PROVIDER_PHASES)  # the rule matrix's provider runs


def test_focused_without_the_fault_matrix_is_a_usage_error() -> None:
    args = ["selftest", "--matrix", "variants", "--focused"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "--focused focuses the fault matrix: add --matrix faults" in result.output
