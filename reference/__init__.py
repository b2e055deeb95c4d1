"""Reference implementations: the OCTO sandbox and the partner webhook, with fault catalogues.

Depends on ``openapi`` and ``strategies`` only, never on ``conformance``.
"""
