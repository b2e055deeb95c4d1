"""The provider suite as pytest tests: ``pytest conformance/provider --octo-base-url URL ...``.

The options are the command line's (``--octo-<name>`` for ``provider --<name>``), turned into
settings when pytest starts: the ``provider_settings`` fixture (the package's pytest plugin),
which skips every test without ``--octo-base-url``. The whole suite runs once per
session (its scenarios share a callback sink and wait on callbacks concurrently); each
requirement of the catalogue is then one test, failed with its findings, skipped with its
reason, or passed (warnings are printed, they do not fail).
"""

from __future__ import annotations

import pytest

from octo_conformance.provider.runner import ProviderResult, run_provider
from octo_conformance.provider.settings import ProviderSettings
from octo_conformance.pytest_verdicts import assert_requirement
from octo_conformance.requirements import Mode, of_mode


@pytest.fixture(scope="session")
def provider_result(provider_settings: ProviderSettings) -> ProviderResult:
    return run_provider(provider_settings)


@pytest.mark.parametrize("requirement_id", [r.id for r in of_mode(Mode.PROVIDER)])
def test_requirement(provider_result: ProviderResult, requirement_id: str) -> None:
    assert_requirement(provider_result.recorder, provider_result.errors, requirement_id)
