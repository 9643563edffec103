"""``station audit verify|list``: prove nobody edited the audit trail, and read it."""

from __future__ import annotations

import argparse
import sys

from rich.console import Console
from rich.table import Table

from station.commands._common import add_db_option, parse_time, print_json
from station.store import Store
from station.store.audit import Audit
from station.testkit.record import iso


def register(subparsers: argparse._SubParsersAction) -> None:
    audit = subparsers.add_parser("audit", help="verify and list the hash-chained audit trail")
    sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)

    p_verify = sub.add_parser("verify", help="check every chain; exit 2 and name the row if one was edited/deleted")
    p_verify.add_argument("--json", action="store_true", help="machine-readable output")
    add_db_option(p_verify)
    p_verify.set_defaults(func=verify_command)

    p_list = sub.add_parser("list", help="list audit events, newest first")
    p_list.add_argument("--subject", help="only events about this serial, device ID or run id")
    p_list.add_argument("--action", help="only this action (bless, reprint, reassign, ...)")
    p_list.add_argument("--since", help="from this time: 2026-11-22, or 8h / 7d ago")
    p_list.add_argument("--limit", type=int, default=100)
    p_list.add_argument("--json", action="store_true", help="machine-readable output")
    add_db_option(p_list)
    p_list.set_defaults(func=list_command)


def verify_command(args: argparse.Namespace) -> int:
    """Exit 0 when every chain is intact; 2 (a station fault, not a DUT's) when any row was tampered with."""
    with Store.open(args.db) as store:
        result = Audit(store).verify()
    if args.json:
        print_json({"ok": result.ok, "checked": result.checked, "sources": result.sources,
                    "problems": [{"source": p.source, "seq": p.seq, "row_id": p.row_id, "kind": p.kind,
                                  "message": p.message} for p in result.problems]})
    elif result.ok:
        print(f"audit trail intact: {result.checked} event(s) in {result.sources} chain(s)")
    else:
        print(f"audit trail BROKEN: {len(result.problems)} problem(s) in {result.checked} event(s)")
        for p in result.problems:
            print(f"  {p.kind}: {p.message}")
    return 0 if result.ok else 2


def list_command(args: argparse.Namespace) -> int:
    with Store.open(args.db) as store:
        events = Audit(store).events(subject=args.subject, action=args.action,
                                     since=parse_time(args.since) if args.since else None, limit=args.limit)
    if args.json:
        print_json([e.to_dict() for e in events])
        return 0
    table = Table(box=None, header_style="bold")
    for column in ("time (UTC)", "action", "subject", "actor", "station", "reason"):
        table.add_column(column)
    for e in events:
        table.add_row((iso(e.ts) or "")[:19].replace("T", " "), e.action, e.subject, e.actor, e.station, e.reason)
    Console(width=None if sys.stdout.isatty() else 160).print(table if events else "no audit events")
    return 0
