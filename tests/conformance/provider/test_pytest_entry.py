"""``pytest conformance/provider --octo-base-url ...`` runs the suite as one test per requirement,
with the command line's options and checks (``--octo-<name>`` for ``provider --<name>``). The
clean sandbox's run, every requirement passed, is in tests/test_packaging.py (from the wheel)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Protocol

import pytest

from octo_conformance.cli.embedded import SHOPS, TODAY, sandbox_config
from octo_conformance.cli.signatures import SIGNATURES
from octo_conformance.reference.sandbox import create_app
from octo_conformance.reference.serving import serve_in_thread
from octo_conformance.requirements import Mode, of_mode

ROOT = Path(__file__).resolve().parents[3]
SECRETS: dict[str, str] = {"OCTO_SECRET": SHOPS[10000], "OCTO_SECRET_2": SHOPS[20000]}


class UsageRun(Protocol):
    def __call__(self, *args: str, env: dict[str, str | None] | None = None) -> str: ...


pytestmark = pytest.mark.slow
REQUIREMENTS = len(of_mode(Mode.PROVIDER))
TARGET = (
    "--octo-shop-id=10000",
    "--octo-otp-code=666666",
    "--octo-profile=quick",
    "--octo-seed=0",
    "--octo-second-shop-id=20000",
    "--octo-second-secret-env=OCTO_SECRET_2",
    "--octo-callback-timeout=1.5",
    # the sandbox judges expiry on its own (Tashkent) clock: a fixed day would age out
    f"--octo-today={TODAY.isoformat()}",
)


def _pytest(
    *args: str, env: dict[str, str | None] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    environment: dict[str, str] = {**os.environ, **SECRETS}
    for name, value in (env or {}).items():
        environment.pop(name, None)
        if value is not None:
            environment[name] = value
    command = [sys.executable, "-m", "pytest", "conformance/provider", "-q", "-p", "no:randomly"]
    return subprocess.run(
        [*command, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_a_fault_fails_its_requirement_test_with_a_reproduction() -> None:
    """Focused on the fault's signature (--octo-only its phase and requirement): the whole
    suite through the plugin is tests/test_packaging.py's run, from the wheel."""
    focus = [f"--octo-only={p}" for p in SIGNATURES["provider"]["block-unknown-is-6"].only]
    with serve_in_thread(create_app(sandbox_config("block-unknown-is-6"))) as url:
        done = _pytest(f"--octo-base-url={url}", *TARGET, *focus)
    assert done.returncode == 1
    assert (
        "FAILED conformance/provider/test_provider.py::test_requirement[PROV-BLOCK-003]"
        in done.stdout
    )
    assert "reproduce: curl" in done.stdout
    assert SHOPS[10000] not in done.stdout  # the secret is a $OCTO_SECRET reference


def test_without_a_target_everything_is_skipped() -> None:
    done = _pytest(timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]
    assert f"{REQUIREMENTS} skipped" in done.stdout


@pytest.fixture
def usage_error(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> UsageRun:
    """A bad option stops pytest before any test runs (exit 4), with one message. In process
    (pytester): the plugin's options are checked in ``pytest_configure``, before collection."""

    def run(*args: str, env: dict[str, str | None] | None = None) -> str:
        overrides: dict[str, str | None] = {**SECRETS, **(env or {})}
        for name, value in overrides.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        done = pytester.runpytest_inprocess(*args)
        output = "\n".join([*done.outlines, *done.errlines])
        assert done.ret == pytest.ExitCode.USAGE_ERROR, output[-2000:]
        assert "passed" not in output
        assert "Traceback" not in output
        return output

    return run


def test_production_is_refused_without_allow_production(usage_error: UsageRun) -> None:
    output = usage_error("--octo-base-url=https://secure.octo.uz/", *TARGET)
    assert "secure.octo.uz is OCTO's production host" in output
    assert "--octo-allow-production" in output


def test_an_unset_second_shop_secret_is_a_usage_error(usage_error: UsageRun) -> None:
    output = usage_error("--octo-base-url=http://127.0.0.1:9", *TARGET, env={"OCTO_SECRET_2": None})
    assert "--octo-second-secret-env: environment variable OCTO_SECRET_2 is not set" in output
    assert SHOPS[10000] not in output


def test_a_second_shop_needs_its_secret_variable(usage_error: UsageRun) -> None:
    output = usage_error(
        "--octo-base-url=http://127.0.0.1:9", "--octo-shop-id=10000", "--octo-second-shop-id=2"
    )
    assert "--octo-second-shop-id and --octo-second-secret-env go together" in output


def test_an_unset_shop_secret_is_a_usage_error(usage_error: UsageRun) -> None:
    output = usage_error("--octo-base-url=http://127.0.0.1:9", *TARGET, env={"OCTO_SECRET": ""})
    assert "--octo-secret-env: environment variable OCTO_SECRET is not set" in output


def test_a_bound_is_checked_by_pytest_itself(usage_error: UsageRun) -> None:
    output = usage_error("--octo-base-url=http://127.0.0.1:9", "--octo-shop-id=0")
    assert "--octo-shop-id" in output


def test_a_selection_pattern_naming_nothing_is_a_usage_error(usage_error: UsageRun) -> None:
    output = usage_error("--octo-base-url=http://127.0.0.1:9", *TARGET, "--octo-only=PROV-NOPE-*")
    assert "--octo-only 'PROV-NOPE-*' names no requirement and no phase" in output


def test_selection_patterns_are_checked_over_both_suites_given(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With both targets, a pattern of either suite is accepted (as by `run`): configure passes,
    and the empty test directory collects nothing (exit 5), having contacted no target."""
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    done = pytester.runpytest_inprocess(
        "--octo-base-url=http://127.0.0.1:9", *TARGET, "--octo-webhook-url=http://127.0.0.1:9/cb",
        "--octo-only=PROV-CB-*", "--octo-only=payload-rules", "--octo-exclude=HOOK-REJ-001",
    )  # fmt: skip
    assert done.ret == pytest.ExitCode.NO_TESTS_COLLECTED, "\n".join(done.outlines[-20:])
