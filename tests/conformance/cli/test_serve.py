from __future__ import annotations

import pytest
from click.testing import CliRunner

from octo_conformance.cli.main import cli
from octo_conformance.reference.sandbox import FAULTS


def test_list_faults_prints_each_fault_with_its_clause() -> None:
    result = CliRunner().invoke(cli, ["serve", "--list-faults"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(FAULTS)
    assert any(line.startswith("sms-accepts-any-otp") and "C-16" in line for line in lines)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--shop", "10000"], "is not ID=ENVVAR"),
        (["--shop", "10000=OCTO_TEST_UNSET_VARIABLE"], "OCTO_TEST_UNSET_VARIABLE"),
        (["--fault", "no-such-fault"], "unknown fault(s): no-such-fault"),
        (["--otp-code", "12"], "otp_code must be 4-8 digits"),
        (["--port", "70000"], "70000"),
    ],
)
def test_bad_flags_exit_2_with_a_clear_message(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["serve", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_list_variants_prints_each_variant_with_its_clause() -> None:
    from octo_conformance.reference.sandbox import VARIANTS

    result = CliRunner().invoke(cli, ["serve", "--list-variants"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(VARIANTS)
    assert any(line.startswith("four-deliveries") and "C-02" in line for line in lines)


def test_an_unknown_variant_is_a_usage_error_naming_the_known_ones() -> None:
    result = CliRunner().invoke(cli, ["serve", "--variant", "no-such-reading", "--port", "0"])
    assert result.exit_code == 2
    assert "no-such-reading" in result.output
    assert "four-deliveries" in result.output
