"""``station runs list|show|export``: read the station's records back (QA and engineers)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from station.commands._common import add_db_option, parse_time, print_json
from station.errors import InputError
from station.identifiers import clean_identifier
from station.store import RunQuery, Store
from station.store.exports import EXPORTERS
from station.testkit.record import iso

OUTCOME_STYLE = {"PASS": "green", "FAIL": "red", "ERROR": "magenta", "ABORTED": "yellow"}


def register(subparsers: argparse._SubParsersAction) -> None:
    runs = subparsers.add_parser("runs", help="list, show and export recorded runs")
    sub = runs.add_subparsers(dest="runs_command", metavar="ACTION", required=True)

    p_list = sub.add_parser("list", help="list runs, newest first")
    _add_filters(p_list, default_limit=50)
    p_list.add_argument("--json", action="store_true", help="machine-readable output")
    p_list.set_defaults(func=list_command)

    p_show = sub.add_parser("show", help="show one run in full")
    p_show.add_argument("run_id", help="run id (or a unique prefix of it)")
    p_show.add_argument("--json", action="store_true", help="the record as JSON")
    add_db_option(p_show)
    p_show.set_defaults(func=show_command)

    p_export = sub.add_parser("export", help="export runs as JSON or CSV")
    p_export.add_argument("--format", choices=sorted(EXPORTERS), default="json")
    p_export.add_argument("--out", help="file to write (default: stdout)")
    _add_filters(p_export, default_limit=None)
    p_export.set_defaults(func=export_command)


def _add_filters(p: argparse.ArgumentParser, *, default_limit: int | None) -> None:
    p.add_argument("--serial", help="only runs of this unit: its serial, device ID or MAC")
    p.add_argument("--outcome", type=str.upper, choices=["PASS", "FAIL", "ERROR", "ABORTED", "RUNNING"])
    p.add_argument("--since", help="from this time: 2026-11-22, 2026-11-22T06:00, or 8h / 7d ago")
    p.add_argument("--until", help="before this time (same forms)")
    p.add_argument("--station", help="only this station")
    p.add_argument("--failure-code", help="only runs with this failure code, e.g. power_on.rail_3v3")
    p.add_argument("--limit", type=int, default=default_limit, help=f"at most N runs (default {default_limit})")
    add_db_option(p)


def _filter(args: argparse.Namespace) -> RunQuery:
    if args.limit is not None and args.limit <= 0:
        raise InputError("--limit must be positive")
    return RunQuery(
        text=clean_identifier(args.serial, "identity") if args.serial is not None else None,
        outcome=args.outcome,
        since=parse_time(args.since) if args.since else None,
        until=parse_time(args.until) if args.until else None,
        station=args.station,
        failure_code=args.failure_code,
        limit=args.limit,
    )


def list_command(args: argparse.Namespace) -> int:
    with Store.open(args.db) as store:
        runs = store.list_runs(_filter(args))
    if args.json:
        print_json([
            {"run_id": r.run_id, "serial": r.serial, "outcome": r.outcome or "RUNNING", "failure_code": r.failure_code,
             "failure_reason": r.failure_reason, "started_at": iso(r.started_at), "finished_at": iso(r.finished_at),
             "station": r.station, "slot": r.slot, "script": r.script_name, "script_version": r.script_version,
             "device_id": r.device_id}
            for r in runs
        ])
        return 0
    table = Table(box=None, header_style="bold")
    for column in ("run", "started (UTC)", "serial", "outcome", "failure", "script", "station/slot"):
        table.add_column(column)
    for r in runs:
        outcome = r.outcome or "RUNNING"
        table.add_row(
            r.run_id[:8], (iso(r.started_at) or "")[:19].replace("T", " "), r.serial,
            f"[{OUTCOME_STYLE.get(outcome, 'cyan')}]{outcome}[/]", r.failure_code or "",
            f"{r.script_name} {r.script_version}", f"{r.station}/{r.slot}",
        )
    Console(width=None if sys.stdout.isatty() else 160).print(table if runs else "no runs match")
    return 0


def show_command(args: argparse.Namespace) -> int:
    with Store.open(args.db) as store:
        record = store.load_record(store.find_run_id(args.run_id))
    if args.json:
        print_json(record.to_dict())
        return 0
    console = Console(width=None if sys.stdout.isatty() else 160)
    outcome = record.outcome.value if record.outcome else "RUNNING"
    console.print(f"[bold]run {record.run_id}[/]  [{OUTCOME_STYLE.get(outcome, 'cyan')}]{outcome}[/]")
    if record.failure_reason:
        console.print(f"  {record.failure_code}: {record.failure_reason}")
    console.print(f"  serial {record.serial}  device {record.device_id or '—'}  mac {record.mac or '—'}")
    console.print(f"  script {record.script_name} {record.script_version}  sha256 {record.script_sha256[:16]}…")
    console.print(f"  limits {record.limits_path or '(script defaults)'}  sha256 {(record.limits_sha256 or '—')[:16]}")
    console.print(f"  station {record.station} slot {record.slot}  operator {record.operator or '—'}")
    console.print(f"  started {iso(record.started_at)}  finished {iso(record.finished_at) or '—'}")
    for step in record.steps:
        style = OUTCOME_STYLE.get(step.outcome.value, "")
        console.print(f"  [{style}]{step.outcome.value:<7}[/] {step.name}  {step.duration_s * 1000:.0f} ms"
                      f"{'  ×' + str(step.attempts) if step.attempts > 1 else ''}  {step.error}")
        for m in step.measurements:
            limits = escape(f"[{m.check.describe()}]")  # "[no limit: any value passes]" is text, not markup
            console.print(f"      {m.outcome.value:<6} {m.name} = {escape(str(m.value))} {m.unit}  {limits}"
                          f"{'  marginal' if m.marginal else ''}")
    for line in record.logs:
        if line.level != "DEBUG":
            console.print(f"  [dim]{iso(line.ts)}[/] {line.level} {line.message}", markup=False, highlight=False)
    return 0


def export_command(args: argparse.Namespace) -> int:
    exporter = EXPORTERS[args.format]
    with Store.open(args.db) as store:
        records = store.iter_records(_filter(args))
        if args.out:
            with Path(args.out).open("w", encoding="utf-8", newline="") as out:
                count = exporter(records, out)
            print(f"exported {count} run(s) to {args.out}", file=sys.stderr)
        else:
            exporter(records, sys.stdout)
    return 0
