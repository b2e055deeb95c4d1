"""The provider suite: checks any implementation of the OCTO tokenization API over HTTP."""
