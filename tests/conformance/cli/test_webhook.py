"""``octo-conformance webhook``: flags, exit codes, reports, against the real reference webhook."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from octo_conformance.cli.embedded import webhook_config
from octo_conformance.cli.main import cli
from octo_conformance.reference.serving import serve_in_thread
from octo_conformance.reference.webhook import create_app
from tests.conformance.harness.loopback import free_port


def webhook(*args: str) -> Result:
    return CliRunner().invoke(cli, ["webhook", *args])


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--url", "not-a-url"),
        ("--url", "http://127.0.0.1:9/cb", "--state-setup-url", "ftp://x/y"),
        ("--url", "http://127.0.0.1:9/cb", "--today", "29.11.2026"),
        ("--url", "http://127.0.0.1:9/cb", "--timeout", "0"),
        ("--url", "http://127.0.0.1:9/cb", "--profile", "huge"),
        ("--url", "http://127.0.0.1:9/cb", "--only", "PROV-CB-*"),  # the provider suite's
        ("--url", "http://127.0.0.1:9/cb", "--exclude", "state-machine"),
    ],
)
def test_bad_flags_are_usage_errors(args: tuple[str, ...]) -> None:
    result = webhook(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_an_unreachable_receiver_exits_3() -> None:
    result = webhook("--url", f"http://127.0.0.1:{free_port()}/octo/callback", "--timeout", "0.5")
    assert result.exit_code == 3, result.output
    assert "unreachable" in result.output


def _run(tmp_path: Path, fault: str = "", *, states: bool = True) -> tuple[Result, dict[str, Any]]:
    with serve_in_thread(create_app(webhook_config(fault))) as base:
        args = [
            "--url",
            f"{base}/octo/callback",
            "--timeout",
            "1",
            "--profile",
            "quick",
            "--seed",
            "5",
        ]
        if states:
            args += ["--state-setup-url", f"{base}/_pact/provider-states"]
        result = webhook(*args, "--report-dir", str(tmp_path), "--today", "2026-11-29")
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    return result, report


def test_the_reference_webhook_is_conformant(tmp_path: Path) -> None:
    result, report = _run(tmp_path)
    assert result.exit_code == 0, result.output
    assert report["summary"]["conformant"] is True
    assert (tmp_path / "junit.xml").exists()
    assert "seed 5" in result.output


def test_a_faulty_webhook_is_not_and_the_report_masks_the_pan(tmp_path: Path) -> None:
    result, report = _run(tmp_path, "echoes-pan")
    assert result.exit_code == 1, result.output
    assert "HOOK-SAFE-001" in result.output
    text = (tmp_path / "report.json").read_text(encoding="utf-8")
    assert "…" in text  # PANs appear as first6…last4
    evidence = [f for f in report["targets"][0]["findings"] if f["requirement"] == "HOOK-SAFE-001"]
    assert evidence


def test_without_a_state_endpoint_the_known_binding_checks_are_skipped(tmp_path: Path) -> None:
    result, report = _run(tmp_path, states=False)
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r["verdict"] for r in report["targets"][0]["requirements"]}
    assert rows["HOOK-ACK-001"] == "skip"
    assert rows["HOOK-REJ-001"] == "pass"  # needs no binding: still judged
