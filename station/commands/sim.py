"""``station sim factory``: the simulated peers of a real line as separate processes.

``station sim factory --dir DIR`` starts the cloud emulator, the fixture simulator (DUTs under
per-slot BlinkUp LEDs) and the printer emulator as their own processes, writes DIR/line.toml and
DIR/line.env, prints ``ready DIR/line.toml`` and runs until SIGTERM/SIGINT. A simulated operator
scans units on a scanner pty (``--feed N``, or ``scan SERIAL`` / ``badge NAME`` / ``stop-feed`` on
stdin). See docs/simulated-factory.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("sim", help="the simulated factory: peers of a real line as separate processes")
    sub = parser.add_subparsers(dest="sim_command", metavar="ACTION")
    sub.required = True
    fac = sub.add_parser(
        "factory", help="run cloud emulator, fixture simulator and printer emulator; write DIR/line.toml",
        description="Start the simulated peers as separate processes, write DIR/line.toml (a real-line config), "
        "DIR/line.env (its secrets, mode 0600), DIR/peers.json and DIR/units.jsonl, print 'ready DIR/line.toml' "
        "and run until SIGTERM/SIGINT. Operator commands on stdin: scan SERIAL, badge NAME, stop-feed.",
    )
    fac.add_argument("--dir", required=True, type=Path, metavar="DIR", help="folder for the files and peer logs")
    fac.add_argument("--slots", type=int, default=4, help="fixture slots (1-16, default 4)")
    fac.add_argument("--zone", choices=("test", "production"), default="test", help="the demo fixture group's zone")
    fac.add_argument("--faults", default="", metavar="SPEC",
                     help="fixture-simulator faults at start (station fixture sim --help), e.g. slot2:brownout")
    fac.add_argument("--interpreter", choices=("cpython", "micropython"), default="cpython",
                     help="run the fixture firmware under CPython or the MicroPython unix port")
    fac.add_argument("--time-scale", type=float, default=1.0, metavar="X",
                     help="BlinkUp flashes take X times their real duration (tests; default 1: real timing)")
    fac.add_argument("--feed", type=int, default=0, metavar="N",
                     help="the operator scans N units DEMO00001.., one whenever a slot is free (badge OP-SIM first)")
    fac.add_argument("--backend", choices=("impcentral", "particle", "libelium"), default="impcentral",
                     help="the device cloud the line builds for; its emulator is the cloud peer (default impcentral)")
    fac.add_argument("--seed", type=int, default=1, help="seed of the fixture simulator's own units and noise")
    fac.add_argument("--script", action="append", default=[], type=Path, metavar="PATH",
                     help="DUT script of the line (repeatable: a mixed line, slot N runs the ((N-1) mod count)-th; "
                          "default: the imp-sensor); the fixture simulator's DUTs are their products' sim_dut.toml")
    fac.set_defaults(func=run_factory)


def run_factory(args: argparse.Namespace) -> int:
    from station.sim.line_peers import FactoryOptions, run

    options = FactoryOptions(folder=args.dir, slots=args.slots, zone=args.zone, faults=args.faults,
                             interpreter=args.interpreter, time_scale=args.time_scale, feed=args.feed, seed=args.seed,
                             backend=args.backend)
    if args.script:
        options.scripts = list(args.script)
    return run(options, stdin=sys.stdin)
