"""The reference partner webhook: pending bindings, strict matching, idempotent retries.

Its faults and variants: :mod:`reference.webhook.faults`, :mod:`reference.webhook.variants`.
"""

from reference.webhook.app import create_app
from reference.webhook.config import WebhookConfig
from reference.webhook.faults import FAULT_NAMES, FAULTS
from reference.webhook.variants import VARIANT_NAMES, VARIANTS

__all__ = ["FAULTS", "FAULT_NAMES", "VARIANTS", "VARIANT_NAMES", "WebhookConfig", "create_app"]
