"""A shift on the simulated factory: feed units, time them, and reconcile the station with the cloud.

The headless demo prints :class:`ShiftReport`; the tests and the station benchmark use it too.
:func:`reconcile` is the check a QA engineer would make at the end of a shift: every PASS blessed
exactly once with exactly one label job, no FAIL or ERROR blessed, and the station's records and
the cloud's blessings describing the same units.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field

from station.sim.world import SimulatedWorld


@dataclass(frozen=True, slots=True)
class ShiftReport:
    units: int
    slots: int
    seconds: float
    outcomes: dict[str, int]
    failures: dict[str, int]
    problems: list[str] = field(default_factory=list)

    @property
    def units_per_hour(self) -> float:
        return self.units / self.seconds * 3600.0 if self.seconds > 0 else 0.0

    @property
    def first_pass_yield(self) -> float:
        return self.outcomes.get("PASS", 0) / self.units if self.units else 0.0


def run_shift(world: SimulatedWorld, units: int, timeout_s: float = 3600.0) -> ShiftReport:
    """Start the station, feed ``units`` units, wait for the last, reconcile."""
    world.station.start(sync_interval_s=30.0)
    started = time.perf_counter()
    world.feed(units, timeout_s=timeout_s)
    seconds = time.perf_counter() - started
    results = world.station.results()
    outcomes = Counter(r.outcome.value if r.outcome else "ERROR" for r in results)
    failures = Counter(r.failure_code for r in results if r.failure_code)
    return ShiftReport(units=len(results), slots=world.slots, seconds=seconds, outcomes=dict(outcomes),
                       failures=dict(failures.most_common()), problems=reconcile(world))


def reconcile(world: SimulatedWorld) -> list[str]:
    """Differences between the station's database and the cloud emulator; empty when they agree."""
    problems: list[str] = []
    world.store.writer.flush()
    # This shift's runs only: a demo database keeps earlier shifts, whose cloud was another emulator.
    records = [world.store.load_record(result.run_id) for result in world.station.results()]
    blessings = world.emulator.db.all("SELECT device_id, passed, test_record FROM blessings")
    blessed = Counter(row["device_id"] for row in blessings if row["passed"])
    labels = world.printer.printed_zpl()
    blessed_runs = {json.loads(row["test_record"]).get("run_id") for row in blessings if row["passed"]}
    for record in records:
        outcome = record.outcome.value if record.outcome else "RUNNING"
        times = blessed.get(record.device_id or "", 0)
        jobs = len({job.job_id for job in record.label_jobs})
        printed = sum(1 for zpl in labels if record.serial.encode() in zpl)
        if outcome == "PASS":
            if times != 1:
                problems.append(f"{record.serial}: PASS but blessed {times} times in the cloud")
            if record.run_id not in blessed_runs:
                problems.append(f"{record.serial}: PASS but no cloud blessing names run {record.run_id}")
            if jobs != 1:
                problems.append(f"{record.serial}: PASS with {jobs} label jobs")
            if printed != 1:
                problems.append(f"{record.serial}: PASS and its label came out of the printer {printed} times")
        else:
            if record.run_id in blessed_runs:
                problems.append(f"{record.serial}: {outcome} yet the cloud blessed it")
            if jobs or printed:
                problems.append(f"{record.serial}: {outcome} yet {jobs} label job(s), {printed} printed")
    passed = {r.device_id for r in records if r.outcome and r.outcome.value == "PASS"}
    for device_id in blessed:
        if device_id not in passed:
            problems.append(f"the cloud blessed {device_id}, which no PASS run of this station names")
    return problems
