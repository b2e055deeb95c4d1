"""The project's own tests: hypothesis profiles (``ci`` when ``CI`` is set).

The ``--octo-*`` options and the suites' fixtures come from the installed package's pytest
plugin (``conformance/cli/pytest_plugin.py``, entry point ``pytest11``), so that ``pytest
--pyargs octo_conformance.provider --octo-base-url ...`` works outside this repository too.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

pytest_plugins = ["pytester"]  # in-process runs of the package's own plugin (usage errors)

settings.register_profile("dev", deadline=None)
settings.register_profile(
    "ci", deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
