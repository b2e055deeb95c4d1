"""The provider suite as pytest tests: ``pytest conformance/provider --octo-base-url URL ...``.

The whole suite runs once per session (its scenarios share a callback sink and wait on
callbacks concurrently); each requirement of the catalogue is then one test, failed with its
findings, skipped with its reason, or passed (warnings are printed, they do not fail).
"""

from __future__ import annotations

import os
from datetime import date

import pytest

from conformance.core.profiles import Profile
from conformance.harness.otp import CommandOtp, FixedOtp, OtpSource
from conformance.provider.runner import ProviderResult, run_provider
from conformance.provider.settings import ProviderSettings, Shop
from conformance.pytest_verdicts import assert_requirement
from conformance.requirements import Mode, of_mode


def _settings(config: pytest.Config, today: date) -> ProviderSettings:
    option = config.getoption
    base_url = option("--octo-base-url")
    if not base_url:
        pytest.skip("no target: pass --octo-base-url (and --octo-shop-id, --octo-secret-env)")
    secret_env = option("--octo-secret-env")
    secret = os.environ.get(secret_env)
    if not secret:
        raise pytest.UsageError(f"environment variable {secret_env} (the shop secret) is not set")
    otp: OtpSource = OtpSource()
    if option("--octo-otp-code"):
        otp = FixedOtp(option("--octo-otp-code"))
    elif option("--octo-otp-command"):
        otp = CommandOtp(option("--octo-otp-command"))
    second = None
    if option("--octo-second-shop-id"):
        env = option("--octo-second-secret-env")
        second = Shop(int(option("--octo-second-shop-id")), os.environ.get(env, ""), env)
    seed = option("--octo-seed")
    return ProviderSettings(
        base_url=base_url,
        shop=Shop(int(option("--octo-shop-id")), secret, secret_env),
        second_shop=second,
        otp=otp,
        today=today,
        seed=int(seed) if seed is not None else 0,
        profile=Profile(option("--octo-profile")),
        callback_timeout=float(option("--octo-callback-timeout")),
    )


@pytest.fixture(scope="session")
def provider_result(request: pytest.FixtureRequest, today: date) -> ProviderResult:
    return run_provider(_settings(request.config, today))


@pytest.mark.parametrize("requirement_id", [r.id for r in of_mode(Mode.PROVIDER)])
def test_requirement(provider_result: ProviderResult, requirement_id: str) -> None:
    assert_requirement(provider_result.recorder, provider_result.errors, requirement_id)
