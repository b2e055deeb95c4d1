"""A Pact Broker workflow against a loopback fake broker that speaks the documented API:
publishing with a branch (``POST /contracts/publish``), fetching the pacts a provider must
verify (``for-verification``) and publishing each result with the provider version's branch."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from octo_conformance.cli.embedded import serve
from octo_conformance.cli.main import cli
from octo_conformance.contracts.broker import (
    Broker,
    pacts_for_verification,
    publish,
    publish_results,
)
from octo_conformance.contracts.generate import pact_file
from octo_conformance.errors import ExitCode, PublishError
from octo_conformance.reference.serving import serve_in_thread
from tests.conformance.harness.loopback import free_port


@dataclass
class FakeBroker:
    """What the broker was sent, and the pacts it hands out for verification."""

    url: str = ""
    pacts: dict[str, dict[str, Any]] = field(default_factory=dict)  # provider -> pact
    calls: list[tuple[str, str, Any, str | None]] = field(default_factory=list)
    report: Path | None = None  # a report.json whose existence each result is sent with
    report_written: list[bool] = field(default_factory=list)

    def app(self) -> Starlette:
        async def record(request: Request) -> Any:
            body = await request.json() if await request.body() else None
            auth = request.headers.get("authorization")
            path = request.scope["raw_path"].decode()  # as sent: %2F stays encoded
            self.calls.append((request.method, path, body, auth))
            return body

        async def contracts(request: Request) -> Response:
            await record(request)
            return JSONResponse({"notices": [], "_links": {}})

        async def for_verification(request: Request) -> Response:
            await record(request)
            provider = request.path_params["provider"]
            link = {"href": f"{self.url}/pact-of/{provider}", "name": f"pact for {provider}"}
            entry = {"shortDescription": "latest from main", "_links": {"self": link}}
            listed = [entry] if provider in self.pacts else []
            return JSONResponse({"_embedded": {"pacts": listed}})

        async def pact(request: Request) -> Response:
            await record(request)
            provider = request.path_params["provider"]
            results = f"{self.url}/pacts/provider/{provider}/verification-results"
            links = {"pb:publish-verification-results": {"href": results}}
            return JSONResponse({**self.pacts[provider], "_links": links})

        async def ok(request: Request) -> Response:
            await record(request)
            if request.url.path.endswith("/verification-results") and self.report is not None:
                self.report_written.append(self.report.exists())
            return JSONResponse({}, status_code=201)

        return Starlette(
            routes=[
                Route("/contracts/publish", contracts, methods=["POST"]),
                Route(
                    "/pacts/provider/{provider}/for-verification",
                    for_verification,
                    methods=["POST"],
                ),
                Route("/pact-of/{provider}", pact, methods=["GET"]),
                Route("/pacticipants/{p}/branches/{b:path}/versions/{v}", ok, methods=["PUT"]),
                Route("/pacts/provider/{provider}/verification-results", ok, methods=["POST"]),
            ]
        )

    def sent(self, method: str, prefix: str) -> list[tuple[str, Any, str | None]]:
        return [(path, body, auth) for m, path, body, auth in self.calls if m == method and path.startswith(prefix)]  # fmt: skip


@pytest.fixture
def broker() -> Iterator[FakeBroker]:
    fake = FakeBroker()
    with serve_in_thread(fake.app()) as url:
        fake.url = url
        yield fake


def test_each_consumer_s_pacts_are_published_with_version_and_branch(broker: FakeBroker) -> None:
    pacts = [pact_file("provider"), pact_file("webhook")]
    done = publish(pacts, Broker(broker.url, "1.2.3", "main", token="t0ken"))
    assert [d.consumer for d in done] == ["octo-partner", "octo-tokenization"]
    sent = broker.sent("POST", "/contracts/publish")
    assert len(sent) == 2
    (_, first, auth), (_, second, _) = sent
    assert auth == "Bearer t0ken"
    assert first["pacticipantName"] == "octo-partner"
    assert first["pacticipantVersionNumber"] == "1.2.3"
    assert first["branch"] == "main"
    (contract,) = first["contracts"]
    assert contract["consumerName"] == "octo-partner"
    assert contract["providerName"] == "octo-tokenization"
    assert contract["specification"] == "pact"
    assert base64.b64decode(contract["content"]) == pacts[0].read_bytes()
    assert second["contracts"][0]["providerName"] == "partner-webhook"


def test_an_unreachable_broker_is_a_clear_error() -> None:
    with pytest.raises(PublishError, match="did not answer"):
        publish([pact_file("provider")], Broker(f"http://127.0.0.1:{free_port()}", "1", "main", timeout=1))  # fmt: skip


def test_a_refusing_broker_is_a_clear_error() -> None:
    app = Starlette(
        routes=[
            Route("/{path:path}", lambda r: JSONResponse({}, status_code=401), methods=["POST"])
        ]
    )
    with serve_in_thread(app) as url, pytest.raises(PublishError, match="HTTP 401"):
        publish([pact_file("provider")], Broker(url, "1", "main"))


def test_a_broker_answer_that_is_not_the_documented_shape_is_a_clear_error() -> None:
    app = Starlette(
        routes=[Route("/{path:path}", lambda r: JSONResponse({"pacts": []}), methods=["POST"])]
    )
    with serve_in_thread(app) as url, pytest.raises(PublishError, match=r"no _embedded\.pacts"):
        pacts_for_verification(Broker(url, "1", "main"), "octo-tokenization")


def test_the_pacts_to_verify_are_fetched_and_each_result_published(broker: FakeBroker) -> None:
    shipped = json.loads(pact_file("provider").read_text(encoding="utf-8"))
    broker.pacts["octo-tokenization"] = shipped
    provider = Broker(broker.url, "2.0.0", "feat/x", token="t")
    (pact,) = pacts_for_verification(provider, "octo-tokenization")
    assert pact.document["interactions"] == shipped["interactions"]
    (_, asked, _), = broker.sent("POST", "/pacts/provider/octo-tokenization/for-verification")  # fmt: skip
    assert asked["providerVersionBranch"] == "feat/x"
    assert {"mainBranch": True} in asked["consumerVersionSelectors"]
    publish_results(provider, "octo-tokenization", [(pact, False)])
    (branch_path, _, _), = broker.sent("PUT", "/pacticipants/")  # fmt: skip
    assert branch_path == "/pacticipants/octo-tokenization/branches/feat%2Fx/versions/2.0.0"
    (_, result, auth), = broker.sent("POST", "/pacts/provider/octo-tokenization/verification-results")  # fmt: skip
    assert result["success"] is False
    assert result["providerApplicationVersion"] == "2.0.0"
    assert auth == "Bearer t"


def _verify(broker: FakeBroker, tmp_path: Path, target: tuple[str, str], *extra: str) -> Any:
    url, states = target
    args = ["pact", "verify-provider", "--base-url", url, "--state-setup-url", states]
    args += ["--broker-url", broker.url, "--provider-version", "3.1.4", "--branch", "main"]
    return CliRunner().invoke(cli, [*args, "--report-dir", str(tmp_path), *extra])


@pytest.mark.slow
def test_verify_provider_from_a_broker_publishes_a_pass_and_a_failure(
    broker: FakeBroker, tmp_path: Path
) -> None:
    broker.pacts["octo-tokenization"] = json.loads(pact_file("provider").read_text("utf-8"))
    broker.report = tmp_path / "clean" / "report.json"
    with serve("provider") as target:
        clean = _verify(broker, tmp_path / "clean", target)
    broker.report = tmp_path / "faulty" / "report.json"
    with serve("provider", "block-twice-ok") as target:
        faulty = _verify(broker, tmp_path / "faulty", target)
    assert clean.exit_code == ExitCode.CONFORMANT, clean.output
    assert faulty.exit_code == ExitCode.NON_CONFORMANT, faulty.output
    results = broker.sent("POST", "/pacts/provider/octo-tokenization/verification-results")
    assert [body["success"] for _, body, _ in results] == [True, False]
    # each report was on disk when its result reached the broker
    assert broker.report_written == [True, True]
    branch = "/pacticipants/octo-tokenization/branches/main/versions/3.1.4"
    assert len(broker.sent("PUT", branch)) == 2


def test_a_broker_with_no_pact_for_the_provider_is_nothing_to_check(
    broker: FakeBroker, tmp_path: Path
) -> None:
    unused = ("http://127.0.0.1:9", "http://127.0.0.1:9/states")  # never contacted
    empty = _verify(broker, tmp_path, unused)
    assert empty.exit_code == ExitCode.NON_CONFORMANT
    assert "nothing to check: the broker lists no pact for octo-tokenization" in empty.output
    assert _verify(broker, tmp_path, unused, "--allow-empty").exit_code == ExitCode.CONFORMANT


def test_pact_generate_publishes_both_pacts_with_the_branch(
    broker: FakeBroker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROKER_TOKEN", "s3cret")
    result = CliRunner().invoke(
        cli,
        [
            *("pact", "generate", "--out", str(tmp_path), "--broker-url", broker.url),
            *("--consumer-version", "9.9.9", "--branch", "release/1"),
            *("--broker-token-env", "BROKER_TOKEN"),
        ],
    )
    assert result.exit_code == 0, result.output
    sent = broker.sent("POST", "/contracts/publish")
    assert [(body["pacticipantName"], body["branch"]) for _, body, _ in sent] == [
        ("octo-partner", "release/1"),
        ("octo-tokenization", "release/1"),
    ]
    assert {auth for _, _, auth in sent} == {"Bearer s3cret"}
    assert "s3cret" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--broker-url", "http://127.0.0.1:9"),
            "--broker-url needs --provider-version and --branch",
        ),
        (("--branch", "main"), "--branch goes with --broker-url"),
        (("--allow-empty",), "--allow-empty goes with --broker-url"),
        (
            ("--broker-url", "http://127.0.0.1:9", "--provider-version", "1", "--branch", "main"),
            "--broker-url verifies a real target: give its URL, not --reference",
        ),
    ],
)
def test_broker_options_go_together(args: tuple[str, ...], message: str) -> None:
    result = CliRunner().invoke(cli, ["pact", "verify-provider", "--reference", *args])
    assert result.exit_code == ExitCode.USAGE
    assert message in result.output
