"""A fault catalogue: named, realistic deviations a reference server can be started with.

Each reference server (``reference.sandbox``, ``reference.webhook``) keeps one
:class:`FaultCatalogue`; its config refuses a fault name the catalogue lacks, both when faults
are turned on (``--fault NAME``) and when the server's own code asks whether one is on, so a
misspelt name fails loudly instead of never being on.

The same type holds each server's *variants* (``kind="variant"``): legal alternative readings of
the document, each naming the clause that allows it, which the suite must not fail. A variant's
``clause`` is the clause that permits it, where a fault's is the one it violates.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    name: str
    clause: str  # a fault: the clause it violates; a variant: the clause that allows it
    description: str


class FaultCatalogue(Mapping[str, Fault]):
    """Faults (or variants: ``kind``) by name, in the order given; a read-only mapping."""

    def __init__(self, faults: Iterable[Fault], *, kind: str = "fault") -> None:
        self.kind = kind  # the noun of error messages: "fault" or "variant"
        self._faults: dict[str, Fault] = {}
        for fault in faults:
            if fault.name in self._faults:
                raise ValueError(f"{kind} {fault.name!r} is listed twice")
            self._faults[fault.name] = fault

    @classmethod
    def from_table(cls, table: str, *, kind: str = "fault") -> FaultCatalogue:
        """One entry a line, ``name | clause | description``; blank lines are skipped."""
        faults = []
        for line in filter(str.strip, table.splitlines()):
            cells = [cell.strip() for cell in line.split("|", 2)]
            if len(cells) != 3 or not all(cells):
                raise ValueError(f"not 'name | clause | description': {line.strip()!r}")
            faults.append(Fault(*cells))
        return cls(faults, kind=kind)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._faults)

    def check(self, names: Iterable[str]) -> frozenset[str]:
        """``names`` as a set; a ValueError naming each unknown name and the known ones."""
        chosen = tuple(names)
        unknown = [name for name in dict.fromkeys(chosen) if name not in self._faults]
        if unknown:
            raise ValueError(
                f"unknown {self.kind}(s): {', '.join(unknown)}; known: {', '.join(self._faults)}"
            )
        return frozenset(chosen)

    def is_on(self, name: str, on: Collection[str]) -> bool:
        """Whether ``name`` is among ``on``; an unknown ``name`` is a ValueError."""
        self.check((name,))
        return name in on

    def __getitem__(self, name: str) -> Fault:
        return self._faults[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._faults)

    def __len__(self) -> int:
        return len(self._faults)

    def __repr__(self) -> str:
        return f"FaultCatalogue({self.kind}: {', '.join(self._faults)})"
