"""Fixture wire protocol without I/O: framing, escaping, CRC, parsing — host and firmware agree.

Includes the fuzz of the acceptance criteria: 100,000 random inputs into the firmware's protocol
core and 100,000 into the driver's parser (seeded mutations of real traffic plus raw random bytes),
plus hypothesis properties with a bounded budget.
"""

from __future__ import annotations

import binascii
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station.drivers import fixture_protocol as proto
from station.sim.fixture_host import dut_identity, firmware_module

fw = firmware_module("protocol")
hal_sim = firmware_module("hal_sim")

FUZZ_INPUTS = 100_000


def test_crc_is_binascii_crc32_on_both_sides() -> None:
    assert proto.crc_hex(b"123456789") == "CBF43926"
    assert fw.crc_hex(b"123456789") == "CBF43926"
    payload = b"17 VOLT 3V3 2"
    assert proto.frame("17", "VOLT", ("3V3", "2")) == payload + b"*" + f"{binascii.crc32(payload):08X}".encode() + b"\n"


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=64))
def test_escape_round_trips_and_agrees_with_firmware(data: bytes) -> None:
    token = proto.escape(data)
    assert token == fw.escape(data)
    assert " " not in token and "*" not in token
    assert all(0x21 <= ord(c) <= 0x7E for c in token)
    assert proto.unescape(token) == data
    assert fw.unescape(token) == data


def test_unescape_rejects_broken_escapes() -> None:
    for bad in ("a\\", "\\q", "\\x4", "\\xZZ"):
        with pytest.raises(ValueError):
            proto.unescape(bad)
        with pytest.raises(fw.ProtocolError):
            fw.unescape(bad)


def test_parse_reply_event_and_corrupt_lines() -> None:
    ok = proto.frame("5", "OK", ("3.3001",)).rstrip(b"\n")
    assert proto.parse_line(ok) == proto.Reply("5", True, ("3.3001",), had_crc=True)
    assert proto.parse_line(b"6 ERR 6 no slot 9") == proto.Reply("6", False, (), 6, "no slot 9")
    assert proto.parse_line(b"! LID OPEN") == proto.Event("LID", ("OPEN",))
    assert proto.parse_line(b"") is None
    bad_crc = proto.parse_line(b"5 OK 3.3*00000000")
    assert isinstance(bad_crc, proto.Corrupt) and bad_crc.request_id == "5"
    assert isinstance(proto.parse_line(b"\x00\xff5 OK"), proto.Corrupt)
    assert isinstance(proto.parse_line(b"- ERR 1 bad"), proto.Corrupt)
    assert isinstance(proto.parse_line(b"hello"), proto.Corrupt)


def test_line_splitter_resynchronises_after_an_endless_line() -> None:
    splitter = proto.LineSplitter(max_line=16)
    assert splitter.feed(b"1 OK\r\n2 O") == [b"1 OK"]
    assert splitter.feed(b"K\n") == [b"2 OK"]
    assert splitter.feed(b"x" * 40) == []
    assert splitter.feed(b"yyy\n3 OK\n") == [b"3 OK"]
    assert splitter.dropped == 1


def test_firmware_line_reader_answers_too_long_lines_with_their_id() -> None:
    out: list[bytes] = []
    core = fw.Core(hal_sim.Hal(slots=2), out.append)
    core.feed(b"42 UART 1 100 " + b"A" * (fw.MAX_LINE + 10) + b"\n")
    assert out == [b"42 ERR 5 line too long (max 1024 bytes)\n"]


def test_dut_identity_is_deterministic_and_distinct() -> None:
    assert dut_identity(1, 1) == dut_identity(1, 1)
    ids = {dut_identity(seed, slot) for seed in range(3) for slot in range(1, 5)}
    assert len(ids) == 12
    mac, device_id = dut_identity(7, 2)
    assert mac.startswith("0c:2a:69:") and len(mac) == 17
    assert len(device_id) == 16 and int(device_id, 16) >= 0


def test_fault_spec_errors_are_specific() -> None:
    per_slot, fixture = hal_sim.parse_faults("slot2:rail_3v3=2.9,slot*:flaky=0.1,fixture:vref=2.2", 4)
    assert per_slot[2] == {"rail_3v3": 2.9, "flaky": 0.1} and fixture == {"vref": 2.2}
    for spec, words in [("slot9:brownout", "no slot"), ("slot1:melt", "slot faults are"),
                        ("brownout", "expected slotN"), ("slot1:flaky=2", "probability"),
                        ("slot1:rail_3v3", "give the rail voltage")]:
        with pytest.raises(ValueError, match=words):
            hal_sim.parse_faults(spec, 4)


# ---------------------------------------------------------------- fuzz

SEED_LINES = [
    b"1 IDN", b"2 VER", b"3 HELLO 1.0", b"4 SELFTEST", b"5 POWER 1 ON 250", b"6 POWER 2 OFF", b"7 POWER 3",
    b"8 RELAY 2 ON", b"9 VOLT 3V3 1", b"10 VOLT VREF", b"11 CURR 2", b"12 CAL 3V3 1 1.01 0.002", b"13 CAL CURR 4",
    b"14 UART 1 50 VERSION", b"15 UART 2 20 LED\\sGREEN", b"16 BLINK LOAD 0120", b"17 BLINK START 142",
    b"18 BLINK", b"19 LID", b"20 BUTTONS", b"21 RESET", b"22 BLINK STOP", b"23 HELP", b"24 BLINK CLEAR",
]


REPLY_LINES = [
    b"1 OK FactoryStation SimFixture SIM-0001 1.0.0", b"2 OK 1.0", b"3 OK 1.0 4 1.0.0", b"5 OK ON 250",
    b"9 OK 3.3012", b"14 OK imp-sensor-fw\\s2.4.1", b"6 ERR 6 no slot 9 (this fixture has slots 1-4)",
    b"8 ERR 9 no reply from DUT in slot 3", b"! LID OPEN", b"! BUTTON 2 DOWN", b"! BOOT 1.0.0 1.0 4",
    b"! TRIP 2 612.00", b"- ERR 1 a request starts with a numeric id",
]


def _mutate(rng: random.Random, line: bytes, corpus: list[bytes] = SEED_LINES) -> bytes:
    data = bytearray(line)
    if rng.random() < 0.5:
        data += b"*" + proto.crc_hex(bytes(data)).encode()
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        pos = rng.randint(0, len(data))
        if op < 0.3 and data:
            data[min(pos, len(data) - 1)] = rng.randint(0, 255)
        elif op < 0.55:
            data[pos:pos] = bytes(rng.randint(0, 255) for _ in range(rng.randint(1, 6)))
        elif op < 0.75 and data:
            del data[pos : pos + rng.randint(1, 5)]
        elif op < 0.85:
            data[pos:pos] = rng.choice([b" ", b"\\", b"*", b"\r", b"\n", b"\\x", b"99999999999"])
        else:
            data += rng.choice(corpus)
    return bytes(data)


def _fuzz_inputs(seed: int, count: int, corpus: list[bytes] = SEED_LINES):
    rng = random.Random(seed)
    for i in range(count):
        if i % 4 == 0:
            yield bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 40)))
        else:
            yield _mutate(rng, rng.choice(corpus), corpus)


def test_fuzz_firmware_core_100k_inputs() -> None:
    """No input crashes the core, and everything it says is a well-formed protocol line."""
    out: list[bytes] = []
    core = fw.Core(hal_sim.Hal(slots=4), out.append)
    internal = []
    for data in _fuzz_inputs(1, FUZZ_INPUTS):
        core.feed(data + b"\n")
        core.tick()
        for chunk in out:
            for line in chunk.split(b"\n"):
                parsed = proto.parse_line(line)
                assert not isinstance(parsed, proto.Corrupt) or parsed.reason.startswith("fixture rejected"), line
                if isinstance(parsed, proto.Reply) and not parsed.ok and b"internal error" in line:
                    internal.append(line)
        out.clear()
    assert internal == []


def test_fuzz_driver_parser_100k_inputs() -> None:
    splitter = proto.LineSplitter()
    kinds = set()
    for data in _fuzz_inputs(2, FUZZ_INPUTS, REPLY_LINES):
        for line in splitter.feed(data + b"\n"):
            parsed = proto.parse_line(line)
            kinds.add(type(parsed).__name__)
            if isinstance(parsed, proto.Reply):
                assert parsed.request_id.isdigit()
    assert {"Reply", "Event", "Corrupt"} <= kinds


@settings(max_examples=2000, deadline=None)
@given(st.binary(max_size=200))
def test_property_parser_never_raises(data: bytes) -> None:
    proto.parse_line(data)
    proto.LineSplitter().feed(data)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.binary(max_size=60), max_size=8))
def test_property_core_survives_any_byte_stream(chunks: list[bytes]) -> None:
    out: list[bytes] = []
    core = fw.Core(hal_sim.Hal(slots=2), out.append)
    for chunk in chunks:
        if b"SIM" in chunk.upper():
            continue
        core.feed(chunk)
        core.tick()
    core.feed(b"\n77 VER\n")
    assert out[-1] == b"77 OK 1.1\n"
