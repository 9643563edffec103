"""Runner speed against OpenHTF, same shapes, same process, side by side.

Shapes: steps × measurements per step = 1000 × 1, 100 × 10, 10 × 100. Each step sets its
measurements to a value inside a range check. Ours persists every finished step to a SQLite file
(WAL) through the real store — its write-behind writer commits each step as it comes, sharing a
commit when steps arrive faster than commits, and the run waits for the last commit before it
returns (that wait is inside the timing); OpenHTF runs with no output callbacks at all.
Each side runs REPEAT times per shape; the best time counts (least disturbed by the machine).

    .venv/bin/python bench/runner_vs_openhtf.py
"""

from __future__ import annotations

import logging
import sys
import tempfile
import time
from pathlib import Path

REPEAT = 3
SHAPES = ((1000, 1), (100, 10), (10, 100))


def ours(steps: int, per_step: int, db_path: Path) -> float:
    from station.events import EventBus
    from station.runner.loader import LoadedScript
    from station.runner.plugs import PlugRegistry
    from station.runner.runner import Runner, RunOptions
    from station.store import Store
    from station.testkit import Outcome, Script, in_range, measurement
    from station.testkit.limits import Limits

    script = Script("bench", product="bench", version="1")
    names = [f"m{j}" for j in range(per_step)]

    def body(ctx) -> None:
        for name in names:
            ctx.measure(name, 5.0)

    for i in range(steps):
        script.step(body, name=f"step{i}", measurements=[measurement(n, "V", in_range(0, 10)) for n in names])

    with Store.open(f"sqlite:///{db_path}") as store:
        bus = EventBus()
        bus.subscribe(store.writer, critical=True)
        runner = Runner(LoadedScript(script, Path("bench.py"), "0" * 64), Limits({}, None, None, None),
                        PlugRegistry(), bus)
        start = time.perf_counter()
        record = runner.run(RunOptions(serial="BENCH", station="bench"))
        elapsed = time.perf_counter() - start
    assert record.outcome is Outcome.PASS and len(record.steps) == steps
    return elapsed


def openhtf_time(steps: int, per_step: int) -> float:
    import openhtf as htf

    names = [f"m{j}" for j in range(per_step)]

    def make_phase(i: int):
        def phase(test) -> None:
            for name in names:
                test.measurements[name] = 5.0

        phase.__name__ = f"step{i}"
        return htf.measures(*[htf.Measurement(n).in_range(0, 10).with_units("V") for n in names])(phase)

    test = htf.Test(*[make_phase(i) for i in range(steps)])
    start = time.perf_counter()
    passed = test.execute(test_start=lambda: "BENCH")
    elapsed = time.perf_counter() - start
    assert passed, "OpenHTF run did not pass"
    return elapsed


def main() -> int:
    logging.disable(logging.CRITICAL)  # OpenHTF logs every phase; console output is not what we time
    try:
        import openhtf  # noqa: F401
    except ImportError:
        print("openhtf is not installed: make setup installs the dev extras", file=sys.stderr)
        return 2
    print(f"{'shape':>10}  {'ours (SQLite, commit/step)':>28}  {'OpenHTF (no persistence)':>26}  {'speed-up':>8}")
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for steps, per_step in SHAPES:
            our_best = min(ours(steps, per_step, Path(folder) / f"b{steps}x{per_step}_{k}.db") for k in range(REPEAT))
            htf_best = min(openhtf_time(steps, per_step) for _ in range(REPEAT))
            ratio = htf_best / our_best
            results.append((steps, per_step, our_best, htf_best, ratio))
            print(f"{steps:>5}×{per_step:<4}  {our_best * 1000:>25.1f} ms  {htf_best * 1000:>23.1f} ms  "
                  f"{ratio:>7.1f}×")
    for steps, per_step, our_best, htf_best, ratio in results:
        print(f"BENCH runner_{steps}x{per_step}_ours_ms {our_best * 1000:.1f} ms")
        print(f"BENCH runner_{steps}x{per_step}_openhtf_ms {htf_best * 1000:.1f} ms")
        print(f"BENCH runner_{steps}x{per_step}_speedup_vs_openhtf {ratio:.1f} x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
