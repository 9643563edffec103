"""Host driver of the serial test fixture (wire protocol: docs/fixture-protocol.md).

One :class:`FixtureClient` owns one port: it opens it exclusively, runs one reader thread that
matches replies to requests by id, hands unsolicited events to callbacks on a separate thread, and
lets several slots (threads) share the port. Everything that can go wrong on the fixture side —
a pulled cable, a restart, garbage, a stall, an old firmware — becomes a :class:`FixtureError`,
a *station* fault: it must never be recorded as a DUT FAIL. The one outcome that is about the DUT
is :class:`DutNoReply` (the fixture works, the DUT's console stayed silent).

Against the simulator (station/sim/fixture_host.py)::

    with SimulatedFixture(slots=4) as sim, FixtureClient.open(sim.port) as fx:
        fx.power(1, True, current_limit_ma=250)
        print(fx.voltage("3V3", slot=1), fx.uart(1, "MAC"))
"""

from __future__ import annotations

import contextlib
import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlparse

import serial
import serial.tools.list_ports

from station.drivers.fixture_protocol import (
    E_CRC,
    E_DUT_NO_REPLY,
    E_INCOMPATIBLE,
    E_UNKNOWN,
    ERROR_NAMES,
    PROTOCOL_VERSION,
    Corrupt,
    Event,
    LineSplitter,
    Reply,
    escape,
    frame,
    parse_line,
    salvage_line,
    unescape_text,
)
from station.errors import StationError
from station.testkit.context import DutFault

log = logging.getLogger("station.fixture")

DEFAULT_TIMEOUT_S = 1.0
DEFAULT_RETRIES = 2
RECONNECT_BACKOFF_S = (0.05, 0.1, 0.2, 0.5, 1.0)
UART_MARGIN_S = 1.0
BLINK_CHUNK = 900
READ_POLL_S = 0.05


# ---------------------------------------------------------------------- errors


class FixtureError(StationError):
    """The fixture (or the link to it) failed: a station ERROR, never a DUT FAIL.

    ``code`` is the protocol's numbered error code when the fixture sent one (``ERR <code>``).
    """

    def __init__(self, message: str, *, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


class FixtureDisconnected(FixtureError):
    """The port vanished or could not be opened (USB unplugged, fixture powered off)."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"fixture disconnected: {detail}")


class FixtureTimeout(FixtureError):
    """The fixture did not answer in time (stalled firmware, lost bytes)."""


class FixtureIncompatible(FixtureError):
    """The fixture firmware speaks another protocol version: update the firmware or the station."""


class DutNoReply(DutFault):
    """The fixture forwarded a line to the DUT's console and the DUT said nothing in time.

    Deliberately *not* a FixtureError: the fixture did its job (it answered ``ERR 9``). It is a
    :class:`station.testkit.DutFault`, so a step it escapes from is a FAIL of the DUT, not an ERROR.
    """

    def __init__(self, slot: int, timeout_s: float) -> None:
        super().__init__(f"DUT in slot {slot} did not answer on its console within {timeout_s:g} s")
        self.slot = slot
        self.timeout_s = timeout_s


# ---------------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class Identity:
    vendor: str
    model: str
    serial: str
    firmware: str


@dataclass(frozen=True, slots=True)
class PowerState:
    """``state`` is ON, OFF, TRIP (over current limit: ``value`` mA) or BROWNOUT (``value`` V)."""

    slot: int
    state: str
    value: float | None = None

    @property
    def on(self) -> bool:
        return self.state == "ON"


@dataclass(frozen=True, slots=True)
class LidState:
    closed: bool
    clamped: bool


@dataclass(frozen=True, slots=True)
class Calibration:
    """measured = raw × gain + offset, stored in the fixture per channel (rail or CURR, per slot)."""

    gain: float
    offset: float


@dataclass(frozen=True, slots=True)
class FixtureEvent:
    """An unsolicited event (``! LID OPEN`` → name ``LID``, args ``("OPEN",)``), or a link event
    the driver makes itself: ``DISCONNECTED`` (args: reason) and ``CONNECTED``."""

    name: str
    args: tuple[str, ...] = ()
    at: float = field(default_factory=time.time)


# ---------------------------------------------------------------------- port discovery


def find_ports(vid: int, pid: int, serial_number: str | None = None, ports: list | None = None) -> list[str]:
    """Device paths of USB serial ports with this VID:PID (and USB serial number, if given).

    ``ports`` defaults to ``serial.tools.list_ports.comports()``.
    """
    found = []
    for info in ports if ports is not None else serial.tools.list_ports.comports():
        if info.vid == vid and info.pid == pid and (serial_number is None or info.serial_number == serial_number):
            found.append(info.device)
    return sorted(found)


_USB = re.compile(r"^([0-9A-Fa-f]{4}):([0-9A-Fa-f]{4})$")


def resolve_url(url: str, ports: list | None = None) -> str:
    """Turn ``usb://VID:PID[?serial=SN]`` into a device path; other URLs are pyserial's
    (device paths, ``socket://``, ``rfc2217://``, ``hwgrep://``) and pass unchanged."""
    if not url.startswith("usb://"):
        return url
    parsed = urlparse(url)
    match = _USB.match(parsed.netloc)
    if not match:
        raise FixtureError(f"bad fixture URL {url!r}: expected usb://VID:PID[?serial=SN], e.g. usb://2E8A:0005")
    serial_number = parse_qs(parsed.query).get("serial", [None])[0]
    found = find_ports(int(match.group(1), 16), int(match.group(2), 16), serial_number, ports)
    if not found:
        who = f" with serial {serial_number}" if serial_number else ""
        raise FixtureDisconnected(f"no USB serial port {match.group(1)}:{match.group(2)}{who} is plugged in")
    if len(found) > 1:
        raise FixtureError(f"{len(found)} fixtures match {url} ({', '.join(found)}): add ?serial=SN to pick one")
    return found[0]


# ---------------------------------------------------------------------- the client


class _Pending:
    __slots__ = ("done", "reply", "error")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.reply: Reply | None = None
        self.error: Exception | None = None


class _Retry(Exception):
    """Internal: the attempt failed in a way an idempotent request may simply repeat."""

    def __init__(self, public: FixtureError) -> None:
        super().__init__(str(public))
        self.public = public


class FixtureClient:
    """A thread-safe connection to one fixture. Create it with :meth:`open`."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT_S,
        retries: int = DEFAULT_RETRIES,
        reconnect: bool = True,
        exclusive: bool = True,
        baudrate: int = 115200,
    ) -> None:
        self.url = url
        self.timeout = timeout
        self.retries = retries
        self.reconnect = reconnect
        self.exclusive = exclusive
        self.baudrate = baudrate
        self.slots = 0
        self.firmware_version = ""
        self.fixture_protocol = ""
        self.stats = {"garbage": 0, "crc_errors": 0, "retries": 0, "reconnects": 0, "restarts": 0}
        self._ser: serial.SerialBase | None = None
        self._state = "closed"
        self._disconnect_reason = "not opened"
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._hs_lock = threading.Lock()
        self._connected = threading.Condition(self._lock)
        self._pending: dict[str, _Pending] = {}
        self._next_id = 0
        self._needs_handshake = True
        self._callbacks: list[Callable[[FixtureEvent], None]] = []
        self._events: queue.Queue[FixtureEvent | None] = queue.Queue()
        self._closing = threading.Event()
        self._reader: threading.Thread | None = None
        self._dispatcher: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls, url: str, *, timeout: float = DEFAULT_TIMEOUT_S, **options: object) -> FixtureClient:
        """Open ``url`` (a device path or any pyserial URL, or ``usb://VID:PID[?serial=SN]``),
        check the protocol version, and return a ready client.

        Raises :class:`FixtureDisconnected` if the port cannot be opened and
        :class:`FixtureIncompatible` if the firmware speaks another protocol.
        """
        client = cls(url, timeout=timeout, **options)  # type: ignore[arg-type]
        client.connect()
        return client

    def connect(self) -> None:
        self._closing.clear()
        self._open_port()
        self._dispatcher = threading.Thread(target=self._dispatch_loop, name="fixture-events", daemon=True)
        self._dispatcher.start()
        self._reader = threading.Thread(target=self._read_loop, name="fixture-reader", daemon=True)
        self._reader.start()
        try:
            self._handshake()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Close the port and stop the threads; pending requests fail with FixtureDisconnected."""
        self._closing.set()
        with self._lock:
            ser, self._ser = self._ser, None
            self._state = "closed"
            self._fail_pending(FixtureDisconnected("the station closed the port"))
        if ser is not None:
            with contextlib.suppress(Exception):  # not every URL handler can cancel a read
                ser.cancel_read()
        reader = self._reader
        if reader is not None and reader is not threading.current_thread():
            reader.join(2.0)
        if ser is not None:
            with contextlib.suppress(Exception):  # closing a vanished port may fail; it is gone anyway
                ser.close()
        self._events.put(None)
        if self._dispatcher is not None and self._dispatcher is not threading.current_thread():
            self._dispatcher.join(2.0)

    def __enter__(self) -> FixtureClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def state(self) -> str:
        """``connected``, ``disconnected`` (reconnecting if enabled) or ``closed``."""
        return self._state

    def wait_connected(self, timeout: float) -> bool:
        """Block until the link is up again (after an unplug), at most ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._connected:
            while self._state != "connected":
                left = deadline - time.monotonic()
                if left <= 0 or self._state == "closed":
                    return False
                self._connected.wait(left)
        return True

    def on_event(self, callback: Callable[[FixtureEvent], None]) -> Callable[[], None]:
        """Call ``callback(event)`` for every fixture event (on the driver's event thread, in
        order). Returns a function that unsubscribes it."""
        with self._lock:
            self._callbacks.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._callbacks:
                    self._callbacks.remove(callback)

        return unsubscribe

    # ------------------------------------------------------------------ commands

    def identify(self) -> Identity:
        vendor, model, serial_no, firmware = self._values("IDN", count=4)
        return Identity(unescape_text(vendor), unescape_text(model), unescape_text(serial_no), firmware)

    def protocol_version(self) -> str:
        return self._values("VER", count=1)[0]

    def self_test(self) -> dict[str, str]:
        """The fixture's own check (reference, supply, ADC, relays, UARTs). A failure raises
        FixtureError (code 8): a broken fixture must not test DUTs."""
        tokens = self.request("SELFTEST", idempotent=True)
        return dict(t.split("=", 1) for t in tokens[1:] if "=" in t)

    def reset(self) -> None:
        """All slots off, relays off, BlinkUp stopped, pending DUT exchanges cancelled."""
        self.request("RESET", idempotent=True)

    def power(self, slot: int, on: bool, current_limit_ma: int | None = None) -> PowerState:
        """Switch a slot's DUT power. On returns ON, or TRIP/BROWNOUT when the DUT drew too much
        or its rail sagged (the slot is then off again): those are facts about the DUT."""
        if on:
            args = [str(slot), "ON"] + ([str(int(current_limit_ma))] if current_limit_ma is not None else [])
        else:
            args = [str(slot), "OFF"]
        return self._power_state(slot, self.request("POWER", *args, idempotent=True))

    def power_state(self, slot: int) -> PowerState:
        return self._power_state(slot, self.request("POWER", str(slot), idempotent=True))

    def relay(self, n: int, on: bool | None = None) -> bool:
        """Set relay ``n`` (or just read it with ``on=None``); returns its state."""
        args = [str(n)] if on is None else [str(n), "ON" if on else "OFF"]
        return self._values("RELAY", *args, count=1)[0] == "ON"

    def voltage(self, rail: str, slot: int | None = None) -> float:
        """Volts on a named rail: per slot VBUS, 3V3, 1V8; fixture-wide VSUPPLY, VREF."""
        args = [rail] if slot is None else [rail, str(slot)]
        return self._number("VOLT", *args)

    def current_ma(self, slot: int) -> float:
        """Milliamps drawn by the DUT in ``slot``."""
        return self._number("CURR", str(slot))

    def calibration(
        self, channel: str, slot: int | None = None, gain: float | None = None, offset: float | None = None
    ) -> Calibration:
        """Read (or, with gain and offset, write) the calibration of a rail or ``CURR``."""
        args = [channel] + ([str(slot)] if slot is not None else [])
        if (gain is None) != (offset is None):
            raise ValueError("give both gain and offset to write a calibration, or neither to read it")
        if gain is not None and offset is not None:
            args += [repr(float(gain)), repr(float(offset))]
        g, o = self._values("CAL", *args, count=2)
        return Calibration(float(g), float(o))

    def uart(self, slot: int, line: str, timeout: float = 1.0) -> str:
        """Send one line to the DUT's console in ``slot`` and return its reply line.

        Raises :class:`DutNoReply` if the DUT stays silent for ``timeout`` seconds. Not retried:
        the DUT may have acted on the line.
        """
        ms = max(1, int(timeout * 1000))
        args = [str(slot), str(ms)] + ([escape(line)] if line else [])
        try:
            tokens = self.request("UART", *args, timeout=timeout + UART_MARGIN_S)
        except FixtureError as exc:
            if exc.code == E_DUT_NO_REPLY:
                raise DutNoReply(slot, timeout) from None
            raise
        return unescape_text(tokens[0]) if tokens else ""

    def blinkup_led(self, slot: int, symbols: str, rate_hz: float, *, levels: Sequence[int] | None = None,
                    wait: bool = False) -> float:
        """Flash the BlinkUp LED above ``slot``: ``symbols`` are digits, each an index into ``levels``
        (LED light in thousandths of full, 2–10 of them; default ``0 500 1000``: off, half, full),
        one per frame at ``rate_hz`` (Electric Imp fixtures: 60, fast 142). Every slot has its own
        LED, so slots flash at once, each at its own rate. Returns the flash's duration in seconds;
        with ``wait=True`` returns when the fixture reports ``! BLINK DONE <slot>``."""
        top = len(levels) - 1 if levels is not None else 2
        if not symbols or any(not "0" <= c <= "9" or int(c) > top for c in symbols):
            raise ValueError(f"BlinkUp symbols are a non-empty string of digits 0-{top}")
        if levels is not None and (not 2 <= len(levels) <= 10 or any(not 0 <= v <= 1000 for v in levels)):
            raise ValueError("BlinkUp LED levels are 2-10 values of 0-1000 (thousandths of full light)")
        s = str(slot)
        self.request("BLINK", s, "CLEAR", idempotent=True)
        if levels is not None:
            self.request("BLINK", s, "LEVELS", *(str(int(v)) for v in levels), idempotent=True)
        for i in range(0, len(symbols), BLINK_CHUNK):
            self.request("BLINK", s, "LOAD", symbols[i : i + BLINK_CHUNK])
        done = threading.Event()
        unsubscribe = self.on_event(lambda ev: ev.name == "BLINK" and ev.args[:2] == ("DONE", s) and done.set())
        try:
            duration = float(self._values("BLINK", s, "START", f"{rate_hz:g}", count=1)[0]) / 1000
            if wait and not done.wait(duration + self.timeout + 1.0):
                raise FixtureTimeout(f"slot {slot} BlinkUp LED did not report done within "
                                     f"{duration + self.timeout:.1f} s")
        finally:
            unsubscribe()
        return duration

    def blinkup_stop(self, slot: int) -> None:
        """Stop the BlinkUp LED above ``slot`` (nothing happens if it is not flashing)."""
        self.request("BLINK", str(slot), "STOP", idempotent=True)

    def blinkup_status(self, slot: int = 1) -> tuple[str, int]:
        """(``IDLE``, symbols loaded) or (``RUNNING``, symbols sent) of the LED above ``slot``."""
        tokens = self.request("BLINK", str(slot), idempotent=True)
        return tokens[0], int(tokens[1])

    def lid(self) -> LidState:
        closed, clamp = self._values("LID", count=2)
        return LidState(closed == "CLOSED", clamp == "ENGAGED")

    def buttons(self) -> tuple[bool, ...]:
        """Pressed state of each button (index 0 is button 1)."""
        return tuple(c == "1" for c in self._values("BUTTONS", count=1)[0])

    def sim(self, control: str) -> None:
        """Simulator only: ``SIM <control>`` (e.g. ``LID OPEN``); a real fixture answers ERR 3."""
        self.request("SIM", *control.split())

    # ------------------------------------------------------------------ requests

    def request(self, command: str, *args: str, timeout: float | None = None, idempotent: bool = False) -> list[str]:
        """Send ``<id> COMMAND args`` and return the reply's value tokens (still escaped).

        Idempotent requests are repeated (``retries`` times) after a CRC error, a timeout or a
        fixture restart; others fail at once. Raises FixtureError subclasses on every failure.
        """
        attempts = 1 + (self.retries if idempotent else 0)
        last: FixtureError | None = None
        for attempt in range(attempts):
            if attempt:
                self.stats["retries"] += 1
            self._ensure_ready()
            try:
                return self._exchange(command, args, timeout)
            except _Retry as exc:
                last = exc.public
                log.info("fixture %s: %s (attempt %d of %d)", command, exc.public, attempt + 1, attempts)
        assert last is not None
        raise last

    def _values(self, command: str, *args: str, count: int) -> list[str]:
        tokens = self.request(command, *args, idempotent=True)
        if len(tokens) < count:
            raise FixtureError(f"fixture answered {command} with {tokens!r}: expected {count} values")
        return tokens

    def _number(self, command: str, *args: str) -> float:
        token = self._values(command, *args, count=1)[0]
        try:
            return float(token)
        except ValueError:
            raise FixtureError(f"fixture answered {command} with {token!r}, not a number") from None

    def _power_state(self, slot: int, tokens: list[str]) -> PowerState:
        if not tokens:
            raise FixtureError("fixture answered POWER without a state")
        value = float(tokens[1]) if len(tokens) > 1 else None
        return PowerState(slot, tokens[0], value)

    def _ensure_ready(self) -> None:
        if self._state != "connected":
            if self._state == "closed":
                raise FixtureDisconnected("the port is closed")
            raise FixtureDisconnected(self._disconnect_reason)
        if self._needs_handshake:
            self._handshake()

    def _exchange(self, command: str, args: tuple[str, ...] | list[str], timeout: float | None) -> list[str]:
        wait_s = self.timeout if timeout is None else timeout
        pending = _Pending()
        with self._lock:
            self._next_id = self._next_id % 99_999_999 + 1
            rid = str(self._next_id)
            self._pending[rid] = pending
        try:
            self._write(b"\n" + frame(rid, command, tuple(args)))
            if not pending.done.wait(wait_s):
                raise _Retry(FixtureTimeout(f"fixture did not answer {command} within {wait_s:g} s"))
        finally:
            with self._lock:
                self._pending.pop(rid, None)
        if pending.error is not None:
            if isinstance(pending.error, _Retry | FixtureError):
                raise pending.error
            raise FixtureError(str(pending.error))
        reply = pending.reply
        assert reply is not None
        if reply.ok:
            return list(reply.tokens)
        if reply.code == E_CRC:
            self.stats["crc_errors"] += 1
            raise _Retry(FixtureError(f"fixture got {command} with a bad CRC", code=E_CRC))
        name = ERROR_NAMES.get(reply.code or 0, "error")
        raise FixtureError(f"fixture refused {command}: {name} (ERR {reply.code}): {reply.message}", code=reply.code)

    def _handshake(self) -> None:
        with self._hs_lock:
            if not self._needs_handshake and self._state == "connected":
                return
            want = f"{PROTOCOL_VERSION[0]}.{PROTOCOL_VERSION[1]}"
            last: FixtureError | None = None
            for _ in range(1 + self.retries):
                try:
                    tokens = self._exchange("HELLO", [want], None)
                    break
                except _Retry as exc:
                    last = exc.public
                except FixtureError as exc:
                    if exc.code == E_INCOMPATIBLE:
                        raise FixtureIncompatible(
                            f"fixture firmware is incompatible with this station: {exc}", code=exc.code
                        ) from None
                    if exc.code == E_UNKNOWN:
                        raise FixtureIncompatible(
                            "fixture firmware does not know HELLO: it predates protocol "
                            f"{want}; flash fixture_firmware/ onto it",
                            code=exc.code,
                        ) from None
                    raise
            else:
                assert last is not None
                raise FixtureTimeout(f"no answer to HELLO on {self.url} (is this a fixture?): {last}")
            if len(tokens) < 3:
                raise FixtureIncompatible(f"fixture answered HELLO with {tokens!r}: not protocol {want}")
            version, slots, firmware = tokens[:3]
            major, _, minor = version.partition(".")
            if not (major.isdigit() and minor.isdigit()) or int(major) != PROTOCOL_VERSION[0] or (
                int(minor) < PROTOCOL_VERSION[1]
            ):
                raise FixtureIncompatible(
                    f"fixture firmware {firmware} speaks protocol {version}; this station needs {want}. "
                    "Flash the fixture with the firmware from this station's fixture_firmware/."
                )
            self.fixture_protocol = version
            self.slots = int(slots) if slots.isdigit() else 0
            self.firmware_version = firmware
            self._needs_handshake = False

    # ------------------------------------------------------------------ the port and the reader

    def _open_port(self) -> None:
        try:
            device = resolve_url(self.url)
            ser = serial.serial_for_url(
                device, baudrate=self.baudrate, timeout=READ_POLL_S, write_timeout=2.0,
                exclusive=self.exclusive, do_not_open=True,
            )
            ser.open()
            ser.reset_input_buffer()
        except FixtureError:
            raise
        except (serial.SerialException, OSError, ValueError) as exc:
            raise FixtureDisconnected(f"cannot open {self.url}: {exc}") from None
        with self._lock:
            self._ser = ser
            self._state = "connected"
            self._needs_handshake = True
            self._connected.notify_all()

    def _write(self, data: bytes) -> None:
        ser = self._ser
        if ser is None:
            raise FixtureDisconnected(self._disconnect_reason)
        try:
            with self._write_lock:
                ser.write(data)
        except (serial.SerialException, OSError, ValueError, TypeError) as exc:
            self._lost(f"write failed: {exc}", ser)
            raise FixtureDisconnected(f"write failed on {self.url}: {exc}") from None

    def _lost(self, reason: str, ser: serial.SerialBase) -> None:
        with self._lock:
            if self._ser is not ser:
                return
            self._ser = None
            if self._state == "closed":
                return
            self._state = "disconnected"
            self._disconnect_reason = f"{self.url}: {reason}"
            self._fail_pending(FixtureDisconnected(self._disconnect_reason))
        log.warning("fixture disconnected: %s", reason)
        with contextlib.suppress(Exception):  # the port is already gone
            ser.close()
        self._events.put(FixtureEvent("DISCONNECTED", (reason,)))

    def _fail_pending(self, error: Exception) -> None:
        for pending in self._pending.values():
            pending.error = error
            pending.done.set()

    def _read_loop(self) -> None:
        splitter = LineSplitter()
        backoff = 0
        while not self._closing.is_set():
            ser = self._ser
            if ser is None:
                if not self.reconnect or self._state == "closed":
                    return
                time.sleep(RECONNECT_BACKOFF_S[min(backoff, len(RECONNECT_BACKOFF_S) - 1)])
                backoff += 1
                try:
                    self._open_port()
                except FixtureError:
                    continue
                if self._closing.is_set():
                    return
                backoff = 0
                splitter.reset()
                self.stats["reconnects"] += 1
                self._events.put(FixtureEvent("CONNECTED", (self.url,)))
                continue
            try:
                data = ser.read(max(1, ser.in_waiting))
            except (serial.SerialException, OSError, TypeError, ValueError, AttributeError) as exc:
                if self._closing.is_set():
                    return
                self._lost(str(exc) or type(exc).__name__, ser)
                continue
            if not data:
                continue
            for raw in splitter.feed(data):
                line = parse_line(raw)
                if isinstance(line, Corrupt):
                    rescued = salvage_line(raw)
                    if rescued is not None:
                        self.stats["garbage"] += 1
                        line = rescued
                self._handle(line, raw)
            self.stats["garbage"] += splitter.dropped
            splitter.dropped = 0

    def _handle(self, line: Reply | Event | Corrupt | None, raw: bytes) -> None:
        if line is None:
            return
        if isinstance(line, Reply):
            with self._lock:
                pending = self._pending.get(line.request_id)
            if pending is None:
                log.debug("fixture reply to nobody: %r", raw)
                return
            if not line.had_crc:
                # We always send a CRC, so a genuine reply carries one: this line was mangled.
                self.stats["crc_errors"] += 1
                pending.error = _Retry(FixtureError("fixture reply without CRC (corrupted line)", code=E_CRC))
            else:
                pending.reply = line
            pending.done.set()
            return
        if isinstance(line, Event):
            if line.name == "BOOT":
                self._restarted(line)
            self._events.put(FixtureEvent(line.name, line.args))
            return
        self.stats["garbage"] += 1
        log.debug("fixture garbage (%s): %r", line.reason, raw[:80])
        if line.request_id is not None:
            with self._lock:
                pending = self._pending.get(line.request_id)
            if pending is not None:
                self.stats["crc_errors"] += 1
                pending.error = _Retry(FixtureError(f"corrupted reply from fixture ({line.reason})", code=E_CRC))
                pending.done.set()

    def _restarted(self, event: Event) -> None:
        """``! BOOT``: the firmware restarted, so every output it held (power, relays) is off."""
        if not self._needs_handshake:  # a BOOT before our first HELLO is just the fixture starting
            self.stats["restarts"] += 1
            log.warning("fixture restarted (firmware %s)", " ".join(event.args))
        with self._lock:
            self._needs_handshake = True
            self._fail_pending(_Retry(FixtureError("fixture restarted while the request was in flight")))

    def _dispatch_loop(self) -> None:
        while True:
            event = self._events.get()
            if event is None:
                return
            with self._lock:
                callbacks = list(self._callbacks)
            for callback in callbacks:
                try:
                    callback(event)
                except Exception:  # noqa: BLE001 — one bad subscriber must not silence the others
                    log.exception("fixture event callback failed on %s", event)
