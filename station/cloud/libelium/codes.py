"""Libelium activation codes and serial IDs: made at the station, checked the same way by the emulator.

A Single Activation Code (per unit) and a Group Activation Code (per sales order) are what a customer
types into SCM to own devices (shared/seeds/libelium-scm.txt). They must be unguessable (whoever
enters one first owns the device), survive being typed from a box label, and never be reused.

Format: 15 random symbols of Crockford's base32 alphabet (no I, L, O, U: nothing to confuse with 1
and 0) — 75 bits from :mod:`secrets` — plus one Luhn mod 32 check symbol, which catches every single
mistyped symbol and almost every swap of neighbours. Shown as four groups of four
(``7KQ2-M9XD-R4TB-WH3E``); read back case-insensitively, ignoring spaces and hyphens, with Crockford's
decoding of O→0 and I/L→1. Never reused: the station keeps none, SCM refuses any code it has seen.

A serial ID is the 16-hex-digit number on the sticker under the unit (Libelium's PCS guide).
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_READ = str.maketrans({"O": "0", "I": "1", "L": "1"})
BODY_LEN = 15
SERIAL_ID = re.compile(r"^[0-9A-F]{16}$")
INVALID_CODE = "Invalid activation code: please check that the activation code typed is valid"


class InvalidCode(ValueError):
    """Not an activation code: the message is SCM's own sentence."""

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        super().__init__(INVALID_CODE + (f" ({detail})" if detail else ""))


def check_symbol(body: str) -> str:
    """Luhn mod N (N = 32) over the body, in the same alphabet."""
    total, factor = 0, 2
    for ch in reversed(body):
        addend = factor * _VALUE[ch]
        total += addend // 32 + addend % 32
        factor = 1 if factor == 2 else 2
    return ALPHABET[(32 - total % 32) % 32]


def new_code() -> str:
    """A fresh activation code (75 random bits and a check symbol), formatted for print."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LEN))
    return pretty(body + check_symbol(body))


def normalize(code: str) -> str:
    """The code's 16 symbols, or :class:`InvalidCode` (wrong length, symbol or check)."""
    raw = re.sub(r"[\s-]", "", str(code)).upper().translate(_READ)
    if len(raw) != BODY_LEN + 1:
        raise InvalidCode(f"{len(raw)} symbols, an activation code has {BODY_LEN + 1}")
    bad = sorted({c for c in raw if c not in _VALUE})
    if bad:
        raise InvalidCode(f"{''.join(bad)!r} is not used in activation codes")
    if check_symbol(raw[:-1]) != raw[-1]:
        raise InvalidCode("the check symbol does not match: a symbol was mistyped")
    return raw


def pretty(code: str) -> str:
    raw = re.sub(r"[\s-]", "", code).upper()
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def normalize_serial(serial: str) -> str:
    """A serial ID as SCM keys it (16 upper-case hex digits), or ValueError saying what is wrong."""
    value = str(serial).strip().upper()
    if not SERIAL_ID.match(value):
        raise ValueError(f"serial ID {serial!r} is not 16 hexadecimal digits (the sticker under the unit)")
    return value
