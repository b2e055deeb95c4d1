"""A suite run's phases: each timed, each contained, so one broken phase never ends the run.

Shared by the provider and webhook runners. A target that stops answering ends the phase (its
unanswered requests are findings already); a skipped or aborted step has recorded its reason; any
other exception is the suite's own error, reported with a short, masked traceback.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from octo_conformance.errors import Aborted, Skipped, TargetUnreachable, TargetUnresponsive
from octo_conformance.findings import Recorder
from octo_conformance.masking import Masker

Progress = Callable[[str], None]


@dataclass
class PhaseTiming:
    name: str
    seconds: float


S = TypeVar("S")


@dataclass
class SuiteResult(Generic[S]):
    """One suite's run against one target (``S``: the suite's settings)."""

    settings: S
    recorder: Recorder
    masker: Masker
    started: float
    finished: float = 0.0
    phases: list[PhaseTiming] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the suite's own crashes: never a verdict
    unresponsive: str | None = None  # why the run stopped early, when the target hung

    @property
    def seconds(self) -> float:
        return self.finished - self.started


class PhaseLog(Protocol):
    masker: Masker
    phases: list[PhaseTiming]
    errors: list[str]
    unresponsive: str | None


def run_phase(log: PhaseLog, name: str, progress: Progress, body: Callable[[], None]) -> None:
    """Run one phase; :class:`TargetUnreachable` alone escapes (the run ends with exit 3)."""
    progress(f"{name}…")
    started = time.perf_counter()
    try:
        body()
    except TargetUnreachable:
        raise
    except TargetUnresponsive as exc:
        log.unresponsive = str(exc)
    except Skipped:
        pass  # the reason is recorded against the requirements concerned
    except Aborted as exc:  # e.g. a provider-state endpoint refused a setup: nothing to judge
        log.errors.append(f"{name}: {exc}")
    except Exception as exc:
        log.errors.append(f"{name}: {type(exc).__name__}: {log.masker.text(str(exc))[:300]}")
        log.errors.append(log.masker.text(traceback.format_exc(limit=4))[-1500:])
    log.phases.append(PhaseTiming(name, round(time.perf_counter() - started, 2)))
    progress(f"{name}: done in {log.phases[-1].seconds:.1f} s")
