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

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Fault:
    name: str
    clause: str  # a fault: the clause it violates; a variant: the clause that allows it
    description: str


@dataclass(frozen=True)
class FaultFamily:
    """A parameterised fault: one fault ``<prefix>:<parameter>`` per parameter, e.g.
    ``accepts:bindCard:exp.month``, a server that lets exactly that request rule through."""

    prefix: str
    pattern: str  # how the names look, for messages: "accepts:<operationId>:<rule>"
    clause: str  # the clause each member violates; "{parameter}" is replaced
    description: str  # "{parameter}" is replaced
    parameters: Callable[[], Iterable[str]]

    def member(self, name: str) -> Fault | None:
        head, _, parameter = name.partition(":")
        if head != self.prefix or parameter not in _parameters(self):
            return None
        return Fault(
            name,
            self.clause.replace("{parameter}", parameter),
            self.description.replace("{parameter}", parameter),
        )

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f"{self.prefix}:{parameter}" for parameter in _parameters(self))


@cache
def _parameters(family: FaultFamily) -> tuple[str, ...]:
    return tuple(family.parameters())


class FaultCatalogue(Mapping[str, Fault]):
    """Faults (or variants: ``kind``) by name, in the order given; a read-only mapping.

    Its ``families`` are parameterised faults (``accepts:<operationId>:<rule>``): their members
    are known names (``check``, ``[]``) but not listed by iteration or ``names``, for there is
    one per request rule; ``family(prefix).names`` lists them."""

    def __init__(
        self, faults: Iterable[Fault], *, kind: str = "fault", families: Iterable[FaultFamily] = ()
    ) -> None:
        self.kind = kind  # the noun of error messages: "fault" or "variant"
        self._families = {family.prefix: family for family in families}
        self._faults: dict[str, Fault] = {}
        for fault in faults:
            if fault.name in self._faults:
                raise ValueError(f"{kind} {fault.name!r} is listed twice")
            self._faults[fault.name] = fault

    @classmethod
    def from_table(
        cls, table: str, *, kind: str = "fault", families: Iterable[FaultFamily] = ()
    ) -> FaultCatalogue:
        """One entry a line, ``name | clause | description``; blank lines are skipped."""
        faults = []
        for line in filter(str.strip, table.splitlines()):
            cells = [cell.strip() for cell in line.split("|", 2)]
            if len(cells) != 3 or not all(cells):
                raise ValueError(f"not 'name | clause | description': {line.strip()!r}")
            faults.append(Fault(*cells))
        return cls(faults, kind=kind, families=families)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._faults)

    @property
    def patterns(self) -> tuple[str, ...]:
        """How the families' names look: ``accepts:<operationId>:<rule>``."""
        return tuple(family.pattern for family in self._families.values())

    def family(self, prefix: str) -> FaultFamily:
        return self._families[prefix]

    def check(self, names: Iterable[str]) -> frozenset[str]:
        """``names`` as a set; a ValueError naming each unknown name and the known ones."""
        chosen = tuple(names)
        unknown = [name for name in dict.fromkeys(chosen) if name not in self]
        if unknown:
            known = [*self._faults, *self.patterns]
            raise ValueError(
                f"unknown {self.kind}(s): {', '.join(unknown)}; known: {', '.join(known)}"
            )
        return frozenset(chosen)

    def is_on(self, name: str, on: Collection[str]) -> bool:
        """Whether ``name`` is among ``on``; an unknown ``name`` is a ValueError."""
        self.check((name,))
        return name in on

    def __getitem__(self, name: str) -> Fault:
        found = self._faults.get(name)
        if found is None and isinstance(name, str):
            family = self._families.get(name.partition(":")[0])
            found = family.member(name) if family else None
        if found is None:
            raise KeyError(name)
        return found

    def family_parameters(self, prefix: str, names: Iterable[str]) -> frozenset[str]:
        """The parameters of the ``prefix`` family's members among ``names``:
        ``accepts:bindCard:exp.month`` → ``bindCard:exp.month``."""
        head = f"{prefix}:"
        return frozenset(n.removeprefix(head) for n in names if n.startswith(head) and n in self)

    def __iter__(self) -> Iterator[str]:
        return iter(self._faults)

    def __len__(self) -> int:
        return len(self._faults)

    def __repr__(self) -> str:
        return f"FaultCatalogue({self.kind}: {', '.join(self._faults)})"
