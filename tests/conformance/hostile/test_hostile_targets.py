"""Both suites against real targets that misbehave at the byte level (``servers.py``).

Every run goes through the command line (``click.testing.CliRunner``) as a user would start it,
with short timeouts (``--request-timeout 1 --callback-timeout 1``, webhook ``--timeout 1``), and
must end on its own with exit 1 and a report whose findings name the right requirement.

Exit codes: 3 ("unreachable") is for a connection nobody accepts (refused, or no handshake in
time), which is all ``TargetClient`` raises ``TargetUnreachable`` for. Every target here accepts
the connection, so it is reachable; not answering, resetting, cutting a body short or stalling
after the status line is what the target *does* with a request, judged as "no answer"
(PROV-HTTP-002, HOOK-HTTP-002, C-34) and stopping the run early after three in a row. Hence 1
for all eight; 3 only for a port nothing listens on.

Time bound per run: 20 s. Measured over four runs on a shared 2-core machine (quick profile):
provider silent 6.4-8.3 s, huge 3.3-7.1 s, slow 5.6-6.2 s, plain-json 2.2-5.7 s, html
3.0-4.7 s, redirect-loop 1.9-3.6 s, reset and truncated 0.6-0.8 s; webhook silent 2.1 s, slow
2.1-3.2 s, the rest 0.1-0.3 s; the module 38-48 s. A hung target costs at most three 1-s
timeouts per URL (4 operations: ~12 s if none ran concurrently, plus the probe), so 20 s is
above the worst case and below what a regression costs (a 1 MiB answer masked whole made the
huge run take 31-41 s). A watchdog kills the target at the bound, so a run that would hang
ends on refused connections instead of stalling the test.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from octo_conformance.cli.main import cli
from octo_conformance.harness.http import EVIDENCE_CHARS, MAX_BODY_BYTES, TargetClient
from octo_conformance.masking import Masker
from tests.conformance.harness.loopback import free_port
from tests.conformance.hostile.servers import BEHAVIOURS, HostileServer, serve, trickle

pytestmark = pytest.mark.slow

SECRET = "hostile-secret-0123456789"
RUN_BOUND = 20.0  # seconds per run; see the module docstring
MAX_REPORT_BYTES = 1_000_000
MAX_ARTEFACT_BYTES = 2_000_000  # report.html, junit.xml, summary.md


@dataclass(frozen=True)
class Expected:
    """The finding a target must leave: requirement, verdict, fragments of its message."""

    requirement: str
    verdict: str  # "fail"; "warn" for a SHOULD (the recorder turns its fail into a warn)
    says: tuple[str, ...]
    also_fails: str | None = None  # with a warn: the MUST that fails beside it
    stops_early: bool = False  # the target never answers: three silent requests end the run


NO_ANSWER = "no answer"
TIMED_OUT = "no answer within 1 s"
PROVIDER: dict[str, Expected] = {
    "silent": Expected("PROV-HTTP-002", "fail", (NO_ANSWER, "ReadTimeout"), stops_early=True),
    "reset": Expected("PROV-HTTP-002", "fail", (NO_ANSWER, "reset"), stops_early=True),
    "html": Expected("PROV-HTTP-002", "fail", ("not JSON", "HTTP 200", "text/html")),
    "huge": Expected("PROV-HTTP-002", "fail", (f"larger than {MAX_BODY_BYTES} bytes",)),
    "plain-json": Expected(
        "PROV-HTTP-003", "warn", ("Content-Type text/plain", "application/json"), "PROV-SCHEMA-001"
    ),
    "redirect-loop": Expected("PROV-HTTP-002", "fail", ("the answer is empty", "HTTP 302")),
    "truncated": Expected(
        "PROV-HTTP-002", "fail", (NO_ANSWER, "received 10 bytes, expected 1000"), stops_early=True
    ),
    "slow": Expected("PROV-HTTP-002", "fail", (NO_ANSWER, "ReadTimeout"), stops_early=True),
}
WEBHOOK: dict[str, Expected] = {
    "silent": Expected("HOOK-HTTP-002", "warn", (TIMED_OUT, "ReadTimeout"), stops_early=True),
    "reset": Expected("HOOK-HTTP-002", "warn", (NO_ANSWER, "reset"), stops_early=True),
    "html": Expected("HOOK-HTTP-003", "warn", ("text/html", "not JSON"), "HOOK-REJ-001"),
    "huge": Expected("HOOK-HTTP-003", "warn", ("not JSON",), "HOOK-REJ-001"),
    "plain-json": Expected("HOOK-HTTP-003", "warn", ("text/plain",), "HOOK-REJ-001"),
    "redirect-loop": Expected("HOOK-HTTP-003", "warn", ("not JSON",), "HOOK-REJ-001"),
    "truncated": Expected(
        "HOOK-HTTP-002", "warn", (NO_ANSWER, "received 10 bytes, expected 1000"), stops_early=True
    ),
    "slow": Expected("HOOK-HTTP-002", "warn", (TIMED_OUT, "ReadTimeout"), stops_early=True),
}


@dataclass(frozen=True)
class Run:
    result: Result
    seconds: float


def invoke(args: list[str], server: HostileServer | None = None) -> Run:
    """One command line, timed; past RUN_BOUND the watchdog kills the target (see docstring)."""
    watchdog = threading.Timer(RUN_BOUND, server.kill) if server is not None else None
    if watchdog is not None:
        watchdog.start()
    started = time.perf_counter()
    try:
        result = CliRunner(env={"OCTO_SECRET": SECRET}).invoke(cli, args)
    finally:
        if watchdog is not None:
            watchdog.cancel()
            watchdog.join()
    return Run(result, time.perf_counter() - started)


def provider_args(base_url: str, report_dir: Path) -> list[str]:
    return [
        "provider", "--base-url", base_url, "--shop-id", "10000", "--otp-code", "666666",
        "--profile", "quick", "--request-timeout", "1", "--callback-timeout", "1",
        "--report-dir", str(report_dir), "--seed", "1",
    ]  # fmt: skip


def webhook_args(url: str, report_dir: Path, *extra: str) -> list[str]:
    return [
        "webhook", "--url", url, "--timeout", "1", "--profile", "quick",
        "--report-dir", str(report_dir), "--seed", "1", *extra,
    ]  # fmt: skip


def assert_clean_exit(run: Run, code: int) -> None:
    output = run.result.output
    assert isinstance(run.result.exception, SystemExit), run.result.exception  # no crash
    assert "Traceback" not in output
    assert run.result.exit_code == code, output
    assert SECRET not in output
    assert "leak gate" not in output, output  # a false alarm fails a run as surely as a leak


def judged(run: Run, report_dir: Path, base_url: str, expected: Expected) -> dict[str, Any]:
    """Everything a run against a hostile target must show; returns its report section."""
    assert run.seconds < RUN_BOUND, f"the run took {run.seconds:.1f} s"
    assert_clean_exit(run, 1)
    path = report_dir / "report.json"
    assert path.exists(), run.result.output
    assert path.stat().st_size < MAX_REPORT_BYTES
    for artefact in report_dir.iterdir():
        assert artefact.stat().st_size < MAX_ARTEFACT_BYTES, artefact.name
    report = json.loads(path.read_text(encoding="utf-8"))
    assert report["errors"] == []  # a hostile target is findings, never a crash of the suite
    assert report["summary"]["conformant"] is False
    (target,) = report["targets"]
    findings: list[dict[str, Any]] = target["findings"]
    assert any(f["verdict"] == "fail" for f in findings)
    rows = {row["id"]: row for row in target["requirements"]}
    assert rows[expected.requirement]["verdict"] == expected.verdict
    if expected.also_fails:
        assert rows[expected.also_fails]["verdict"] == "fail"
    mine = [
        f
        for f in findings
        if f["requirement"] == expected.requirement and f["verdict"] == expected.verdict
    ]
    clear = [f for f in mine if all(part in f["message"] for part in expected.says)]
    assert clear, [f["message"] for f in mine]
    evidence = clear[0]["evidence"]
    assert evidence
    assert evidence[0]["url"].startswith(base_url)
    assert evidence[0]["curl"].startswith("curl ")
    for finding in findings:  # an answer is evidence up to EVIDENCE_CHARS, whatever its size
        for exchange in finding["evidence"]:
            assert len(exchange["response_body"] or "") <= EVIDENCE_CHARS + 40
    if expected.stops_early:
        assert "no answer" in (target["stopped_early"] or "")
    else:
        assert target["stopped_early"] is None
    return dict(target)


@pytest.mark.parametrize("name", BEHAVIOURS)
def test_the_provider_suite_survives_a_hostile_target(name: str, tmp_path: Path) -> None:
    with HostileServer(BEHAVIOURS[name]) as server:
        run = invoke(provider_args(server.url, tmp_path), server)
    target = judged(run, tmp_path, server.url, PROVIDER[name])
    if name == "huge":  # 10 MB announced, 1 MiB read, 2000 characters kept
        big = [f for f in target["findings"] if "larger than" in f["message"]]
        body = big[0]["evidence"][0]["response_body"]
        assert body.startswith('{"error": 0, "data": "AAAA')
        assert body.endswith(f"… ({MAX_BODY_BYTES} bytes in all)")


@pytest.mark.parametrize("name", BEHAVIOURS)
def test_the_webhook_suite_survives_a_hostile_receiver(name: str, tmp_path: Path) -> None:
    with HostileServer(BEHAVIOURS[name]) as server:
        run = invoke(webhook_args(f"{server.url}/octo/callback", tmp_path), server)
    target = judged(run, tmp_path, server.url, WEBHOOK[name])
    if name == "redirect-loop":  # the 302 is the answer: never followed
        refused = [f for f in target["findings"] if f["requirement"] == "HOOK-REJ-001"]
        exchange = refused[0]["evidence"][0]
        assert exchange["status"] == 302
        assert exchange["response_headers"]["location"] == "/octo/callback"


def test_a_state_setup_endpoint_that_resets_is_named(tmp_path: Path) -> None:
    """The endpoint is the receiver's own tooling: its failure is a run error, said plainly."""
    with HostileServer(BEHAVIOURS["reset"]) as server:
        args = webhook_args(
            f"{server.url}/octo/callback",
            tmp_path,
            "--state-setup-url",
            f"{server.url}/_pact/provider-states",
        )
        run = invoke(args, server)
    assert run.seconds < RUN_BOUND
    assert_clean_exit(run, 1)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    setups = [e for e in report["errors"] if "provider-state endpoint" in e]
    assert setups
    assert all("answered nothing (" in e and "None" not in e for e in setups), setups


@pytest.mark.parametrize("mode", ["provider", "webhook"])
def test_a_port_nobody_listens_on_is_unreachable(mode: str, tmp_path: Path) -> None:
    base_url = f"http://127.0.0.1:{free_port()}"
    report_dir = tmp_path / "report"
    if mode == "provider":
        run = invoke(provider_args(base_url, report_dir))
    else:
        run = invoke(webhook_args(f"{base_url}/octo/callback", report_dir))
    assert_clean_exit(run, 3)
    assert "unreachable" in run.result.output
    assert run.seconds < 5
    assert not report_dir.exists()


PROVIDER_FLAGS = ["provider", "--base-url", "http://127.0.0.1:9", "--shop-id", "10000"]
WEBHOOK_FLAGS = ["webhook", "--url", "http://127.0.0.1:9/octo/callback"]


@pytest.mark.parametrize(
    ("args", "option"),
    [
        ([*PROVIDER_FLAGS, "--request-timeout", "0"], "--request-timeout"),
        ([*WEBHOOK_FLAGS, "--timeout", "-1"], "--timeout"),
    ],
)
def test_bad_flags_are_usage_errors(args: list[str], option: str) -> None:
    run = invoke(args)
    assert_clean_exit(run, 2)
    assert option in run.result.output


def test_a_trickling_target_is_cut_off_near_the_timeout() -> None:
    # httpx bounds each read; the client's own deadline (3 timeouts) bounds the whole request
    finished = threading.Event()
    with HostileServer(trickle) as server:
        client = TargetClient(server.url, masker=Masker(), timeout=0.5)

        def call() -> None:
            client.post_json("/bind_card", {})
            finished.set()

        caller = threading.Thread(target=call)
        caller.start()
        in_time = finished.wait(3.0)  # six timeouts' worth
        server.kill()  # ends the request either way
        caller.join()
        client.close()
    assert in_time


def test_serve_yields_a_loopback_base_url() -> None:
    with serve("html") as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        client = TargetClient(base_url, masker=Masker(), timeout=1.0)
        try:
            reply = client.send("GET", client.url("/anything"))
        finally:
            client.close()
    assert reply.status == 200
    assert reply.content_type.startswith("text/html")
