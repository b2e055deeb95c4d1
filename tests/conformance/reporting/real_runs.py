"""Real runs of the suites against the embedded references, as report parts.

One after another, in this process: a spawned worker that ran two of them beside the others
saved ~10 s of this file's wall time but cost ~5 CPU-s (its imports and its own draws), and
``make test`` is bound by CPU. Each run gives a :class:`Part`, plain data from which the
(facts, recorder) pair and the run's masker are rebuilt.
"""

from __future__ import annotations

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
    parts = [
        *(provider_part(fault) for fault in ("", PROVIDER_FAULT)),
        *(webhook_part(fault) for fault in ("", WEBHOOK_FAULT, WEBHOOK_HANG)),
    ]
    return {(part.facts.mode.value, part.fault): part for part in parts}
