"""``pytest conformance/provider --octo-base-url ...`` runs the suite as one test per requirement."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.cli.embedded import SHOPS, sandbox_config
from reference.sandbox import create_app
from reference.serving import serve_in_thread

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.slow


def _pytest(url: str, *extra: str, fault: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OCTO_SECRET": SHOPS[10000], "OCTO_SECRET_2": SHOPS[20000]}
    command = [
        sys.executable, "-m", "pytest", "conformance/provider", "-q", "-p", "no:randomly",
        f"--octo-base-url={url}", "--octo-otp-code=666666", "--octo-profile=quick",
        "--octo-second-shop-id=20000", "--octo-callback-timeout=1.5", "--octo-today=2026-11-29", *extra,
    ]  # fmt: skip
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)  # fmt: skip


def test_clean_sandbox_passes_every_requirement_test() -> None:
    with serve_in_thread(create_app(sandbox_config())) as url:
        done = _pytest(url)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "127 passed" in done.stdout


def test_a_fault_fails_its_requirement_test_with_a_reproduction() -> None:
    with serve_in_thread(create_app(sandbox_config("block-unknown-is-6"))) as url:
        done = _pytest(url)
    assert done.returncode == 1
    assert (
        "FAILED conformance/provider/test_provider.py::test_requirement[PROV-BLOCK-003]"
        in done.stdout
    )
    assert "reproduce: curl" in done.stdout
    assert SHOPS[10000] not in done.stdout  # the secret is a $OCTO_SECRET reference


def test_without_a_target_everything_is_skipped() -> None:
    done = subprocess.run([sys.executable, "-m", "pytest", "conformance/provider", "-q"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:]
    assert "127 skipped" in done.stdout
