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

# The files that take longest, longest first (wall time per file in a per-worker timeline of
# `make unit` at ab37480: 199 s in all; these files 10-128 s each, the rest under 8 s). With
# pytest-xdist's --dist loadfile --no-loadscope-reorder (the Makefile), each worker takes the
# next file in this order: started early, none of them is left running alone at the end.
LONGEST_FIRST = (
    "tests/conformance/cli/test_selftest.py",
    "tests/test_packaging.py",
    "tests/reference/sandbox/test_faults.py",
    "tests/reference/sandbox/test_durability.py",
    "tests/conformance/hostile/test_hostile_targets.py",
    "tests/conformance/cli/test_run.py",
    "tests/conformance/reporting/test_schema.py",
    "tests/conformance/provider/test_listed_cards.py",
    "tests/reference/sandbox/test_variants.py",
    "tests/conformance/core/test_declared_requirements.py",
    "tests/conformance/webhook/test_pytest_entry.py",
    "tests/strategies/test_requests.py",
    "tests/conformance/core/test_selection.py",
    "tests/strategies/test_cards.py",
    "tests/conformance/provider/test_made_up_codes.py",
    "tests/reference/webhook/test_faults.py",
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
