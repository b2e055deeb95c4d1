"""The reference partner webhook: pending bindings, strict matching, idempotent retries, faults."""

from reference.webhook.app import create_app
from reference.webhook.config import WebhookConfig
from reference.webhook.faults import FAULT_NAMES, FAULTS

__all__ = ["FAULTS", "FAULT_NAMES", "WebhookConfig", "create_app"]
