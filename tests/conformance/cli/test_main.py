"""``conformance.cli.main``: the one place where exceptions become exit codes."""

from __future__ import annotations

import errno
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from octo_conformance.cli.main import COMMANDS, ConformanceGroup, cli, command
from octo_conformance.cli.options import will_listen
from octo_conformance.errors import (
    ContractDisagreesWithSpec,
    ExitCode,
    PublishError,
    TargetUnreachable,
    UsageError,
    WaiverError,
)


def invoke(error: Exception, *, listening: str | None = None) -> tuple[int, str]:
    group = ConformanceGroup("octo")

    @group.command("fails")
    def fails() -> None:
        if listening:
            will_listen(listening)
        raise error

    result = CliRunner().invoke(group, ["fails"])
    assert isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("error", "code", "says"),
    [
        (
            TargetUnreachable("POST http://x/: refused"),
            ExitCode.UNREACHABLE,
            "target unreachable: POST",
        ),
        (PublishError("HTTP 401"), ExitCode.UNREACHABLE, "publishing failed: HTTP 401"),
        (UsageError("--today: 'x' is not YYYY-MM-DD"), ExitCode.USAGE, "usage error: --today"),
        (WaiverError("w.yml: no requirement 'X'"), ExitCode.USAGE, "bad waiver file: w.yml"),
        (ContractDisagreesWithSpec("bind_card"), ExitCode.NON_CONFORMANT, "a contract disagrees"),
    ],
)
def test_a_suite_error_exits_with_its_code_and_title(
    error: Exception, code: ExitCode, says: str
) -> None:
    exit_code, output = invoke(error)
    assert exit_code == code
    assert says in output
    assert "Traceback" not in output


def test_a_socket_that_cannot_listen_is_a_usage_error() -> None:
    taken = OSError(errno.EADDRINUSE, "Address already in use")
    code, output = invoke(taken, listening="the callback sink on 127.0.0.1:8099")
    assert code == ExitCode.USAGE
    assert "cannot start the callback sink on 127.0.0.1:8099: [Errno" in output


def test_any_other_os_error_is_a_bug_and_is_not_hidden() -> None:
    group = ConformanceGroup("octo")

    @group.command("fails")
    def fails() -> None:
        will_listen("the callback sink on 127.0.0.1:8099")
        raise FileNotFoundError(errno.ENOENT, "No such file")

    result = CliRunner().invoke(group, ["fails"])
    assert isinstance(result.exception, FileNotFoundError)


def test_click_errors_keep_their_own_handling() -> None:
    group = ConformanceGroup("octo")

    @group.command("fails")
    @click.option("--n", type=int)
    def fails(n: int | None) -> None: ...

    result = CliRunner().invoke(group, ["fails", "--n", "x"])
    assert result.exit_code == ExitCode.USAGE
    assert "Invalid value for '--n'" in result.output


def test_a_command_s_module_is_imported_only_when_it_is_used() -> None:
    """`serve` starts without loading the spec auditor or pact (lazy commands)."""
    code = (
        "import sys; from click.testing import CliRunner; from octo_conformance.cli.main import cli; "
        "r = CliRunner().invoke(cli, ['serve', '--list-faults']); assert r.exit_code == 0, r.output; "
        "print(sorted(m for m in ('octo_conformance.cli.spec', 'octo_conformance.cli.pact', "
        "'octo_conformance.cli.run', 'octo_conformance.openapi.audit') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_every_command_is_listed_and_loads() -> None:
    names = cli.list_commands(click.Context(cli))
    assert names == sorted(COMMANDS)
    for name in names:
        assert command(name).name == name
    with pytest.raises(KeyError):
        command("no-such-command")
