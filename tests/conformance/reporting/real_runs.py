"""Real runs of the suites against the embedded references, as report parts.

A provider run takes ~8 s, mostly waiting on callbacks, and hypothesis cannot run two suites in
threads of one process (schemathesis fails with a SystemError). So the faulty provider run and
the hung webhook run take turns in a spawned worker process while the clean provider run and the
other webhook runs run here: ~12 s in all instead of ~20. A worker returns a :class:`Part`,
plain picklable data from which the (facts, recorder) pair and the run's masker are rebuilt.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from octo_conformance.cli.embedded import (
    sandbox_config,
    settings_for,
    webhook_config,
    webhook_settings_for,
)
from octo_conformance.core.profiles import Profile
from octo_conformance.findings import Recorder, Tally
from octo_conformance.masking import Masker
from octo_conformance.provider.runner import run_provider
from octo_conformance.reference.sandbox import create_app
from octo_conformance.reference.serving import serve_in_thread
from octo_conformance.reference.webhook import create_app as create_webhook_app
from octo_conformance.reporting.model import RunFacts
from octo_conformance.reporting.session import provider_facts, webhook_facts
from octo_conformance.webhook.runner import run_webhook

# a fault each whose evidence holds card data: the callbacks the sink received (no curl to
# replay them), the receiver's answer quoting the full PAN
PROVIDER_FAULT = "callback-wrong-exp"  # PROV-CB-003 fails
WEBHOOK_FAULT = "echoes-pan"  # HOOK-SAFE-001 fails
# and a receiver that hangs: the run stops early, so the report has a stopped_early reason
WEBHOOK_HANG = "slow"


@dataclass(frozen=True)
class Part:
    fault: str
    facts: RunFacts
    tallies: dict[str, Tally]
    sensitive: dict[str, set[str]]

    def recorder(self) -> Recorder:
        recorder = Recorder()
        recorder.tallies.update(self.tallies)
        return recorder

    def masker(self) -> Masker:
        masker = Masker()
        for value in self.sensitive["secret"]:
            masker.secret(value)
        for value in self.sensitive["otp"]:
            masker.otp(value)
        for value in self.sensitive["pan"]:
            masker.pan(value)
        for value in self.sensitive["cvc2"]:
            masker.cvc(value)
        for value in self.sensitive["phone"]:
            masker.phone(value)
        return masker


def provider_part(fault: str) -> Part:
    with serve_in_thread(create_app(sandbox_config(fault))) as url:
        result = run_provider(settings_for(url, seed=1, profile=Profile.QUICK))
    return Part(fault, provider_facts(result), result.recorder.tallies, result.masker.sensitive())


def webhook_part(fault: str) -> Part:
    with serve_in_thread(create_webhook_app(webhook_config(fault))) as url:
        result = run_webhook(webhook_settings_for(url, seed=1, profile=Profile.QUICK))
    return Part(fault, webhook_facts(result), result.recorder.tallies, result.masker.sensitive())


def real_parts() -> dict[tuple[str, str], Part]:
    """(mode, fault) -> part: each suite against its clean and its faulty reference."""
    context = multiprocessing.get_context("spawn")  # no fork of a process that holds threads
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        there = [
            pool.submit(provider_part, PROVIDER_FAULT),
            pool.submit(webhook_part, WEBHOOK_HANG),
        ]
        here = [provider_part(""), webhook_part(""), webhook_part(WEBHOOK_FAULT)]
        parts = [*here, *(future.result() for future in there)]
    return {(part.facts.mode.value, part.fault): part for part in parts}
