"""Exit codes shared by every command that judges (DESIGN.md)."""

from enum import IntEnum


class ExitCode(IntEnum):
    CONFORMANT = 0
    NON_CONFORMANT = 1
    USAGE = 2
    UNREACHABLE = 3
