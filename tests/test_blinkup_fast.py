"""Fast framing pieces: Reed–Solomon, text packing, level mapping, the codeword layout."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station.blinkup import fast, rs
from station.blinkup.crc import crc16_ccitt
from station.blinkup.payload import BlinkUpPayload
from station.errors import InputError

TYPICAL = BlinkUpPayload("FactoryWiFi1", "s3cret-Passw0rd!", "0123456789abcdef", "fedcba9876543210")


def test_crc_ccitt_check_value():
    assert crc16_ccitt(b"123456789") == 0x29B1


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_reed_solomon_corrects_errors_and_erasures_within_budget(data):
    msg = data.draw(st.binary(min_size=1, max_size=80))
    nparity = data.draw(st.integers(2, 20))
    word = bytearray(rs.encode(msg, nparity))
    erasures = data.draw(st.integers(0, nparity))
    errors = data.draw(st.integers(0, (nparity - erasures) // 2))
    rng = random.Random(data.draw(st.integers(0, 2**32)))
    where = rng.sample(range(len(word)), min(len(word), erasures + errors))
    for p in where:
        word[p] ^= rng.randrange(1, 256)
    result = rs.decode(bytes(word), nparity, where[:erasures])
    assert result.codeword[: len(msg)] == msg
    assert result.errors <= errors


def test_reed_solomon_refuses_too_much_damage():
    word = bytearray(rs.encode(b"hello, factory", 4))
    for p in range(6):
        word[p] ^= 0x5A
    with pytest.raises(rs.RSDecodeError):
        rs.decode(bytes(word), 4, [0, 1, 2, 3, 4])


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=96))
def test_base95_packing_round_trips(text):
    packed = fast.pack_text(text)
    assert len(packed) == fast.packed_size(len(text))
    assert fast.unpack_text(packed, len(text)) == text


def test_levels_always_change_and_carry_two_bits():
    values = [0, 0, 3, 3, 1, 2, 2, 0]
    levels = fast.values_to_levels(values, previous=3)
    previous = 3
    for v, level in zip(values, levels, strict=True):
        assert level != previous and 0 <= level < fast.LEVELS
        assert fast.level_to_value(level, previous) == v
        previous = level


def test_codeword_layout():
    word = fast.codeword(TYPICAL)
    n = len(word)
    assert word[0] == n and word[1] == n ^ 0xFF
    crc = crc16_ccitt(word[: -fast.NPARITY - 2])
    assert word[-fast.NPARITY - 2 : -fast.NPARITY] == bytes([crc >> 8, crc & 0xFF])
    assert rs.syndromes(word, fast.NPARITY) == [0] * fast.NPARITY
    assert fast.parse_body(word[2 : -fast.NPARITY - 2]) == TYPICAL


def test_typical_payload_frame_budget():
    symbols = fast.encode(TYPICAL)
    assert symbols[: len(fast.PREAMBLE)] == list(fast.PREAMBLE)
    assert all(a != b for a, b in zip(symbols, symbols[1:], strict=False))
    # 28 printable characters pack into 23 bytes; 8+8 ID bytes; 3 length bytes; 2+2+12 overhead
    assert len(symbols) == len(fast.PREAMBLE) + 4 * (2 + 3 + 23 + 16 + 2 + 12)


def test_non_ascii_text_goes_raw_and_no_plan_id_is_allowed():
    p = BlinkUpPayload("Büro-WLAN", "pässwörd", "", "ab" * 8)
    word = fast.codeword(p)
    assert fast.parse_body(word[2 : -fast.NPARITY - 2]) == p


def test_token_size_limits():
    with pytest.raises(InputError, match="enrollment token of 1–16 bytes"):
        fast.encode(BlinkUpPayload("s", "p", "", "00" * 17))
    with pytest.raises(InputError, match="plan ID of 0–15 bytes"):
        fast.encode(BlinkUpPayload("s", "p", "00" * 16, "00"))
