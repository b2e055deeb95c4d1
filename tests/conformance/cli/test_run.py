"""``octo-conformance run``: the embedded run, real targets, waivers, the leak gate, bad flags."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from octo_conformance.cli.embedded import TODAY, webhook_config
from octo_conformance.cli.main import cli
from octo_conformance.errors import ExitCode
from octo_conformance.reference.serving import serve_in_thread
from octo_conformance.reference.webhook import create_app as create_webhook_app
from tests.conformance.harness.loopback import free_port

pytestmark = pytest.mark.slow


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["run", *args])


def only_report(reports: Path) -> tuple[Path, dict[str, Any]]:
    (directory,) = reports.iterdir()
    return directory, json.loads((directory / "report.json").read_text(encoding="utf-8"))


def test_the_embedded_run_passes_and_writes_the_reports(tmp_path: Path) -> None:
    result = run(
        "--profile", "quick", "--seed", "4", "--reports-dir", str(tmp_path), "--today", str(TODAY)
    )
    assert result.exit_code == 0, result.output
    directory, report = only_report(tmp_path)
    assert directory.name.startswith("run-")
    assert directory.name.endswith("-4")
    assert {"report.json", "junit.xml"} <= {p.name for p in directory.iterdir()}
    # both suites, then both pacts verified on the same embedded references
    assert [t["mode"] for t in report["targets"]] == ["provider", "webhook", "contract", "contract"]
    assert report["summary"]["conformant"] is True
    assert report["summary"]["fail"] == 0
    assert f"report: {directory}/" in result.output
    assert "seed 4" in result.output
    # the embedded references' ports are gone: the report reproduces the run, not a target
    html = (directory / "report.html").read_text(encoding="utf-8")
    assert f"octo-conformance run --profile quick --seed 4 --today {TODAY}" in html
    assert "--base-url http://127.0.0.1:" not in html


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--base-url", "http://127.0.0.1:9"), "--shop-id"),
        (("--state-setup-url", "http://127.0.0.1:9/s"), "--webhook-url"),
        (("--today", "tomorrow"), "YYYY-MM-DD"),
        (("--webhook-url", "ftp://x"), "http(s)"),
        (("--profile", "huge"), "huge"),
        (("--cards", "cards.yaml"), "--cards goes with --base-url"),
    ],
)
def test_bad_flags_are_usage_errors(args: tuple[str, ...], says: str) -> None:
    result = run(*args)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert says in result.output
    assert "Traceback" not in result.output


def test_a_broken_waiver_file_is_a_usage_error(tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.yml"
    waivers.write_text(
        "waivers:\n  - requirement: NOPE-1\n    target: '*'\n    justification: x\n    expires: 2027-01-01\n"
    )
    result = run("--waivers", str(waivers))
    assert result.exit_code == ExitCode.USAGE
    assert "no requirement 'NOPE-1'" in result.output


def _faulty_webhook_run(
    tmp_path: Path, waiver_expires: str | None
) -> tuple[Result, dict[str, Any]]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    args = [
        "--profile",
        "quick",
        "--reports-dir",
        str(tmp_path / "reports"),
        "--today",
        str(TODAY),  # the embedded sandbox's own date: a fixed day would age out
    ]
    if waiver_expires:
        waivers = tmp_path / "waivers.yml"
        waivers.write_text(
            "waivers:\n  - requirement: HOOK-REJ-001\n    target: webhook\n"
            f"    justification: fix shipping in sprint 12\n    expires: {waiver_expires}\n"
            "  - requirement: PACT-HOOK-001\n    target: contract\n"
            f"    justification: the same defect, seen by the pact\n    expires: {waiver_expires}\n"
        )
        args += ["--waivers", str(waivers)]
    with serve_in_thread(create_webhook_app(webhook_config("accepts-unknown-transaction"))) as base:
        result = run(*args, "--webhook-url", f"{base}/octo/callback", "--state-setup-url", f"{base}/_pact/provider-states", "--webhook-timeout", "1")  # fmt: skip
    return result, only_report(tmp_path / "reports")[1]


def test_a_live_waiver_turns_the_known_failure_into_waived(tmp_path: Path) -> None:
    unwaived, _ = _faulty_webhook_run(tmp_path / "a", None)
    assert unwaived.exit_code == ExitCode.NON_CONFORMANT
    result, report = _faulty_webhook_run(tmp_path / "b", "2027-01-31")
    assert result.exit_code == ExitCode.CONFORMANT, result.output
    target, contract = report["targets"]  # the webhook suite and its pact: a target was given
    assert contract["requirements"][0]["verdict"] == "waived"
    rows = {r["id"]: r for r in target["requirements"]}
    assert rows["HOOK-REJ-001"]["verdict"] == "waived"
    assert rows["HOOK-REJ-001"]["waiver"] == "fix shipping in sprint 12"


def test_an_expired_waiver_fails_the_run(tmp_path: Path) -> None:
    result, report = _faulty_webhook_run(tmp_path, "2026-11-01")
    assert result.exit_code == ExitCode.NON_CONFORMANT
    assert "waiver for HOOK-REJ-001 (webhook) expired on 2026-11-01" in result.output
    assert report["waivers"][0]["expired"] is True


def test_run_takes_the_request_timeout_like_provider(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--request-timeout reaches the provider suite: against a target that never answers, the
    run stops early after a few timeouts of that length, and the report records it."""
    monkeypatch.setenv("OCTO_SECRET", "a-test-secret-0123456789")
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        result = run(
            "--base-url", url, "--shop-id", "10000", "--otp-code", "666666", "--profile", "quick",
            "--request-timeout", "0.5", "--reports-dir", str(tmp_path),
        )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "leak gate" not in result.output
    _, report = only_report(tmp_path)
    (target,) = report["targets"]
    assert target["options"]["request_timeout"] == 0.5
    assert target["stopped_early"]
    assert run("--request-timeout", "0").exit_code == 2


def test_report_dir_and_its_old_spelling_exclude_each_other(tmp_path: Path) -> None:
    result = run("--report-dir", str(tmp_path / "a"), "--reports-dir", str(tmp_path / "b"))
    assert result.exit_code == 2
    assert "--report-dir and --reports-dir (its old spelling) exclude each other" in result.output


def test_a_selected_run_writes_where_asked_and_reads_incomplete(tmp_path: Path) -> None:
    """--only scenarios: the pacts and the generated phases are left out, so the verdict is
    incomplete (never conformant), and the reproduce command carries the selection."""
    result = run(
        *("--profile", "quick", "--seed", "4", "--today", str(TODAY)),
        *("--report-dir", str(tmp_path), "--only", "scenarios", "--fail-on", "warn"),
    )
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["verdict"] == "incomplete"
    # the pacts were left out, and say so: skipped MUSTs, not a missing section
    modes = [t["mode"] for t in report["targets"]]
    assert modes == ["provider", "webhook", "contract", "contract"]
    pacts = [r for t in report["targets"][2:] for r in t["requirements"]]
    assert {(r["id"], r["verdict"]) for r in pacts} == {("PACT-PROV-001", "skip"), ("PACT-HOOK-001", "skip")}  # fmt: skip
    provider = report["targets"][0]
    assert [p["name"] for p in provider["phases"]] == ["scenarios"]
    assert provider["options"]["only"] == ["scenarios"]
    reasons = {u["reason"] for t in report["targets"] for u in t["unchecked"]}
    assert reasons == {
        "not judged by the phases this selection runs (--only scenarios)",
        "not selected (--only scenarios)",
    }
    reproduce = f"octo-conformance run --profile quick --seed 4 --today {TODAY} --only scenarios"
    assert reproduce in (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "pact verification (provider): left out (--only scenarios)" in result.output


def test_a_suite_the_patterns_name_nothing_of_is_not_contacted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--only HOOK-REJ-001: the provider suite judges nothing, so its (unreachable) target is
    never contacted (no exit 3), and each of its requirements is a skip with the pattern."""
    monkeypatch.setenv("OCTO_SECRET", "a-shop-secret")
    with serve_in_thread(create_webhook_app(webhook_config())) as base:
        result = run(
            *("--profile", "quick", "--seed", "4", "--today", str(TODAY)),
            *("--report-dir", str(tmp_path), "--only", "HOOK-REJ-001"),
            *("--base-url", f"http://127.0.0.1:{free_port()}", "--shop-id", "1"),
            *("--webhook-url", f"{base}/octo/callback", "--webhook-timeout", "1"),
            *("--state-setup-url", f"{base}/_pact/provider-states"),
        )
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    provider, webhook, _ = report["targets"]
    assert {r["verdict"] for r in provider["requirements"]} == {"skip"}
    assert {u["reason"] for u in provider["unchecked"]} == {"not selected (--only HOOK-REJ-001)"}
    judged = {r["id"]: r["verdict"] for r in webhook["requirements"] if r["verdict"] != "skip"}
    assert judged == {"HOOK-REJ-001": "pass"}
