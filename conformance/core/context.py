"""What every suite's context shares: unique transaction ids, and judging a requirement.

A context is shared by a whole run; :meth:`SuiteContext.checking` gives a *view* of it bound to
one check (a scenario, a rule, a phase), so a check names itself once and its findings carry
that name. A scenario's view also knows the requirements the scenario declared: judging any
other one is a bug of the suite (:class:`UndeclaredRequirement`), caught the first time the
scenario runs.

Every failure message has one shape, built by :func:`describe`:
``<doing>: Received <what was seen>; Documented: <what the document says> (<clause>)``.
"""

from __future__ import annotations

import copy
import itertools
import secrets
import threading
from collections.abc import Iterable
from typing import Protocol, Self

from octo_conformance.errors import Aborted
from octo_conformance.findings import Exchange, Recorder, Verdict
from octo_conformance.masking import Masker


class HasExchange(Protocol):
    @property
    def exchange(self) -> Exchange: ...


Evidence = HasExchange | Exchange | Iterable[Exchange] | None


class UndeclaredRequirement(AssertionError):
    """A scenario judged a requirement it did not declare: a bug of the suite, not a finding."""


def describe(received: str, documented: str = "", *, doing: str = "", clause: str = "") -> str:
    """``<doing>: Received <received>; Documented: <documented> (<clause>)``, parts optional."""
    message = f"Received {received}"
    if documented:
        message += f"; Documented: {documented}"
    if clause:
        message += f" ({clause})"
    return f"{doing}: {message}" if doing else message


def exchanges(evidence: Evidence) -> tuple[Exchange, ...]:
    if evidence is None:
        return ()
    if isinstance(evidence, Exchange):
        return (evidence,)
    if hasattr(evidence, "exchange"):
        return (evidence.exchange,)
    return tuple(evidence)


class SuiteContext:
    """One run's shared state; views made by :meth:`checking` share it (ids, lock, recorder)."""

    check: str = "suite"
    declared: frozenset[str] | None = None  # None: any requirement may be judged

    def __init__(self, recorder: Recorder, masker: Masker) -> None:
        self.recorder = recorder
        self.masker = masker
        self.nonce = secrets.randbits(32)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def checking(self, check: str, requirements: Iterable[str] | None = None) -> Self:
        """A view of this context for one check (and, for a scenario, its requirements)."""
        view = copy.copy(self)
        view.check = check
        view.declared = frozenset(requirements) if requirements is not None else None
        return view

    def done(self) -> None:
        """The scenario this view was made for has ended (however it ended): give back what it
        holds. Nothing to give back here; a suite's context may hold cards."""

    def new_tx(self) -> str:
        with self._lock:
            return f"octo-conformance-{self.nonce:08x}-{next(self._ids)}"

    def record(
        self, requirement: str, verdict: Verdict, message: str = "", *, evidence: Evidence = None
    ) -> Verdict:
        if self.declared is not None and requirement not in self.declared:
            raise UndeclaredRequirement(
                f"{self.check} judged {requirement}, which it does not declare"
            )
        return self.recorder.record(
            requirement, verdict, message, check=self.check, evidence=exchanges(evidence)
        )

    def judge(
        self, requirement: str, ok: bool, message: str = "", *, evidence: Evidence = None
    ) -> Verdict:
        """Pass when ``ok``, else fail with ``message`` and the evidence; returns the verdict
        recorded (a failed SHOULD is recorded as a warn)."""
        verdict = Verdict.PASS if ok else Verdict.FAIL
        return self.record(requirement, verdict, "" if ok else message, evidence=evidence)

    def expect(
        self,
        requirement: str,
        ok: bool,
        received: str,
        documented: str = "",
        *,
        doing: str = "",
        clause: str = "",
        evidence: Evidence = None,
        fatal: bool = False,
    ) -> bool:
        """Pass ``requirement`` when ``ok``, else fail it with a Received/Documented message;
        with ``fatal`` a failure ends the scenario (:class:`Aborted`)."""
        message = "" if ok else describe(received, documented, doing=doing, clause=clause)
        self.judge(requirement, ok, message, evidence=evidence)
        if not ok and fatal:
            raise Aborted(f"{requirement}: {message}")
        return ok
