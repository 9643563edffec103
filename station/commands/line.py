"""``station line``: the real line without a window.

Scans come from the configured USB-CDC scanner (``[scanner] port``) or, for automation, one per
line on standard input (``--scans -``; end of input means "no more units": the line finishes the
units in flight and exits). A badge scan (``[scanner] badge_pattern``) signs the operator in;
the same badge again signs them out. Operator questions are answered with the fixture's buttons
(1 = pass/yes, 2 = fail/no); a script that asks anything else is refused at start.

SIGTERM or a first Ctrl-C stops taking scans, lets the units in flight finish (at most
``--drain-timeout`` seconds) and exits; a second Ctrl-C aborts them (ABORTED, never blessed).
At start, runs a killed station left open are settled from what was durably recorded.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import queue
import re
import signal
import sys
import threading
import time
from pathlib import Path

from station.commands._line_view import LineView
from station.config import StationConfig, load_config
from station.errors import InputError, StationError
from station.flow.button_prompts import ButtonAnswers
from station.flow.compose import compose_from_config, line_scripts
from station.flow.station import Station
from station.runner.prompt_scan import unanswerable_by_buttons

ENGINEERS_ENV = "STATION_ENGINEER_BADGES"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("line", help="run a real line without a window (scanner, fixture buttons, stdout)")
    p.add_argument("--config", required=True, help="station config (e.g. the line.toml of station sim factory)")
    p.add_argument("--db", help="station database URL (default: the config's [store] url)")
    p.add_argument("--scans", choices=["-"], help="read scans from standard input, one per line, instead of "
                                                 "the configured scanner port")
    p.add_argument("--drain-timeout", type=float, default=300.0,
                   help="seconds the units in flight may take to finish after SIGTERM (default 300)")
    p.add_argument("--plain", action="store_true", help="plain event lines even on a terminal")
    p.set_defaults(func=line_command)


def check_prompts(config: StationConfig) -> None:
    for script in line_scripts(config):  # [test] script and a mixed line's other scripts
        refused = unanswerable_by_buttons(Path(script)) if Path(script).is_file() else []
        if refused:
            where = ", ".join(f"line {u.line} ({u.kind})" for u in refused)
            raise InputError(f"this script asks questions the fixture's buttons cannot answer: {where}; "
                             "station line answers yes/no and pass/fail only — run it with station gui",
                             path=str(script))


class _Draining:
    """The signals' state: 0 running, 1 finish the units in flight, 2 abort them."""

    def __init__(self) -> None:
        self.level = 0
        self.changed = threading.Event()

    def request(self, level: int) -> None:
        self.level = max(self.level, level)
        self.changed.set()


def line_command(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    check_prompts(config)
    if args.scans is None and not config.scanner.port:
        raise InputError("no scanner: set [scanner] port to the USB-CDC scanner's device, or pass --scans - to read "
                         "scans from standard input", path=str(config.path))
    if args.drain_timeout < 0:
        raise InputError("--drain-timeout must be 0 or more")
    badge = re.compile(config.scanner.badge_pattern)
    engineers = {b.strip() for b in os.environ.get(ENGINEERS_ENV, "").split(",") if b.strip()}
    draining = _Draining()
    previous = {sig: signal.signal(sig, lambda s, f: draining.request(2 if s == signal.SIGINT and draining.level
                                                                        else 1))
                for sig in (signal.SIGTERM, signal.SIGINT)}
    view = LineView(config.station.slots, sys.stdout, live=sys.stdout.isatty() and not args.plain)
    try:
        with contextlib.ExitStack() as stack:
            station = compose_from_config(config, stack, db_url=args.db)
            station.bus.subscribe(view)
            buttons = ButtonAnswers(station, station.parts.fixture)
            stack.callback(buttons.close)
            station.start(config.cloud.sync_interval_s)  # readiness comes as device events
            scans: queue.SimpleQueue[str | None] = queue.SimpleQueue()
            _start_reader(args, config, scans, stack)
            view.message("line running: scan a badge, then units")
            _serve(station, scans, draining, buttons, badge, engineers, view)
            _drain(station, draining, args.drain_timeout, view)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        view.close()
    return 0


def _start_reader(args: argparse.Namespace, config: StationConfig, scans: queue.SimpleQueue,
                  stack: contextlib.ExitStack) -> None:
    """Scans into ``scans`` from stdin or the scanner port, on a daemon thread; None at the end."""
    if args.scans == "-":
        def read_stdin() -> None:
            for line in sys.stdin:
                if line.strip():
                    scans.put(line.strip("\r\n"))
            scans.put(None)
        threading.Thread(target=read_stdin, name="scans-stdin", daemon=True).start()
        return
    from station.drivers.scanner import DuplicateGuard, Scanner, SerialPortScanner

    port = SerialPortScanner(config.scanner.port or "", Scanner(lambda raw: raw, duplicates=DuplicateGuard()),
                             baudrate=config.scanner.baudrate)
    stop = threading.Event()

    def read_port() -> None:
        while not stop.is_set():
            try:
                result = port.read(0.2)
            except StationError as exc:
                scans.put(f"\x00scanner: {exc}")
                time.sleep(1.0)
                continue
            if result is not None:
                scans.put(result.raw if result.accepted else f"\x00{result.reason}")
    reader = threading.Thread(target=read_port, name="scans-port", daemon=True)
    reader.start()
    stack.callback(port.close)  # closed last: after the reader has stopped reading it
    stack.callback(reader.join, 2.0)
    stack.callback(stop.set)


def _serve(station: Station, scans: queue.SimpleQueue, draining: _Draining, buttons: ButtonAnswers,
           badge: re.Pattern[str], engineers: set[str], view: LineView) -> None:
    """Route scans until the input ends or a signal asks to stop."""
    while draining.level == 0:
        buttons.refuse_other_kinds()
        try:
            raw = scans.get(timeout=0.1)
        except queue.Empty:
            continue
        if raw is None:
            return
        if raw.startswith("\x00"):
            view.message(f"scanner: {raw[1:]}")
            continue
        _route(station, raw, badge, engineers)


def _route(station: Station, raw: str, badge: re.Pattern[str], engineers: set[str]) -> None:
    text = raw.strip()
    if badge.fullmatch(text):
        try:
            if station.operator == text:
                station.sign_out()
            else:
                station.sign_in(text, "engineer" if text in engineers or text.startswith("ENG-") else "operator")
        except InputError as exc:
            from station.events import ScanRejected

            station.bus.emit(ScanRejected("", raw=raw, reason=str(exc)))
        return
    station.scan(raw)


def _drain(station: Station, draining: _Draining, timeout_s: float, view: LineView) -> None:
    """Let the units in flight finish (bounded), abort them on a second Ctrl-C, then stop."""
    deadline = time.monotonic() + timeout_s
    busy = [s.number for s in station.slots if s.busy]
    if busy:
        view.message(f"stopping: waiting for slot(s) {busy} to finish (Ctrl-C again aborts them)")
    while not station.idle() or station.settling():
        if draining.level >= 2 or time.monotonic() >= deadline:
            reason = ("aborted: second Ctrl-C" if draining.level >= 2
                      else f"aborted: not done {timeout_s:g} s after the stop")
            for slot in station.slots:
                if slot.busy:
                    station.abort(slot.number, reason)
            break
        draining.changed.wait(0.1)
        draining.changed.clear()
    station.stop()
    view.message("line stopped")
