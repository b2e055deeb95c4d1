"""The conformance suite: requirement catalogue, checks, provider/webhook/pact modes, reports, CLI."""

__version__ = "0.1.0"
