"""SQLite persistence of the cloud emulator.

One connection behind one lock: the emulator is a test peer and a demo cloud, not a data centre, and a
single writer makes every rule (bless exactly once, idempotency keys, target checks) a plain
transaction with no races to reason about.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY, username TEXT UNIQUE NOT NULL, password TEXT NOT NULL,
    login_key TEXT UNIQUE NOT NULL, plan_id TEXT NOT NULL, unbless_key TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY, kind TEXT NOT NULL, account_id TEXT NOT NULL, expires_at REAL);
CREATE TABLE IF NOT EXISTS products (
    id TEXT PRIMARY KEY, account_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL, UNIQUE(account_id, name));
CREATE TABLE IF NOT EXISTS groups (
    id TEXT PRIMARY KEY, product_id TEXT NOT NULL, type TEXT NOT NULL, name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '', env_vars TEXT NOT NULL DEFAULT '{}', region TEXT,
    load_code_after_blessing INTEGER, dut_target TEXT, production_target TEXT,
    current_deployment TEXT, min_deployment TEXT, created_at TEXT NOT NULL, UNIQUE(product_id, name));
CREATE TABLE IF NOT EXISTS devices (
    id TEXT PRIMARY KEY, mac TEXT UNIQUE NOT NULL, agent_id TEXT UNIQUE NOT NULL, imp_type TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '', online INTEGER NOT NULL DEFAULT 1, group_id TEXT, account_id TEXT,
    plan_id TEXT, blessed_zone TEXT, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS devices_group ON devices(group_id);
CREATE TABLE IF NOT EXISTS deployments (
    id TEXT PRIMARY KEY, group_id TEXT NOT NULL, sha TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    device_code TEXT NOT NULL, agent_code TEXT NOT NULL, origin TEXT, flagged INTEGER NOT NULL DEFAULT 0,
    tags TEXT NOT NULL DEFAULT '[]', created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS webhooks (
    id TEXT PRIMARY KEY, group_id TEXT NOT NULL, url TEXT NOT NULL, event TEXT NOT NULL,
    content_type TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS deliveries (
    id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, device_id TEXT NOT NULL, event TEXT NOT NULL,
    payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL, last_error TEXT, created_at TEXT NOT NULL, delivered_at TEXT);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries(status, next_attempt_at);
CREATE TABLE IF NOT EXISTS delivery_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT, delivery_id TEXT NOT NULL, at TEXT NOT NULL,
    status_code INTEGER, error TEXT);
CREATE TABLE IF NOT EXISTS device_logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, device_id TEXT NOT NULL, ts TEXT NOT NULL, type TEXT NOT NULL,
    msg TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS device_logs_dev ON device_logs(device_id);
CREATE TABLE IF NOT EXISTS device_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT, device_id TEXT NOT NULL, timestamp TEXT NOT NULL,
    event TEXT NOT NULL, owner_id TEXT, actor_id TEXT, details TEXT NOT NULL DEFAULT '{}');
CREATE INDEX IF NOT EXISTS device_history_dev ON device_history(device_id);
CREATE TABLE IF NOT EXISTS blessings (
    id TEXT PRIMARY KEY, device_id TEXT NOT NULL, passed INTEGER NOT NULL, fixture_group_id TEXT NOT NULL,
    production_group_id TEXT, zone TEXT NOT NULL, test_record TEXT NOT NULL, blessed_at TEXT NOT NULL,
    idempotency_key TEXT);
CREATE TABLE IF NOT EXISTS idempotency (
    account_id TEXT NOT NULL, key TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
    request_hash TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL,
    PRIMARY KEY(account_id, key));
CREATE TABLE IF NOT EXISTS enroll_tokens (
    token TEXT PRIMARY KEY, kind TEXT NOT NULL, fixture_group_id TEXT, account_id TEXT NOT NULL,
    expires_at REAL NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS login_keys (
    id TEXT PRIMARY KEY, account_id TEXT NOT NULL, key TEXT UNIQUE NOT NULL, description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL, last_used_at TEXT, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS otp_secrets (
    account_id TEXT PRIMARY KEY, secret TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS login_challenges (
    token TEXT PRIMARY KEY, account_id TEXT NOT NULL, expires_at REAL NOT NULL);
"""

# Columns added after the first release: added in place so an existing emulator database keeps working.
ADDED_COLUMNS = {
    "devices": ("deployment_id TEXT", "last_enrolled_at TEXT", "state_changed_at TEXT"),
    "deployments": ("creator_id TEXT", "flagger_id TEXT", "env_vars TEXT", "updated_at TEXT"),
    "tokens": ("created_at TEXT",),
}


class Database:
    """A serialized SQLite connection; ``tx()`` is one atomic unit of work."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._after: list[Callable[[], None]] = []
        if path != ":memory:":
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(SCHEMA)
        self._add_columns()

    def _add_columns(self) -> None:
        for table, columns in ADDED_COLUMNS.items():
            have = {r["name"] for r in self._conn.execute(f"PRAGMA table_info({table})")}
            for column in columns:
                if column.split()[0] not in have:
                    self._conn.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
        # Login keys live in their own table (list, describe, revoke); an account's first key is one of them.
        self._conn.execute(
            "INSERT OR IGNORE INTO login_keys(id, account_id, key, description, created_at) "
            "SELECT login_key, id, login_key, 'initial key', '' FROM accounts"
        )

    @contextlib.contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """Run a block in one IMMEDIATE transaction; roll back on any exception."""
        with self._lock:
            self._after = []
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                self._after = []
                raise
            self._conn.execute("COMMIT")
            after, self._after = self._after, []
        for fn in after:
            fn()

    def after_commit(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` once the current transaction has committed (never if it rolls back): what others
        are told (a log line on a stream) must be what the database keeps."""
        self._after.append(fn)

    def one(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Row | None:
        with self._lock:
            return self._conn.execute(sql, params).fetchone()

    def all(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))
