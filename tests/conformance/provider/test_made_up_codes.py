"""Only real OTPs (from the OTP source, or derived from one) are secrets for the masker and the
leak gate; the codes the suite makes up (a broken smsKey, a schemathesis draw) are not: one such
code ("1000") once made the gate flag the catalogue's own text ("total_sum 1000")."""

from __future__ import annotations

import pytest

from octo_conformance.cli.embedded import serve, settings_for
from octo_conformance.core.profiles import Profile
from octo_conformance.harness.otp import wrong_code
from octo_conformance.provider.runner import run_provider

pytestmark = pytest.mark.slow


def test_made_up_sms_keys_are_never_registered_as_otps() -> None:
    with serve("provider") as (url, _):
        result = run_provider(settings_for(url, seed=1633770669, profile=Profile.QUICK))
    assert result.errors == []
    # the sandbox's code, and the wrong code derived from it (a secret too: it is one digit
    # away from the real one); none of the codes the rules, schemathesis or the machine drew
    assert result.masker.sensitive()["otp"] == {"666666", wrong_code("666666")}
