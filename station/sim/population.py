"""The simulated DUT population: which units come down the line with which faults.

Deterministic by serial number, so a demo, a test and a bug report all see the same unit behave
the same way. The mix is what a real line sees most: a weak regulator now and then, a unit whose
self-test fails, one whose console never answers, one whose status LED stays dark.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class UnitFault:
    name: str
    spec: str  # fixture-simulator fault spec for the unit's slot, with {slot} for the slot number
    share: int  # one unit in `share` has it
    dead_led: bool = False  # the status LED never lights (only a camera sees it; the simulator's dead_led fault)


FAULTS = (
    UnitFault("weak 3V3 regulator", "slot{slot}:rail_3v3=3.12", 12),
    UnitFault("self-test failure", "slot{slot}:dut_selftest_fail", 25),
    UnitFault("silent console", "slot{slot}:uart_silent", 40),
    UnitFault("dead status LED", "slot{slot}:dead_led", 50, dead_led=True),
)


def unit_fault(serial: str) -> UnitFault | None:
    """The fault this unit was built with, if any."""
    h = zlib.crc32(serial.encode())
    for index, fault in enumerate(FAULTS):
        if (h >> (index * 8)) % fault.share == 0:
            return fault
    return None


def fault_spec(serial: str, slot: int) -> str:
    fault = unit_fault(serial)
    return "" if fault is None else fault.spec.format(slot=slot)
