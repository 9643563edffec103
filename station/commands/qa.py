"""``station qa``: QA's questions from a terminal — yield, Pareto, trace, histogram — plus the
outbox (replicate to the central database), the synthetic data set, and the QA window.
"""

from __future__ import annotations

import argparse
import sys

from rich.console import Console
from rich.table import Table

from station.commands._common import add_db_option, parse_time, print_json
from station.errors import InputError
from station.identifiers import clean_identifier
from station.store import Store
from station.store.queries import PERIODS, QA, Span, Summary, YieldRow, local_utc_offset, period_span
from station.testkit.record import iso


def register(subparsers: argparse._SubParsersAction) -> None:
    qa = subparsers.add_parser("qa", help="QA review: yield, Pareto, trace, histogram, replicate, window")
    sub = qa.add_subparsers(dest="qa_command", metavar="ACTION", required=True)

    p = sub.add_parser("yield", help="first-pass and final yield per day, station or script")
    p.add_argument("--by", choices=["day", "station", "script"], default="day")
    _window(p)
    p.set_defaults(func=yield_command)

    p = sub.add_parser("summary", help="run counts by outcome, yield and failure Pareto of one window")
    p.add_argument("--by", choices=["day", "station", "script"], default="day")
    p.add_argument("--top", type=int, default=20)
    _window(p)
    p.set_defaults(func=summary_command)

    p = sub.add_parser("pareto", help="failure codes by count (FAIL, or ERROR for station faults)")
    p.add_argument("--outcome", type=str.upper, choices=["FAIL", "ERROR", "ABORTED"], default="FAIL")
    p.add_argument("--top", type=int, default=20)
    _window(p)
    p.set_defaults(func=pareto_command)

    p = sub.add_parser("trace", help="every run of a unit, its blessing, reprints and reassignments")
    p.add_argument("identity", help="serial, device ID or MAC")
    p.add_argument("--json", action="store_true")
    add_db_option(p)
    p.set_defaults(func=trace_command)

    p = sub.add_parser("histogram", help="histogram, mean, standard deviation and Cpk of one measurement")
    p.add_argument("measurement", help="STEP.MEASUREMENT, e.g. power_on.rail_3v3")
    p.add_argument("--bins", type=int, default=30)
    _window(p)
    p.set_defaults(func=histogram_command)

    p = sub.add_parser("replicate", help="send the outbox to the central database ([store] central_url)")
    p.add_argument("--central", required=True, metavar="URL", help="central database URL (PostgreSQL)")
    p.add_argument("--follow", action="store_true", help="keep replicating until interrupted")
    add_db_option(p)
    p.set_defaults(func=replicate_command)

    p = sub.add_parser("generate", help="fill an empty database with synthetic runs (benchmarks, training)")
    p.add_argument("--runs", type=int, default=10000)
    p.add_argument("--seed", type=int, default=1)
    add_db_option(p)
    p.set_defaults(func=generate_command)

    p = sub.add_parser("window", help="open the QA review window (station or central database)")
    p.add_argument("--language", choices=("en", "zh_CN", "es"), default="en", help="the window's language")
    add_db_option(p)
    p.set_defaults(func=window_command)


def _window(p: argparse.ArgumentParser) -> None:
    p.add_argument("--since", default="90d",
                   help=f"from this time: 2026-11-22, 2026-11-22T06:00, 30d / 8h ago, or {' / '.join(PERIODS)} "
                        "(shift: since this shift began) — the QA window's presets (default: 90d)")
    p.add_argument("--until", help="before this time")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add_db_option(p)


def span_of(since: str | None, until: str | None) -> Span:
    """``--since``/``--until`` as a :class:`Span`; a named period is resolved exactly as the QA window does."""
    start = period_span(since).since if since in PERIODS else parse_time(since) if since else None
    return Span(start, parse_time(until) if until else None)


def _span(args: argparse.Namespace) -> tuple[float | None, float | None]:
    span = span_of(args.since, args.until)
    return span.since, span.until


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.2f} %"


def _console() -> Console:
    return Console(width=None if sys.stdout.isatty() else 160)


def yield_json(r: YieldRow) -> dict:
    return {"key": r.key, "units": r.units, "first_pass": r.first_pass, "final_pass": r.final_pass,
            "station_errors": r.station_errors, "no_verdict": r.no_verdict, "first_pass_yield": r.first_pass_yield,
            "final_yield": r.final_yield}


def _yield_table(by: str, rows: list[YieldRow], total: YieldRow | None) -> Table:
    table = Table(box=None, header_style="bold")
    for col in (by, "units", "first-pass yield", "final yield", "station errors", "no verdict"):
        table.add_column(col, justify="left" if col == by else "right")
    for r in rows + ([total] if total is not None else []):
        style = "bold" if r is total else None
        table.add_row(r.key, str(r.units), _pct(r.first_pass_yield), _pct(r.final_yield), str(r.station_errors),
                      str(r.no_verdict), style=style)
    return table


def yield_command(args: argparse.Namespace) -> int:
    since, until = _span(args)
    with Store.open(args.db) as store:
        rows = QA(store.engine).yield_by(args.by, since=since, until=until, utc_offset_s=local_utc_offset(since))
    if args.json:
        print_json([yield_json(r) for r in rows])
        return 0
    from station.store.queries import yield_total

    _console().print(_yield_table(args.by, rows, yield_total(rows)) if rows else "no units in this window")
    return 0


def summary_json(s: Summary) -> dict:
    return {
        "since": iso(s.span.since) if s.span.since is not None else None,
        "until": iso(s.span.until) if s.span.until is not None else None,
        "runs": s.counts.runs, "units": s.counts.units, "failures": s.failures,
        "yield": [yield_json(r) for r in s.yields], "total": yield_json(s.total),
        "pareto": [{"failure_code": r.failure_code, "count": r.count, "share": r.share, "cumulative": r.cumulative}
                   for r in s.pareto],
    }


def summary_command(args: argparse.Namespace) -> int:
    span = span_of(args.since, args.until)
    with Store.open(args.db) as store:
        s = QA(store.engine).summary(span, group=args.by, pareto_top=args.top,
                                     utc_offset_s=local_utc_offset(span.since))
    if args.json:
        print_json(summary_json(s))
        return 0
    console = _console()
    runs = "  ".join(f"{n} {o}" for o, n in s.counts.runs.items())
    console.print(f"[bold]{s.counts.total} runs[/]: {runs};  {s.counts.units} units first tested", highlight=False)
    if s.yields:
        console.print(_yield_table(args.by, s.yields, s.total))
    if s.pareto:
        console.print(f"[bold]failure Pareto[/] of the {s.failures} FAIL runs (count, share, cumulative share):")
    for r in s.pareto:
        console.print(f"  {r.count:>6}  {_pct(r.share):>8}  {_pct(r.cumulative):>10}  {r.failure_code}",
                      markup=False, highlight=False)
    return 0


def pareto_command(args: argparse.Namespace) -> int:
    since, until = _span(args)
    with Store.open(args.db) as store:
        rows = QA(store.engine).pareto(since=since, until=until, outcome=args.outcome, limit=args.top)
    if args.json:
        print_json([{"failure_code": r.failure_code, "count": r.count, "share": r.share, "cumulative": r.cumulative}
                    for r in rows])
        return 0
    table = Table(box=None, header_style="bold")
    for col in ("failure code", "count", "share", "cumulative", ""):
        table.add_column(col, justify="left" if col in ("failure code", "") else "right")
    for r in rows:
        table.add_row(r.failure_code, str(r.count), _pct(r.share), _pct(r.cumulative), "█" * round(r.share * 40))
    _console().print(table if rows else f"no {args.outcome} runs in this window")
    return 0


def trace_command(args: argparse.Namespace) -> int:
    args.identity = clean_identifier(args.identity, "identity")
    with Store.open(args.db) as store:
        trace = QA(store.engine).trace(args.identity)
    if not trace.runs and not trace.audit:
        raise InputError(f"no unit with serial, device ID or MAC {args.identity!r}")
    if args.json:
        print_json({
            "query": trace.query,
            "runs": [{"run_id": r.id, "started_at": iso(r.started_at), "outcome": r.outcome or "RUNNING",
                      "failure_code": r.failure_code, "station": r.station, "slot": r.slot,
                      "script": f"{r.script_name} {r.script_version}", "serial": r.serial,
                      "device_id": r.device_id, "mac": r.mac} for r in trace.runs],
            "audit": [{**a, "ts": iso(a["ts"])} for a in trace.audit],
            "label_jobs": [{**j, "ts": iso(j["ts"])} for j in trace.label_jobs],
            "cloud_calls": [{**c, "ts": iso(c["ts"])} for c in trace.cloud_calls],
        })
        return 0
    console = _console()
    console.print(f"[bold]{args.identity}[/]: {len(trace.runs)} run(s), {len(trace.audit)} audit event(s)")
    for r in reversed(trace.runs):
        console.print(f"  {iso(r.started_at)}  run {r.id[:8]}  {r.outcome or 'RUNNING':<7} {r.failure_code or ''}  "
                      f"{r.station}/{r.slot}  {r.script_name} {r.script_version}", markup=False, highlight=False)
    for a in trace.audit:
        console.print(f"  {iso(a['ts'])}  {a['action']:<13} by {a['actor']}: {a['reason']}", markup=False,
                      highlight=False)
    for j in trace.label_jobs:
        console.print(f"  {iso(j['ts'])}  label {j['job_id']} {j['status']}", markup=False, highlight=False)
    return 0


def histogram_command(args: argparse.Namespace) -> int:
    step, _, name = args.measurement.partition(".")
    if not name:
        raise InputError(f"give the measurement as STEP.MEASUREMENT, not {args.measurement!r}")
    since, until = _span(args)
    with Store.open(args.db) as store:
        h = QA(store.engine).histogram(step, name, bins=args.bins, since=since, until=until)
    if args.json:
        print_json({"step": h.step, "name": h.name, "unit": h.unit, "n": h.n, "mean": h.mean, "std": h.std,
                    "min": h.minimum, "max": h.maximum, "low": h.low, "high": h.high, "cpk": h.cpk,
                    "edges": h.edges, "counts": h.counts})
        return 0
    console = _console()
    style = {"capable": "green", "marginal": "yellow", "incapable": "red"}.get(h.capability or "", "default")
    cpk = "—" if h.cpk is None else f"[{style}]{h.cpk:.2f} ({h.capability})[/]"
    console.print(f"[bold]{step}.{name}[/] [{h.unit}]  n={h.n}  mean={h.mean:.5g}  sd={h.std or 0:.4g}  "
                  f"limits {h.low} … {h.high}  Cpk {cpk}" if h.n else f"{step}.{name}: no values in this window")
    peak = max(h.counts or [0]) or 1
    for i, c in enumerate(h.counts):
        lo, hi = h.edges[i], h.edges[i + 1]
        outside = (h.low is not None and hi <= h.low) or (h.high is not None and lo >= h.high)
        bar = "█" * round(c / peak * 50)
        console.print(f"  {lo:>10.4g} … {hi:<10.4g} {c:>8} [{'red' if outside else 'green'}]{bar}[/]")
    return 0


def replicate_command(args: argparse.Namespace) -> int:
    from station.store.outbox import Replicator

    with Store.open(args.db) as store:
        replicator = Replicator(store, args.central)
        try:
            if args.follow:
                replicator.start()
                try:
                    while True:
                        replicator._stop.wait(5)
                        print(f"sent {replicator.sent_total}, pending {replicator.pending()}"
                              f"{'  (' + replicator.last_error + ')' if replicator.last_error else ''}",
                              file=sys.stderr)
                except KeyboardInterrupt:
                    return 0
            sent = replicator.drain(timeout_s=600)
        finally:
            replicator.close()
    print(f"replicated {sent} item(s); outbox empty")
    return 0


def generate_command(args: argparse.Namespace) -> int:
    from station.sim.generate_runs import ensure_dataset

    if args.runs <= 0:
        raise InputError("--runs must be positive")
    with Store.open(args.db, recover=False) as store:
        try:
            ensure_dataset(store.engine, args.runs, seed=args.seed, log=lambda m: print(m, file=sys.stderr))
        except ValueError as exc:
            raise InputError(str(exc)) from None
    return 0


def window_command(args: argparse.Namespace) -> int:
    from station.ui.qa_window import run_qa_window

    return run_qa_window(args.db, language=args.language)
