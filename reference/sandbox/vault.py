"""Card data at rest: AES-GCM encryption, and keyed hashes for look-ups without decrypting."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_ENV = "OCTO_SANDBOX_KEY"


class Vault:
    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the sandbox key must be 32 bytes (AES-256)")
        self._aead = AESGCM(key)
        self._mac_key = hashlib.sha256(b"lookup" + key).digest()

    def seal(self, plaintext: str) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, plaintext.encode(), None)

    def open(self, sealed: bytes) -> str:
        return self._aead.decrypt(sealed[:12], sealed[12:], None).decode()

    def lookup_hash(self, value: str) -> str:
        return hmac.new(self._mac_key, value.encode(), hashlib.sha256).hexdigest()


def load_key(db_path: str) -> bytes:
    """The key from ``OCTO_SANDBOX_KEY`` (base64), else a key file beside the database
    (created 0600 on first use), else — for ``:memory:`` — a fresh random key."""
    if encoded := os.environ.get(KEY_ENV):
        try:
            key = base64.b64decode(encoded, validate=True)
        except ValueError:
            raise ValueError(f"{KEY_ENV} is not valid base64") from None
        if len(key) != 32:
            raise ValueError(f"{KEY_ENV} must decode to 32 bytes, got {len(key)}")
        return key
    if db_path == ":memory:":
        return AESGCM.generate_key(bit_length=256)
    key_path = Path(db_path + ".key")
    if key_path.exists():
        return base64.b64decode(key_path.read_bytes())
    key = AESGCM.generate_key(bit_length=256)
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(base64.b64encode(key))
    return key
