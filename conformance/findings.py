"""The finding model every suite writes and every report reads.

A :class:`Finding` is one judgement of one requirement: its verdict, a message that says what
was seen against what is documented, the masked HTTP exchanges that show it, and a curl command
per exchange that reproduces it. A :class:`Recorder` collects findings from concurrent checks;
passes are counted, not stored, so a property run of thousands of cases stays small.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from octo_conformance.core.selection import EVERYTHING, Selection
from octo_conformance.requirements import Level, requirement


class Verdict(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"


# the worse verdict wins when one requirement is judged many times
RANK = {Verdict.SKIP: 0, Verdict.PASS: 1, Verdict.WARN: 2, Verdict.FAIL: 3}


@dataclass(frozen=True)
class Exchange:
    """One HTTP request and its answer (or transport error), masked before it is built."""

    method: str
    url: str
    request_body: str | None
    status: int | None
    response_headers: dict[str, str]
    response_body: str | None
    elapsed_ms: float | None
    curl: str
    error: str | None = None


@dataclass(frozen=True)
class Finding:
    requirement: str
    verdict: Verdict
    message: str
    check: str
    evidence: tuple[Exchange, ...] = ()


@dataclass
class Tally:
    """What one requirement got: counts per verdict and the findings kept as evidence."""

    counts: Counter[Verdict] = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)

    @property
    def verdict(self) -> Verdict | None:
        judged = [v for v, n in self.counts.items() if n]
        return max(judged, key=RANK.__getitem__) if judged else None


class Recorder:
    """Thread-safe collection of findings, keyed by requirement.

    A fail of a SHOULD requirement is recorded as a warn: the level, not the check, decides what
    a deviation costs. At most ``keep`` findings per (requirement, verdict, check) keep their
    evidence; the rest are counted.

    A requirement the run's ``selection`` leaves out (``--only``/``--exclude``) is recorded as
    skipped (``skip_unselected``, which the runners call first), whatever a check found: the
    caller still gets the check's verdict back, so a scenario walks on as it would have.
    """

    def __init__(self, *, keep: int = 3, selection: Selection = EVERYTHING) -> None:
        self.keep = keep
        self.selection = selection
        self.tallies: dict[str, Tally] = {}
        self._lock = threading.Lock()
        self.started = time.monotonic()
        self.first_deviation: float | None = None  # seconds from start to the first fail or warn
        self.observed: dict[str, str] = {}  # what the target announced about itself (no verdict)

    def observe(self, name: str, value: str) -> None:
        """Note a fact the target announced (e.g. the OTP lifetime), shown in every report."""
        with self._lock:
            self.observed[name] = value

    def record(
        self,
        requirement_id: str,
        verdict: Verdict,
        message: str,
        *,
        check: str,
        evidence: Iterable[Exchange] = (),
    ) -> Verdict:
        level = requirement(requirement_id).level  # KeyError for an unknown ID: a suite bug
        if verdict is Verdict.FAIL and level is Level.SHOULD:
            verdict = Verdict.WARN
        if not self.selection.chooses(requirement_id):
            return verdict  # left out: skip_unselected records it as a skip
        with self._lock:
            tally = self.tallies.setdefault(requirement_id, Tally())
            tally.counts[verdict] += 1
            if verdict in (Verdict.FAIL, Verdict.WARN) and self.first_deviation is None:
                self.first_deviation = time.monotonic() - self.started
            if verdict is not Verdict.PASS:
                similar = sum(
                    1 for f in tally.findings if f.verdict is verdict and f.check == check
                )
                if similar < self.keep:
                    tally.findings.append(
                        Finding(requirement_id, verdict, message, check, tuple(evidence))
                    )
        return verdict

    def skip_unselected(self, requirement_ids: Iterable[str]) -> None:
        """Record each of ``requirement_ids`` the selection leaves out as skipped, with it."""
        left_out = [r for r in requirement_ids if not self.selection.chooses(r)]
        self.skip_unjudged(left_out, self.selection.reason())

    def skip_unjudged(self, requirement_ids: Iterable[str], reason: str) -> None:
        """Record each of ``requirement_ids`` that got no verdict at all as skipped."""
        with self._lock:
            for requirement_id in requirement_ids:
                tally = self.tallies.setdefault(requirement_id, Tally())
                if not tally.counts:
                    tally.counts[Verdict.SKIP] += 1
                    tally.findings.append(
                        Finding(requirement_id, Verdict.SKIP, reason, "--only/--exclude")
                    )

    def verdict(self, requirement_id: str) -> Verdict | None:
        with self._lock:
            tally = self.tallies.get(requirement_id)
            return tally.verdict if tally else None

    def findings(self) -> list[Finding]:
        with self._lock:
            return [f for t in self.tallies.values() for f in t.findings]

    def failed(self) -> list[str]:
        with self._lock:
            return sorted(r for r, t in self.tallies.items() if t.verdict is Verdict.FAIL)
