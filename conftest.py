"""Project-wide pytest configuration: options for pointing the suite at targets, hypothesis profiles.

The provider suite (``pytest conformance/provider``) reads ``--octo-base-url`` and the other
``--octo-*`` options, the webhook suite ``--octo-webhook-url``: the same options as the command
line's, declared once in ``conformance/cli/options.py``, checked when pytest starts and handed
to the suites as the ``provider_settings`` and ``webhook_settings`` fixtures
(``conformance/cli/pytest_entry.py``). The project's own tests run with the ``ci`` hypothesis
profile when ``CI`` is set.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from hypothesis import HealthCheck, settings

from conformance.cli import pytest_entry
from conformance.provider.settings import ProviderSettings
from conformance.webhook.settings import WebhookSettings

settings.register_profile("dev", deadline=None)
settings.register_profile(
    "ci", deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def pytest_addoption(parser: pytest.Parser) -> None:
    pytest_entry.add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    pytest_entry.configure(config)


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    for line in pytest_entry.summary(config):
        terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def today(request: pytest.FixtureRequest) -> date:
    """The calendar day for YYMM rules; fixed with --octo-today for reproducible runs."""
    return pytest_entry.today(request.config)


@pytest.fixture(scope="session")
def provider_settings(request: pytest.FixtureRequest) -> ProviderSettings:
    """The provider suite's target (``--octo-base-url`` ...); the tests skip without one."""
    return pytest_entry.provider_settings(request.config)


@pytest.fixture(scope="session")
def webhook_settings(request: pytest.FixtureRequest) -> WebhookSettings:
    """The webhook suite's target (``--octo-webhook-url`` ...); the tests skip without one."""
    return pytest_entry.webhook_settings(request.config)
