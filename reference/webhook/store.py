"""SQLite persistence of the bindings a partner started, without card numbers in clear.

A PAN is kept as an HMAC-SHA256 look-up hash (keyed, so the 10^9-odd PANs of one BIN cannot be
brute-forced from the file) plus its first six and last four digits, the most PCI DSS lets
anyone display. One connection guarded by a lock; every decision runs in one ``BEGIN IMMEDIATE``
transaction, so two concurrent callbacks cannot both move a pending binding.
"""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

SCHEMA = """
CREATE TABLE IF NOT EXISTS bindings (
    shop_transaction_id TEXT PRIMARY KEY,
    pan_hash TEXT NOT NULL,
    first6 TEXT NOT NULL,
    last4 TEXT NOT NULL,
    exp TEXT NOT NULL,
    card_holder_name TEXT,
    status TEXT NOT NULL,
    card_token TEXT,
    callbacks INTEGER NOT NULL DEFAULT 0,
    updated_at REAL NOT NULL
);
"""

PENDING, ACTIVE, FAILED = "pending", "active", "failed"


@dataclass(frozen=True)
class Binding:
    shop_transaction_id: str
    pan_hash: str
    first6: str
    last4: str
    exp: str
    card_holder_name: str | None  # None: not compared (the partner did not keep it)
    status: str  # pending, active, failed
    card_token: str | None
    callbacks: int = 0  # callbacks received about this binding, retries included

    def shown(self) -> dict[str, object]:
        """What ``GET /_webhook/bindings`` shows: no hash, no expiry, no name, no token."""
        return {
            "shop_transaction_id": self.shop_transaction_id,
            "first6": self.first6,
            "last4": self.last4,
            "status": self.status,
            "has_token": self.card_token is not None,
            "callbacks": self.callbacks,
        }


class Store:
    def __init__(self, path: str, key: bytes) -> None:
        self._key = key
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
        self._db.row_factory = sqlite3.Row
        if path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def pan_hash(self, pan: str) -> str:
        return hmac.new(self._key, pan.encode(), hashlib.sha256).hexdigest()

    def pan_matches(self, binding: Binding, pan: str) -> bool:
        return hmac.compare_digest(binding.pan_hash, self.pan_hash(pan))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def put(
        self, tx_id: str, *, pan: str, exp: str, name: str | None, status: str, token: str | None
    ) -> None:
        """Create or reset a binding (a provider state set up twice starts afresh)."""
        with self._lock:
            self._db.execute(
                """INSERT OR REPLACE INTO bindings (shop_transaction_id, pan_hash, first6, last4,
                     exp, card_holder_name, status, card_token, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (tx_id, self.pan_hash(pan), pan[:6], pan[-4:], exp, name, status, token, time.time()),
            )  # fmt: skip

    def forget(self, tx_id: str) -> bool:
        with self._lock:
            cursor = self._db.execute(
                "DELETE FROM bindings WHERE shop_transaction_id = ?", (tx_id,)
            )
            return cursor.rowcount > 0

    def get(self, tx_id: str) -> Binding | None:
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM bindings WHERE shop_transaction_id = ?", (tx_id,)
            ).fetchone()
        return None if row is None else _binding(row)

    def count_callback(self, tx_id: str) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE bindings SET callbacks = callbacks + 1 WHERE shop_transaction_id = ?",
                (tx_id,),
            )

    def settle(self, tx_id: str, status: str, token: str | None) -> None:
        with self._lock:
            self._db.execute(
                """UPDATE bindings SET status = ?, card_token = ?, updated_at = ?
                   WHERE shop_transaction_id = ?""",
                (status, token, time.time(), tx_id),
            )

    def bindings(self) -> list[Binding]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM bindings ORDER BY rowid").fetchall()
        return [_binding(r) for r in rows]


def _binding(row: sqlite3.Row) -> Binding:
    return Binding(
        shop_transaction_id=row["shop_transaction_id"],
        pan_hash=row["pan_hash"],
        first6=row["first6"],
        last4=row["last4"],
        exp=row["exp"],
        card_holder_name=row["card_holder_name"],
        status=row["status"],
        card_token=row["card_token"],
        callbacks=row["callbacks"],
    )
