"""What a run judges: ``--only`` and ``--exclude``.

A pattern is a phase's name (``scenarios``, ``request-rules``, ...; a hyphen or a space), a
requirement ID (``PROV-CB-001``) or a glob over the IDs (``PROV-CB-*``, ``*-RULE-*``).
Requirement patterns choose what is judged; phase patterns choose what runs. ``--only`` keeps
what any of its patterns names, ``--exclude`` then drops what any of its patterns names.

A requirement left out is reported as skipped, with the patterns as its reason, never as met:
a run that leaves out a MUST is at best ``incomplete``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase

from octo_conformance.errors import UsageError


def matches(requirement_id: str, pattern: str) -> bool:
    """A requirement ID against an ID or a glob, letter case aside (``PROV-RULE-bindCard-*``)."""
    return fnmatchcase(requirement_id.upper(), pattern.upper())


def phase_key(name: str) -> str:
    """``request rules``, ``request-rules`` and ``Request-Rules`` are one phase."""
    return name.strip().lower().replace(" ", "-")


@dataclass(frozen=True)
class Selection:
    """The patterns of one run; everything is chosen when both are empty."""

    only: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    phases: frozenset[str] = frozenset()  # the phase keys among the patterns' candidates

    @property
    def narrowed(self) -> bool:
        return bool(self.only or self.exclude)

    def _split(self, patterns: tuple[str, ...]) -> tuple[list[str], list[str]]:
        phases = [phase_key(p) for p in patterns if phase_key(p) in self.phases]
        return phases, [p for p in patterns if phase_key(p) not in self.phases]

    def chooses(self, requirement_id: str) -> bool:
        """Whether the run judges ``requirement_id``."""
        only, exclude = self._split(self.only)[1], self._split(self.exclude)[1]
        if only and not any(matches(requirement_id, p) for p in only):
            return False
        return not any(matches(requirement_id, p) for p in exclude)

    def runs(self, phase: str) -> bool:
        """Whether the run runs the phase named ``phase``."""
        only, exclude = self._split(self.only)[0], self._split(self.exclude)[0]
        key = phase_key(phase)
        return (not only or key in only) and key not in exclude

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

    def as_options(self) -> dict[str, list[str]]:
        """For the report's options (and so its reproduce command)."""
        return {"only": list(self.only), "exclude": list(self.exclude)}


EVERYTHING = Selection()


def select(
    only: Iterable[str],
    exclude: Iterable[str],
    *,
    requirements: Iterable[str],
    phases: Iterable[str],
    only_flag: str = "--only",
    exclude_flag: str = "--exclude",
) -> Selection:
    """The selection for a suite with these requirement IDs and phases. A pattern that names
    nothing of either is a usage error: a misspelt ``--exclude`` would otherwise silently
    judge everything, a misspelt ``--only`` silently nothing."""
    ids, keys = list(requirements), frozenset(phase_key(p) for p in phases)
    for flag, patterns in ((only_flag, only), (exclude_flag, exclude)):
        for pattern in patterns:
            if phase_key(pattern) in keys:
                continue
            if not any(matches(i, pattern) for i in ids):
                raise UsageError(
                    f"{flag} {pattern!r} names no requirement and no phase (phases:"
                    f" {', '.join(sorted(keys))}; requirement IDs such as {ids[0]}, or a glob"
                    f" such as {ids[0].rsplit('-', 1)[0]}-*)"
                )
    return Selection(tuple(only), tuple(exclude), keys)
