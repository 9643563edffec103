"""Checksums used by the two framings.

``crc16_blinkup`` reproduces the JavaScript BlinkUp SDK's checksum exactly (reference/impcentral.md
§3.2): the table of reflected CRC-16/ARC (poly 0xA001) applied with a *left*-shifting update from 0.
It is not a textbook CRC, but it is what imp devices check, so it is reproduced bit for bit.
``crc16_ccitt`` is the ordinary CRC-16/CCITT-FALSE used by our own fast framing.
"""

from __future__ import annotations

from collections.abc import Iterable


def _arc_table() -> tuple[int, ...]:
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0xA001 if c & 1 else c >> 1
        table.append(c)
    return tuple(table)


ARC_TABLE = _arc_table()


def crc16_blinkup(data: Iterable[int], crc: int = 0) -> int:
    """The JS SDK's update ``crc = (crc<<8 & 0xFFFF) ^ T[((crc>>8) ^ b) & 0xFF]`` over ``data``."""
    for b in data:
        crc = ((crc << 8) & 0xFFFF) ^ ARC_TABLE[((crc >> 8) ^ b) & 0xFF]
    return crc


def crc16_ccitt(data: Iterable[int], crc: int = 0xFFFF) -> int:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection); check value of b"123456789" is 0x29B1."""
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc
