"""The embedded targets: the reference sandbox and webhook as the CLI's own runs start them,
and the suites pointed at them (the fault matrix, the benchmark, later ``run`` and ``selftest``).

Part of the CLI layer: it may *start* a reference implementation, never look inside one. The
sandbox is set up to be quick to observe (OTPs live 3 s, callbacks are retried after 0.2 s)
and the suite waits 1.5 s for a callback or a retry; nothing else differs from any target.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Final

from conformance.core.profiles import Profile
from conformance.findings import Recorder, Verdict
from conformance.harness.otp import FixedOtp
from conformance.provider.runner import run_provider
from conformance.provider.settings import ProviderSettings, Shop
from conformance.requirements import Mode, of_mode
from conformance.webhook.runner import run_webhook
from conformance.webhook.settings import WebhookSettings
from reference.sandbox import SandboxConfig, create_app
from reference.serving import serve_in_thread
from reference.webhook import WebhookConfig
from reference.webhook import create_app as create_webhook_app

SHOPS: Final = {10000: "embedded-secret-one", 20000: "embedded-secret-two"}
TODAY: Final = date(2026, 11, 29)


@dataclass(frozen=True)
class Detection:
    fault: str  # "" for the clean sandbox
    failed: tuple[str, ...]
    warned: tuple[str, ...]
    errors: tuple[str, ...]
    seconds: float
    unjudged: tuple[str, ...] = ()  # requirements that got no verdict but "skip"
    first_deviation: float | None = None  # seconds until the first fail or warn

    @property
    def detected(self) -> bool:
        return bool(self.failed or self.warned)


def sandbox_config(fault: str = "") -> SandboxConfig:
    return SandboxConfig(
        shops=dict(SHOPS), otp_ttl=3.0, callback_retry_delay=0.2,
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
    return _detection(fault, result.recorder, result.errors, Mode.PROVIDER, started)


def _detection(
    fault: str, recorder: Recorder, errors: list[str], mode: Mode, started: float
) -> Detection:
    tallies = recorder.tallies
    return Detection(
        fault=fault,
        failed=tuple(recorder.failed()),
        warned=tuple(sorted(r for r, t in tallies.items() if t.verdict is Verdict.WARN)),
        errors=tuple(errors),
        seconds=round(time.perf_counter() - started, 2),
        first_deviation=round(recorder.first_deviation, 2)
        if recorder.first_deviation is not None
        else None,
        unjudged=tuple(
            r.id
            for r in of_mode(mode)
            if r.id not in tallies or tallies[r.id].verdict is Verdict.SKIP
        ),
    )


def webhook_config(fault: str = "") -> WebhookConfig:
    """The reference webhook as the project's runs start it; ``slow`` sleeps 2 s, past the 1 s
    timeout the suite is given here (the real budget is C-34's 10 s)."""
    return WebhookConfig(slow_seconds=2.0, faults=frozenset([fault]) if fault else frozenset())


def webhook_settings_for(base_url: str, *, seed: int, profile: Profile) -> WebhookSettings:
    return WebhookSettings(
        url=f"{base_url}/octo/callback",
        state_setup_url=f"{base_url}/_pact/provider-states",
        today=TODAY,
        seed=seed,
        timeout=1.0,
        profile=profile,
    )


def detect_webhook(
    fault: str = "", *, seed: int = 1, profile: Profile = Profile.QUICK
) -> Detection:
    started = time.perf_counter()
    with serve_in_thread(create_webhook_app(webhook_config(fault))) as url:
        result = run_webhook(webhook_settings_for(url, seed=seed, profile=profile))
    return _detection(fault, result.recorder, result.errors, Mode.WEBHOOK, started)


def _detect_job(job: tuple[str, str, int, str]) -> tuple[str, Detection]:
    kind, fault, seed, profile = job
    run = detect if kind == "provider" else detect_webhook
    return kind, run(fault, seed=seed, profile=Profile(profile))


def fault_matrix(
    kinds: tuple[str, ...] = ("provider", "webhook"), *, seed: int = 1, profile: Profile = Profile.QUICK,
    workers: int = 4, progress: Callable[[str, Detection], None] = lambda _k, _d: None,
) -> dict[str, list[Detection]]:  # fmt: skip
    """Each suite against its clean reference and against every built-in fault (first: clean).

    Runs in spawned worker processes: each run has its own reference on its own port, and the
    runs mostly wait on callbacks and timeouts."""
    from reference.sandbox import FAULT_NAMES as SANDBOX_FAULTS
    from reference.webhook import FAULT_NAMES as WEBHOOK_FAULTS

    faults = {"provider": SANDBOX_FAULTS, "webhook": WEBHOOK_FAULTS}
    jobs = [(kind, fault, seed, profile.value) for kind in kinds for fault in ("", *faults[kind])]
    found: dict[str, list[Detection]] = {kind: [] for kind in kinds}
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for kind, detection in pool.map(_detect_job, jobs):
            found[kind].append(detection)
            progress(kind, detection)
    return found
