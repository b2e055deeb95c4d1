"""The project's own tests share what their runs draw (``harness.examples.share_draws``), as the
selftest's workers do: the draws of the suites against the embedded references and the tests'
fakes, whose secrets are the tests' own. This file, not the repository's ``conftest.py``: that
one is loaded too when the suites run from this checkout against a partner's target, and their
draws carry the partner's real secret.

The controller makes the directory and removes it at the end; with pytest-xdist, each worker is
handed its path (``workerinput``)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from octo_conformance.harness.examples import share_draws

_KEY = "octo_shared_draws"
_OWNED = pytest.StashKey[Path]()


def pytest_configure(config: pytest.Config) -> None:
    worker_input = getattr(config, "workerinput", None)
    if worker_input is None:
        directory = Path(tempfile.mkdtemp(prefix="octo-test-draws-"))
        config.stash[_OWNED] = directory
        share_draws(directory)
    elif _KEY in worker_input:
        share_draws(Path(worker_input[_KEY]))


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist (its WorkerController): what a worker is started with."""
    owned = node.config.stash.get(_OWNED, None)
    if owned is not None:
        node.workerinput[_KEY] = str(owned)


def pytest_unconfigure(config: pytest.Config) -> None:
    share_draws(None)
    owned = config.stash.get(_OWNED, None)
    if owned is not None:
        shutil.rmtree(owned, ignore_errors=True)
