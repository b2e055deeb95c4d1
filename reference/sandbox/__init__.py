"""The reference OCTO sandbox: stateful, durable, with a fault catalogue."""

from reference.sandbox.app import create_app
from reference.sandbox.config import SandboxConfig, default_shops
from reference.sandbox.faults import FAULT_NAMES, FAULTS

__all__ = ["FAULTS", "FAULT_NAMES", "SandboxConfig", "create_app", "default_shops"]
