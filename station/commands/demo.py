"""``station demo``: the station on the built-in simulated factory, no hardware and no account needed.

The simulated factory is the real product on emulated peers: the cloud emulator on loopback, the
fixture firmware on a pseudo-terminal with a population of units built with a realistic mix of
faults, the BlinkUp optical link through the light-sensor model, a ZPL printer emulator on TCP.
With a screen, the operator window opens on it and a feed scans units by itself; ``--headless``
runs the same flow without a window and prints the shift report.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from rich.console import Console

from station.errors import InputError
from station.sim.shift import ShiftReport, run_shift
from station.sim.world import EXAMPLE_SCRIPT, SimulatedWorld
from station.store.database import default_url

ENDLESS_FEED = 1_000_000  # the window's feed goes on until the window is closed


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("demo", help="run the station on the built-in simulated factory")
    p.add_argument("--headless", action="store_true", help="no window: run the flow and print the shift report")
    p.add_argument("--units", type=int, default=None, help="units to feed (default: 24 headless, no end in a window)")
    p.add_argument("--slots", type=int, default=4, help="slots tested at once (default 4)")
    p.add_argument("--zone", choices=["test", "production"], default="test", help="the fixture group's zone")
    p.add_argument("--backend", choices=["impcentral", "particle", "libelium"], default="impcentral",
                   help="the device cloud the simulated line builds for (default impcentral)")
    p.add_argument("--speed", type=float, default=None,
                   help="how much faster than real time the simulated waits run (default 50 headless, 1 with a window)")
    p.add_argument("--db", help="database (default: the station database every command opens, $STATION_DB or "
                                "station.db in the user data folder; the demo's runs carry station 'sim-station')")
    p.add_argument("--cfx-broker", metavar="URL", help="publish IPC-CFX to this AMQP 1.0 broker (docs/cfx.md)")
    p.add_argument("--cfx-address", metavar="ADDRESS", help="AMQP 1.0 target address, e.g. /amq/queue/mes")
    p.add_argument("--cfx-handle", default="factory.sim.station", help="the station's CFX handle")
    p.add_argument("--script", action="append", default=[], metavar="PATH",
                   help="DUT script to run (repeatable: a mixed line, slot N runs the ((N-1) mod count)-th "
                        "script; default: the imp-sensor). Each needs its sim_dut.toml beside it")
    p.set_defaults(func=demo_command)


def has_display() -> bool:
    """A screen to open the window on (an offscreen Qt platform, as in the tests, is none)."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform in ("offscreen", "minimal"):
        return False
    return bool(platform or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def demo_command(args: argparse.Namespace) -> int:
    if args.units is not None and args.units < 1:
        raise InputError("--units must be at least 1")
    if not 1 <= args.slots <= 16:
        raise InputError("--slots must be 1 to 16")
    headless = args.headless or not has_display()
    speed = args.speed or (50.0 if headless else 1.0)
    if speed <= 0:
        raise InputError("--speed must be positive")
    console = Console()
    if not args.headless and headless:
        console.print("[yellow]No screen found: running the demo headless (--headless).[/]")
    scripts = [Path(p) for p in args.script] or [EXAMPLE_SCRIPT]
    world = SimulatedWorld(slots=args.slots, zone=args.zone, db_url=args.db or default_url(),
                           time_scale=1.0 / speed, backend=args.backend, script=list(scripts))
    with world:
        cfx = _attach_cfx(args, world)
        if not headless:
            from station.ui.app import run_operator_window  # Qt only when there is a window to show

            return run_operator_window(world.station, world=world, feed=args.units or ENDLESS_FEED)
        units = args.units or 24
        console.print(f"[bold]Factory Station demo[/] — simulated factory, {units} units on {args.slots} slot(s), "
                      f"{args.zone} zone, {args.backend} cloud, simulated waits ×{speed:g}")
        if len(scripts) > 1:
            line = ", ".join(f"slot {slot} {product}" for slot, product in world.products.items())
            console.print(f"mixed line: {line}")
        report = run_shift(world, units)
        if cfx is not None:
            cfx.close(drain_s=30.0)
            left = cfx.queue.pending()
            console.print(f"CFX: {cfx.publisher.sent_total} message(s) sent to {cfx.settings.broker.display()} "
                          f"{cfx.settings.broker.address}" + (f", {left} still queued" if left else ""))
    print_report(console, report)
    return 0 if not report.problems else 2


def _attach_cfx(args: argparse.Namespace, world: SimulatedWorld):  # -> CfxEndpoint | None
    """``--cfx-broker``/``--cfx-address``: the simulated station is a CFX endpoint too (same rules as [cfx])."""
    if not args.cfx_broker and not args.cfx_address:
        return None
    if not (args.cfx_broker and args.cfx_address):
        raise InputError("--cfx-broker and --cfx-address go together")
    from pydantic import ValidationError

    from station.cfx import CfxSettings, attach_cfx
    from station.config import CfxSection

    try:
        section = CfxSection(handle=args.cfx_handle, broker=args.cfx_broker, address=args.cfx_address)
    except ValidationError as exc:
        raise InputError(f"--cfx-broker {args.cfx_broker}: {exc.errors()[0]['msg'].removeprefix('Value error, ')}"
                         ) from None
    return attach_cfx(world.station.bus, world.store, CfxSettings.from_config(section))


def print_report(console: Console, report: ShiftReport) -> None:
    console.rule("shift report")
    o = report.outcomes
    console.print(
        f"{report.units} units in {report.seconds:.1f} s on {report.slots} slot(s): "
        f"[bold]{report.units_per_hour:,.0f} units/hour[/] (simulated waits sped up)"
    )
    console.print(
        f"[green]{o.get('PASS', 0)} PASS[/]  [red]{o.get('FAIL', 0)} FAIL[/]  "
        f"[magenta]{o.get('ERROR', 0)} ERROR[/]  [yellow]{o.get('ABORTED', 0)} ABORTED[/]   "
        f"first-pass yield {100 * report.first_pass_yield:.1f}%"
    )
    if report.failures:
        console.print("failures by code:")
        for code, count in report.failures.items():
            console.print(f"  {count:>4} × {code}")
    if report.problems:
        console.print("[bold red]the station's records and the cloud disagree:[/]")
        for problem in report.problems:
            console.print(f"  {problem}")
    else:
        console.print("station records, the cloud and printed labels agree: every PASS blessed once (Particle: "
                      "imported and locked once; Libelium: registered with one activation code) and labelled once, "
                      "nothing else.")
