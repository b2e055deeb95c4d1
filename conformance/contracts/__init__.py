"""Pact contracts: generated from the spec, verified against providers and webhooks, and
partner pacts checked against the spec."""

from typing import Final

VERIFICATION_REQUIREMENT: Final = {"provider": "PACT-PROV-001", "webhook": "PACT-HOOK-001"}
"""The requirement a pact verification judges, per kind (one finding per interaction)."""
VERIFICATION_PHASE: Final = "pact verification"
"""Its name for ``--only``/``--exclude`` (``pact-verification``)."""
