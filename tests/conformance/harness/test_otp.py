"""OTP sources: a fixed code, a command, or none (the checks that need one are skipped)."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from octo_conformance.errors import OtpUnavailable
from octo_conformance.harness.otp import CommandOtp, FixedOtp, OtpSource, wrong_code

UUID = "06000144-db56-47b6-9eba-021ad4ff246b"


def command(tmp_path: Path, source: str) -> str:
    """A shell command line running ``source`` with this interpreter (paths quoted)."""
    script = tmp_path / "otp_script.py"
    script.write_text(source, encoding="utf-8")
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


def test_no_source_skips_with_the_reason() -> None:
    with pytest.raises(OtpUnavailable, match=r"skipped: no OTP source \(--otp-code or --otp-command\)"):  # fmt: skip
        OtpSource().code_for(UUID)


@pytest.mark.parametrize("code", ["1234", "666666", "00000000"])
def test_a_fixed_code_is_given_for_every_payment(code: str) -> None:
    source = FixedOtp(code)
    assert source.code_for(UUID) == code
    assert source.code_for("another") == code
    assert source.description == "--otp-code"


@pytest.mark.parametrize("code", ["", "123", "123456789", "12a4", "12 34", "١٢٣٤", "１２３４"])
def test_a_fixed_code_must_be_4_to_8_ascii_digits(code: str) -> None:
    with pytest.raises(ValueError, match="--otp-code must be 4-8 digits"):
        FixedOtp(code)


def test_a_command_prints_the_code_for_the_payment(tmp_path: Path) -> None:
    source = CommandOtp(
        command(
            tmp_path,
            f"import sys\nassert sys.argv[1:] == [{UUID!r}], sys.argv\nprint('  61135  ')\n",
        )
    )
    assert source.code_for(UUID) == "61135"
    assert source.description == f"--otp-command {sys.executable}"


def test_a_failing_command_does_not_show_its_output(tmp_path: Path) -> None:
    source = CommandOtp(
        command(
            tmp_path,
            "import sys\nprint('987654')\nprint('secret-stdout')\n"
            "print('secret-stderr 123456', file=sys.stderr)\nsys.exit(3)\n",
        )
    )
    with pytest.raises(OtpUnavailable) as raised:
        source.code_for(UUID)
    message = str(raised.value)
    assert message == "--otp-command exited 3 without a 4-8 digit code"
    for output in ("987654", "secret-stdout", "secret-stderr", "123456"):
        assert output not in message


def test_a_command_printing_no_number_is_unavailable(tmp_path: Path) -> None:
    source = CommandOtp(command(tmp_path, "print('code: 6113')\n"))
    with pytest.raises(OtpUnavailable, match="exited 0 without a 4-8 digit code") as raised:
        source.code_for(UUID)
    assert "6113" not in str(raised.value)


def test_a_command_that_hangs_is_cut_off(tmp_path: Path) -> None:
    source = CommandOtp(command(tmp_path, "import time\ntime.sleep(30)\n"), timeout=0.3)
    with pytest.raises(OtpUnavailable, match="--otp-command failed: TimeoutExpired"):
        source.code_for(UUID)


def test_a_missing_program_is_unavailable(tmp_path: Path) -> None:
    source = CommandOtp(str(tmp_path / "no-such-program"))
    with pytest.raises(OtpUnavailable, match="--otp-command failed: FileNotFoundError"):
        source.code_for(UUID)


@pytest.mark.parametrize("line", ["", "   "])
def test_an_empty_command_is_refused(line: str) -> None:
    with pytest.raises(ValueError, match="--otp-command is empty"):
        CommandOtp(line)


def test_the_payment_uuid_follows_the_configured_arguments(tmp_path: Path) -> None:
    line = command(tmp_path, f"import sys\nprint(4321 if sys.argv[1:] == ['--shop', '10000', {UUID!r}] else 'x')\n")  # fmt: skip
    assert CommandOtp(f"{line} --shop 10000").code_for(UUID) == "4321"


@given(st.text(alphabet="0123456789", min_size=4, max_size=8))
def test_a_wrong_code_differs_in_every_digit(right: str) -> None:
    wrong = wrong_code(right)
    assert len(wrong) == len(right)
    assert wrong.isdigit()
    assert all(a != b for a, b in zip(wrong, right, strict=True))
