from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from octo_conformance.cli.main import cli
from octo_conformance.openapi.spec import SPEC_PATH


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_spec_summary_on_the_shipped_spec() -> None:
    code, output = invoke("spec")
    assert code == 0, output
    assert "spec OK" in output
    for line in ("operations", "schemas", "examples checked", "clarifications"):
        assert line in output
    assert "/verificationInfo/" in output


def test_a_broken_spec_exits_1_and_lists_problems(tmp_path: Path) -> None:
    document = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    document["paths"]["/bind_card"]["post"]["responses"]["200"]["links"]["checkSmsKey"][
        "operationId"
    ] = "nope"
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(document), encoding="utf-8")
    code, output = invoke("spec", "--path", str(broken))
    assert code == 1
    assert "link to unknown operationId 'nope'" in output


def test_unreadable_spec_is_a_usage_error(tmp_path: Path) -> None:
    code, output = invoke("spec", "--path", str(tmp_path / "missing.yaml"))
    assert code == 2
    assert "cannot read the spec" in output
    bad = tmp_path / "bad.yaml"
    bad.write_text("paths: [unclosed", encoding="utf-8")
    code, output = invoke("spec", "--path", str(bad))
    assert code == 2
    assert "not valid YAML" in output
    assert "Traceback" not in output


def test_version_and_help() -> None:
    code, output = invoke("--version")
    assert code == 0
    assert "octo-conformance" in output
    code, output = invoke("--help")
    assert code == 0
    assert "spec" in output
