"""Station throughput on the simulated factory: units per hour with 1 slot and with 4, and the
station's own overhead per unit.

"Default demo timings" are the operator-window demo's: simulated waits at real time (the BlinkUp
flash of a typical payload takes its 4 s at 60 Hz in fast mode). The overhead per unit is
everything the station adds — provisioning logic, cloud calls, enrollment polling, recording,
blessing, labelling — i.e. the run's wall time minus the DUT test steps and the simulated display
and DUT (the flash, the sensor model decoding it, the unit reporting in). The simulated DUT's
boot time on the fixture (20 ms) still counts as overhead here.

    .venv/bin/python bench/station_throughput.py [--speed 1] [--units-per-slot 8]
"""

from __future__ import annotations

import argparse
import sys

from station.sim.shift import run_shift
from station.sim.world import SimulatedWorld


def measure(slots: int, units: int, speed: float) -> tuple[float, float, int]:
    """(units/hour, overhead ms per unit, problems) for one shift."""
    with SimulatedWorld(slots=slots, time_scale=1.0 / speed) as world:
        report = run_shift(world, units)
        records = world.station.results()
        wall = sum((r.finished_at or r.started_at) - r.started_at for r in records)
        steps = sum(s.duration_s for r in records for s in r.steps)
        overhead_ms = (wall - steps - world.optics.waited_s) / len(records) * 1000.0
    return report.units_per_hour, overhead_ms, len(report.problems)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--speed", type=float, default=1.0, help="simulated waits faster than real time (default 1)")
    parser.add_argument("--units-per-slot", type=int, default=8)
    args = parser.parse_args()
    one_uph, one_overhead, p1 = measure(1, args.units_per_slot, args.speed)
    four_uph, four_overhead, p4 = measure(4, 4 * args.units_per_slot, args.speed)
    ratio = four_uph / one_uph
    print(f"1 slot : {one_uph:8.0f} units/hour   station overhead {one_overhead:6.1f} ms/unit   problems {p1}")
    print(f"4 slots: {four_uph:8.0f} units/hour   station overhead {four_overhead:6.1f} ms/unit   problems {p4}")
    print(f"4 slots give {ratio:.2f}x the throughput of 1 (simulated waits x{args.speed:g})")
    print(f"BENCH station_units_per_hour_1slot {one_uph:.0f} units/h")
    print(f"BENCH station_units_per_hour_4slots {four_uph:.0f} units/h")
    print(f"BENCH station_4slot_speedup {ratio:.2f} x")
    print(f"BENCH station_overhead_per_unit_1slot {one_overhead:.1f} ms")
    print(f"BENCH station_overhead_per_unit_4slots {four_overhead:.1f} ms")
    return 0 if p1 == p4 == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
