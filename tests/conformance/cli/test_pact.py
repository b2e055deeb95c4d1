"""``octo-conformance pact``: generate, verify against the embedded references, check partner pacts."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import octo_conformance.cli.pact
from octo_conformance.cli.embedded import serve
from octo_conformance.cli.main import cli
from octo_conformance.errors import ExitCode, UsageError
from octo_conformance.reference.sandbox import FAULT_NAMES as SANDBOX_FAULTS
from octo_conformance.reference.webhook import FAULT_NAMES as WEBHOOK_FAULTS

SAMPLES = Path(__file__).parents[1] / "contracts" / "pacts"


def pact(*args: str) -> Result:
    return CliRunner().invoke(cli, ["pact", *args])


def test_generate_writes_both_pacts(tmp_path: Path) -> None:
    result = pact("generate", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["octo-partner-octo-tokenization.json", "octo-tokenization-partner-webhook.json"]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "code"),
    [(("verify-provider", "--reference"), ExitCode.CONFORMANT), (("verify-provider", "--sandbox"), ExitCode.CONFORMANT), (("verify-provider", "--sandbox", "--fault", "block-twice-ok"), ExitCode.NON_CONFORMANT),
     (("verify-webhook", "--reference"), ExitCode.CONFORMANT), (("verify-webhook", "--reference", "--fault", "accepts-unknown-transaction"), ExitCode.NON_CONFORMANT)],
)  # fmt: skip
def test_verification_of_the_embedded_references(
    tmp_path: Path, args: tuple[str, ...], code: ExitCode
) -> None:
    result = pact(*args, "--report-dir", str(tmp_path))
    assert result.exit_code == code, result.output
    assert (tmp_path / "report.json").exists()
    assert (tmp_path / "report.html").exists()


def test_a_compatible_partner_pact_passes(tmp_path: Path) -> None:
    result = pact(
        "check",
        str(SAMPLES / "compatible.json"),
        "--today",
        "2026-11-29",
        "--report-dir",
        str(tmp_path),
    )
    assert result.exit_code == ExitCode.CONFORMANT, result.output


@pytest.mark.parametrize(
    ("sample", "pointer"),
    [("mmyy-expiry.json", "/request/body/exp"), ("card-token-in-bind-response.json", "/response/body/data/card_token"),
     ("http-4xx-for-errors.json", "/response/status"), ("shop-id-as-string.json", "/request/body/octo_shop_id"),
     ("reads-errormessage-only.json", "/response/body/errMessage")],
)  # fmt: skip
def test_a_partner_pact_with_a_real_mistake_is_reported(
    tmp_path: Path, sample: str, pointer: str
) -> None:
    result = pact(
        "check", str(SAMPLES / sample), "--today", "2026-11-29", "--report-dir", str(tmp_path)
    )
    assert result.exit_code == ExitCode.NON_CONFORMANT, result.output
    assert pointer in result.output


@pytest.mark.parametrize(
    "args",
    [("verify-provider",), ("verify-provider", "--sandbox", "--base-url", "http://127.0.0.1:9"),
     ("verify-webhook", "--url", "http://127.0.0.1:9/cb", "--fault", "slow"), ("verify-provider", "--sandbox", "--fault", "no-such-fault"),
     ("generate", "--broker-url", "http://127.0.0.1:9"), ("check", "/no/such/pact.json"), ("check", str(SAMPLES / "compatible.json"), "--today", "soon")],
)  # fmt: skip
def test_bad_usage_exits_2(args: tuple[str, ...]) -> None:
    result = pact(*args)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "faults"),
    [
        (("verify-provider", "--sandbox"), SANDBOX_FAULTS),
        (("verify-webhook", "--reference"), WEBHOOK_FAULTS),
    ],
)
def test_an_unknown_fault_is_a_usage_error_listing_the_known_ones(
    args: tuple[str, ...], faults: tuple[str, ...]
) -> None:
    result = pact(*args, "--fault", "no-such-fault")
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "unknown fault 'no-such-fault'" in result.output
    assert all(fault in result.output for fault in faults)
    assert "Traceback" not in result.output


def test_the_embedded_references_refuse_an_unknown_fault_before_starting() -> None:
    refused = pytest.raises(UsageError, match="unknown fault 'nope' of the reference webhook")
    with refused, serve("webhook", "nope"):
        pass  # not reached: the reference does not start


@pytest.mark.parametrize("url", ["https://secure.octo.uz", "https://SECURE.octo.uz./"])
def test_verify_provider_never_sends_the_pact_to_production(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def connect(*_: object) -> int:  # a missing guard fails here, before any network
        raise AssertionError("the pact would have been verified against production")

    monkeypatch.setattr(octo_conformance.cli.pact, "_verify", connect)
    result = pact("verify-provider", "--base-url", url)
    assert result.exit_code == 2, result.output
    assert "production host" in result.output


@pytest.mark.parametrize(
    ("document", "says"),
    [
        ('{"consumer": {"name": "a"}, "provider": {"name": "b"}, "interactions": []}', "an empty pact"),
        ('{"consumer": {"name": "a"}, "provider": {"name": "b"}, "messages": [{"description": "m"}]}', "no HTTP interaction (1 message interaction(s)"),
    ],
)  # fmt: skip
def test_a_pact_with_nothing_to_check_says_so_and_exits_1_unless_allowed(
    tmp_path: Path, document: str, says: str
) -> None:
    path = tmp_path / "pact.json"
    path.write_text(document, encoding="utf-8")
    result = pact("check", str(path), "--report-dir", str(tmp_path / "r"))
    assert result.exit_code == ExitCode.NON_CONFORMANT, result.output
    assert "nothing to check: " in result.output
    assert says in result.output
    assert "conformant" not in result.output
    allowed = pact("check", str(path), "--allow-empty", "--report-dir", str(tmp_path / "r"))
    assert allowed.exit_code == ExitCode.CONFORMANT, allowed.output
