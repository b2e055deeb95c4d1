"""``pytest --pyargs octo_conformance.webhook --octo-webhook-url ...`` from a directory outside the
repository (the installed package's pytest plugin supplies the options): one test per webhook
requirement, with the command line's options and checks."""

from __future__ import annotations

import subprocess
import sys
import tempfile

import pytest

from octo_conformance.cli.embedded import webhook_config
from octo_conformance.reference.serving import serve_in_thread
from octo_conformance.reference.webhook import create_app
from octo_conformance.requirements import Mode, of_mode

pytestmark = pytest.mark.slow
REQUIREMENTS = len(of_mode(Mode.WEBHOOK))


def _pytest(base: str, fault: str = "") -> subprocess.CompletedProcess[str]:
    command = [
        *(sys.executable, "-m", "pytest", "--pyargs", "octo_conformance.webhook", "-q"),
        f"--octo-webhook-url={base}/octo/callback",
        f"--octo-state-setup-url={base}/_pact/provider-states",
        *("--octo-webhook-timeout=1", "--octo-profile=quick", "--octo-seed=0"),
        "--octo-today=2026-11-29",
    ]
    with tempfile.TemporaryDirectory() as elsewhere:  # no conftest.py, no pyproject.toml here
        return subprocess.run(
            command, cwd=elsewhere, capture_output=True, text=True, timeout=300, check=False
        )


def test_the_reference_webhook_passes_every_requirement_test() -> None:
    with serve_in_thread(create_app(webhook_config())) as base:
        done = _pytest(base)
    assert done.returncode == 0, done.stdout[-3000:]
    assert f"{REQUIREMENTS} passed" in done.stdout
    assert "octo: webhook suite against" in done.stdout
    assert "seed 0 (repeat with --octo-seed 0)" in done.stdout


def test_a_fault_fails_its_requirement_test() -> None:
    with serve_in_thread(create_app(webhook_config("accepts-unknown-transaction"))) as base:
        done = _pytest(base)
    assert done.returncode == 1
    failed = [line for line in done.stdout.splitlines() if line.startswith("FAILED ")]
    assert len(failed) == 1
    assert failed[0].split(" ")[1].endswith("test_webhook.py::test_requirement[HOOK-REJ-001]")
    assert "reproduce: curl" in done.stdout


def test_a_bad_receiver_url_is_a_usage_error() -> None:
    done = _pytest("ftp://127.0.0.1:9")
    assert done.returncode == pytest.ExitCode.USAGE_ERROR, done.stdout[-2000:]
    assert "--octo-webhook-url: 'ftp://127.0.0.1:9/octo/callback' is not an absolute" in (
        done.stdout + done.stderr
    )
