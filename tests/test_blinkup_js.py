"""BlinkUp-JS framing: bit-exact with reference/impcentral.md §3.2, checked against hand-worked vectors."""

from __future__ import annotations

import pytest

from station.blinkup import js
from station.blinkup.crc import ARC_TABLE, crc16_blinkup
from station.blinkup.payload import BlinkUpPayload
from station.errors import InputError

B, G, W = 0, 1, 2
VECTOR = BlinkUpPayload(ssid="ab", password="", plan_id="0011223344556677", token="8899AABBCCDDEEFF")


def test_crc_table_starts_like_the_sdk_table():
    assert ARC_TABLE[:4] == (0x0000, 0xC0C1, 0xC181, 0x0140)
    assert ARC_TABLE[0xC0] == 0x5000 and ARC_TABLE[255] == 0x4040


def test_crc_left_shifting_update_by_hand():
    # one byte 0x01: crc = (0<<8) ^ T[(0>>8) ^ 1] = T[1]
    assert crc16_blinkup([0x01]) == 0xC0C1
    # then 0x00: (0xC0C1<<8 & 0xFFFF) ^ T[(0xC0C1>>8) ^ 0] = 0xC100 ^ T[0xC0] = 0xC100 ^ 0x5000
    assert crc16_blinkup([0x01, 0x00]) == 0x9100


def test_packet_bytes_hand_checked():
    packet = js.packet_bytes(VECTOR)
    expected_body = bytes(
        [24, 1, 2, ord("a"), ord("b"), 6, 0, 5, 16]
        + [0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0x00]  # plan ID, bytes reversed
        + [0xFF, 0xEE, 0xDD, 0xCC, 0xBB, 0xAA, 0x99, 0x88]  # token, bytes reversed
    )
    assert packet[0] == 0x2A
    assert packet[1:-2] == expected_body
    assert packet[-2:] == bytes([0x7F, 0x41])  # CRC of the body only, high byte first
    assert crc16_blinkup(expected_body) == 0x7F41


def test_symbols_sync_header_bits_and_trailer():
    symbols = js.encode(VECTOR)
    assert symbols[:32] == [B, G] * 16
    # header 0x2A = 0010 1010, MSB first, each bit black then grey (0) / white (1)
    assert symbols[32:48] == [B, G, B, G, B, W, B, G, B, W, B, G, B, W, B, G]
    # length byte 24 = 0001 1000
    assert symbols[48:64] == [B, G, B, G, B, G, B, W, B, W, B, G, B, G, B, G]
    # CRC 0x7F41 then the final black frame
    low = js.byte_symbols(0x41)
    assert symbols[-17:-1] == low and symbols[-1] == B
    assert symbols[-33:-17] == js.byte_symbols(0x7F)
    assert len(symbols) == js.frame_count(2, 0) == 33 + 16 * 28


def test_frame_count_formula_typical():
    p = BlinkUpPayload("x" * 10, "y" * 12, "01" * 8, "02" * 8)
    assert len(js.encode(p)) == 33 + 16 * (26 + 22)


def test_utf8_text_is_sent_as_bytes():
    p = BlinkUpPayload("café", "", "00" * 8, "11" * 8)
    assert js.packet_bytes(p)[3:4] == bytes([5])  # "café" is 5 bytes in UTF-8


@pytest.mark.parametrize(
    ("plan", "token", "message"),
    [("0011", "00" * 8, "8-byte plan ID"), ("00" * 8, "00" * 9, "8-byte enrollment token")],
)
def test_js_needs_eight_byte_ids(plan, token, message):
    with pytest.raises(InputError, match=message):
        js.encode(BlinkUpPayload("s", "p", plan, token))
