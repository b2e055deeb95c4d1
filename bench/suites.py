"""Benchmark and proof run of the provider and webhook suites against the embedded references.

1. Wall time of the quick and standard profiles of each suite (``--repeat`` runs each, median
   and spread, with the time per phase of the last run).
2. The clean references under ``--seeds`` different seeds (standard profile): failures,
   warnings and suite errors per seed; the requirement is zero of each.

Usage: .venv/bin/python bench/suites.py [--repeat 3] [--seeds 20] [--out bench/SUITES.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

from octo_conformance.cli.embedded import (
    detect,
    detect_webhook,
    sandbox_config,
    settings_for,
    webhook_config,
    webhook_settings_for,
)
from octo_conformance.core.profiles import Profile
from octo_conformance.provider.runner import run_provider
from octo_conformance.reference.sandbox import create_app
from octo_conformance.reference.serving import serve_in_thread
from octo_conformance.reference.webhook import create_app as create_webhook_app
from octo_conformance.webhook.runner import run_webhook

Timing = tuple[float, list[tuple[str, float]], int]


def timed_provider(profile: Profile, seed: int) -> Timing:
    with serve_in_thread(create_app(sandbox_config())) as url:
        started = time.perf_counter()
        result = run_provider(settings_for(url, seed=seed, profile=profile))
        seconds = time.perf_counter() - started
    answers = sum(result.recorder.tallies["PROV-HTTP-001"].counts.values())
    return seconds, [(p.name, p.seconds) for p in result.phases], answers


def timed_webhook(profile: Profile, seed: int) -> Timing:
    with serve_in_thread(create_webhook_app(webhook_config())) as url:
        started = time.perf_counter()
        result = run_webhook(webhook_settings_for(url, seed=seed, profile=profile))
        seconds = time.perf_counter() - started
    answers = sum(result.recorder.tallies["HOOK-HTTP-001"].counts.values())
    return seconds, [(p.name, p.seconds) for p in result.phases], answers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    lines = [
        "# Provider and webhook suites: timings and the clean-reference proof",
        "",
        f"Machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs. "
        "Targets: the embedded references on loopback (`conformance.cli.embedded`): the sandbox with OTPs "
        "living 3 s and callbacks retried after 0.2 s, the provider suite waiting 1.5 s for a callback "
        "or a retry; the reference webhook with a 1 s answer budget.",
        f"Command: `.venv/bin/python bench/suites.py --repeat {args.repeat} --seeds {args.seeds}`.",
        "",
        "## Wall time per profile",
        "",
        "| suite | profile | runs | median s | min s | max s | answers judged (last run) | phases of the last run (s) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for suite, timer in (("provider", timed_provider), ("webhook", timed_webhook)):
        for profile in (Profile.QUICK, Profile.STANDARD):
            runs = [timer(profile, seed) for seed in range(1, args.repeat + 1)]
            times = [r[0] for r in runs]
            phases = ", ".join(f"{name} {sec:.1f}" for name, sec in runs[-1][1])
            lines.append(
                f"| {suite} | {profile} | {len(runs)} | {statistics.median(times):.1f} | {min(times):.1f} | {max(times):.1f} | {runs[-1][2]} | {phases} |"
            )
            print(lines[-1], flush=True)
    for suite, detector in (("provider", detect), ("webhook", detect_webhook)):
        lines += ["", f"## Clean {suite} reference, standard profile, {args.seeds} seeds", "", "| seed | failed | warned | suite errors | s |", "|---|---|---|---|---|"]  # fmt: skip
        bad = 0
        for seed in range(100, 100 + args.seeds):
            found = detector("", seed=seed, profile=Profile.STANDARD)
            bad += bool(found.failed or found.warned or found.errors)
            lines.append(f"| {seed} | {', '.join(found.failed) or '-'} | {', '.join(found.warned) or '-'} | {len(found.errors)} | {found.seconds:.1f} |")  # fmt: skip
            print(lines[-1], flush=True)
        lines += ["", f"Seeds with any finding or error ({suite}): **{bad} of {args.seeds}**.", ""]
    if args.out:
        args.out.write_text("\n".join(lines), encoding="utf-8")
    else:
        print("\n".join(lines))


if __name__ == "__main__":
    main()
