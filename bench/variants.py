"""The false-alarm matrix under several seeds: every legal variant of both references, standard
profile, each seed a fresh reference. The requirement is zero MUST failures and zero suite
errors on every variant and seed; SHOULD warnings are listed (a variant may warn).

Usage: .venv/bin/python bench/variants.py [--seeds 5] [--profile standard] [--workers 3]
                                          [--out bench/VARIANTS.md]
"""

from __future__ import annotations

import argparse
import platform
import time
from collections import defaultdict
from pathlib import Path

from octo_conformance.cli.embedded import Detection, variant_matrix
from octo_conformance.core.profiles import Profile
from octo_conformance.reference.sandbox import VARIANTS as SANDBOX_VARIANTS
from octo_conformance.reference.webhook import VARIANTS as WEBHOOK_VARIANTS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--profile", default="standard", choices=[p.value for p in Profile])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("VARIANTS.md"))
    args = parser.parse_args()
    started = time.perf_counter()
    runs: dict[tuple[str, str], list[Detection]] = defaultdict(list)
    for seed in range(1, args.seeds + 1):
        found = variant_matrix(seed=seed, profile=Profile(args.profile), workers=args.workers)
        for kind, detections in found.items():
            for d in detections:
                runs[kind, d.variant].append(d)
        print(f"seed {seed}: done after {time.perf_counter() - started:.0f} s", flush=True)
    lines = [
        "# Legal variants: the false-alarm matrix under several seeds",
        "",
        f"`.venv/bin/python bench/variants.py --seeds {args.seeds} --profile {args.profile}`, "
        f"{platform.machine()}, Python {platform.python_version()}, "
        f"{time.perf_counter() - started:.0f} s wall in all ({args.workers} workers).",
        "",
        "Each variant is a faithful reading of the document that the reference implements",
        "differently; a MUST failure on one is a false alarm of the suite.",
        "",
        "| suite | variant | clause | MUST failures (seeds) | SHOULD warns | suite errors | seconds |",
        "|---|---|---|---|---|---|---|",
    ]
    alarms = 0
    for (kind, variant), detections in runs.items():
        catalogue = SANDBOX_VARIANTS if kind == "provider" else WEBHOOK_VARIANTS
        failed = sorted({r for d in detections for r in d.failed})
        failing_seeds = sum(1 for d in detections if d.failed)
        warned = sorted({r for d in detections for r in d.warned})
        errors = sum(len(d.errors) for d in detections)
        alarms += failing_seeds + errors
        seconds = max(d.seconds for d in detections)
        lines.append(
            f"| {kind} | `{variant}` | {catalogue[variant].clause.replace('|', '/')} | "
            f"{', '.join(failed) + f' ({failing_seeds})' if failed else '0'} | "
            f"{', '.join(warned) or '-'} | {errors} | {seconds:.1f} |"
        )
    verdict = "no false alarm" if alarms == 0 else f"{alarms} false alarm(s)"
    lines += ["", f"Result: {len(runs)} variants × {args.seeds} seeds, {verdict}.", ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}: {verdict}")
    return 0 if alarms == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
