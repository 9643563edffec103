"""The simulated DUT population: which units come down the line with which faults.

Each product's model (``sim_dut.toml``, :mod:`station.sim.dut_model`) names its faults and the rate
the population draws them at; this module turns a serial number into the unit built from it.
Deterministic by serial number, so a demo, a test and a bug report all see the same unit behave
the same way. The imp-sensor's mix is what a real line sees most: a weak regulator now and then, a
unit whose self-test fails, one whose console never answers, one whose status LED stays dark.
"""

from __future__ import annotations

from dataclasses import dataclass

from station.sim.dut_model import DutModel, example_model


@dataclass(frozen=True, slots=True)
class UnitFault:
    name: str  # the fault's title, e.g. "weak 3V3 regulator"
    spec: str  # fixture-simulator fault spec for the unit's slot, with {slot} for the slot number
    share: int  # one unit in `share` has it
    dead_led: bool = False  # the status LED never lights (only a camera sees it; the simulator's dead_led fault)
    key: str = ""  # the fault's name in the model, e.g. "weak_3v3"


def unit_fault(serial: str, model: DutModel | None = None) -> UnitFault | None:
    """The fault this unit of ``model``'s product (default: the imp-sensor) was built with, if any."""
    fault = (model or example_model()).unit_fault(serial)
    if fault is None:
        return None
    return UnitFault(fault.title, f"slot{{slot}}:{fault.name}", fault.one_in, fault.dead_led, fault.name)


def fault_spec(serial: str, slot: int, model: DutModel | None = None) -> str:
    fault = unit_fault(serial, model)
    return "" if fault is None else fault.spec.format(slot=slot)
