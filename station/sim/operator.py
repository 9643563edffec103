"""The simulated factory's operator: a USB-CDC scanner on a pty and a conveyor into the fixture.

The station cannot tell the fixture which serial it scanned, exactly as on a real line. So the
operator does what a person does: to scan unit X it puts X on the conveyor (the fixture simulator's
placement queue, ``QUEUE``), waits until the fixture confirms it (``QUEUED``: the station's POWER ON
may reach the fixture sooner than our control), then types ``X\r\n`` on the scanner. The next POWER
ON of an unpowered slot takes X (``PLACED``), and only then is the next unit scanned, so the slot
assignment is deterministic. Every placement is appended to units.jsonl with how the unit was built.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from station.errors import InputError
from station.sim.dut_model import DutModel
from station.sim.population import unit_fault

BADGE = "OP-SIM"
#: A slot whose unit was switched off once and then left alone this long is free (a run that ended
#: before its test; a full run switches the slot off twice: test teardown, then the station).
FREE_AFTER_ONE_OFF_S = 3.0
#: After a run's last switch-off the station still closes the run's record before the slot takes a scan.
SETTLE_AFTER_OFF_S = 0.3
#: The station took the scan but no slot powered the unit: it was refused (no free slot): scan again.
RESCAN_S = 1.0
#: How long the fixture simulator may take to confirm a unit is on its conveyor (QUEUED).
QUEUE_ACK_S = 10.0
#: After the station opened the scanner port: time for its set-up (pyserial flushes input on open).
SCANNER_SETTLE_S = 0.5


@dataclass
class SlotWatch:
    """What the operator sees of one slot: whose unit sits there and how often it was switched off."""

    serial: str | None = None
    busy: bool = False
    offs: int = 0
    last_power_at: float = 0.0


@dataclass
class Operator:
    """The simulated operator: a scanner on a pty and a conveyor feeding the fixture's slots."""

    scanner_fd: int
    control: Callable[[str], None]
    units_log: Path
    slots: int
    say: Callable[[str], None] = print
    placed: dict[str, threading.Event] = field(default_factory=dict)
    queued: dict[str, threading.Event] = field(default_factory=dict)
    watch: dict[int, SlotWatch] = field(default_factory=dict)
    stop_feed: threading.Event = field(default_factory=threading.Event)
    #: The line's products' simulated DUT models, the first is the line's own script's product
    #: (None: the imp-sensor's). A unit is built with a fault its model's population draws.
    models: list[DutModel] | None = None
    #: Called with a serial before its unit goes on the conveyor: the world makes the unit exist where
    #: it must (a Particle device is known to Particle's cloud before any station sees it).
    unit_made: Callable[[str], None] | None = None

    def __post_init__(self) -> None:
        self._lock = threading.Condition()
        self.watch = {s: SlotWatch() for s in range(1, self.slots + 1)}
        self._scan_lock = threading.Lock()

    # -- what the fixture reports --------------------------------------------------------------
    def on_report(self, line: str) -> None:
        parts = line.split()
        if not parts:
            return
        now = time.monotonic()
        with self._lock:
            if parts[0] == "PLACED" and len(parts) >= 6:
                slot, serial, mac, device_id, faults = int(parts[1]), parts[2], parts[3], parts[4], parts[5]
                product = parts[6] if len(parts) >= 7 else None
                self.watch[slot] = SlotWatch(serial=serial, busy=True, last_power_at=now)
                model = self.model_of(product)
                fault = unit_fault(serial, model)
                if fault is not None and fault.spec.replace("slot{slot}:", "") != faults:
                    fault = None  # built for another product of a mixed line: its fault is not this one's
                with open(self.units_log, "a") as f:
                    f.write(json.dumps({
                        "time": time.time(), "slot": slot, "serial": serial, "device_id": device_id, "mac": mac,
                        "faults": "" if faults == "-" else faults, "fault": fault.name if fault else None,
                        "dead_led": bool(fault and fault.dead_led), "product": product,
                    }) + "\n")
                event = self.placed.get(serial)
                if event is not None:
                    event.set()
            elif parts[0] == "QUEUED" and len(parts) >= 2:
                event = self.queued.get(parts[1])
                if event is not None:
                    event.set()
            elif parts[0] == "POWER" and len(parts) == 3:
                w = self.watch[int(parts[1])]
                w.last_power_at = now
                if parts[2] == "OFF" and w.busy:
                    w.offs += 1
            self._lock.notify_all()

    def model_of(self, product: str | None) -> DutModel | None:
        """The model of ``product`` (None or unknown: the line's first product's)."""
        models = self.models or []
        return next((m for m in models if m.product == product), models[0] if models else None)

    def free_slots(self) -> int:
        now = time.monotonic()
        with self._lock:
            for w in self.watch.values():
                quiet = now - w.last_power_at
                if w.busy and ((w.offs >= 2 and quiet >= SETTLE_AFTER_OFF_S)
                               or (w.offs == 1 and quiet >= FREE_AFTER_ONE_OFF_S)):
                    w.busy = False
            return sum(not w.busy for w in self.watch.values())

    # -- scanning ------------------------------------------------------------------------------
    def type_code(self, code: str) -> None:
        """The scanner sends the code and CR LF, as a USB-CDC scanner does."""
        os.write(self.scanner_fd, code.encode() + b"\r\n")

    def badge(self, name: str) -> None:
        self.type_code(name)
        self.say(f"badge {name}")

    def scan(self, serial: str, *, wait: bool = True, stop: threading.Event | None = None) -> bool:
        """Queue ``serial`` for placement, scan it, and (``wait``) rescan until a slot took it."""
        if not re.fullmatch(r"[\x21-\x7e]{1,64}", serial):
            raise InputError(f"scan: {serial!r} is not a printable code of 1-64 characters")
        with self._scan_lock:  # one unit at a time: the assignment stays deterministic
            fault = unit_fault(serial, self.model_of(None))
            faults = fault.spec.replace("slot{slot}:", "") if fault and fault.spec else ""
            if self.unit_made is not None:
                try:
                    self.unit_made(serial)
                except Exception as exc:  # noqa: BLE001 - the operator says why and scans nothing
                    self.say(f"error: unit {serial} could not be made: {exc}")
                    return False
            event = self.placed.setdefault(serial, threading.Event())
            event.clear()
            on_conveyor = self.queued.setdefault(serial, threading.Event())
            on_conveyor.clear()
            self.control(f"QUEUE {serial} {faults or '-'}")
            # The unit must be on the conveyor before the station hears the scan: the station's POWER ON
            # may reach the fixture sooner than our control does.
            if not on_conveyor.wait(QUEUE_ACK_S):
                self.say(f"error: the fixture simulator did not put {serial} on its conveyor in {QUEUE_ACK_S:g} s")
                return False
            self.type_code(serial)
            self.say(f"scan {serial}")
            while wait and not event.wait(RESCAN_S):
                if stop is not None and stop.is_set():
                    return False
                self.type_code(serial)  # nothing happened: the station refused it (busy); scan again
                self.say(f"rescan {serial}")
            return event.is_set()

    def wait_for_station(self, device: str, stop: threading.Event) -> bool:
        """Wait until another process has the scanner open (the station is up): pyserial flushes a
        port's input when it opens it, so a code scanned earlier would be lost."""
        while not stop.is_set():
            if opened_elsewhere(device):
                time.sleep(SCANNER_SETTLE_S)  # let the opener finish its set-up (and its flush)
                return True
            time.sleep(0.2)
        return False

    def feed(self, count: int, stop: threading.Event, device: str) -> None:
        """Once the station reads the scanner: the badge, then DEMO00001.., one whenever a slot is free."""
        if not self.wait_for_station(device, stop):
            return
        self.badge(BADGE)
        for n in range(1, count + 1):
            while self.free_slots() == 0:
                if stop.is_set() or self.stop_feed.is_set():
                    return
                time.sleep(0.05)
            if stop.is_set() or self.stop_feed.is_set():
                return
            serial = f"DEMO{n:05d}"
            if not self.scan(serial, stop=stop):
                return
        self.say(f"fed {count} units")


def opened_elsewhere(device: str) -> bool:
    """Whether a process other than this one has ``device`` open (Linux /proc)."""
    me = str(os.getpid())
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or pid == me:
            continue
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            with contextlib.suppress(OSError):
                if os.readlink(f"/proc/{pid}/fd/{fd}") == device:
                    return True
    return False
