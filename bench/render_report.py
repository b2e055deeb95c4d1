"""Render a realistic report to look at: the provider suite (quick profile) against the embedded
sandbox with a fault on, plus the webhook suite against the reference webhook with a fault on,
written as ``report.html`` and ``summary.md``; with chromium installed, a PNG screenshot too.

Usage: .venv/bin/python bench/render_report.py OUT_DIR [--seed 3]
       [--fault callback-single-attempt] [--webhook-fault echoes-pan] [--no-screenshot]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from octo_conformance.cli.embedded import (
    sandbox_config,
    settings_for,
    webhook_config,
    webhook_settings_for,
)
from octo_conformance.core.profiles import Profile
from octo_conformance.masking import Masker
from octo_conformance.provider.runner import run_provider
from octo_conformance.reference.sandbox import create_app
from octo_conformance.reference.serving import serve_in_thread
from octo_conformance.reference.webhook import create_app as create_webhook_app
from octo_conformance.reporting.html import write_html
from octo_conformance.reporting.leaks import scan
from octo_conformance.reporting.markdown import write_summary
from octo_conformance.reporting.model import build_run_report
from octo_conformance.reporting.session import provider_facts, webhook_facts
from octo_conformance.reporting.writers import write_json
from octo_conformance.webhook.runner import run_webhook

CHROMIUM = Path("/usr/bin/chromium")


def screenshot(page: Path, png: Path, *, size: str) -> bool:
    if not CHROMIUM.exists():
        print(f"no {CHROMIUM}: no screenshot", file=sys.stderr)
        return False
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                f"--window-size={size}",
                f"--screenshot={png}",
                page.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    if done.returncode != 0 or not png.exists():
        print(f"chromium failed ({done.returncode}): {done.stderr[-2000:]}", file=sys.stderr)
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--fault", default="callback-single-attempt")
    parser.add_argument("--webhook-fault", default="echoes-pan")
    parser.add_argument("--size", default="1400,2200", help="chromium --window-size")
    parser.add_argument("--no-screenshot", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    with serve_in_thread(create_app(sandbox_config(args.fault))) as url:
        provider = run_provider(settings_for(url, seed=args.seed, profile=Profile.QUICK))
    with serve_in_thread(create_webhook_app(webhook_config(args.webhook_fault))) as url:
        webhook = run_webhook(webhook_settings_for(url, seed=args.seed, profile=Profile.QUICK))
    masker = Masker()  # one report over both runs: masked with everything either handled
    masker.absorb(provider.masker)
    masker.absorb(webhook.masker)
    report = build_run_report(
        [(provider_facts(provider), provider.recorder), (webhook_facts(webhook), webhook.recorder)],
        masker,
    )
    written = [
        write_json(report, args.out),
        write_html(report, args.out),
        write_summary(report, args.out),
    ]
    for leak in scan(written, masker.sensitive()):
        print(f"leak: {leak}", file=sys.stderr)
    for path in written:
        print(path)
    if not args.no_screenshot:
        png = args.out / "report.png"
        if screenshot(written[1], png, size=args.size):
            print(png)


if __name__ == "__main__":
    main()
