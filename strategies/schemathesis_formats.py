"""The one place that teaches schemathesis the spec's custom formats."""

from __future__ import annotations

from datetime import date

import schemathesis
from hypothesis import strategies as st

from octo_conformance.strategies.cards import pans
from octo_conformance.strategies.expiry import expiry_dates
from octo_conformance.strategies.phones import phones


def format_strategies(*, today: date) -> dict[str, st.SearchStrategy[str]]:
    """Strategies for ``pan``, ``yymm`` and ``uz-phone`` (``uuid`` is built into schemathesis)."""
    return {"pan": pans(), "yymm": expiry_dates(today=today), "uz-phone": phones()}


def register_formats(*, today: date) -> None:
    """Register the custom formats with schemathesis (a process-wide registry)."""
    for name, strategy in format_strategies(today=today).items():
        schemathesis.openapi.format(name, strategy)
