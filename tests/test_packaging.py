"""The wheel a user installs (``pip install .``, as the CI recipes do) carries every data file
the commands read: the spec and its document, the requirement catalogue, the report schema and
the shipped pacts. An editable install finds them in the checkout whatever the packaging says,
so only a built wheel shows what a user gets."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def test_the_wheel_carries_every_data_file_the_commands_read(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("octo_conformance-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = [
        "conformance/contracts/pacts/octo-partner-octo-tokenization.json",
        "conformance/contracts/pacts/octo-tokenization-partner-webhook.json",
        "conformance/requirements.yaml",
        "openapi/octo-tokenization.yaml",
        "openapi/octo-card-tokenization.txt",
    ]
    assert [name for name in shipped if name not in names] == []
    assert any(n.startswith("conformance/reporting/") and n.endswith(".json") for n in names)
    # nothing of the checkout's own outside the packages
    assert not [n for n in names if n.startswith(("tests/", "contracts/", "bench/"))]
    # the pytest plugin: --octo-* options wherever the package is installed
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[pytest11]\nocto_conformance = conformance.cli.pytest_plugin" in text
