"""The driver against the real fixture firmware over a real pseudo-terminal, under CPython and
under the MicroPython VM: every command, every error code, events, four slots at once."""

from __future__ import annotations

import os
import threading
import time
import tty
from collections.abc import Iterator

import pytest
import serial

from station.drivers.fixture import (
    DutNoReply,
    FixtureClient,
    FixtureError,
    FixtureEvent,
    FixtureIncompatible,
    find_ports,
    resolve_url,
)
from station.drivers.fixture_protocol import crc_hex
from station.errors import StationError
from station.sim.fixture_host import SimulatedFixture, dut_identity

pytestmark = pytest.mark.timeout(60)
INTERPRETERS = ["cpython", "micropython"]


@pytest.fixture(params=INTERPRETERS)
def sim(request: pytest.FixtureRequest) -> Iterator[SimulatedFixture]:
    faults = getattr(request, "param_faults", "")
    with SimulatedFixture(slots=4, faults=faults, interpreter=request.param, seed=3) as fixture:
        yield fixture


@pytest.fixture
def fx(sim: SimulatedFixture) -> Iterator[FixtureClient]:
    with FixtureClient.open(sim.port, timeout=1.0) as client:
        yield client


class Events:
    """Collects fixture events; ``wait_for`` blocks (bounded) until a matching one arrives."""

    def __init__(self, client: FixtureClient) -> None:
        self.seen: list[FixtureEvent] = []
        self._cond = threading.Condition()
        client.on_event(self._add)

    def _add(self, event: FixtureEvent) -> None:
        with self._cond:
            self.seen.append(event)
            self._cond.notify_all()

    def wait_for(self, name: str, *args: str, timeout: float = 3.0) -> FixtureEvent:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for ev in self.seen:
                    if ev.name == name and ev.args[: len(args)] == args:
                        return ev
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no event {name} {args} in {self.seen}")
                self._cond.wait(left)


# ---------------------------------------------------------------- every command


def test_identify_version_handshake(fx: FixtureClient) -> None:
    ident = fx.identify()
    assert (ident.vendor, ident.model, ident.serial, ident.firmware) == ("FactoryStation", "SimFixture", "SIM-0003",
                                                                         "1.1.0")
    assert fx.protocol_version() == "1.1" == fx.fixture_protocol
    assert fx.slots == 4 and fx.firmware_version == "1.1.0"


def test_self_test_reset_relays(fx: FixtureClient) -> None:
    report = fx.self_test()
    assert report["adc"] == "ok" and abs(float(report["vref"]) - 2.5) < 0.05
    assert fx.relay(3, True) is True and fx.relay(3) is True
    assert fx.power(2, True).on
    fx.reset()
    assert fx.relay(3) is False
    assert fx.power_state(2).state == "OFF"


def test_power_rails_current_and_calibration(fx: FixtureClient) -> None:
    assert fx.voltage("3V3", 1) < 0.05  # unpowered
    state = fx.power(1, True, current_limit_ma=250)
    assert (state.state, state.value) == ("ON", 250.0)
    assert fx.power_state(1).on
    assert 4.75 < fx.voltage("VBUS", 1) < 5.25
    assert 3.2 < fx.voltage("3v3", 1) < 3.4
    assert 1.71 < fx.voltage("1V8", 1) < 1.89
    assert 11.5 < fx.voltage("VSUPPLY") < 12.5
    assert 20 < fx.current_ma(1) < 80
    raw = fx.voltage("1V8", 1)
    assert fx.calibration("1V8", 1) == (cal := fx.calibration("1V8", 1)) and cal.gain == 1.0
    written = fx.calibration("1V8", 1, gain=1.5, offset=0.1)
    assert (written.gain, written.offset) == (1.5, 0.1)
    assert fx.voltage("1V8", 1) == pytest.approx(raw * 1.5 + 0.1, abs=0.05)
    assert fx.calibration("CURR", 1, gain=1.0, offset=-50.0).offset == -50.0
    assert fx.power(1, False).state == "OFF"


def test_dut_console_answers_like_factory_firmware(fx: FixtureClient, sim: SimulatedFixture) -> None:
    fx.power(2, True)
    mac, device_id = dut_identity(sim.seed, 2)
    assert fx.uart(2, "VERSION") == "imp-sensor-fw 2.4.1"
    assert fx.uart(2, "MAC") == mac
    assert fx.uart(2, "DEVICEID") == device_id
    assert -75 < int(fx.uart(2, "RSSI")) < -30
    assert fx.uart(2, "SELFTEST") == "PASS"
    assert fx.uart(2, "LED GREEN") == "GREEN" == fx.uart(2, "LED")
    assert fx.uart(2, "FROB").startswith("ERR unknown command")
    sim.insert_dut(2, "SN-0042")
    time.sleep(0.05)
    assert fx.uart(2, "MAC") == dut_identity("SN-0042")[0]


def test_blinkup_led_lid_buttons(fx: FixtureClient, sim: SimulatedFixture) -> None:
    events = Events(fx)
    symbols = "0120" * 500  # 2000 symbols: loaded in chunks
    assert fx.blinkup_led(1, symbols, 142) == pytest.approx(2000 / 142, abs=0.01)
    assert fx.blinkup_status(1)[0] == "RUNNING"
    fx.blinkup_stop(1)
    assert fx.blinkup_status(1) == ("IDLE", 2000)
    assert fx.blinkup_led(2, "2" * 6, 60, wait=True) == pytest.approx(0.1)
    events.wait_for("BLINK", "DONE", "2", "6")
    assert fx.lid().closed and fx.lid().clamped
    assert fx.buttons() == (False, False, False, False)
    sim.press_button(3)
    events.wait_for("BUTTON", "3", "DOWN")
    events.wait_for("BUTTON", "3", "UP")
    fx.power(1, True)
    sim.set_lid(False)
    events.wait_for("LID", "OPEN")
    events.wait_for("POWER", "1", "OFF", "INTERLOCK")
    assert not fx.lid().closed and fx.power_state(1).state == "OFF"
    sim.control("CLAMP RELEASED")
    events.wait_for("CLAMP", "RELEASED")
    sim.set_lid(True)
    events.wait_for("LID", "CLOSED")


# ---------------------------------------------------------------- every error code


def test_error_codes_through_the_driver(fx: FixtureClient, sim: SimulatedFixture) -> None:
    def code_of(call) -> int | None:
        with pytest.raises(FixtureError) as info:
            call()
        assert isinstance(info.value, StationError)
        return info.value.code

    assert code_of(lambda: fx.request("UART", "1", "100", "bad\\q")) == 1
    assert code_of(lambda: fx.request("FROB")) == 3
    assert code_of(lambda: fx.voltage("5V0", 1)) == 4
    assert code_of(lambda: fx.power(9, True)) == 6
    assert code_of(lambda: fx.request("HELLO", "2.0")) == 10
    assert code_of(lambda: fx.request("BLINK", "START", "60")) == 11  # nothing loaded
    sim.set_lid(False)
    time.sleep(0.05)
    assert code_of(lambda: fx.power(1, True)) == 11  # interlock
    sim.set_lid(True)
    sim.inject("fixture:selftest_fail")
    time.sleep(0.05)
    assert code_of(fx.self_test) == 8


def test_busy_and_dut_no_reply(fx: FixtureClient, sim: SimulatedFixture) -> None:
    sim.inject("slot4:uart_silent")
    time.sleep(0.05)
    fx.power(4, True)
    outcome: list[BaseException] = []

    def slow() -> None:
        try:
            fx.uart(4, "MAC", timeout=0.6)
        except BaseException as exc:  # noqa: BLE001 — collected for the assertion below
            outcome.append(exc)

    worker = threading.Thread(target=slow)
    worker.start()
    time.sleep(0.15)
    with pytest.raises(FixtureError) as busy:
        fx.uart(4, "MAC", timeout=0.1)
    assert busy.value.code == 7
    worker.join(5)
    assert len(outcome) == 1 and isinstance(outcome[0], DutNoReply)
    assert not isinstance(outcome[0], StationError)  # the one DUT-side outcome


def test_four_slots_concurrently(fx: FixtureClient, sim: SimulatedFixture) -> None:
    errors: list[BaseException] = []
    results: dict[int, list[str]] = {}

    def slot_worker(slot: int) -> None:
        try:
            fx.power(slot, True, current_limit_ma=250)
            seen = []
            for _ in range(15):
                assert 3.2 < fx.voltage("3V3", slot) < 3.4
                assert 20 < fx.current_ma(slot) < 80
                seen.append(fx.uart(slot, "MAC"))
            results[slot] = seen
            assert fx.power(slot, False).state == "OFF"
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=slot_worker, args=(s,)) for s in range(1, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    for slot in range(1, 5):
        assert set(results[slot]) == {dut_identity(sim.seed, slot)[0]}


# ---------------------------------------------------------------- raw protocol conformance (pyserial only)


class Raw:
    """The fixture port opened bare, as a person in miniterm would use it."""

    def __init__(self, port: str) -> None:
        self.ser = serial.serial_for_url(port, timeout=2.0)

    def ask(self, line: bytes) -> bytes:
        self.ser.write(line + b"\r\n")
        while True:
            reply = self.ser.readline()
            assert reply.endswith(b"\n"), f"no reply to {line!r}"
            if reply.strip() and not reply.startswith(b"! "):  # skip the boot announcement
                return reply.rstrip(b"\n")

    def close(self) -> None:
        self.ser.close()


def test_human_typed_lines_and_framing_errors(sim: SimulatedFixture) -> None:
    raw = Raw(sim.port)
    try:
        assert raw.ask(b"1 VER") == b"1 OK 1.1"
        assert raw.ask(b"2 lid") == b"2 OK CLOSED ENGAGED"
        assert raw.ask(b"IDN").startswith(b"- ERR 1 ")
        assert raw.ask(b"3 VOLT VREF\x01").startswith(b"3 ERR 1 non-printable")
        assert raw.ask(b"4 VER*ZZ").startswith(b"4 ERR 1 bad CRC suffix")
        bad = raw.ask(b"5 VER*00000000")
        assert bad.startswith(b"5 ERR 2 CRC mismatch*")
        assert bad.endswith(crc_hex(bad[: bad.rindex(b"*")]).encode())
        good = raw.ask(b"6 VER*" + crc_hex(b"6 VER").encode())
        assert good == b"6 OK 1.1*" + crc_hex(b"6 OK 1.1").encode()
        assert raw.ask(b"7 UART 1 100 " + b"x" * 1100) == b"7 ERR 5 line too long (max 1024 bytes)"
        assert raw.ask(b"8") == b"8 ERR 1 missing command after id 8"
        raw.ser.write(b"\x00\xff garbage without end")
        # the terminator ends the garbage (answered without an id); the next line is served
        assert raw.ask(b"\n9 VER").startswith(b"- ERR 1 non-printable")
        assert raw.ser.readline() == b"9 OK 1.1\n"
    finally:
        raw.close()


def test_exclusive_open(sim: SimulatedFixture) -> None:
    with FixtureClient.open(sim.port), pytest.raises(FixtureError, match="fixture disconnected: cannot open"):
        FixtureClient.open(sim.port)


@pytest.mark.parametrize(("answer", "words"), [
    (b"OK 2.1 4 2.5.0", r"speaks protocol 2\.1; this station needs 1\.1"),
    (b"OK 1.0 4 1.0.0", r"1\.0\.0 speaks protocol 1\.0; this station needs 1\.1"),  # one BlinkUp LED only
])
def test_incompatible_firmware_is_refused_clearly(answer: bytes, words: str) -> None:
    """A fixture whose firmware speaks protocol 2, or 1.0 (a peer written here, not our firmware)."""
    master, slave = os.openpty()
    tty.setraw(slave)
    stop = threading.Event()

    def old_fixture() -> None:
        buf = b""
        while not stop.is_set():
            try:
                chunk = os.read(master, 1024)
            except OSError:
                return
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                payload = line.split(b"*")[0].strip()
                if payload:
                    reply = payload.split()[0] + b" " + answer
                    os.write(master, reply + b"*" + crc_hex(reply).encode() + b"\n")

    peer = threading.Thread(target=old_fixture, daemon=True)
    peer.start()
    try:
        with pytest.raises(FixtureIncompatible, match=words):
            FixtureClient.open(os.ttyname(slave), timeout=1.0)
    finally:
        stop.set()
        os.close(slave)
        os.close(master)


def test_usb_port_discovery() -> None:
    from serial.tools.list_ports_common import ListPortInfo

    a = ListPortInfo("/dev/ttyACM0", skip_link_detection=True)
    a.vid, a.pid, a.serial_number = 0x2E8A, 0x0005, "FX-A"
    b = ListPortInfo("/dev/ttyACM1", skip_link_detection=True)
    b.vid, b.pid, b.serial_number = 0x2E8A, 0x0005, "FX-B"
    other = ListPortInfo("/dev/ttyUSB0", skip_link_detection=True)
    other.vid, other.pid = 0x0403, 0x6001
    ports = [a, b, other]
    assert find_ports(0x2E8A, 0x0005, ports=ports) == ["/dev/ttyACM0", "/dev/ttyACM1"]
    assert resolve_url("usb://2e8a:0005?serial=FX-B", ports) == "/dev/ttyACM1"
    assert resolve_url("/dev/ttyS0", ports) == "/dev/ttyS0"
    with pytest.raises(FixtureError, match="add \\?serial=SN"):
        resolve_url("usb://2E8A:0005", ports)
    with pytest.raises(FixtureError, match="fixture disconnected: no USB serial port 2E8A:0009"):
        resolve_url("usb://2E8A:0009", ports)
