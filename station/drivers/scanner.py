"""Scanner input: keyboard-wedge bursts told apart from typing, serial validation, duplicate scans.

A keyboard-wedge scanner types its code as a burst of keys a few milliseconds apart, then Enter
(or Tab). An operator types the same keys a hundred or more milliseconds apart. Nothing here knows
Qt: the UI (or a test) feeds ``(key, timestamp)`` pairs to :class:`WedgeDecoder`, which returns an
:class:`Entry` at each terminator, and :class:`Scanner` turns entries into :class:`ScanResult` —
accepted with the normalised serial, or rejected with the reason. A test never starts on a scan
that was not accepted, which is why validation lives here and not in the caller.

Serial rules (:class:`SerialRule`) are a regular expression plus an optional check digit (GS1
mod-10 or Luhn); a :class:`SerialRule` is also a ``Callable[[str], str]`` — the ``SerialValidator``
the station flow takes — raising :class:`SerialRejected` (an ``InputError``) with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from station.errors import InputError
from station.identifiers import MAX_LENGTH, clean_identifier, shown

#: Keys kept per entry: far above any identifier (see :data:`station.identifiers.MAX_LENGTH`), so an
#: over-long entry is still reported with its length and refused, but a runaway input is bounded.
MAX_KEYS = 16 * max(MAX_LENGTH.values())
#: Bytes a serial-port scanner may send without a line end before the line is refused and dropped.
MAX_LINE_BYTES = MAX_KEYS

#: Key names that end an entry: scanners send Enter (CR) or Tab as their suffix.
TERMINATORS = frozenset({"Enter", "Return", "Tab", "\r", "\n", "\t"})
BACKSPACE = frozenset({"Backspace", "\b"})


class SerialRejected(InputError):
    """A scanned or typed value is not an acceptable serial; the message says why."""


# --- check digits ------------------------------------------------------------------------------


def gs1_mod10_check_digit(body: str) -> int:
    """The GS1 mod-10 check digit for ``body`` (digits): weights 3,1,3,… from the right."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def luhn_check_digit(body: str) -> int:
    """The Luhn (mod-10, doubling every second digit from the right) check digit for ``body``."""
    total = 0
    for i, d in enumerate(reversed(body)):
        v = int(d)
        if i % 2 == 0:
            v *= 2
            if v > 9:
                v -= 9
        total += v
    return (10 - total % 10) % 10


CHECK_DIGITS: dict[str, Callable[[str], int]] = {
    "gs1": gs1_mod10_check_digit,
    "gs1-mod10": gs1_mod10_check_digit,
    "luhn": luhn_check_digit,
}


@dataclass(frozen=True)
class SerialRule:
    """What a valid serial looks like.

    ``pattern`` must match the whole (normalised) serial. ``check_digit`` names an algorithm from
    :data:`CHECK_DIGITS` (or ``"none"``); it runs over the pattern's named group ``digits`` when there
    is one (so ``SN(?P<digits>\\d{9})`` checks the nine digits, the last being the check digit), else
    over the whole serial, which must then be all digits. ``uppercase`` folds case first, since
    scanners and keyboards disagree about Shift.
    """

    pattern: str = r"[A-Z0-9]{6,20}"
    check_digit: str = "none"
    uppercase: bool = True
    _regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        try:
            # re.ASCII: ``\d`` is 0-9 and ``\w`` is [A-Za-z0-9_], never Arabic-Indic or other Unicode digits.
            object.__setattr__(self, "_regex", re.compile(self.pattern, re.ASCII))
        except re.error as exc:
            raise InputError(f"serial pattern {self.pattern!r} is not a regular expression: {exc}") from None
        if self.check_digit not in ("none", *CHECK_DIGITS):
            raise InputError(f"unknown check digit {self.check_digit!r}; use none, "
                             + ", ".join(sorted(CHECK_DIGITS)))

    @classmethod
    def from_config(cls, section: object) -> SerialRule:
        """From a config ``[scanner]`` section (``serial_pattern``, ``check_digit``)."""
        return cls(getattr(section, "serial_pattern", cls.pattern), getattr(section, "check_digit", "none"))

    def normalise(self, raw: str) -> str:
        text = raw.strip()
        return text.upper() if self.uppercase else text

    def __call__(self, raw: str) -> str:
        """The normalised serial; raise :class:`SerialRejected` with the reason when it is not one."""
        try:
            serial = self.normalise(clean_identifier(raw, "serial"))
        except InputError as exc:
            raise SerialRejected(str(exc)) from None
        match = self._regex.fullmatch(serial)
        if match is None:
            raise SerialRejected(f"{serial!r} does not match the serial pattern {self.pattern}")
        if self.check_digit != "none":
            digits = match.groupdict().get("digits") or serial
            if not digits.isdigit() or len(digits) < 2:
                raise SerialRejected(f"{serial!r}: the check digit needs at least two digits, got {digits!r}")
            expected = CHECK_DIGITS[self.check_digit](digits[:-1])
            if int(digits[-1]) != expected:
                raise SerialRejected(f"{serial!r}: bad {self.check_digit} check digit {digits[-1]}, "
                                     f"expected {expected} (mistyped or misread)")
        return serial


# --- keyboard wedge ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One line of keyboard input, ended by a terminator.

    ``source`` is ``"scanner"`` when the keys came as a burst, ``"keyboard"`` when typed.
    ``discarded`` holds stray keys typed before a scanner burst (dropped from ``text``).
    """

    text: str
    source: str
    started: float
    ended: float
    max_gap_s: float
    discarded: str = ""


class WedgeDecoder:
    """Assembles keys into entries and tells a scanner burst from typing by the gaps between keys.

    A burst is at least ``min_burst`` characters with no gap above ``burst_gap_s`` (terminator
    included). When a burst follows stray typed keys, the burst alone is the scan and the stray
    keys are reported in ``Entry.discarded``. Input left idle for ``idle_reset_s`` is dropped at the
    next key, so a half-typed line from an hour ago does not prefix the next scan.
    """

    def __init__(self, *, burst_gap_s: float = 0.05, min_burst: int = 4, idle_reset_s: float = 10.0) -> None:
        self.burst_gap_s = burst_gap_s
        self.min_burst = min_burst
        self.idle_reset_s = idle_reset_s
        self._keys: list[tuple[str, float]] = []
        self._edited = False
        self._overflow = 0
        self.dropped: list[str] = []

    @property
    def pending(self) -> str:
        return "".join(k for k, _ in self._keys)

    def reset(self) -> None:
        self._keys.clear()
        self._edited = False
        self._overflow = 0

    def feed(self, key: str, t: float) -> Entry | None:
        """One key press at time ``t`` (seconds, any monotonic clock); an :class:`Entry` at a terminator."""
        if self._keys and t - self._keys[-1][1] > self.idle_reset_s:
            self.dropped.append(self.pending)
            self.reset()
        if key in TERMINATORS:
            if not self._keys:
                return None  # a bare Enter: nothing to report
            entry = self._finish(t)
            self.reset()
            return entry
        if key in BACKSPACE:
            if self._keys:
                self._keys.pop()
            self._edited = True  # scanners never correct themselves
            return None
        if len(key) != 1:
            return None  # Shift, arrows, function keys: not part of a code
        if len(self._keys) > MAX_KEYS:
            self._overflow += 1  # counted, not kept: a stuck key or a runaway scanner cannot eat memory
            return None
        self._keys.append((key, t))
        return None

    def _finish(self, t_end: float) -> Entry:
        times = [tk for _, tk in self._keys] + [t_end]
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        # The trailing run of fast keys (gaps measured up to and including the terminator).
        start = len(self._keys)
        while start > 0 and gaps[start - 1] <= self.burst_gap_s:
            start -= 1
        run = len(self._keys) - start
        text = self.pending
        if self._overflow:
            # Too long to be any identifier. Keys past MAX_KEYS were counted, not kept; pad with "?"
            # so the entry keeps its true length and the refusal ("… characters long") says so.
            text += "?" * self._overflow
        if not self._edited and run >= self.min_burst:
            burst_gaps = gaps[start:]
            return Entry(text[start:], "scanner", self._keys[start][1], t_end, max(burst_gaps, default=0.0),
                         discarded=text[:start])
        return Entry(text, "keyboard", self._keys[0][1], t_end, max(gaps, default=0.0))


# --- scans -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanResult:
    """A validated (or rejected) scan: ``serial`` is set only when ``accepted``."""

    raw: str
    source: str  # scanner | keyboard | camera | serial
    at: float
    accepted: bool
    serial: str = ""
    reason: str = ""


class DuplicateGuard:
    """Rejects a serial accepted again within ``window_s`` (a double read, a unit scanned twice).

    :meth:`forget` clears a serial (its run finished, so scanning it again is a deliberate retest).
    """

    def __init__(self, window_s: float = 30.0) -> None:
        self.window_s = window_s
        self._last: dict[str, float] = {}

    def check(self, serial: str, t: float) -> str | None:
        """The rejection reason, or ``None`` (and the scan is remembered)."""
        last = self._last.get(serial)
        if last is not None and t - last < self.window_s:
            return f"duplicate scan of {serial} ({t - last:.1f} s after the previous one)"
        self._last[serial] = t
        # Keep memory bounded on a long shift.
        if len(self._last) > 10_000:
            cutoff = t - self.window_s
            self._last = {s: v for s, v in self._last.items() if v >= cutoff}
        return None

    def forget(self, serial: str) -> None:
        self._last.pop(serial, None)


class Scanner:
    """Keys in, validated scans out: the one path every code takes before a test may start.

    ``allow_typed=False`` refuses typed entries (production lines that want scanned serials only).
    Camera or serial-port scanners submit their decoded text through :meth:`submit`.
    """

    def __init__(self, rule: Callable[[str], str] | None = None, *, decoder: WedgeDecoder | None = None,
                 duplicates: DuplicateGuard | None = None, allow_typed: bool = True) -> None:
        self.rule = rule or SerialRule()
        self.decoder = decoder or WedgeDecoder()
        self.duplicates = duplicates if duplicates is not None else DuplicateGuard()
        self.allow_typed = allow_typed

    def feed(self, key: str, t: float) -> ScanResult | None:
        entry = self.decoder.feed(key, t)
        if entry is None:
            return None
        if entry.source == "keyboard" and not self.allow_typed:
            return ScanResult(entry.text, "keyboard", t, False,
                              reason="typed input is not accepted at this station; scan the barcode")
        return self.submit(entry.text, t, source=entry.source)

    def feed_text(self, text: str, t0: float, gap_s: float, *, terminator: str = "Enter") -> ScanResult | None:
        """Feed ``text`` as keys ``gap_s`` apart from ``t0``, then the terminator (tests, replays)."""
        result = None
        t = t0
        for ch in text:
            result = self.feed(ch, t) or result
            t += gap_s
        return self.feed(terminator, t) or result

    def submit(self, raw: str, t: float, *, source: str) -> ScanResult:
        """Validate a code from any source; duplicates are checked only for valid serials."""
        try:
            serial = self.rule(clean_identifier(raw, "serial"))  # whatever the rule, never an unsafe value
        except InputError as exc:
            return ScanResult(shown(raw), source, t, False, reason=str(exc))
        reason = self.duplicates.check(serial, t)
        if reason:
            return ScanResult(raw, source, t, False, reason=reason)
        return ScanResult(raw, source, t, True, serial=serial)


# --- USB-CDC (virtual COM port) scanners ---------------------------------------------------------


class SerialPortScanner:
    """A scanner configured as a USB-CDC serial device, read with pyserial.

    The reference setup for a line (shared/reference/peripherals.md §6.2): no window focus to lose
    and no keyboard-layout translation. Each code arrives as one line ended by CR and/or LF; every
    line goes through the same :class:`Scanner` validation as wedge input (``source="serial"``).
    """

    def __init__(self, url: str, scanner: Scanner, *, baudrate: int = 9600, clock: Callable[[], float] | None = None
                 ) -> None:
        import time

        import serial  # pyserial; imported here so wedge-only users never open a port

        self.url = url
        self.scanner = scanner
        self._clock = clock or time.monotonic
        self._buffer = bytearray()
        self._skipping = False
        try:
            self._port = serial.serial_for_url(url, baudrate=baudrate, timeout=0.05)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise InputError(f"cannot open scanner port {url}: {exc}") from None

    def read(self, timeout_s: float) -> ScanResult | None:
        """The next scanned line as a :class:`ScanResult`, or ``None`` when none arrives in ``timeout_s``.

        A port that disappears (scanner unplugged) raises :class:`~station.errors.StationError`.
        """
        import serial

        from station.errors import StationError

        deadline = self._clock() + timeout_s
        while True:
            if len(self._buffer) > MAX_LINE_BYTES and not any(b in self._buffer for b in b"\r\n"):
                size = len(self._buffer)
                self._buffer.clear()
                self._skipping = True  # the rest of this line, up to its end, is dropped unread
                return ScanResult(f"<{size} bytes without a line end>", "serial", self._clock(), False,
                                  reason=f"scanner sent {size} bytes without a line end; at most "
                                         f"{MAX_LENGTH['serial']} characters make a serial (check its suffix setting)")
            line = self._take_line()
            if line is not None:
                text = line.decode("utf-8", errors="replace")
                return self.scanner.submit(text, self._clock(), source="serial")
            if self._clock() >= deadline:
                return None
            try:
                chunk = self._port.read(256)
            except (serial.SerialException, OSError) as exc:
                raise StationError(f"scanner port {self.url} failed: {exc} (unplugged?)") from None
            self._buffer.extend(chunk)

    def _take_line(self) -> bytes | None:
        while True:
            ends = [i for i in (self._buffer.find(b"\r"), self._buffer.find(b"\n")) if i >= 0]
            if not ends:
                if self._skipping:
                    self._buffer.clear()
                return None
            end = min(ends)
            line = bytes(self._buffer[:end])
            del self._buffer[: end + 1]
            if self._skipping:
                self._skipping = False  # the tail of an over-long line, already refused
                continue
            if line.strip():
                return line  # an empty line is the LF of a CR LF pair (or a stray terminator)

    def close(self) -> None:
        self._port.close()

    def __enter__(self) -> SerialPortScanner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
