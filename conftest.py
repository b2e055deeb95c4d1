"""The project's own tests: hypothesis profiles (``ci`` when ``CI`` is set).

The ``--octo-*`` options and the suites' fixtures come from the installed package's pytest
plugin (``conformance/cli/pytest_plugin.py``, entry point ``pytest11``), so that ``pytest
--pyargs octo_conformance.provider --octo-base-url ...`` works outside this repository too.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

pytest_plugins = ["pytester"]  # in-process runs of the package's own plugin (usage errors)

settings.register_profile("dev", deadline=None)
settings.register_profile(
    "ci", deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

# The files that take longest, longest first (measured with a per-worker timeline of `make
# unit` at f42a8d8: 197-208 s in all, these files 37-112 s each). With
# pytest-xdist's --dist loadfile --no-loadscope-reorder (the Makefile), each worker takes the
# next file in this order: started first, none of them is left running alone at the end.
LONGEST_FIRST = (
    "tests/conformance/cli/test_selftest.py",
    "tests/reference/sandbox/test_faults.py",
    "tests/test_packaging.py",
    "tests/conformance/reporting/test_schema.py",
    "tests/conformance/cli/test_run.py",
    "tests/reference/sandbox/test_durability.py",
    "tests/conformance/hostile/test_hostile_targets.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The files of :data:`LONGEST_FIRST`, then those with a test marked ``slow``, then the
    rest; in collection order otherwise (a stable sort of whole files)."""

    def file_of(item: pytest.Item) -> str:
        return item.nodeid.split("::")[0]

    slow = {file_of(item) for item in items if item.get_closest_marker("slow")}
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}

    def order(item: pytest.Item) -> tuple[int, int]:
        name = file_of(item)
        return (0, rank[name]) if name in rank else (1 if name in slow else 2, 0)

    items.sort(key=order)
