"""The reference partner webhook: pending bindings, strict matching, idempotent retries.

Its faults and variants: :mod:`reference.webhook.faults`, :mod:`reference.webhook.variants`.
"""

from octo_conformance.reference.webhook.app import create_app
from octo_conformance.reference.webhook.config import WebhookConfig
from octo_conformance.reference.webhook.faults import FAULT_NAMES, FAULTS
from octo_conformance.reference.webhook.variants import VARIANT_NAMES, VARIANTS

__all__ = ["FAULTS", "FAULT_NAMES", "VARIANTS", "VARIANT_NAMES", "WebhookConfig", "create_app"]
