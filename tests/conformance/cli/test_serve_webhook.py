from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from click.testing import CliRunner

from octo_conformance.cli.main import cli
from octo_conformance.reference.webhook import FAULTS


def test_list_faults_prints_each_fault_with_its_clause() -> None:
    result = CliRunner().invoke(cli, ["serve-webhook", "--list-faults"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(FAULTS)
    assert any(line.startswith("rejects-minimal-failed") and "C-25" in line for line in lines)


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--fault", "no-such-fault"], {}, "unknown fault(s): no-such-fault"),
        (["--fault", "slow", "--fault", "nope"], {}, "unknown fault(s): nope"),
        (["--port", "70000"], {}, "70000"),
        (["--db", "/nonexistent-dir/webhook.db"], {}, "cannot open the database"),
        ([], {"OCTO_WEBHOOK_KEY": "short"}, "OCTO_WEBHOOK_KEY must be at least 16 bytes"),
        (["--no-such-flag"], {}, "No such option"),
    ],
)
def test_bad_flags_exit_2_with_a_clear_message(
    args: list[str], env: dict[str, str], message: str
) -> None:
    result = CliRunner().invoke(
        cli, ["serve-webhook", *args], env={"OCTO_WEBHOOK_KEY": None, **env}
    )
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_it_serves_the_webhook_on_loopback() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "OCTO_WEBHOOK_KEY"}
    process = subprocess.Popen(
        [sys.executable, "-m", "octo_conformance", "serve-webhook", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                health = httpx.get(f"{base}/_webhook/health", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "serve-webhook did not start"
                time.sleep(0.05)
        assert health.json() == {"status": "ok", "faults": []}
        answer = httpx.post(f"{base}/octo/callback", json={"shop_transaction_id": "x"}, timeout=5)
        assert answer.status_code == 400
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert f"partner webhook on http://127.0.0.1:{port}/octo/callback" in output.decode()
    assert "random for this process" in output.decode()
    assert "callback tx='x' status=None card=- -> 400 invalid callback" in output.decode()


def test_list_variants_prints_each_variant_with_its_clause() -> None:
    from octo_conformance.reference.webhook import VARIANTS

    result = CliRunner().invoke(cli, ["serve-webhook", "--list-variants"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(VARIANTS)
    assert any(line.startswith("refuses-422") and "400 and above" in line for line in lines)


def test_an_unknown_variant_is_a_usage_error_naming_the_known_ones() -> None:
    result = CliRunner().invoke(
        cli, ["serve-webhook", "--variant", "no-such-reading", "--port", "0"]
    )
    assert result.exit_code == 2
    assert "no-such-reading" in result.output
    assert "refuses-422" in result.output
