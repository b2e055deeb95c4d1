"""The project's conftest files: the order of the test files (conftest.py) and the draws the
tests share (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import LONGEST_FIRST
from octo_conformance.harness import examples

ROOT = Path(__file__).resolve().parents[1]


def test_the_files_started_first_exist() -> None:
    """A file renamed or removed would silently lose its place at the front."""
    assert [name for name in LONGEST_FIRST if not (ROOT / name).is_file()] == []


def test_the_longest_files_come_first_then_the_slow_ones(request: pytest.FixtureRequest) -> None:
    files = list(dict.fromkeys(item.nodeid.split("::")[0] for item in request.session.items))
    if not set(LONGEST_FIRST) <= set(files):
        pytest.skip("a run of some of the files only")
    assert files[: len(LONGEST_FIRST)] == list(LONGEST_FIRST)
    slow = {i.nodeid.split("::")[0] for i in request.session.items if i.get_closest_marker("slow")}
    after = files[len(LONGEST_FIRST) :]
    assert [f in slow for f in after] == sorted((f in slow for f in after), reverse=True)


def test_this_test_process_shares_its_draws() -> None:
    """The controller made the directory and, under xdist, handed it to this worker."""
    directory = examples._shared
    assert directory is not None
    assert directory.is_dir()
    assert directory.name.startswith("octo-test-draws-")
