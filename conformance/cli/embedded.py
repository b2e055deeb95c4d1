"""The embedded targets: the reference sandbox and webhook as the CLI's own runs start them
(``serve``: ``run``, ``pact verify-*``, the fault matrix of ``selftest``, the benchmark), and the
suites pointed at them.

Part of the CLI layer: it may *start* a reference implementation, never look inside one. The
sandbox is set up to be quick to observe (OTPs live 5 s, callbacks are retried after 0.2 s)
and the suite waits 1.5 s for a callback or a retry; nothing else differs from any target.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Final, Literal, TypeVar

from starlette.types import ASGIApp

from octo_conformance.cli.signatures import SIGNATURES
from octo_conformance.cli.validate import suite_selections
from octo_conformance.core.profiles import Profile
from octo_conformance.errors import UsageError
from octo_conformance.findings import Recorder, Verdict
from octo_conformance.harness.examples import share_draws
from octo_conformance.harness.otp import FixedOtp
from octo_conformance.provider.runner import run_provider
from octo_conformance.provider.settings import ProviderSettings, Shop
from octo_conformance.reference.sandbox import FAULT_NAMES as SANDBOX_FAULTS
from octo_conformance.reference.sandbox import FAULTS as SANDBOX_CATALOGUE
from octo_conformance.reference.sandbox import VARIANT_NAMES as SANDBOX_VARIANTS
from octo_conformance.reference.sandbox import VARIANTS as SANDBOX_VARIANT_CATALOGUE
from octo_conformance.reference.sandbox import SandboxConfig, create_app
from octo_conformance.reference.serving import serve_in_thread
from octo_conformance.reference.webhook import FAULT_NAMES as WEBHOOK_FAULTS
from octo_conformance.reference.webhook import FAULTS as WEBHOOK_CATALOGUE
from octo_conformance.reference.webhook import VARIANT_NAMES as WEBHOOK_VARIANTS
from octo_conformance.reference.webhook import VARIANTS as WEBHOOK_VARIANT_CATALOGUE
from octo_conformance.reference.webhook import WebhookConfig
from octo_conformance.reference.webhook import create_app as create_webhook_app
from octo_conformance.requirements import Mode, of_mode
from octo_conformance.webhook.runner import run_webhook
from octo_conformance.webhook.settings import WebhookSettings

TASHKENT: Final = timezone(timedelta(hours=5))
SHOPS: Final = {10000: "embedded-secret-one", 20000: "embedded-secret-two"}
# the day the embedded runs judge expiry dates on: the sandbox's own (Tashkent) date, for the
# sandbox judges them on its clock; a fixed day would see generated cards expire under it
TODAY: Final = datetime.now(TASHKENT).date()
# as long as the quick profile waits out an OTP (Budget.otp_expiry_wait): a shorter life
# expires bindings mid-scenario when a matrix keeps eight runs busy on two cores
EMBEDDED_OTP_TTL: Final = 5.0

Kind = Literal["provider", "webhook"]
"""Which reference: the sandbox (an OCTO, for the provider suite) or the partner webhook."""


@contextmanager
def serve(kind: Kind, fault: str = "", *, variant: str = "") -> Iterator[tuple[str, str]]:
    """Start the reference for ``kind`` on loopback, with ``fault`` (a defect) or ``variant`` (a
    legal reading of the document) on when given; yield the target's URL and its
    provider-state endpoint: for ``"provider"`` the sandbox's base URL, for ``"webhook"`` the
    callback URL. An unknown fault or variant is a usage error naming the known ones.
    """
    with serve_in_thread(_app(kind, fault, variant)) as base:
        if kind == "provider":
            yield base, f"{base}/_sandbox/provider-states"
        else:
            yield f"{base}/octo/callback", f"{base}/_pact/provider-states"


def _app(kind: Kind, fault: str, variant: str = "") -> ASGIApp:
    reference = "sandbox" if kind == "provider" else "webhook"
    faults = SANDBOX_CATALOGUE if kind == "provider" else WEBHOOK_CATALOGUE
    variants = SANDBOX_VARIANT_CATALOGUE if kind == "provider" else WEBHOOK_VARIANT_CATALOGUE
    for what, name, known in (("fault", fault, faults), ("variant", variant, variants)):
        if name and name not in known:
            listed = ", ".join([*known.names, *known.patterns])
            raise UsageError(
                f"unknown {what} {name!r} of the reference {reference}; its {what}s: {listed}"
            )
    if kind == "provider":
        return create_app(sandbox_config(fault, variant))
    return create_webhook_app(webhook_config(fault, variant))


@dataclass(frozen=True)
class Detection:
    """What a suite saw on one reference: clean, with one fault, or with one legal variant."""

    fault: str  # "" for the clean reference (and for a variant)
    failed: tuple[str, ...]
    warned: tuple[str, ...]
    errors: tuple[str, ...]
    seconds: float
    unjudged: tuple[str, ...] = ()  # requirements that got no verdict but "skip"
    first_deviation: float | None = None  # seconds until the first fail or warn
    variant: str = ""  # a legal variant: what failed there is a false alarm of the suite

    @property
    def detected(self) -> bool:
        return bool(self.failed or self.warned)

    @property
    def false_alarm(self) -> bool:
        """On a clean reference or a legal variant: a MUST failed, or the suite broke."""
        return not self.fault and bool(self.failed or self.errors)


def sandbox_config(fault: str = "", variant: str = "") -> SandboxConfig:
    return SandboxConfig(
        shops=dict(SHOPS),
        otp_ttl=EMBEDDED_OTP_TTL,
        callback_retry_delay=0.2,
        faults=frozenset([fault]) if fault else frozenset(),
        variants=frozenset([variant]) if variant else frozenset(),
    )


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


def detect(
    fault: str = "",
    *,
    variant: str = "",
    seed: int = 1,
    profile: Profile = Profile.QUICK,
    only: tuple[str, ...] = (),
) -> Detection:
    """The provider suite against the sandbox with ``fault`` or ``variant`` on; ``only`` is the
    run's ``--only`` (a focused run: see :data:`SIGNATURES`)."""
    started = time.perf_counter()
    with serve("provider", fault, variant=variant) as (url, _states):
        settings = _focused(settings_for(url, seed=seed, profile=profile), only, Mode.PROVIDER)
        result = run_provider(settings)
    found = detection(fault, result.recorder, result.errors, Mode.PROVIDER, started)
    return dataclasses.replace(found, variant=variant)


def detection(
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


def webhook_config(fault: str = "", variant: str = "") -> WebhookConfig:
    """The reference webhook as the project's runs start it; ``slow`` sleeps 2 s, past the 1 s
    timeout the suite is given here (the real budget is C-34's 10 s)."""
    return WebhookConfig(
        slow_seconds=2.0,
        faults=frozenset([fault]) if fault else frozenset(),
        variants=frozenset([variant]) if variant else frozenset(),
    )


def webhook_settings_for(base_url: str, *, seed: int, profile: Profile) -> WebhookSettings:
    """The webhook suite pointed at the reference webhook serving at ``base_url``."""
    return callback_settings(
        f"{base_url}/octo/callback",
        f"{base_url}/_pact/provider-states",
        seed=seed,
        profile=profile,
    )


def callback_settings(url: str, state_url: str, *, seed: int, profile: Profile) -> WebhookSettings:
    """The webhook suite pointed at the reference webhook's callback and state endpoints."""
    return WebhookSettings(
        url=url, state_setup_url=state_url, today=TODAY, seed=seed, timeout=1.0, profile=profile
    )


def detect_webhook(
    fault: str = "",
    *,
    variant: str = "",
    seed: int = 1,
    profile: Profile = Profile.QUICK,
    only: tuple[str, ...] = (),
) -> Detection:
    started = time.perf_counter()
    with serve("webhook", fault, variant=variant) as (url, states):
        settings = callback_settings(url, states, seed=seed, profile=profile)
        result = run_webhook(_focused(settings, only, Mode.WEBHOOK))
    found = detection(fault, result.recorder, result.errors, Mode.WEBHOOK, started)
    return dataclasses.replace(found, variant=variant)


Settings = TypeVar("Settings", ProviderSettings, WebhookSettings)


def _focused(settings: Settings, only: tuple[str, ...], mode: Mode) -> Settings:
    """``settings`` with ``--only`` ``only`` (none: unchanged), checked as the CLI checks it."""
    if not only:
        return settings
    return dataclasses.replace(settings, selection=suite_selections(only, (), [mode])[mode])


Job = tuple[str, str, str, int, str, tuple[str, ...]]
"""kind, fault, variant, seed, profile, and the run's ``--only`` (a focused or a rule run)."""


def _detect_job(job: Job) -> tuple[str, Detection]:
    kind, fault, variant, seed, profile, only = job
    run = detect_webhook if kind == "webhook" else detect
    return kind, run(fault, variant=variant, seed=seed, profile=Profile(profile), only=only)


# the provider suite's part of the rule matrix: its request rules, nothing else
RULE_ONLY: Final = ("request rules",)
Matrix = Literal["faults", "variants", "rules"]
Matrices = dict[Matrix, dict[str, list[Detection]]]
"""matrix → suite kind → its detections, in catalogue order (a fault matrix's first: clean)."""


def matrices(
    kinds: tuple[str, ...] = ("provider", "webhook"),
    which: tuple[Matrix, ...] = ("faults", "variants"),
    *,
    seed: int = 1,
    profile: Profile = Profile.QUICK,
    workers: int = 4,
    progress: Callable[[str, Detection], None] = lambda _k, _d: None,
    focused: bool = False,
) -> Matrices:
    """The fault-detection matrix (each suite against its clean reference and every built-in
    fault), the false-alarm matrix (against every legal variant: a faithful reading of the
    document the reference implements differently; a MUST that fails there is a false alarm of
    the suite, a SHOULD may warn) and the rule matrix (each suite against each ``accepts:``
    fault of its reference, which turns exactly one rule off; the provider suite runs only its
    request rules there). ``focused``: each fault's run judges only its signature
    (:data:`~octo_conformance.cli.signatures.SIGNATURES`); the clean runs stay whole.

    All runs share one pool of worker processes, the long provider runs first, and what they
    draw: each example set is drawn once, by the first worker that needs it
    (:func:`~octo_conformance.harness.examples.share_draws`, in a directory of this call's
    own). Each run has its own reference on its own port, and the runs mostly wait on
    callbacks and timeouts.
    """
    catalogues: dict[Matrix, dict[str, tuple[str, ...]]] = {
        "faults": {"provider": SANDBOX_FAULTS, "webhook": WEBHOOK_FAULTS},
        "variants": {"provider": SANDBOX_VARIANTS, "webhook": WEBHOOK_VARIANTS},
        "rules": {
            "provider": SANDBOX_CATALOGUE.family("accepts").names,
            "webhook": WEBHOOK_CATALOGUE.family("accepts").names,
        },
    }
    jobs: list[tuple[Matrix, Job]] = []
    for kind in sorted(kinds, key=lambda k: k != "provider"):
        for matrix in which:
            names = catalogues[matrix][kind]
            at = (seed, profile.value)
            if matrix == "faults":
                jobs.append((matrix, (kind, "", "", *at, ())))
                for fault in names:
                    focus = SIGNATURES[kind][fault].only if focused else ()
                    jobs.append((matrix, (kind, fault, "", *at, focus)))
            elif matrix == "rules":
                rules = RULE_ONLY if kind == "provider" else ()
                jobs += [(matrix, (kind, fault, "", *at, rules)) for fault in names]
            else:
                jobs += [(matrix, (kind, "", variant, *at, ())) for variant in names]
    found: Matrices = {matrix: {kind: [] for kind in kinds} for matrix in which}
    # forked from a fork server that imported the suite and the references once (a fresh,
    # single-threaded process: no fork of this one, which may hold threads)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    with (
        tempfile.TemporaryDirectory(prefix="octo-selftest-draws-") as drawn,
        ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=share_draws,
            initargs=(Path(drawn),),
        ) as pool,
    ):
        runs = pool.map(_detect_job, [job for _, job in jobs])
        for (matrix, _job), (kind, detection) in zip(jobs, runs, strict=True):
            found[matrix][kind].append(detection)
            progress(kind, detection)
    return found


def variant_matrix(
    kinds: tuple[str, ...] = ("provider", "webhook"),
    *,
    seed: int = 1,
    profile: Profile = Profile.QUICK,
    workers: int = 4,
    progress: Callable[[str, Detection], None] = lambda _k, _d: None,
) -> dict[str, list[Detection]]:
    """The false-alarm matrix: each suite against every legal variant of its reference."""
    found = matrices(
        kinds, ("variants",), seed=seed, profile=profile, workers=workers, progress=progress
    )
    return found["variants"]
