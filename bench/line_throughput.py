"""Units per hour of ``station line`` with fixture-LED and with screen provisioning, 1 and 4 slots,
at real BlinkUp timings (BlinkUp-JS framing at 60 Hz, about 15 s a flash), and the 4-slot/1-slot
ratio of each.

* **fixture-LED** is the real thing end to end: ``station sim factory`` (cloud emulator, fixture
  firmware with its LED DUTs, printer emulator: separate processes, real timing) and ``station
  line`` as a subprocess reading the factory's scanner pty; the factory's simulated operator feeds
  the units. Every slot has its own LED, so slots flash at once.
* **screen** is the station composed by the same ``compose_from_config`` in process, with the
  simulated screen (:class:`station.sim.optics.SimulatedOptics`: each slot's region at the
  display's 60 Hz, through the light-sensor model) — a real screen needs a window, which ``station
  line`` has not.

Units/hour = runs finished / (last finish − first start). The population includes faulty units (a
FAIL is quick), as a real line's does.

    .venv/bin/python bench/line_throughput.py [--units-per-slot 3]
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from station.sim.shift import run_shift
from station.sim.world import SimulatedWorld

ROOT = Path(__file__).resolve().parents[1]
MODE = "blinkup-js"


def units_per_hour(db: Path) -> tuple[float, int]:
    with sqlite3.connect(db) as conn:
        first, last, count = conn.execute(
            "SELECT min(started_at), max(finished_at), count(*) FROM runs WHERE outcome IS NOT NULL").fetchone()
    return (count / (last - first) * 3600.0 if count else 0.0), count


def finished(db: Path) -> int:
    try:
        return units_per_hour(db)[1] if db.exists() else 0
    except sqlite3.OperationalError:  # the station has not made its schema yet
        return 0


def fixture_led(slots: int, units: int) -> float:
    with tempfile.TemporaryDirectory(prefix="bench-line-") as tmp:
        folder = Path(tmp)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        factory = subprocess.Popen([sys.executable, "-m", "station.cli", "sim", "factory", "--dir", str(folder),
                                    "--slots", str(slots), "--feed", str(units), "--time-scale", "1"],
                                   cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
        line = None
        try:
            while not (folder / "ready").exists():
                if factory.poll() is not None:
                    raise SystemExit("the simulated factory did not start")
                time.sleep(0.1)
            config = folder / "line.toml"
            config.write_text(config.read_text().replace("[blinkup]\n", f'[blinkup]\nmode = "{MODE}"\n'))
            for entry in (folder / "line.env").read_text().splitlines():
                if "=" in entry:
                    key, value = entry.split("=", 1)
                    env[key] = value.strip().strip("'\"")
            line = subprocess.Popen([sys.executable, "-m", "station.cli", "line", "--config", str(config), "--plain"],
                                    cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
            deadline = time.monotonic() + 60 * units
            while finished(folder / "station.db") < units:
                if time.monotonic() > deadline or line.poll() is not None:
                    raise SystemExit("the line did not finish its units")
                time.sleep(0.5)
            return units_per_hour(folder / "station.db")[0]
        finally:
            for proc in (line, factory):
                if proc is not None and proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
                    proc.wait(60)


def screen(slots: int, units: int) -> float:
    with SimulatedWorld(slots=slots, time_scale=1.0, blinkup_mode=MODE) as world:
        report = run_shift(world, units)
    if report.problems:
        raise SystemExit(f"the screen line disagrees with the cloud: {report.problems}")
    return report.units_per_hour


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units-per-slot", type=int, default=3)
    args = parser.parse_args()
    n = args.units_per_slot
    results = {}
    for name, measure in (("fixture_led", fixture_led), ("screen", screen)):
        one, four = measure(1, n), measure(4, 4 * n)
        results[name] = (one, four)
        print(f"{name:<12} 1 slot {one:7.0f} units/h   4 slots {four:7.0f} units/h   ratio {four / one:.2f}x")
    for name, (one, four) in results.items():
        print(f"BENCH line_{name}_units_per_hour_1slot {one:.0f} units/h")
        print(f"BENCH line_{name}_units_per_hour_4slots {four:.0f} units/h")
        print(f"BENCH line_{name}_4slot_vs_1slot {four / one:.2f} x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
