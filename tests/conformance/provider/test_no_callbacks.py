"""``--callback-url none``: where the target cannot reach the sink, what needs a callback is
skipped with that reason (never failed), and the rest is judged as usual."""

from __future__ import annotations

import dataclasses

import pytest

from octo_conformance.cli.embedded import serve, settings_for
from octo_conformance.cli.validate import NO_CALLBACKS, build_provider_settings
from octo_conformance.core.profiles import Profile
from octo_conformance.findings import Verdict
from octo_conformance.provider.context import NO_CALLBACKS as REASON
from octo_conformance.provider.runner import run_provider
from octo_conformance.provider.settings import ProviderSettings

pytestmark = pytest.mark.slow


def test_without_a_reachable_sink_the_callback_requirements_are_skipped_with_the_reason() -> None:
    with serve("provider") as (url, _):
        settings = dataclasses.replace(
            settings_for(url, seed=2, profile=Profile.QUICK), callbacks=False
        )
        result = run_provider(settings)
    recorder = result.recorder
    assert result.errors == []
    verdicts = {r: recorder.verdict(r) for r in recorder.tallies}
    assert Verdict.FAIL not in verdicts.values()
    assert Verdict.WARN not in verdicts.values()
    for requirement in ("PROV-CB-001", "PROV-CB-004", "PROV-CB-009", "PROV-BLOCK-001"):
        assert verdicts[requirement] is Verdict.SKIP, requirement
        [finding] = [f for f in recorder.findings() if f.requirement == requirement][:1]
        assert REASON in finding.message
    # what needs no callback is still judged
    for requirement in ("PROV-BIND-001", "PROV-SMS-001", "PROV-SMS-005", "PROV-AUTH-001"):
        assert verdicts[requirement] is Verdict.PASS, requirement


def settings_with(callback_url: str) -> ProviderSettings:
    return build_provider_settings(
        base_url="http://127.0.0.1:9", shop_id=1, secret_env="OCTO_SECRET", otp_code="1234",
        otp_command=None, callback_listen="127.0.0.1:0", callback_url=callback_url,
        callback_timeout=1.0, second_shop_id=None, second_secret_env=None, profile="quick",
        seed=1, max_rps=None, allow_production=False, today=None, request_timeout=1.0,
    )  # fmt: skip


def test_none_is_the_option_s_word_for_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCTO_SECRET", "a-secret-of-the-test")
    off = settings_with(NO_CALLBACKS)
    assert (off.callbacks, off.callback_url) == (False, None)
    on = settings_with("https://tunnel.example/cb")
    assert (on.callbacks, on.callback_url) == (True, "https://tunnel.example/cb")
