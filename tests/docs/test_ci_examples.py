"""docs/ci: the GitHub Actions and GitLab CI examples parse, run the suite, keep the secret in
the CI secret store, publish the reports whatever the outcome, and use only options the ``run``
command has; the wheel ``pip install .`` builds is tested in tests/test_packaging.py."""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path
from typing import Any, Final

import pytest
import yaml

ROOT: Final = Path(__file__).resolve().parents[2]
CI: Final = ROOT / "docs" / "ci"
GITHUB: Final = CI / "github-actions.yml"
GITLAB: Final = CI / "gitlab-ci.yml"
README: Final = CI / "README.md"

# the options of `octo-conformance run`, as documented for CI
RUN_OPTIONS: Final = frozenset(
    {
        *("--profile", "--seed", "--report-dir", "--waivers", "--today", "--max-rps"),
        *("--base-url", "--shop-id", "--secret-env", "--otp-code", "--otp-command"),
        *("--callback-listen", "--callback-url", "--callback-timeout"),
        *("--second-shop-id", "--second-secret-env", "--allow-production"),
        *("--webhook-url", "--state-setup-url", "--webhook-timeout"),
        *("--request-timeout", "--cards", "--require-complete", "--fail-on", "--fail-on-warn"),
        *("--only", "--exclude"),
    }
)
SECRET: Final = "OCTO_SECRET"
GITHUB_SECRET_REF: Final = re.compile(r"^\$\{\{\s*secrets\.[A-Za-z_][A-Za-z0-9_]*\s*\}\}$")
GITLAB_VARIABLE_REF: Final = re.compile(r"^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$")
_COMMENT: Final = re.compile(r"^\s*#\s?", re.MULTILINE)
_FLAG: Final = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
_CODE_SPAN: Final = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
_TRAILING_COMMENT: Final = re.compile(r"(?:^|\s)#(.*)$", re.MULTILINE)


@cache
def load(path: Path) -> dict[str, Any]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict), f"{path.name}: not a mapping"
    return loaded


def github_steps() -> list[dict[str, Any]]:
    return [step for job in load(GITHUB)["jobs"].values() for step in job["steps"]]


def gitlab_jobs() -> dict[str, dict[str, Any]]:
    return {
        name: job for name, job in load(GITLAB).items() if isinstance(job, dict) and "script" in job
    }


def scripts(path: Path) -> list[str]:
    """The shell a CI file runs: GitHub steps' ``run``, GitLab jobs' script sections."""
    if path == GITHUB:
        return [step["run"] for step in github_steps() if "run" in step]
    return [
        line
        for job in gitlab_jobs().values()
        for key in ("before_script", "script", "after_script")
        for line in job.get(key, [])
    ]


def suite_commands(text: str) -> list[str]:
    """Every ``octo-conformance run`` command in ``text`` (scripts, comments, Markdown alike),
    continuation lines joined, from the command name on."""
    joined = re.sub(r"\\\n", " ", _COMMENT.sub("", text))
    return [line[line.index("octo-conformance run") :] for line in joined.splitlines() if "octo-conformance run" in line]  # fmt: skip


def flags_used() -> dict[str, set[str]]:
    """flag -> files: in every suite command, in the YAML files' comments and in the README's
    inline code (``--callback-url``), which all speak of the ``run`` command's options."""
    found: dict[str, set[str]] = {}
    for path in (GITHUB, GITLAB, README):
        text = path.read_text(encoding="utf-8")
        spoken = _CODE_SPAN.findall(text) if path == README else _TRAILING_COMMENT.findall(text)
        for part in (*suite_commands(text), *spoken):
            for flag in _FLAG.findall(part):
                found.setdefault(flag, set()).add(path.name)
    return found


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=["github", "gitlab"])
def test_the_example_parses_and_runs_the_suite_into_reports(path: Path) -> None:
    commands = [c for script in scripts(path) for c in suite_commands(script)]
    assert len(commands) == 1, commands
    [command] = commands
    assert not re.search(r"--reports?-dir", command)  # reports/<run-id>, the upload's folder
    assert "--profile standard" in command
    for flag in ("--base-url", "--shop-id", "--otp-code", "--webhook-url", "--state-setup-url"):
        assert flag in command
    installs = [s for s in scripts(path) if "pip install -c constraints.txt ." in s]
    assert installs, "the example installs the suite with pip install -c constraints.txt ."


def test_the_constraints_pin_every_package_the_project_needs() -> None:
    """constraints.txt pins (==) each package of the dependency closure, dev tools included."""
    lines = [
        line.strip()
        for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.+\-]+", line) for line in lines), lines
    pinned = {line.split("==")[0].lower().replace("_", "-") for line in lines}
    for tool in (
        "ruff",
        "mypy",
        "pytest",
        "pytest-xdist",
        "hypothesis",
        "schemathesis",
        "pact-python",
    ):
        assert tool in pinned


def test_github_takes_the_secret_from_its_secret_store() -> None:
    [run] = [s for s in github_steps() if "octo-conformance run" in s.get("run", "")]
    assert GITHUB_SECRET_REF.match(run["env"][SECRET]), run["env"]
    for step in github_steps():  # wherever the secret is set, it comes from secrets.*
        for name, value in step.get("env", {}).items():
            if "SECRET" in name:
                assert GITHUB_SECRET_REF.match(str(value)), f"{step.get('name')}: {name}={value}"
    assert "--secret " not in GITHUB.read_text(encoding="utf-8")  # never on argv


def test_gitlab_leaves_the_secret_to_its_masked_ci_cd_variable() -> None:
    config = load(GITLAB)
    sections = [config.get("variables", {})] + [j.get("variables", {}) for j in gitlab_jobs().values()]  # fmt: skip
    for variables in sections:
        for name, value in variables.items():
            if "SECRET" in name:  # only ever a reference to the project's variable
                assert GITLAB_VARIABLE_REF.match(str(value)), f"{name}={value}"
    text = GITLAB.read_text(encoding="utf-8")
    assert "Masked" in text  # the file says where the secret lives
    assert "--secret " not in text


def test_github_publishes_the_reports_whatever_the_outcome() -> None:
    steps = github_steps()
    [upload] = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["if"] == "always()"
    assert upload["with"]["path"] == "reports/"
    reporters = ("mikepenz/action-junit-report@", "dorny/test-reporter@")
    [junit] = [s for s in steps if s.get("uses", "").startswith(reporters)]
    assert junit["if"] == "always()"
    assert (junit["with"].get("report_paths") or junit["with"].get("path")) == "reports/*/junit.xml"
    assert load(GITHUB)["permissions"]["checks"] == "write"
    python = [s for s in steps if s.get("uses", "").startswith("actions/setup-python@")]
    assert [s["with"]["python-version"] for s in python] == ["3.11"]


def test_gitlab_keeps_the_reports_whatever_the_outcome() -> None:
    [job] = gitlab_jobs().values()
    assert job["image"] == "python:3.11"
    artifacts = job["artifacts"]
    assert artifacts["when"] == "always"
    assert artifacts["paths"] == ["reports/"]
    assert artifacts["reports"]["junit"] == "reports/*/junit.xml"


def test_every_flag_in_the_docs_is_a_documented_run_option() -> None:
    used = flags_used()
    assert used, "no octo-conformance run command found"
    unknown = {flag: sorted(files) for flag, files in used.items() if flag not in RUN_OPTIONS}
    assert unknown == {}


def test_every_flag_in_the_docs_is_an_option_of_the_run_command() -> None:
    from octo_conformance.cli.main import command as named

    command = named("run")
    options = {o for p in command.params for o in (*p.opts, *p.secondary_opts) if o.startswith("--")}  # fmt: skip
    assert set(flags_used()) - options == set()
    assert RUN_OPTIONS - options == set(), "documented but not an option of `run`"


def _action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    return loaded


def _run_step(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The action's run step under bash, with a stand-in octo-conformance printing its argv."""
    (step,) = [s for s in _action()["runs"]["steps"] if s.get("name") == "Run the suites"]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "octo-conformance"
    fake.write_text('#!/bin/sh\nfor a in "$@"; do echo "$a"; done\n', encoding="utf-8")
    fake.chmod(0o755)
    inputs = {f"IN_{k.upper().replace('-', '_')}": str(v.get("default", "")) for k, v in _action()["inputs"].items()}  # fmt: skip
    environment = {"PATH": f"{bin_dir}:/usr/bin:/bin", **inputs, **env}
    return subprocess.run(
        ["bash", "-e", "-c", step["run"]], env=environment, capture_output=True, text=True, timeout=30, check=False,
        cwd=tmp_path,  # where a glob of the patterns would find files
    )  # fmt: skip


def test_the_action_documents_every_input_and_installs_with_the_constraints() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert all(spec.get("description") for spec in action["inputs"].values())
    scripts = " ".join(s.get("run", "") for s in action["runs"]["steps"])
    assert 'pip install -c "$GITHUB_ACTION_PATH/constraints.txt" "$GITHUB_ACTION_PATH"' in scripts
    (step,) = [s for s in action["runs"]["steps"] if s.get("name") == "Run the suites"]
    # every input reaches the script through env:, never spliced into it
    assert "${{" not in step["run"]
    assert set(step["env"]) == {f"IN_{k.upper().replace('-', '_')}" for k in action["inputs"]} - {"IN_PYTHON_VERSION"}  # fmt: skip


def test_every_flag_the_action_passes_is_an_option_of_run() -> None:
    from octo_conformance.cli.run import run_command

    known = {opt for param in run_command.params for opt in param.opts}
    (step,) = [s for s in _action()["runs"]["steps"] if s.get("name") == "Run the suites"]
    used = set(re.findall(r"(--[a-z][a-z-]+)", step["run"]))
    assert used - known == set()


def test_the_action_builds_the_command_from_the_inputs(tmp_path: Path) -> None:
    done = _run_step(
        {"IN_BASE_URL": "https://sandbox.example", "IN_SHOP_ID": "10000", "IN_OTP_ENV": "OCTO_OTP", "IN_REQUIRE_COMPLETE": "true"},
        tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    args = done.stdout.splitlines()
    assert args[:5] == ["run", "--profile", "standard", "--report-dir", "reports"]
    assert args[args.index("--base-url") + 1] == "https://sandbox.example"
    assert args[args.index("--secret-env") + 1] == "OCTO_SECRET"
    otp = args[args.index("--otp-command") + 1]
    assert otp.endswith(" OCTO_OTP")
    assert "--require-complete" in args
    assert "--webhook-url" not in args  # an empty input is left out, not passed empty
    embedded = _run_step({}, tmp_path)
    assert embedded.stdout.splitlines() == [
        "run",
        "--profile",
        "standard",
        "--report-dir",
        "reports",
    ]


def test_the_action_passes_selection_patterns_one_by_one_unglobbed(tmp_path: Path) -> None:
    """A block input (one pattern a line) gives every line, and the shell expands no glob."""
    (tmp_path / "PROV-CB-001").write_text("a file a shell glob would expand to")
    done = _run_step(
        {"IN_ONLY": "PROV-CB-*\n  scenarios\n", "IN_EXCLUDE": "PROV-CB-009", "IN_FAIL_ON": "warn"},
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    args = done.stdout.splitlines()[5:]
    assert args == [
        *("--fail-on", "warn", "--only", "PROV-CB-*", "--only", "scenarios"),
        *("--exclude", "PROV-CB-009"),
    ]


def test_the_action_refuses_an_otp_env_that_is_no_variable_name(tmp_path: Path) -> None:
    done = _run_step({"IN_OTP_ENV": "X; rm -rf /"}, tmp_path)
    assert done.returncode == 2
    assert "otp-env must name a variable" in done.stdout
