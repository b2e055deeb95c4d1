"""How hard a run tries: each suite maps a profile to its own budget of examples and waits."""

from __future__ import annotations

from enum import StrEnum


class Profile(StrEnum):
    QUICK = "quick"
    STANDARD = "standard"
    DEEP = "deep"
