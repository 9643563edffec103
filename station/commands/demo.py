"""``station demo``: the station on the built-in simulated factory, no hardware and no account needed.

Runs the example product's script on a stream of simulated units — the real fixture firmware on
a pseudo-terminal, a population with a realistic share of faulty units — records every run in a
demo database, and ends with the shift summary an operator sees.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from platformdirs import user_data_dir
from rich.console import Console

from station.commands._live import LiveView
from station.events import EventBus
from station.runner.loader import load_script
from station.runner.runner import AbortSignal, Runner, RunOptions
from station.sim.factory import SimulatedFactory
from station.store import Store
from station.store.database import APP_NAME
from station.testkit.limits import default_limits_path, load_limits

EXAMPLE_SCRIPT = Path(__file__).resolve().parents[2] / "dut_tests" / "imp_sensor" / "imp_sensor.py"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("demo", help="run the station on the built-in simulated factory")
    p.add_argument("--units", type=int, default=12, help="how many simulated units to test (default 12)")
    p.add_argument("--script", default=str(EXAMPLE_SCRIPT), help="script to run (default: the imp_sensor example)")
    p.add_argument("--db", help="database (default: demo.db in the user data folder, apart from real runs)")
    p.add_argument("--quiet", action="store_true", help="only the summary")
    p.set_defaults(func=demo_command)


def demo_database() -> str:
    folder = Path(user_data_dir(APP_NAME, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'demo.db'}"


def demo_command(args: argparse.Namespace) -> int:
    console = Console(stderr=False)
    loaded = load_script(args.script)
    limits = load_limits(default_limits_path(Path(args.script)), loaded.script)
    bus = EventBus(on_error=lambda sub, event, exc: print(f"station: live view: {exc}", file=sys.stderr))
    url = args.db or demo_database()
    outcomes: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    console.print(f"[bold]Factory Station demo[/] — simulated factory, {args.units} units, records in {url}")
    with SimulatedFactory(slots=1) as factory, Store.open(url) as store:
        runner = Runner(loaded, limits, factory.registry(), bus)
        bus.subscribe(store.writer, critical=True)
        if not args.quiet:
            bus.subscribe(LiveView(console))
        abort = AbortSignal()
        for n in range(1, args.units + 1):
            serial = f"DEMO{n:05d}"
            factory.insert_from_population(1, serial)
            record = runner.run(RunOptions(serial=serial, operator="demo", sim=True), abort)
            assert record.outcome is not None
            outcomes[record.outcome.value] += 1
            if record.failure_code:
                failures[record.failure_code] += 1
    total = sum(outcomes.values())
    console.rule("shift summary")
    console.print(
        f"{total} units: [green]{outcomes['PASS']} PASS[/], [red]{outcomes['FAIL']} FAIL[/], "
        f"[magenta]{outcomes['ERROR']} ERROR[/]  (first-pass yield {100 * outcomes['PASS'] / max(total, 1):.0f}%)"
    )
    for code, count in failures.most_common():
        console.print(f"  {count} × {code}")
    console.print(f"Browse the records: station runs list --db {url}")
    return 0
