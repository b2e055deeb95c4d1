"""``octo-conformance provider``: usage errors exit 2, an unreachable target exits 3, never a
traceback, never the secret."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from octo_conformance.cli.main import cli
from tests.conformance.harness.loopback import free_port, unresponsive_port

SECRET = "cli-test-secret-0123456789"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever a run writes (reports/) lands in a temporary directory."""
    monkeypatch.chdir(tmp_path)


def provider(*args: str, env: dict[str, str | None] | None = None) -> Result:
    environment: dict[str, str | None] = {"OCTO_SECRET": SECRET, "OCTO_SECRET_2": None}
    environment.update(env or {})
    result = CliRunner(env=environment).invoke(cli, ["provider", *args])
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit), result.exception  # nothing crashed
    assert SECRET not in result.output
    return result


def usage_error(*args: str, env: dict[str, str | None] | None = None) -> str:
    result = provider(*args, env=env)
    assert result.exit_code == 2, result.output
    return result.output


BASE = ("--base-url", "http://127.0.0.1:9", "--shop-id", "10000")


def test_base_url_is_required() -> None:
    assert "Missing option '--base-url'" in usage_error("--shop-id", "10000")


def test_shop_id_is_required() -> None:
    assert "Missing option '--shop-id'" in usage_error("--base-url", "http://127.0.0.1:9")


@pytest.mark.parametrize("url", ["not-a-url", "127.0.0.1:8080", "ftp://127.0.0.1/", "http://"])
def test_the_base_url_must_be_an_absolute_http_url(url: str) -> None:
    output = usage_error("--base-url", url, "--shop-id", "10000")
    assert "--base-url" in output
    assert "is not an absolute http(s) URL" in output


def test_a_shop_id_must_be_positive() -> None:
    assert "--shop-id" in usage_error("--base-url", "http://127.0.0.1:9", "--shop-id", "0")


@pytest.mark.parametrize(
    "url",
    [
        "https://secure.octo.uz",
        "https://secure.octo.uz/api/",
        "https://SECURE.Octo.UZ:443/",
        "https://secure.octo.uz./",  # the same host, written fully qualified
    ],
)
def test_production_is_refused_without_allow_production(url: str) -> None:
    output = usage_error("--base-url", url, "--shop-id", "10000")
    assert "production host" in output
    assert "--allow-production" in output


def test_an_unset_secret_variable_is_named() -> None:
    output = usage_error(*BASE, "--secret-env", "OCTO_TEST_UNSET", env={"OCTO_TEST_UNSET": None})
    assert "OCTO_TEST_UNSET" in output
    assert "--secret-env" in output


def test_an_empty_secret_variable_counts_as_unset() -> None:
    assert "OCTO_SECRET is not set" in usage_error(*BASE, env={"OCTO_SECRET": ""})


def test_otp_code_and_otp_command_exclude_each_other() -> None:
    output = usage_error(*BASE, "--otp-code", "666666", "--otp-command", "echo")
    assert "--otp-code and --otp-command exclude each other" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--otp-code", "12"), "--otp-code must be 4-8 digits"),
        (("--otp-command", "  "), "--otp-command is empty"),
        (("--otp-command", "'unclosed"), "No closing quotation"),
        (("--today", "2026-13-01"), "is not YYYY-MM-DD"),
        (("--max-rps", "0"), "--max-rps"),
        (("--profile", "extreme"), "--profile"),
        (("--callback-url", "tunnel.example"), "is not an absolute http(s) URL"),
    ],
)
def test_bad_options_are_usage_errors(args: tuple[str, ...], message: str) -> None:
    assert message in usage_error(*BASE, *args)


@pytest.mark.parametrize("listen", ["8099", "127.0.0.1:", ":8099", "127.0.0.1:99999", "host:port"])
def test_a_bad_callback_listen_is_a_usage_error(listen: str) -> None:
    output = usage_error(*BASE, "--callback-listen", listen)
    assert "--callback-listen" in output
    assert "is not HOST:PORT" in output


def test_a_second_shop_needs_its_secret_variable() -> None:
    output = usage_error(*BASE, "--second-shop-id", "20000")
    assert "--second-shop-id and --second-secret-env go together" in output
    output = usage_error(*BASE, "--second-secret-env", "OCTO_SECRET_2")
    assert "--second-shop-id and --second-secret-env go together" in output


def test_an_unset_second_secret_is_named() -> None:
    output = usage_error(*BASE, "--second-shop-id", "20000", "--second-secret-env", "OCTO_SECRET_2")
    assert "OCTO_SECRET_2" in output
    assert "--second-secret-env" in output


def test_a_closed_port_is_unreachable() -> None:
    port = free_port()
    result = provider("--base-url", f"http://127.0.0.1:{port}", "--shop-id", "10000", "--seed", "5")
    assert result.exit_code == 3, result.output
    assert "unreachable" in result.output
    assert f"127.0.0.1:{port}" in result.output
    assert "seed 5" in result.output
    assert not Path("reports").exists()


def test_a_target_that_never_accepts_is_unreachable() -> None:
    with unresponsive_port() as port:
        result = provider(
            "--base-url", f"http://127.0.0.1:{port}", "--shop-id", "10000",
            "--request-timeout", "0.3",
        )  # fmt: skip
    assert result.exit_code == 3, result.output
    assert "unreachable" in result.output


def test_a_taken_callback_port_is_a_usage_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        output = usage_error(*BASE, "--callback-listen", f"127.0.0.1:{port}")
    assert "cannot start the callback sink" in output


def test_a_card_file_with_a_wrong_card_is_a_usage_error_that_masks_the_pan(
    tmp_path: Path,
) -> None:
    cards = tmp_path / "cards.yaml"
    pan = "9860945807302158"  # Luhn-invalid
    cards.write_text(
        f"- {{pan: '{pan}', exp: '2912', phone: '998901234560', method: humo, holder: A B}}\n"
    )
    output = usage_error(*BASE, "--cards", str(cards))
    assert "--cards" in output
    assert "card 1" in output
    assert "pan breaks pan.luhn" in output
    assert pan not in output


def test_a_missing_card_file_is_a_usage_error(tmp_path: Path) -> None:
    assert "cannot read it" in usage_error(*BASE, "--cards", str(tmp_path / "none.yaml"))


def test_against_production_only_public_test_pans_may_be_listed(tmp_path: Path) -> None:
    cards = tmp_path / "cards.yaml"
    cards.write_text(
        "- {pan: '9860945807302159', exp: '2912', phone: '998901234560', method: humo, holder: A B}\n"
    )
    output = usage_error(
        "--base-url", "https://secure.octo.uz", "--shop-id", "1", "--allow-production",
        "--cards", str(cards),
    )  # fmt: skip
    assert "not a public test PAN" in output
