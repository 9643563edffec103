"""Fixture query latency over a real pseudo-terminal, and throughput with four slots in parallel.

Runs the fixture firmware (simulated hardware) under CPython and under MicroPython behind a pty,
drives it with the station's driver, and prints the round-trip median and p99 of a VOLT query and
the commands per second four slot threads achieve together.
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from station.drivers.fixture import FixtureClient  # noqa: E402
from station.sim.fixture_host import SimulatedFixture  # noqa: E402

QUERIES = 2000
PARALLEL_S = 3.0


def latency(fx: FixtureClient) -> tuple[float, float]:
    samples = []
    for _ in range(QUERIES):
        t0 = time.perf_counter()
        fx.voltage("3V3", 1)
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def parallel(fx: FixtureClient) -> float:
    counts = [0] * 4
    stop = time.perf_counter() + PARALLEL_S

    def worker(slot: int) -> None:
        n = 0
        while time.perf_counter() < stop:
            fx.voltage("3V3", slot)
            fx.current_ma(slot)
            n += 2
        counts[slot - 1] = n

    threads = [threading.Thread(target=worker, args=(s,)) for s in range(1, 5)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.perf_counter() - t0)


def main() -> None:
    results = {}
    for interpreter in ("cpython", "micropython"):
        with SimulatedFixture(slots=4, interpreter=interpreter) as sim, FixtureClient.open(sim.port) as fx:
            for slot in range(1, 5):
                fx.power(slot, True)
            med, p99 = latency(fx)
            rate = parallel(fx)
            results[interpreter] = (med, p99, rate)
            print(f"{interpreter:12s} query median {med:.3f} ms  p99 {p99:.3f} ms  "
                  f"4 slots in parallel {rate:.0f} commands/s  (retries {fx.stats['retries']})")
    for interpreter, (med, p99, rate) in results.items():
        tag = "" if interpreter == "cpython" else "_micropython"
        print(f"BENCH fixture_query_median{tag} {med:.3f} ms")
        print(f"BENCH fixture_query_p99{tag} {p99:.3f} ms")
        print(f"BENCH fixture_4slot_commands_per_s{tag} {rate:.0f} cmd/s")


if __name__ == "__main__":
    main()
