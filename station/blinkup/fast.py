"""The fast framing: our own DUT firmware's optical link, designed to approach the display's bound.

One symbol per displayed frame, five grey levels (gamma-corrected so the *light* levels are evenly
spaced). Consecutive symbols always differ, so every frame boundary carries a transition: the
receiver clocks itself from them, and a frame that does not change is a dropped or repeated frame,
never data. Four choices remain per frame, i.e. exactly 2 bits. The bytes are
``[n, n^0xFF] body CRC-16 parity`` — a Reed–Solomon codeword of n bytes with NPARITY parity bytes.
See docs/blinkup.md for the design, the numbers and why.
"""

from __future__ import annotations

import math

from station.blinkup import rs
from station.blinkup.crc import crc16_ccitt
from station.blinkup.payload import BlinkUpPayload
from station.errors import InputError

LEVELS = 5
#: Preamble: black/white alternation (start, clock phase, black and white levels), then the ladder.
PREAMBLE = (4, 0, 4, 0, 4, 0, 4, 0, 1, 2, 3)
NPARITY = 12
#: Parity bytes kept unused as a guard against mis-correction: erasures + 2·errors ≤ NPARITY − RS_MARGIN.
RS_MARGIN = 2
HEADER_BYTES = 2
CRC_BYTES = 2
PACKED_FLAG = 0x80
_PRINTABLE_LO, _PRINTABLE_N = 32, 95


def code_value(level: int, gamma: float = 2.2) -> float:
    """The pixel value (0–1) that makes light level ``level/(LEVELS−1)`` on a gamma-``gamma`` display."""
    return (level / (LEVELS - 1)) ** (1.0 / gamma)


def _printable(text: str) -> bool:
    return all(_PRINTABLE_LO <= ord(c) < _PRINTABLE_LO + _PRINTABLE_N for c in text)


def packed_size(nchars: int) -> int:
    """Bytes needed for ``nchars`` printable-ASCII characters as one base-95 number."""
    return max(0, math.ceil(nchars * math.log2(_PRINTABLE_N) / 8 - 1e-12)) if nchars else 0


def pack_text(text: str) -> bytes:
    value = 0
    for c in text:
        value = value * _PRINTABLE_N + ord(c) - _PRINTABLE_LO
    return value.to_bytes(packed_size(len(text)), "big")


def unpack_text(data: bytes, nchars: int) -> str:
    value = int.from_bytes(data, "big")
    chars = []
    for _ in range(nchars):
        value, digit = divmod(value, _PRINTABLE_N)
        chars.append(chr(digit + _PRINTABLE_LO))
    if value:
        raise ValueError("packed text has bits left over")
    return "".join(reversed(chars))


def body_bytes(payload: BlinkUpPayload) -> bytes:
    """Lengths, text (base-95 packed when it is all printable ASCII), plan ID and token."""
    plan, token = payload.plan_bytes, payload.token_bytes
    if len(plan) > 15:
        raise InputError(f"fast mode carries a plan ID of 0–15 bytes; got {len(plan)}")
    if not 1 <= len(token) <= 16:
        raise InputError(f"fast mode carries an enrollment token of 1–16 bytes; got {len(token)}")
    text = payload.ssid + payload.password
    if _printable(text):
        head = [len(payload.ssid) | PACKED_FLAG, len(payload.password)]
        packed = pack_text(text)
    else:
        ssid, pw = payload.ssid.encode("utf-8"), payload.password.encode("utf-8")
        head = [len(ssid), len(pw)]
        packed = ssid + pw
    return bytes([*head, len(plan) << 4 | (len(token) - 1), *packed, *plan, *token])


def parse_body(body: bytes) -> BlinkUpPayload:
    """Inverse of :func:`body_bytes`; raises ValueError on any inconsistency."""
    if len(body) < 3:
        raise ValueError("body too short")
    packed = bool(body[0] & PACKED_FLAG)
    n_ssid, n_pw = body[0] & 0x7F, body[1]
    n_plan, n_token = body[2] >> 4, (body[2] & 0xF) + 1
    n_text = packed_size(n_ssid + n_pw) if packed else n_ssid + n_pw
    if len(body) != 3 + n_text + n_plan + n_token:
        raise ValueError("body length does not match its fields")
    text = body[3 : 3 + n_text]
    plan = body[3 + n_text : 3 + n_text + n_plan]
    token = body[3 + n_text + n_plan :]
    if packed:
        chars = unpack_text(text, n_ssid + n_pw)
        ssid, pw = chars[:n_ssid], chars[n_ssid:]
    else:
        ssid, pw = text[:n_ssid].decode("utf-8"), text[n_ssid:].decode("utf-8")
    return BlinkUpPayload(ssid=ssid, password=pw, plan_id=plan.hex(), token=token.hex())


def codeword(payload: BlinkUpPayload) -> bytes:
    """Header, body, CRC and Reed–Solomon parity."""
    body = body_bytes(payload)
    n = HEADER_BYTES + len(body) + CRC_BYTES + NPARITY
    if n > 255:
        raise InputError(f"payload too long for fast mode: {n} bytes, max 255")
    data = bytes([n, n ^ 0xFF]) + body
    crc = crc16_ccitt(data)
    return rs.encode(data + bytes([crc >> 8, crc & 0xFF]), NPARITY)


def values_to_levels(values: list[int], previous: int) -> list[int]:
    """Map 2-bit values to levels that always differ from the previous level."""
    out = []
    for v in values:
        level = v if v < previous else v + 1
        out.append(level)
        previous = level
    return out


def level_to_value(level: int, previous: int) -> int:
    return level if level < previous else level - 1


def encode(payload: BlinkUpPayload) -> list[int]:
    """The whole frame sequence: preamble, then four symbols per codeword byte (MSB first)."""
    values = []
    for b in codeword(payload):
        values += [b >> 6 & 3, b >> 4 & 3, b >> 2 & 3, b & 3]
    return list(PREAMBLE) + values_to_levels(values, PREAMBLE[-1])


def frame_count(payload: BlinkUpPayload) -> int:
    return len(PREAMBLE) + 4 * len(codeword(payload))
