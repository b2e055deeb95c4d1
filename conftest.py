"""Project-wide pytest configuration: options for pointing the suite at targets, hypothesis profiles.

The provider suite (``pytest conformance/provider``) reads ``--octo-base-url`` and the other
``--octo-*`` options; the webhook suite reads ``--octo-webhook-url``; the
project's own tests run with the ``ci`` hypothesis profile when ``CI`` is set.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("dev", deadline=None)
settings.register_profile(
    "ci", deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("octo", "OCTO conformance targets")
    group.addoption("--octo-base-url", default=None, help="base URL of an OCTO API implementation")
    group.addoption("--octo-webhook-url", default=None, help="URL of a partner's callback webhook")
    group.addoption(
        "--octo-state-setup-url", default=None, help="the receiver's Pact provider-state endpoint"
    )
    group.addoption(
        "--octo-webhook-timeout", default="10", help="seconds a receiver has to answer (C-34)"
    )
    group.addoption("--octo-shop-id", default="10000", help="octo_shop_id of the test shop")
    group.addoption(
        "--octo-secret-env", default="OCTO_SECRET", help="variable holding the shop's octo_secret"
    )
    group.addoption("--octo-otp-code", default=None, help="the target's fixed test OTP")
    group.addoption("--octo-otp-command", default=None, help="command printing the OTP for a UUID")
    group.addoption("--octo-second-shop-id", default=None, help="a second test shop (C-44)")
    group.addoption(
        "--octo-second-secret-env", default="OCTO_SECRET_2", help="its secret's variable"
    )
    group.addoption(
        "--octo-profile", default="standard", choices=("quick", "standard", "deep"), help="how hard"
    )
    group.addoption("--octo-seed", default=None, help="the run's seed (default 0)")
    group.addoption(
        "--octo-callback-timeout", default="30", help="seconds to wait for a callback or a retry"
    )
    group.addoption(
        "--octo-today",
        default=None,
        help="the day expiry dates are judged against, YYYY-MM-DD (default: the real date)",
    )


@pytest.fixture(scope="session")
def today(request: pytest.FixtureRequest) -> date:
    """The calendar day for YYMM rules; fixed with --octo-today for reproducible runs."""
    given = request.config.getoption("--octo-today")
    return date.fromisoformat(given) if given else date.today()
