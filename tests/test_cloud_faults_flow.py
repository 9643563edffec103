"""Provisioning, enrollment and blessing ride through a cloud that fails a quarter of its calls,
loses a quarter of its answers after committing, and rate-limits in bursts — as blessing always did.

Good units (no built-in faults) must PASS (at least 95 %), the rest end ERROR naming the cloud as
the cause, and no device is ever blessed twice.
"""

from __future__ import annotations

import threading
from collections import Counter

from station.sim.world import SimulatedWorld, demo_serials
from station.testkit import Outcome

UNITS = 40


def test_good_units_pass_through_cloud_faults_and_none_is_blessed_twice() -> None:
    with SimulatedWorld(slots=4, population_faults=False, time_scale=0.005) as world:
        world.station.start(sync_interval_s=30.0)
        world.emulator.set_faults(error_rate=0.25, drop_rate=0.25, seed=7)
        stop = threading.Event()

        def bursts() -> None:  # 429 bursts cycling every 4 s
            while not stop.wait(4.0):
                world.emulator.set_faults(burst_429=6)

        burster = threading.Thread(target=bursts, daemon=True)
        burster.start()
        try:
            world.feed(UNITS, demo_serials(500), timeout_s=900)
        finally:
            stop.set()
            world.emulator.set_faults(error_rate=0.0, drop_rate=0.0, burst_429=0)
        results = world.station.results()
        blessings = world.emulator.db.all("SELECT device_id FROM blessings WHERE passed=1")
        counters = dict(world.emulator.injector.counters)
    outcomes = Counter(r.outcome for r in results)
    print(f"\n{UNITS} good units through cloud faults: {dict((o.value, n) for o, n in outcomes.items())}, "
          f"fault counters {counters}")
    assert len(results) == UNITS
    assert outcomes[Outcome.PASS] >= 0.95 * UNITS, (outcomes, [(r.serial, r.failure_code, r.failure_reason)
                                                               for r in results if r.outcome is not Outcome.PASS])
    for r in results:
        if r.outcome is not Outcome.PASS:
            assert r.outcome is Outcome.ERROR and r.failure_code and (
                "cloud" in (r.failure_code + (r.failure_reason or "")).lower()), (r.failure_code, r.failure_reason)
    blessed = Counter(b["device_id"] for b in blessings)
    assert max(blessed.values()) == 1, "a device blessed twice"
    assert set(blessed) == {r.device_id for r in results if r.outcome is Outcome.PASS}
    assert counters["errors"] > 0 and counters["dropped"] > 0 and counters["rate_limited"] > 0, counters
