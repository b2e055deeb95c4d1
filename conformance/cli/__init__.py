"""The ``octo-conformance`` command line: one module per command, shared options, the embedded references."""
