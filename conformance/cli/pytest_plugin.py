"""The pytest plugin (entry point ``pytest11``): the ``--octo-*`` options and the suites'
fixtures, wherever the package is installed.

``pytest --pyargs octo_conformance.provider --octo-base-url URL ...`` and ``pytest --pyargs
octo_conformance.webhook --octo-webhook-url URL`` then work from any directory, the package's own
repository or a partner's (``-p octo_conformance`` names the plugin where plugin autoloading is
off). The hooks hand over to :mod:`octo_conformance.cli.pytest_entry`.
"""

from __future__ import annotations

import pytest

from octo_conformance.cli import pytest_entry
from octo_conformance.provider.settings import ProviderSettings
from octo_conformance.webhook.settings import WebhookSettings


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
def provider_settings(request: pytest.FixtureRequest) -> ProviderSettings:
    """The provider suite's target (``--octo-base-url`` ...); the tests skip without one."""
    return pytest_entry.provider_settings(request.config)


@pytest.fixture(scope="session")
def webhook_settings(request: pytest.FixtureRequest) -> WebhookSettings:
    """The webhook suite's target (``--octo-webhook-url`` ...); the tests skip without one."""
    return pytest_entry.webhook_settings(request.config)
