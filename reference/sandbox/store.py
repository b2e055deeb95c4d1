"""SQLite persistence: bindings, tokens, the callback outbox and the request journal.

One connection guarded by a lock; every multi-statement change runs in one ``BEGIN IMMEDIATE``
transaction, so concurrent requests (and a second process on the same file) cannot create two
bindings for one card. Card data is stored sealed by :class:`Vault`.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from octo_conformance.reference.sandbox.vault import Vault

SCHEMA = """
CREATE TABLE IF NOT EXISTS bindings (
    payment_uuid TEXT PRIMARY KEY,
    shop_id INTEGER NOT NULL,
    shop_transaction_id TEXT NOT NULL,
    method TEXT NOT NULL,
    pan_hash TEXT NOT NULL,
    card_sealed BLOB NOT NULL,
    return_url TEXT,
    bind_notify_url TEXT,
    notify_url TEXT,
    verify_id INTEGER NOT NULL UNIQUE,
    status TEXT NOT NULL,
    otp_expires_at REAL NOT NULL,
    wrong_otps INTEGER NOT NULL DEFAULT 0,
    payed_time TEXT,
    created_at REAL NOT NULL,
    UNIQUE (shop_id, shop_transaction_id)
);
CREATE INDEX IF NOT EXISTS bindings_card ON bindings (shop_id, pan_hash);
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY,
    shop_id INTEGER NOT NULL,
    payment_uuid TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS tokens_payment ON tokens (payment_uuid);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    payment_uuid TEXT NOT NULL,
    token TEXT,
    url TEXT NOT NULL,
    payload_sealed BLOB NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    next_at REAL NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    last_result TEXT,
    lease_owner TEXT,
    lease_until REAL NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS journal (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    entry TEXT NOT NULL
);
"""


@dataclass
class Binding:
    payment_uuid: str
    shop_id: int
    shop_transaction_id: str
    method: str
    card: dict[str, str]  # pan, exp, phone, cardHolderName (decrypted on read)
    return_url: str | None
    bind_notify_url: str | None
    verify_id: int
    status: str
    otp_expires_at: float
    wrong_otps: int
    payed_time: str | None
    notify_url: str | None = None  # payment-status notifications (variant payment-notification)


@dataclass
class OutboxItem:
    id: int
    payment_uuid: str
    token: str | None
    url: str
    payload: dict[str, Any]
    attempts: int  # counting the attempt this item is claimed for
    max_attempts: int
    used_up: bool = False  # every attempt was made (a crash hid the last one's outcome)


class Store:
    def __init__(self, path: str, vault: Vault) -> None:
        self.vault = vault
        self._lock = threading.RLock()
        if path != ":memory:" and not path.startswith("file:"):
            _create_private(path)  # the journal and the sealed card data: the owner's only
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
        self._db.row_factory = sqlite3.Row
        if path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        columns = {row["name"] for row in self._db.execute("PRAGMA table_info(bindings)")}
        if "notify_url" not in columns:  # a file written before the column existed
            self._db.execute("ALTER TABLE bindings ADD COLUMN notify_url TEXT")
        columns = {row["name"] for row in self._db.execute("PRAGMA table_info(outbox)")}
        if "lease_until" not in columns:  # a file written before deliveries were claimed
            self._db.execute("ALTER TABLE outbox ADD COLUMN lease_owner TEXT")
            self._db.execute("ALTER TABLE outbox ADD COLUMN lease_until REAL NOT NULL DEFAULT 0")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def reset(self) -> None:
        """Forget every binding, token and callback (Pact provider-state setup)."""
        with self.transaction() as db:
            for table in ("outbox", "tokens", "bindings"):
                db.execute(f"DELETE FROM {table}")  # names are ours, not input

    # bindings ---------------------------------------------------------------------------
    def card_is_taken(
        self, db: sqlite3.Connection, shop_id: int, pan_hash: str, now: float
    ) -> bool:
        """C-48: a pending binding (its OTP still alive: an expired one can never be confirmed)
        or an init/active token for this shop and card."""
        row = db.execute(
            """SELECT 1 FROM bindings b LEFT JOIN tokens t ON t.payment_uuid = b.payment_uuid
               WHERE b.shop_id = ? AND b.pan_hash = ?
                 AND ((b.status = 'created' AND b.otp_expires_at > ?)
                      OR t.status IN ('init', 'active')) LIMIT 1""",
            (shop_id, pan_hash, now),
        ).fetchone()
        return row is not None

    def transaction_id_used(self, db: sqlite3.Connection, shop_id: int, tx_id: str) -> bool:
        row = db.execute(
            "SELECT 1 FROM bindings WHERE shop_id = ? AND shop_transaction_id = ?", (shop_id, tx_id)
        ).fetchone()
        return row is not None

    def insert_binding(self, db: sqlite3.Connection, binding: Binding, pan_hash: str) -> None:
        db.execute(
            """INSERT INTO bindings (payment_uuid, shop_id, shop_transaction_id, method, pan_hash,
                 card_sealed, return_url, bind_notify_url, notify_url, verify_id, status,
                 otp_expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                binding.payment_uuid, binding.shop_id, binding.shop_transaction_id,
                binding.method, pan_hash, self.vault.seal(json.dumps(binding.card)),
                binding.return_url, binding.bind_notify_url, binding.notify_url,
                binding.verify_id, binding.status, binding.otp_expires_at, time.time(),
            ),
        )  # fmt: skip

    def next_verify_id(self, db: sqlite3.Connection) -> int:
        row = db.execute("SELECT COALESCE(MAX(verify_id), 800) + 1 FROM bindings").fetchone()
        return int(row[0])

    def binding(self, db: sqlite3.Connection, payment_uuid: str) -> Binding | None:
        row = db.execute(
            "SELECT * FROM bindings WHERE payment_uuid = ?", (payment_uuid,)
        ).fetchone()
        if row is None:
            return None
        return Binding(
            payment_uuid=row["payment_uuid"],
            shop_id=row["shop_id"],
            shop_transaction_id=row["shop_transaction_id"],
            method=row["method"],
            card=json.loads(self.vault.open(row["card_sealed"])),
            return_url=row["return_url"],
            bind_notify_url=row["bind_notify_url"],
            verify_id=row["verify_id"],
            status=row["status"],
            otp_expires_at=row["otp_expires_at"],
            wrong_otps=row["wrong_otps"],
            payed_time=row["payed_time"],
            notify_url=row["notify_url"],
        )

    def update_binding(self, db: sqlite3.Connection, payment_uuid: str, **fields: Any) -> None:
        columns = ", ".join(f"{name} = ?" for name in fields)
        db.execute(
            f"UPDATE bindings SET {columns} WHERE payment_uuid = ?",  # names are ours, not input
            (*fields.values(), payment_uuid),
        )

    # tokens -----------------------------------------------------------------------------
    def insert_token(
        self, db: sqlite3.Connection, token: str, shop_id: int, payment_uuid: str, status: str
    ) -> None:
        db.execute(
            "INSERT INTO tokens (token, shop_id, payment_uuid, status, created_at) VALUES (?, ?, ?, ?, ?)",
            (token, shop_id, payment_uuid, status, time.time()),
        )

    def token(self, db: sqlite3.Connection, token: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = db.execute(
            "SELECT * FROM tokens WHERE token = ?", (token,)
        ).fetchone()
        return row

    def earlier_token(self, db: sqlite3.Connection, shop_id: int, pan_hash: str) -> str | None:
        """The newest token this shop was issued for this card (fault rebind-same-token)."""
        row = db.execute(
            """SELECT t.token FROM tokens t JOIN bindings b ON b.payment_uuid = t.payment_uuid
               WHERE b.shop_id = ? AND b.pan_hash = ? ORDER BY t.created_at DESC LIMIT 1""",
            (shop_id, pan_hash),
        ).fetchone()
        return None if row is None else str(row[0])

    def reissue_token(
        self, db: sqlite3.Connection, token: str, payment_uuid: str, status: str
    ) -> None:
        """Give an existing token to another binding (fault rebind-same-token)."""
        db.execute(
            "UPDATE tokens SET payment_uuid = ?, status = ? WHERE token = ?",
            (payment_uuid, status, token),
        )

    def set_token_status(self, db: sqlite3.Connection, token: str, status: str) -> None:
        db.execute("UPDATE tokens SET status = ? WHERE token = ?", (status, token))

    def settle_token(self, db: sqlite3.Connection, token: str, status: str) -> None:
        """The outcome of a token's callback (active, or cancelled), for a token still init: one
        blocked meanwhile (the block-init-ok fault allows that) stays blocked."""
        db.execute(
            "UPDATE tokens SET status = ? WHERE token = ? AND status = 'init'", (status, token)
        )

    # outbox -----------------------------------------------------------------------------
    def enqueue(
        self, db: sqlite3.Connection, payment_uuid: str, token: str | None, url: str,
        payload: dict[str, Any], max_attempts: int,
    ) -> None:  # fmt: skip
        db.execute(
            """INSERT INTO outbox (payment_uuid, token, url, payload_sealed, max_attempts, next_at)
               VALUES (?, ?, ?, ?, ?, ?)""",
            (
                payment_uuid,
                token,
                url,
                self.vault.seal(json.dumps(payload)),
                max_attempts,
                time.time(),
            ),
        )

    def claim_due(
        self,
        now: float,
        owner: str,
        lease: float,
        *,
        busy: Collection[int] = (),
        admit: Callable[[str], bool] = lambda _url: True,
    ) -> list[OutboxItem]:
        """Claim the deliveries due now, counting each attempt *before* it is made; rows in
        ``busy`` (this process is still delivering them) are neither claimed nor counted again.

        A claimed row is leased to ``owner`` until ``now + lease``: a second process on the
        same file, or this one after a restart, leaves it alone meanwhile. Counting first
        means a crash during a delivery cannot make it one more than allowed; a row whose
        attempts are used up but that never got any result (a crash before its first one)
        is sent once more, so the receiver sees at least one.
        """
        with self.transaction() as db:
            rows = db.execute(
                "SELECT * FROM outbox WHERE state = 'pending' AND next_at <= ? ORDER BY id",
                (now,),
            ).fetchall()
            items = []
            for r in rows:
                if r["id"] in busy:
                    continue
                if r["lease_until"] > now and not _owner_is_gone(r["lease_owner"]):
                    continue  # another live process is delivering it
                if not admit(r["url"]):
                    continue  # its receiver has no free slot here: left for a later poll
                try:
                    payload = json.loads(self.vault.open(r["payload_sealed"]))
                except Exception:  # one unreadable row (another key?) must not stop the rest
                    db.execute(
                        "UPDATE outbox SET state = 'failed', last_result = ? WHERE id = ?",
                        ("unreadable payload", r["id"]),
                    )
                    continue
                used_up = r["attempts"] >= r["max_attempts"] and r["last_result"] is not None
                db.execute(
                    """UPDATE outbox SET attempts = attempts + ?, lease_owner = ?,
                       lease_until = ? WHERE id = ?""",
                    (0 if used_up else 1, owner, now + lease, r["id"]),
                )
                items.append(
                    OutboxItem(
                        id=r["id"], payment_uuid=r["payment_uuid"], token=r["token"], url=r["url"],
                        payload=payload, attempts=r["attempts"] + (0 if used_up else 1),
                        max_attempts=r["max_attempts"], used_up=used_up,
                    )
                )  # fmt: skip
        return items

    def record_attempt(
        self, db: sqlite3.Connection, item_id: int, *, state: str, next_at: float, result: str
    ) -> None:
        """The outcome of a claimed attempt (already counted); the lease ends."""
        db.execute(
            """UPDATE outbox SET state = ?, next_at = ?, last_result = ?, lease_owner = NULL,
               lease_until = 0 WHERE id = ?""",
            (state, next_at, result, item_id),
        )

    def outbox_states(self) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, payment_uuid, attempts, max_attempts, state, last_result FROM outbox ORDER BY id"
            ).fetchall()
        return [dict(r) for r in rows]

    # journal ----------------------------------------------------------------------------
    def journal(self, entry: dict[str, Any], keep: int = 1000) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO journal (at, entry) VALUES (?, ?)", (time.time(), json.dumps(entry))
            )
            self._db.execute(
                "DELETE FROM journal WHERE id <= (SELECT MAX(id) FROM journal) - ?", (keep,)
            )

    def journal_entries(self, limit: int) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT entry FROM journal ORDER BY id DESC LIMIT ?", (limit,)
            ).fetchall()
        return [json.loads(r["entry"]) for r in reversed(rows)]


def _create_private(path: str) -> None:
    """Create the database file 0600 (and its WAL and shared-memory files, which SQLite
    creates with the main file's mode); an existing file is made 0600 too."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def _owner_is_gone(owner: str | None) -> bool:
    """A lease held by a process of this host that no longer runs (``host:pid:nonce``): a
    restart after a crash need not wait out the lease of the process that crashed."""
    host, _, rest = (owner or "").partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # it runs, as another user
    return False
