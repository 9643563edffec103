"""``station fixture sim|console``: the simulated fixture on a pty, and a console to any fixture.

``station fixture sim --link fx.port`` serves the real fixture firmware (simulated hardware) until
stopped; ``python -m serial.tools.miniterm fx.port`` or ``station fixture console fx.port`` talk to it.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from station.commands._common import print_json
from station.errors import InputError, StationError

if TYPE_CHECKING:
    from station.sim.fixture_host import SimulatedFixture


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("fixture", help="serial test fixture: simulator and console")
    sub = parser.add_subparsers(dest="fixture_command", metavar="ACTION")
    sub.required = True

    sim = sub.add_parser(
        "sim",
        help="run the fixture firmware with simulated hardware behind a pseudo-terminal",
        description="Serve a simulated fixture until Ctrl-C. Fault SPEC: comma-separated slotN:name[=value] "
        "or fixture:name[=value]; slot faults rail_vbus|rail_3v3|rail_1v8=V, uart_silent, brownout, "
        "flaky=P, overcurrent[=mA], dead_led, and the named faults of the DUT model (the imp-sensor's: weak_3v3, "
        "dut_selftest_fail, silent_console, dead_led); fixture faults selftest_fail, vref=V, vsupply=V. "
        "Example: slot2:rail_3v3=2.9,slot3:uart_silent,slot1:brownout,slot4:flaky=0.2",
    )
    sim.add_argument("--model", action="append", default=[], metavar="SIM_DUT_TOML",
                     help="the slots' simulated DUT: a product's sim_dut.toml (repeatable; the first is in every "
                          "slot, SIM DUT <slot> <serial> <product> swaps; default: the imp-sensor)")
    sim.add_argument("--slots", type=int, default=4, help="DUT slots (1-16, default 4)")
    sim.add_argument("--faults", default="", metavar="SPEC", help="faults to inject (see above)")
    sim.add_argument("--link", metavar="PATH", help="make PATH a symlink to the pty (kept across restarts)")
    sim.add_argument("--interpreter", choices=("cpython", "micropython"), default="cpython",
                     help="run the firmware under CPython or the MicroPython unix port")
    sim.add_argument("--seed", type=int, default=1, help="seed of the simulated DUT identities and noise")
    sim.add_argument("--json", action="store_true", help="print the port and DUT identities as JSON")
    sim.add_argument("--cloud", metavar="URL",
                     help="cloud API base URL (with /v5): the simulated DUTs enroll there after a fixture-LED BlinkUp")
    sim.add_argument("--time-scale", type=float, default=1.0, metavar="X",
                     help="BlinkUp flashes take X times their real duration (0 < X <= 1; the light keeps its rate)")
    sim.add_argument("--world", action="store_true",
                     help="for the simulated factory: simulator controls on stdin (one per line, e.g. 'QUEUE "
                          "DEMO00001 -'; end of input stops the simulator), world reports on stdout")
    sim.set_defaults(func=run_sim)

    con = sub.add_parser("console", help="talk to a fixture: type commands, see replies and events")
    con.add_argument("port", help="device path or pyserial URL (socket://, rfc2217://, hwgrep://, usb://VID:PID)")
    con.add_argument("-c", "--command", action="append", default=[], metavar="CMD",
                     help="run CMD (e.g. 'VOLT 3V3 1') and exit; repeatable")
    con.add_argument("--timeout", type=float, default=2.0, help="seconds to wait for each reply")
    con.add_argument("--json", action="store_true", help="with -c: print replies as JSON")
    con.set_defaults(func=run_console)


def run_sim(args: argparse.Namespace) -> int:
    from station.sim.dut_model import load_dut_model
    from station.sim.fixture_host import SimulatedFixture, dut_identity

    models = [load_dut_model(path) for path in args.model] or None
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    say = _world_printer() if args.world else None
    try:
        with SimulatedFixture(
            slots=args.slots, faults=args.faults, interpreter=args.interpreter, seed=args.seed, link=args.link,
            cloud_url=args.cloud, time_scale=args.time_scale, on_report=say, die_with_parent=args.world,
            models=models,
        ) as sim:
            if say is not None:
                sim.led_duts.on_outcome = lambda o: say(f"DUT {o.slot} {o.mac} {o.result} {o.detail}".rstrip())
                say(f"PORT {sim.port} {sim.device}")
                threading.Thread(target=_controls_from_stdin, args=(sim, stop, say), daemon=True).start()
            duts = [
                {"slot": s, "mac": mac, "device_id": dev}
                for s in range(1, args.slots + 1)
                for mac, dev in [dut_identity(args.seed, s, sim.models[0])]
            ]
            if args.json:
                print_json({"port": sim.port, "device": sim.device, "slots": args.slots,
                            "interpreter": args.interpreter, "faults": args.faults, "duts": duts})
            elif not args.world:
                print(sim.port)
                print(f"simulated fixture: {args.slots} slots, firmware under {args.interpreter}, pty {sim.device}",
                      file=sys.stderr)
                print(f"try: python -m serial.tools.miniterm --echo {sim.port}   then type: 1 IDN", file=sys.stderr)
                print("stop with Ctrl-C", file=sys.stderr)
            sys.stdout.flush()
            try:
                while not stop.wait(0.5):
                    if not sim.running:
                        raise StationError("the simulated fixture stopped: " + " | ".join(sim.log()[-5:]))
            except KeyboardInterrupt:
                pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0


def _world_printer() -> Callable[[str], None]:
    """``say(line)``: one world report per stdout line (FLASH reports are summarised: they carry
    every symbol), thread-safe, flushed at once for the simulated factory reading them."""
    lock = threading.Lock()

    def say(line: str) -> None:
        if line.startswith("FLASH "):
            parts = line.split()
            line = " ".join(parts[:6]) + f" {0 if parts[-1] == '-' else len(parts[-1])}"
        with lock:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
    return say


def _controls_from_stdin(sim: SimulatedFixture, stop: threading.Event, say: Callable[[str], None]) -> None:
    """Simulator controls from the simulated factory; its end (the factory is gone) stops us."""
    for line in sys.stdin:
        if line.strip():
            try:
                sim.control(line)
            except StationError as exc:
                say(f"ERROR {exc}")
    stop.set()


def run_console(args: argparse.Namespace) -> int:
    from station.drivers.fixture import FixtureClient, FixtureError
    from station.drivers.fixture_protocol import escape, unescape_text

    results = []
    with FixtureClient.open(args.port, timeout=args.timeout) as fx:
        if not args.command:
            fx.on_event(lambda ev: print(f"! {ev.name} {' '.join(ev.args)}".rstrip(), flush=True))
            print(f"connected: {fx.url} (protocol {fx.fixture_protocol}, firmware {fx.firmware_version}, "
                  f"{fx.slots} slots). Type a command without id, e.g. IDN, VOLT 3V3 1, UART 1 500 MAC; "
                  "Ctrl-D ends.", file=sys.stderr)
        lines = args.command or sys.stdin
        failed = False
        for text in lines:
            words = text.split()
            if not words:
                continue
            command, rest = words[0].upper(), words[1:]
            if command == "UART" and len(rest) > 2:  # keep the DUT line whole, spaces and all
                rest = rest[:2] + [escape(" ".join(rest[2:]))]
            try:
                tokens = fx.request(command, *rest, timeout=_reply_timeout(command, rest, args.timeout))
                values = [unescape_text(t) for t in tokens]
                results.append({"command": text.strip(), "ok": True, "values": values})
                if not args.json:
                    print("OK " + " ".join(values) if values else "OK", flush=True)
            except FixtureError as exc:
                failed = True
                results.append({"command": text.strip(), "ok": False, "code": exc.code, "error": str(exc)})
                if not args.json:
                    print(f"ERR {exc}", flush=True)
            except UnicodeEncodeError:
                raise InputError(f"{text.strip()!r}: type ASCII; write other bytes as \\xHH") from None
    if args.json:
        print_json(results)
    return 2 if failed and args.command else 0


def _reply_timeout(command: str, rest: list[str], default: float) -> float:
    """A UART exchange may legitimately take its own timeout plus a margin."""
    if command == "UART" and len(rest) >= 2 and rest[1].isdigit():
        return int(rest[1]) / 1000 + default
    return default
