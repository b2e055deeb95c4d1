"""The reference OCTO sandbox: stateful, durable, with fault and variant catalogues."""

from octo_conformance.reference.sandbox.app import create_app
from octo_conformance.reference.sandbox.config import SandboxConfig, default_shops
from octo_conformance.reference.sandbox.faults import FAULT_NAMES, FAULTS
from octo_conformance.reference.sandbox.variants import VARIANT_NAMES, VARIANTS

__all__ = [
    "FAULTS",
    "FAULT_NAMES",
    "VARIANTS",
    "VARIANT_NAMES",
    "SandboxConfig",
    "create_app",
    "default_shops",
]
