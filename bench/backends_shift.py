"""Throughput of the simulated line on each cloud backend (40 units, 4 slots, waits ×50), reconciled.

Run standalone: ``python bench/backends_shift.py``. The same flow and DUT script on impCentral
(BlinkUp + bless), Particle (import + lock + verify) and Libelium (register with an activation code);
a run whose records and cloud disagree fails the benchmark instead of printing a figure. The ratio
compares each other cloud with impCentral measured in the same run (BlinkUp costs impCentral time the
others do not spend; their cloud calls cost them time impCentral's single bless does not).
"""

from __future__ import annotations

import sys

from station.sim.shift import run_shift
from station.sim.world import SimulatedWorld

UNITS, SLOTS = 40, 4


def main() -> int:
    rates: dict[str, float] = {}
    for backend in ("impcentral", "particle", "libelium"):
        with SimulatedWorld(slots=SLOTS, backend=backend, time_scale=1 / 50) as world:
            report = run_shift(world, UNITS, timeout_s=900)
        if report.problems:
            print(f"{backend}: the station and the cloud disagree: {report.problems[:3]}", file=sys.stderr)
            return 1
        print(f"{backend}: {report.units} units, {report.outcomes}, {report.seconds:.1f} s")
        print(f"BENCH shift_units_per_hour_{backend} {report.units_per_hour:.0f} units/h")
        rates[backend] = report.units_per_hour
    for backend in ("particle", "libelium"):  # the peer: the same line on impCentral, measured in this run
        print(f"BENCH shift_{backend}_vs_impcentral {rates[backend] / rates['impcentral']:.2f} x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
