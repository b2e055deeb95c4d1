"""Where OTPs come from: a fixed test code, a command, or nowhere (then OTP checks skip)."""

from __future__ import annotations

import shlex
import subprocess
from dataclasses import dataclass

from octo_conformance.errors import OtpUnavailable


class OtpSource:
    description = "no OTP source (--otp-code or --otp-command)"

    def code_for(self, payment_uuid: str) -> str:
        raise OtpUnavailable(f"OTP-dependent check skipped: {self.description}")


@dataclass
class FixedOtp(OtpSource):
    code: str

    def __post_init__(self) -> None:
        if not (self.code.isascii() and self.code.isdigit() and 4 <= len(self.code) <= 8):
            raise ValueError("--otp-code must be 4-8 digits")
        self.description = "--otp-code"

    def code_for(self, payment_uuid: str) -> str:
        return self.code


@dataclass
class CommandOtp(OtpSource):
    """Runs ``COMMAND <payment_uuid>``; its standard output (stripped) is the code."""

    command: str
    timeout: float = 10.0

    def __post_init__(self) -> None:
        self.argv = shlex.split(self.command)
        if not self.argv:
            raise ValueError("--otp-command is empty")
        self.description = f"--otp-command {self.argv[0]}"

    def code_for(self, payment_uuid: str) -> str:
        try:
            done = subprocess.run(
                [*self.argv, payment_uuid], capture_output=True, text=True, timeout=self.timeout, check=False
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise OtpUnavailable(f"--otp-command failed: {type(exc).__name__}") from None
        code = done.stdout.strip()
        if done.returncode != 0 or not (code.isascii() and code.isdigit() and 4 <= len(code) <= 8):
            # the output is not shown: it may be a code
            raise OtpUnavailable(f"--otp-command exited {done.returncode} without a 4-8 digit code")
        return code


def wrong_code(right: str) -> str:
    """A code of the same length that is certainly not ``right``."""
    return "".join(str((int(c) + 1) % 10) for c in right)
