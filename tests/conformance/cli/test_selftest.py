"""``octo-conformance selftest``: the fault-detection and false-alarm matrices and their verdict."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import CliRunner

import conformance.cli.embedded
from conformance.cli.embedded import Detection
from conformance.cli.main import cli
from conformance.errors import ExitCode


@pytest.mark.slow
def test_the_webhook_selftest_detects_every_fault() -> None:
    result = CliRunner().invoke(cli, ["selftest", "--suite", "webhook", "--workers", "3"])
    assert result.exit_code == ExitCode.CONFORMANT, result.output
    assert "webhook: clean reference passes; 18 of 18 faults detected" in result.output
    assert "webhook: 8 of 8 legal variants pass without a MUST failure" in result.output
    assert "selftest: OK" in result.output


def _fake(detections: list[Detection]) -> Callable[..., dict[str, list[Detection]]]:
    def fault_matrix(kinds: tuple[str, ...], **_: object) -> dict[str, list[Detection]]:
        return {"provider": detections}

    return fault_matrix


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
    monkeypatch.setattr(conformance.cli.embedded, "fault_matrix", _fake(detections))
    result = CliRunner().invoke(cli, ["selftest", "--suite", "provider", "--matrix", "faults"])
    assert result.exit_code == ExitCode.NON_CONFORMANT, result.output
    assert says in result.output
    assert "selftest: FAILED" in result.output


def test_a_fault_seen_only_as_a_warning_counts_as_detected(monkeypatch: pytest.MonkeyPatch) -> None:
    detections = [_detection(""), _detection("a-fault", warned=("HOOK-ACK-004",))]
    monkeypatch.setattr(conformance.cli.embedded, "fault_matrix", _fake(detections))
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
    monkeypatch.setattr(conformance.cli.embedded, "variant_matrix", _fake(detections))
    result = CliRunner().invoke(cli, ["selftest", "--suite", "provider", "--matrix", "variants"])
    assert result.exit_code == ExitCode.NON_CONFORMANT, result.output
    assert "1 of 2 legal variants pass without a MUST failure" in result.output
    assert "false alarms on: another-reading" in result.output
    assert "selftest: FAILED" in result.output


def test_a_warning_on_a_legal_variant_is_no_false_alarm(monkeypatch: pytest.MonkeyPatch) -> None:
    detections = [_detection("", variant="a-reading", warned=("PROV-CB-004",))]
    monkeypatch.setattr(conformance.cli.embedded, "variant_matrix", _fake(detections))
    result = CliRunner().invoke(cli, ["selftest", "--suite", "provider", "--matrix", "variants"])
    assert result.exit_code == ExitCode.CONFORMANT, result.output
    assert "PROV-CB-004" in result.output
    assert "selftest: OK" in result.output
