"""Run the provider suite against the reference sandbox with one fault on (or none).

Shared by the fault-matrix test and ``bench/provider_suite.py``. The sandbox is configured to
be quick to observe (OTPs live 1.5 s, callbacks are retried after 0.2 s) and the suite waits
1.5 s for a callback or a retry; nothing else differs from a run against any target.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Final

from conformance.findings import Verdict
from conformance.harness.otp import FixedOtp
from conformance.provider.runner import run_provider
from conformance.provider.settings import Profile, ProviderSettings, Shop
from reference.sandbox import SandboxConfig, create_app
from reference.serving import serve_in_thread

SHOPS: Final = {10000: "matrix-secret-one", 20000: "matrix-secret-two"}
TODAY: Final = date(2026, 11, 29)

# fault -> the requirement whose failure is the fault's signature (others may fail with it)
EXPECTED: Final[dict[str, str]] = {
    "bind-accepts-luhn-invalid": "PROV-RULE-bindCard-pan.luhn",
    "bind-accepts-month-13": "PROV-RULE-bindCard-exp.month",
    "bind-no-duplicate-check": "PROV-BIND-005",
    "bind-missing-pay-url": "PROV-BIND-003",
    "bind-string-sums": "PROV-BIND-004",
    "bind-500-on-bad-json": "PROV-HTTP-001",
    "error-echoes-pan": "PROV-SAFE-001",
    "error-without-errmessage": "PROV-ENV-001",
    "auth-any-secret": "PROV-AUTH-001",
    "auth-wrong-code": "PROV-AUTH-001",
    "verify-unmasked-phone": "PROV-SAFE-002",
    "verify-negative-seconds": "PROV-VERIFY-002",
    "verify-no-trailing-slash": "PROV-VERIFY-001",
    "sms-accepts-any-otp": "PROV-SMS-005",
    "sms-otp-replay": "PROV-SMS-007",
    "sms-ignores-verify-id": "PROV-SMS-008",
    "sms-wrong-last4": "PROV-SMS-003",
    "sms-no-refund": "PROV-SMS-004",
    "sms-top-level-drift": "PROV-ENV-003",
    "callback-missing-token": "PROV-CB-002",
    "callback-wrong-exp": "PROV-CB-003",
    "callback-single-attempt": "PROV-CB-004",
    "callback-endless-retries": "PROV-CB-004",
    "callback-2xx-ack": "PROV-CB-005",
    "callback-no-cancel": "PROV-CB-006",
    "block-twice-ok": "PROV-BLOCK-002",
    "block-unknown-is-6": "PROV-BLOCK-003",
    "block-cross-shop": "PROV-BLOCK-004",
    "block-missing-status": "PROV-BLOCK-001",
    "guessable-tokens": "PROV-SAFE-003",
    "paypage-ignores-code": "PROV-PAGE-003",
}


@dataclass(frozen=True)
class Detection:
    fault: str  # "" for the clean sandbox
    failed: tuple[str, ...]
    warned: tuple[str, ...]
    errors: tuple[str, ...]
    seconds: float


def sandbox_config(fault: str = "") -> SandboxConfig:
    return SandboxConfig(
        shops=dict(SHOPS), otp_ttl=1.5, callback_retry_delay=0.2,
        faults=frozenset([fault]) if fault else frozenset(),
    )  # fmt: skip


def settings_for(base_url: str, *, seed: int, profile: Profile) -> ProviderSettings:
    return ProviderSettings(
        base_url=base_url,
        shop=Shop(10000, SHOPS[10000], "OCTO_SECRET"),
        second_shop=Shop(20000, SHOPS[20000], "OCTO_SECRET_2"),
        otp=FixedOtp("666666"),
        today=TODAY,
        seed=seed,
        profile=profile,
        callback_timeout=1.5,
    )


def detect(fault: str = "", *, seed: int = 1, profile: Profile = Profile.QUICK) -> Detection:
    started = time.perf_counter()
    with serve_in_thread(create_app(sandbox_config(fault))) as url:
        result = run_provider(settings_for(url, seed=seed, profile=profile))
    tallies = result.recorder.tallies
    return Detection(
        fault=fault,
        failed=tuple(result.recorder.failed()),
        warned=tuple(sorted(r for r, t in tallies.items() if t.verdict is Verdict.WARN)),
        errors=tuple(result.errors),
        seconds=round(time.perf_counter() - started, 2),
    )
