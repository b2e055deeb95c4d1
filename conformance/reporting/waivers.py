"""Waivers: known failures a team accepts for a while (a partner shipping while OCTO fixes a drift).

A waiver file is YAML::

    waivers:
      - requirement: PROV-CB-004
        target: provider            # a mode, "*", or a URL pattern (fnmatch): http://staging*
        justification: OCTO retries four times; ticket OCTO-123
        expires: 2027-01-31

A failure a live waiver covers is reported as ``waived``; an expired waiver fails the run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import yaml

from octo_conformance.errors import WaiverError
from octo_conformance.requirements import catalogue


@dataclass(frozen=True)
class Waiver:
    requirement: str
    target: str
    justification: str
    expires: date

    def covers(self, requirement: str, mode: str, target: str) -> bool:
        if requirement != self.requirement:
            return False
        return self.target in ("*", mode) or fnmatchcase(target, self.target)

    def expired(self, today: date) -> bool:
        return self.expires < today

    def as_dict(self, today: date) -> dict[str, Any]:
        return {
            "requirement": self.requirement,
            "target": self.target,
            "justification": self.justification,
            "expires": self.expires.isoformat(),
            "expired": self.expired(today),
        }


def load_waivers(path: Path) -> list[Waiver]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise WaiverError(
            f"cannot read the waiver file {path}: {str(exc).splitlines()[0]}"
        ) from None
    entries = raw.get("waivers") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise WaiverError(f"{path}: expected a top-level 'waivers:' list")
    return [_waiver(path, index, entry) for index, entry in enumerate(entries, 1)]


def _waiver(path: Path, index: int, entry: Any) -> Waiver:
    where = f"{path}: waiver #{index}"
    if not isinstance(entry, dict):
        raise WaiverError(f"{where} is not a mapping")
    missing = [k for k in ("requirement", "target", "justification", "expires") if not entry.get(k)]
    if missing:
        raise WaiverError(f"{where} lacks {', '.join(missing)}")
    requirement = str(entry["requirement"])
    if requirement not in catalogue():
        raise WaiverError(f"{where}: no requirement {requirement!r} in the catalogue")
    expires = entry["expires"]
    if not isinstance(expires, date):
        try:
            expires = date.fromisoformat(str(expires))
        except ValueError:
            raise WaiverError(f"{where}: expires {expires!r} is not YYYY-MM-DD") from None
    justification = str(entry["justification"]).strip()
    if not justification:
        raise WaiverError(f"{where}: the justification is blank")
    return Waiver(requirement, str(entry["target"]), justification, expires)
