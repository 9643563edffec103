"""BlinkUp-JS framing: bit-exact with Electric Imp's JavaScript SDK (reference/impcentral.md §3.2).

Real imp devices need this framing, so nothing here is "improved": symbols 0 black, 1 grey, 2 white;
32 frames of black/grey sync; then every byte MSB first as two frames per bit (black+grey = 0,
black+white = 1): header 0x2A (outside the CRC), the length byte, TLVs 1 (SSID), 6 (password) and
5 (plan ID then token, each 8 bytes in reversed byte order), the CRC high then low byte, and one
final black frame.
"""

from __future__ import annotations

from station.blinkup.crc import crc16_blinkup
from station.blinkup.payload import BlinkUpPayload
from station.errors import InputError

BLACK, GREY, WHITE = 0, 1, 2
#: The JS SDK's grey, #9f9f9f, as an 8-bit code value.
GREY_CODE = 0x9F
SYNC = (BLACK, GREY) * 16
HEADER = 0x2A
TLV_SSID, TLV_PASSWORD, TLV_PLAN_TOKEN = 1, 6, 5
NO_PLAN = bytes(8)
ID_BYTES = 8


def byte_symbols(byte: int) -> list[int]:
    """Two frames per bit, MSB first: black then grey for 0, black then white for 1."""
    out: list[int] = []
    for bit in range(7, -1, -1):
        out += [BLACK, WHITE if byte >> bit & 1 else GREY]
    return out


def body_bytes(payload: BlinkUpPayload) -> bytes:
    """Length byte and TLVs: exactly the bytes the CRC covers."""
    ssid = payload.ssid.encode("utf-8")
    password = payload.password.encode("utf-8")
    # A DUT enrolling with a factory token has no plan ID: TLV 5 keeps its fixed size with 8 zero bytes.
    plan, token = payload.plan_bytes or NO_PLAN, payload.token_bytes
    for name, value in (("plan ID", plan), ("enrollment token", token)):
        if len(value) != ID_BYTES:
            raise InputError(
                f"blinkup-js carries an {ID_BYTES}-byte {name} (16 hex digits); got {len(value)} bytes"
            )
    length = 2 + len(ssid) + 2 + len(password) + 2 + 2 * ID_BYTES
    if length > 255:
        raise InputError(f"SSID and password are too long for blinkup-js: the TLVs need {length} bytes, max 255")
    value5 = plan[::-1] + token[::-1]
    return bytes(
        [length, TLV_SSID, len(ssid), *ssid, TLV_PASSWORD, len(password), *password, TLV_PLAN_TOKEN, 16, *value5]
    )


def packet_bytes(payload: BlinkUpPayload) -> bytes:
    """Header, body and CRC: every byte that is flashed after the sync."""
    body = body_bytes(payload)
    crc = crc16_blinkup(body)
    return bytes([HEADER]) + body + bytes([crc >> 8, crc & 0xFF])


def encode(payload: BlinkUpPayload) -> list[int]:
    """The whole frame sequence, one symbol per displayed frame."""
    symbols = list(SYNC)
    for b in packet_bytes(payload):
        symbols += byte_symbols(b)
    symbols.append(BLACK)
    return symbols


def frame_count(ssid_len: int, password_len: int) -> int:
    """33 + 16 × (26 + len(SSID) + len(password)) frames (§3.2), from byte lengths."""
    return 33 + 16 * (26 + ssid_len + password_len)
