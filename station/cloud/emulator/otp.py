"""Two-factor login of the emulator: TOTP codes (RFC 6238) and short-lived login tokens.

impCentral answers a password login of a two-factor account with **403** and
``errors[0].meta.login_token``; the client then posts ``{"login_token": ...}`` to ``/auth`` with the
one-time password in ``X-Electricimp-OTP-Token`` (impt and imp-central-api both work this way). The
codes are standard TOTP (HMAC-SHA1, 6 digits, 30 s steps), so any authenticator app, or a test
computing one, gets the code the emulator expects.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import sqlite3
import struct
import time

from station.cloud.emulator.jsonapi import ApiError, same_secret

STEP_S = 30
DIGITS = 6
LOGIN_TOKEN_TTL_S = 300.0
# One step either side: a code typed at the end of its 30 s still works, as authenticator apps expect.
WINDOW = 1


def new_secret() -> str:
    """A base32 TOTP secret (what an authenticator app is given)."""
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def totp(secret: str, at: float | None = None) -> str:
    """The code for ``secret`` at time ``at`` (now by default)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // STEP_S)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)


def enable(c: sqlite3.Connection, account_id: str) -> str:
    """Turn two-factor login on for an account; returns the secret."""
    secret = new_secret()
    c.execute("INSERT OR REPLACE INTO otp_secrets VALUES (?,?)", (account_id, secret))
    return secret


def challenge(c: sqlite3.Connection, account_id: str) -> ApiError | None:
    """None for an account without two-factor login; else the 403 to answer (its login token is stored)."""
    if c.execute("SELECT 1 FROM otp_secrets WHERE account_id=?", (account_id,)).fetchone() is None:
        return None
    token = secrets.token_urlsafe(24)
    c.execute("INSERT INTO login_challenges VALUES (?,?,?)", (token, account_id, time.time() + LOGIN_TOKEN_TTL_S))
    err = ApiError(
        403,
        "Forbidden",
        "two-factor authentication is on for this account: post the login_token to /auth with the "
        "one-time password in X-Electricimp-OTP-Token",
        "OTP_REQUIRED",
    )
    err.errors[0]["meta"] = {"login_token": token}
    return err


def verify(c: sqlite3.Connection, login_token: str, code: str | None) -> str:
    """The account of a login token whose OTP is right; a successful login uses the token up."""
    row = c.execute("SELECT * FROM login_challenges WHERE token=?", (login_token,)).fetchone()
    if row is None or row["expires_at"] < time.time():
        raise ApiError(401, "Unauthorized", "the login token is unknown or expired; log in again",
                       "LOGIN_TOKEN_INVALID")
    if not code:
        raise ApiError(
            401, "Unauthorized", "the one-time password is missing (X-Electricimp-OTP-Token)", "OTP_MISSING"
        )
    secret_row = c.execute("SELECT secret FROM otp_secrets WHERE account_id=?", (row["account_id"],)).fetchone()
    now = time.time()
    good = secret_row is not None and any(
        same_secret(totp(secret_row["secret"], now + k * STEP_S), code.strip())
        for k in range(-WINDOW, WINDOW + 1)
    )
    if not good:
        # A wrong code keeps the login token (the person may retype); it still expires.
        raise ApiError(401, "Unauthorized", "the one-time password is wrong", "OTP_INVALID")
    c.execute("DELETE FROM login_challenges WHERE token=?", (login_token,))
    return str(row["account_id"])
