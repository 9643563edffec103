"""Accounts, login keys and refresh tokens of the emulator (impCentral ``/accounts``).

Login keys need the account password a second time (``X-Electricimp-Password``) to be created,
changed or deleted, as impCentral asks: a stolen access token alone cannot mint a lasting
credential. A login key's ID is the key itself, as in impCentral (imp-central-api's own specs log
in with ``data.id`` of a key they created), so only a holder of a valid token can list them.
Refresh tokens are listed by a digest, never by their value; deleting one stops it renewing access
but, as in impCentral, leaves access tokens already issued valid.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from typing import TYPE_CHECKING, Any

from station.cloud.emulator import otp
from station.cloud.emulator.jsonapi import ApiError, same_secret

if TYPE_CHECKING:
    from station.cloud.emulator.service import Account, CloudService

MAX_LOGIN_KEYS = 10


def account_resource(row: sqlite3.Row, two_factor: bool) -> dict[str, Any]:
    return {"type": "account", "id": row["id"],
            "attributes": {"username": row["username"], "two_factor": two_factor}}


def get_account(service: CloudService, acct: Account, account_id: str) -> dict[str, Any]:
    """``me`` or the caller's own ID; another account is not visible to this one (404)."""
    if account_id not in ("me", acct.id):
        raise ApiError(404, "Not Found", f"account {account_id!r} does not exist", "ACCOUNT_NOT_FOUND")
    with service.db.tx() as c:
        row = c.execute("SELECT * FROM accounts WHERE id=?", (acct.id,)).fetchone()
        two = c.execute("SELECT 1 FROM otp_secrets WHERE account_id=?", (acct.id,)).fetchone() is not None
        return account_resource(row, two)


# ---------------------------------------------------------------------------- refresh tokens
def _token_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def list_refresh_tokens(service: CloudService, acct: Account) -> list[dict[str, Any]]:
    rows = service.db.all("SELECT token, created_at FROM tokens WHERE kind='refresh' AND account_id=? "
                          "ORDER BY rowid", (acct.id,))
    return [{"type": "refresh_token", "id": _token_id(r["token"]), "attributes": {"created_at": r["created_at"]}}
            for r in rows]


def delete_refresh_token(service: CloudService, acct: Account, token_id: str) -> None:
    with service.db.tx() as c:
        for r in c.execute("SELECT token FROM tokens WHERE kind='refresh' AND account_id=?", (acct.id,)).fetchall():
            if same_secret(_token_id(r["token"]), token_id):
                c.execute("DELETE FROM tokens WHERE token=?", (r["token"],))
                return
    raise ApiError(404, "Not Found", f"refresh token {token_id!r} does not exist", "REFRESH_TOKEN_NOT_FOUND")


# ---------------------------------------------------------------------------- login keys
def _check_password(c: sqlite3.Connection, acct: Account, password: str | None) -> None:
    if not password:
        raise ApiError(403, "Forbidden", "login keys can only be created, changed or deleted with the account "
                       "password in X-Electricimp-Password", "PASSWORD_REQUIRED")
    row = c.execute("SELECT password FROM accounts WHERE id=?", (acct.id,)).fetchone()
    if row is None or not same_secret(row["password"], password):
        raise ApiError(403, "Forbidden", "the password in X-Electricimp-Password is wrong", "PASSWORD_INVALID")


def login_key_resource(row: sqlite3.Row) -> dict[str, Any]:
    return {"type": "login_key", "id": row["id"],
            "attributes": {"description": row["description"], "created_at": row["created_at"],
                           "last_used_at": row["last_used_at"]}}


def _login_key(c: sqlite3.Connection, acct: Account, key_id: str) -> sqlite3.Row:
    row = c.execute("SELECT * FROM login_keys WHERE id=? AND account_id=? AND revoked=0",
                    (key_id, acct.id)).fetchone()
    if row is None:
        raise ApiError(404, "Not Found", "login key does not exist (or was deleted)", "LOGIN_KEY_NOT_FOUND")
    return row


def list_login_keys(service: CloudService, acct: Account) -> list[dict[str, Any]]:
    rows = service.db.all("SELECT * FROM login_keys WHERE account_id=? AND revoked=0 ORDER BY rowid", (acct.id,))
    return [login_key_resource(r) for r in rows]


def get_login_key(service: CloudService, acct: Account, key_id: str) -> dict[str, Any]:
    with service.db.tx() as c:
        return login_key_resource(_login_key(c, acct, key_id))


def create_login_key(service: CloudService, acct: Account, password: str | None,
                     description: str) -> dict[str, Any]:
    from station.cloud.emulator.service import now_iso

    with service.db.tx() as c:
        _check_password(c, acct, password)
        live = c.execute("SELECT COUNT(*) AS n FROM login_keys WHERE account_id=? AND revoked=0",
                         (acct.id,)).fetchone()["n"]
        if live >= MAX_LOGIN_KEYS:
            raise ApiError(409, "Conflict", f"an account has at most {MAX_LOGIN_KEYS} login keys; delete one first",
                           "LOGIN_KEY_LIMIT")
        key = secrets.token_hex(20)
        c.execute("INSERT INTO login_keys(id, account_id, key, description, created_at) VALUES (?,?,?,?,?)",
                  (key, acct.id, key, description, now_iso()))
        return login_key_resource(_login_key(c, acct, key))


def update_login_key(service: CloudService, acct: Account, key_id: str, password: str | None,
                     description: str | None) -> dict[str, Any]:
    with service.db.tx() as c:
        _check_password(c, acct, password)
        _login_key(c, acct, key_id)
        if description is not None:
            c.execute("UPDATE login_keys SET description=? WHERE id=?", (description, key_id))
        return login_key_resource(_login_key(c, acct, key_id))


def delete_login_key(service: CloudService, acct: Account, key_id: str, password: str | None) -> None:
    """Revoke: the key stops working at once (access tokens it already gave keep their hour)."""
    with service.db.tx() as c:
        _check_password(c, acct, password)
        _login_key(c, acct, key_id)
        c.execute("UPDATE login_keys SET revoked=1 WHERE id=?", (key_id,))


def enable_two_factor(service: CloudService, username: str) -> str:
    """Admin (tests, demos): turn two-factor login on; returns the TOTP secret."""
    with service.db.tx() as c:
        row = c.execute("SELECT id FROM accounts WHERE username=?", (username,)).fetchone()
        if row is None:
            raise ApiError(404, "Not Found", f"no account named {username!r}", "ACCOUNT_NOT_FOUND")
        return otp.enable(c, row["id"])
