"""The OCTO tokenization API as data: the OpenAPI 3.1 document and its domain formats.

This package is the bottom layer: it imports nothing else from the project.

* :mod:`openapi.spec` loads the document and resolves schemas inside it.
* :mod:`openapi.cards` knows card schemes, BIN ranges and the Luhn check.
* :mod:`openapi.formats` implements the custom formats ``pan``, ``yymm``, ``uz-phone``, ``uuid``.
* :mod:`openapi.rules` validates a request body against the spec and names each violated rule.
* :mod:`openapi.audit` checks the document itself (validator, ``$ref``s, links, examples).
"""

from octo_conformance.openapi.spec import SPEC_PATH, Spec, load_spec

__all__ = ["SPEC_PATH", "Spec", "load_spec"]
