"""What a run judges: ``--only`` and ``--exclude``.

A pattern is a phase's name (``scenarios``, ``request-rules``, ...; a hyphen or a space), a
requirement ID (``PROV-CB-001``) or a glob over the IDs (``PROV-CB-*``, ``*-RULE-*``).
Requirement patterns choose what is judged; phase patterns choose what runs. ``--only`` keeps
what any of its patterns names, ``--exclude`` then drops what any of its patterns names.

A requirement left out is reported as skipped, with the patterns as its reason, never as met:
a run that leaves out a MUST is at best ``incomplete``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cached_property
from typing import Any

from octo_conformance.errors import UsageError


def matches(requirement_id: str, pattern: str) -> bool:
    """A requirement ID against an ID or a glob, letter case aside (``PROV-RULE-bindCard-*``)."""
    return fnmatchcase(requirement_id.upper(), pattern.upper())


def phase_key(name: str) -> str:
    """``request rules``, ``request-rules`` and ``Request-Rules`` are one phase."""
    return name.strip().lower().replace(" ", "-")


def names(pattern: str, requirements: Iterable[str], phases: frozenset[str]) -> bool:
    """Whether ``pattern`` names one of ``phases`` (keys) or one of ``requirements``."""
    return phase_key(pattern) in phases or any(matches(i, pattern) for i in requirements)


@dataclass(frozen=True)
class Selection:
    """The patterns of one run (one suite's view of them); everything is chosen when both are
    empty. ``left_out``: ``--only`` named nothing of this suite, so it chooses nothing."""

    only: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    phases: frozenset[str] = frozenset()  # this suite's phase keys: the rest are ID patterns
    left_out: bool = False

    @property
    def narrowed(self) -> bool:
        return bool(self.only or self.exclude)

    @cached_property
    def _patterns(self) -> tuple[list[str], list[str], list[str], list[str]]:
        """The phase keys and the ID patterns of ``only``, then of ``exclude``."""
        split: list[list[str]] = []
        for patterns in (self.only, self.exclude):
            split.append([phase_key(p) for p in patterns if phase_key(p) in self.phases])
            split.append([p for p in patterns if phase_key(p) not in self.phases])
        only_phases, only_ids, exclude_phases, exclude_ids = split
        return only_phases, only_ids, exclude_phases, exclude_ids

    def chooses(self, requirement_id: str) -> bool:
        """Whether the run judges ``requirement_id``."""
        _, only, _, exclude = self._patterns
        if self.left_out or (only and not any(matches(requirement_id, p) for p in only)):
            return False
        return not any(matches(requirement_id, p) for p in exclude)

    def chooses_any(self, requirement_ids: Iterable[str]) -> bool:
        """Whether the run judges one of ``requirement_ids`` (a check that judges them runs)."""
        return any(map(self.chooses, requirement_ids))

    def runs(self, phase: str) -> bool:
        """Whether the run runs the phase named ``phase``."""
        only, _, exclude, _ = self._patterns
        key = phase_key(phase)
        return not self.left_out and (not only or key in only) and key not in exclude

    def plan(self, requirements: Iterable[str], phases: Sequence[str]) -> list[str]:
        """Of a suite's ``phases``, those this selection runs: none when it chooses none of the
        suite's ``requirements`` (its target is then not contacted at all)."""
        if not self.chooses_any(requirements):
            return []
        return [p for p in phases if self.runs(p)]

    def for_suite(self, requirements: Sequence[str], phases: Iterable[str]) -> Selection:
        """A run's selection (``run``, pytest with both targets) as one suite reads it: the
        patterns that name something of that suite. In ``run --only payload-rules --only
        'PROV-CB-*'`` the webhook suite runs its payload rules and the provider suite judges
        its callback requirements; a suite ``--only`` names nothing of is left out."""
        keys = frozenset(phase_key(p) for p in phases)
        only = tuple(p for p in self.only if names(p, requirements, keys))
        exclude = tuple(p for p in self.exclude if names(p, requirements, keys))
        if self.only and not only:
            return Selection(self.only, self.exclude, keys, left_out=True)
        return Selection(only, exclude, keys)

    def describe(self) -> str:
        """``--only PROV-CB-* --exclude PROV-CB-009``, for the reasons the reports give."""
        words = [f"--only {p}" for p in self.only] + [f"--exclude {p}" for p in self.exclude]
        return " ".join(words)

    def reason(self) -> str:
        """Why a requirement was left out."""
        return f"not selected ({self.describe()})"

    def unjudged(self) -> str:
        """Why a chosen requirement got no verdict when the selection left phases out."""
        return f"not judged by the phases this selection runs ({self.describe()})"

    def as_options(self) -> dict[str, Any]:
        """For the report's options, and so its reproduce command (none for a suite left out:
        it sent nothing to reproduce)."""
        return {"only": list(self.only), "exclude": list(self.exclude), "left_out": self.left_out}


EVERYTHING = Selection()


def select(
    only: Iterable[str],
    exclude: Iterable[str],
    *,
    requirements: Sequence[str],
    phases: Iterable[str],
    only_flag: str = "--only",
    exclude_flag: str = "--exclude",
) -> Selection:
    """The selection for a suite (or a run of several) with these requirement IDs and phases.
    A pattern that names nothing of either is a usage error: a misspelt ``--exclude`` would
    otherwise silently judge everything, a misspelt ``--only`` silently nothing."""
    keys = frozenset(phase_key(p) for p in phases)
    for flag, patterns in ((only_flag, only), (exclude_flag, exclude)):
        for pattern in patterns:
            if not names(pattern, requirements, keys):
                example = requirements[0]
                raise UsageError(
                    f"{flag} {pattern!r} names no requirement and no phase (phases:"
                    f" {', '.join(sorted(keys))}; requirement IDs such as {example}, or a glob"
                    f" such as {example.rsplit('-', 1)[0]}-*)"
                )
    return Selection(tuple(only), tuple(exclude), keys)
