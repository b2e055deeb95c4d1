"""Pact contracts: generated from the spec, verified against providers and webhooks, and
partner pacts checked against the spec."""
