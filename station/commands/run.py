"""``station run SCRIPT --serial SN``: run a DUT test script headless and record it."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console

from station.commands._common import add_db_option, print_json
from station.commands._live import LiveView
from station.errors import InputError
from station.events import EventBus
from station.identifiers import clean_identifier
from station.runner.loader import load_script
from station.runner.plugs import PlugRegistry
from station.runner.prompts import ConsoleResponder, ScriptedResponder
from station.runner.runner import AbortSignal, Runner, RunOptions
from station.store import Store
from station.testkit.checks import Outcome
from station.testkit.limits import default_limits_path, load_limits

EXIT_BY_OUTCOME = {Outcome.PASS: 0, Outcome.FAIL: 1, Outcome.ERROR: 2, Outcome.ABORTED: 2}


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("run", help="run a DUT test script headless (exit 0 pass, 1 fail, 2 error)")
    p.add_argument("script", help="the script file, e.g. dut_tests/imp_sensor/imp_sensor.py")
    p.add_argument("--serial", required=True, help="the DUT's serial number")
    p.add_argument("--limits", help="limits TOML (default: <script>.limits.toml or limits.toml beside it)")
    p.add_argument("--variant", help="product variant (SKU) whose limit overrides apply")
    p.add_argument("--sim", action="store_true",
                   help="run on the simulated factory (the fixture firmware on a pseudo-terminal)")
    p.add_argument("--sim-faults", default="", metavar="SPEC",
                   help="with --sim: faults of the simulated unit, e.g. slot1:rail_3v3=3.1 (docs/fixture-protocol.md)")
    p.add_argument("--fixture", metavar="PORT",
                   help="the fixture's serial port: /dev/ttyACM0, hwgrep://VID:PID, usb://VID:PID?serial=SN, socket://…")
    p.add_argument("--slot", type=int, default=1, help="fixture slot (default 1)")
    p.add_argument("--operator", default="", help="operator badge or name")
    p.add_argument("--station", help="station name (default: host name)")
    p.add_argument("--answer", action="append", default=[], metavar="KEY=VALUE",
                   help="answer a prompt headless (repeatable), e.g. --answer led_is_green=pass")
    p.add_argument("--step", action="append", default=[], metavar="NAME",
                   help="run only this step (repeatable; teardown still runs): an engineer's single-step run")
    p.add_argument("--strict", action="store_true",
                   help="refuse a script with any measurement that has no limit (no limit: any value passes)")
    p.add_argument("--json", action="store_true", help="print the run record as JSON on stdout")
    p.add_argument("--quiet", action="store_true", help="no live view")
    add_db_option(p)
    p.set_defaults(func=run_command)


def parse_answers(items: list[str]) -> dict[str, str | list[str]]:
    answers: dict[str, str | list[str]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise InputError(f"--answer wants KEY=VALUE, got {item!r}")
        existing = answers.get(key)
        if existing is None:
            answers[key] = value
        else:
            answers[key] = [*(existing if isinstance(existing, list) else [existing]), value]
    return answers


@contextlib.contextmanager
def station_plugs(args: argparse.Namespace, product: str = "") -> Iterator[PlugRegistry]:
    """The plugs this run gets: the simulated factory (--sim), a real fixture (--fixture), or none."""
    if args.sim and args.fixture:
        raise InputError("--sim and --fixture exclude each other")
    if args.sim_faults and not args.sim:
        raise InputError("--sim-faults needs --sim")
    if args.sim:
        from station.sim.dut_model import model_for_script
        from station.sim.factory import SimulatedFactory

        model = model_for_script(args.script, product)  # the simulated DUT of the script's product
        args.sim_answers = model.operator_answers  # the simulated operator answers what --answer does not
        with SimulatedFactory(slots=args.slot, models=[model]) as factory:
            factory.insert_unit(args.slot, args.serial, args.sim_faults, product=model.product)
            yield factory.registry()
        return
    if args.fixture:
        from station.drivers.fixture import FixtureClient
        from station.drivers.fixture_plugs import fixture_plugs

        with FixtureClient.open(args.fixture) as client:
            yield PlugRegistry(fixture_plugs(client))
        return
    yield PlugRegistry()


def run_command(args: argparse.Namespace) -> int:
    args.serial = clean_identifier(args.serial, "serial")
    if args.operator.strip():
        args.operator = clean_identifier(args.operator, "operator")
    script_path = Path(args.script)
    loaded = load_script(script_path)
    limits_path = Path(args.limits) if args.limits else default_limits_path(script_path)
    limits = load_limits(limits_path, loaded.script, args.variant)
    known = [s.name for s in loaded.script.steps]
    for name in args.step:
        if name not in known:
            raise InputError(f"{args.script}: no step {name!r} (steps: {', '.join(known)})")
    answers = parse_answers(args.answer)
    bus = EventBus(on_error=lambda sub, event, exc: print(f"station: live view: {exc}", file=sys.stderr))
    with station_plugs(args, loaded.script.product) as registry:
        responder = ConsoleResponder(ScriptedResponder({**getattr(args, "sim_answers", {}), **answers}))
        runner = Runner(loaded, limits, registry, bus, responder=responder,  # checks plugs before any I/O
                        strict=args.strict)
        if runner.unlimited and not args.quiet:
            print(f"station: warning: {len(runner.unlimited)} measurement(s) have no limit (any value passes): "
                  f"{', '.join(runner.unlimited)}", file=sys.stderr)
        store = Store.open(args.db)
        try:
            bus.subscribe(store.writer, critical=True)
            if not args.quiet:
                bus.subscribe(LiveView(Console(stderr=args.json)))
            abort = AbortSignal()
            previous = signal.signal(signal.SIGINT, lambda *_: abort.set("interrupted (Ctrl-C)"))
            try:
                options = RunOptions(serial=args.serial, slot=args.slot, operator=args.operator,
                                     sim=args.sim, only_steps=tuple(args.step))
                if args.station:
                    options.station = args.station
                record = runner.run(options, abort)
            finally:
                signal.signal(signal.SIGINT, previous)
        finally:
            store.close()
    if args.json:
        print_json(record.to_dict())
    assert record.outcome is not None
    return EXIT_BY_OUTCOME[record.outcome]
