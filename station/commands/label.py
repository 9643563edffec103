"""``station label render|print|queue|templates``: see a label before it prints, print it, manage the spool.

``print`` goes through the same durable :class:`~station.drivers.print_queue.PrintQueue` as the
station, so a label the printer cannot take now is kept in the spool with its reason (exit 2) and
``station label queue --printer URL`` sends it once the printer is back. ``queue --reprint`` records
who reprinted and why.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from station.commands._common import print_json
from station.errors import InputError, StationError
from station.identifiers import clean_identifier
from station.labels import LabelTemplate, list_templates, load_template


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("label", help="render, print and reprint labels")
    sub = parser.add_subparsers(dest="label_command", metavar="ACTION", required=True)

    render = sub.add_parser("render", help="fill a template and write a PNG or PDF preview at the printer's dpi")
    _template_options(render)
    render.add_argument("--out", required=True, metavar="FILE", help="label.png or label.pdf")
    render.add_argument("--zpl", metavar="FILE", help="also write the exact ZPL that would be sent")
    render.add_argument("--json", action="store_true", help="machine-readable output")
    render.set_defaults(func=render_command)

    send = sub.add_parser("print", help="fill a template and print it through the durable print queue")
    _template_options(send)
    send.add_argument("--printer", required=True, metavar="URL",
                      help="tcp://host[:9100], file:///folder[?preview=png], cups://QUEUE, brother://host?model=&label=")
    _spool_option(send)
    send.add_argument("--operator", default="cli", help="who prints (recorded with the job)")
    send.add_argument("--run-id", default="", help="the run the label belongs to (default: a new id)")
    send.add_argument("--wait", type=float, default=10.0, metavar="S",
                      help="seconds to wait for the printer before leaving the job in the spool (default 10)")
    send.add_argument("--json", action="store_true", help="machine-readable output")
    send.set_defaults(func=print_command)

    queue = sub.add_parser("queue", help="list spooled label jobs; with --printer send the waiting ones; reprint")
    _spool_option(queue)
    queue.add_argument("--printer", metavar="URL", help="send queued jobs to this printer (and reprints)")
    queue.add_argument("--status", choices=("queued", "sending", "held", "printed", "check"),
                       help="list only jobs in this state")
    queue.add_argument("--reprint", metavar="JOB", help="reprint this job (a unique prefix of its id will do)")
    queue.add_argument("--operator", help="who reprints: an engineer's badge (required with --reprint)")
    queue.add_argument("--reason", help="why (required with --reprint)")
    queue.add_argument("--db", metavar="URL", help="station database whose audit trail records the reprint "
                                                   "(default $STATION_DB or the user data folder)")
    queue.add_argument("--wait", type=float, default=10.0, metavar="S", help="seconds to wait for the printer")
    queue.add_argument("--json", action="store_true", help="machine-readable output")
    queue.set_defaults(func=queue_command)

    templates = sub.add_parser("templates", help="list the label templates and their fields")
    templates.add_argument("--json", action="store_true", help="machine-readable output")
    templates.set_defaults(func=templates_command)


def _template_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--template", required=True, metavar="T", help="template name (config/labels) or .zpl file")
    parser.add_argument("--field", action="append", default=[], metavar="K=V", help="field value (repeat)")
    parser.add_argument("--sample", action="store_true", help="fill fields not given from the template's samples")


def _spool_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--spool", metavar="FILE",
                        help="the print spool (default: labels-spool.db in the user data folder)")


def parse_fields(items: list[str]) -> dict[str, str]:
    """``k=v`` arguments into a dict; the value may hold ``=``; a key given twice is an error."""
    fields: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InputError(f"--field {item!r}: write NAME=VALUE")
        if key in fields:
            raise InputError(f"--field {key} is given twice")
        fields[key] = value
    return fields


def _values(template: LabelTemplate, args: argparse.Namespace) -> dict[str, str]:
    values = parse_fields(args.field)
    if args.sample:
        for name in template.fields:
            values.setdefault(name, template.samples.get(name, "X"))
    return values


def _spool(path: str | None) -> Path:
    if path:
        return Path(path).expanduser()
    folder = Path(user_data_dir("factory-station", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "labels-spool.db"


def render_command(args: argparse.Namespace) -> int:
    template = load_template(args.template)
    label = template.fill(_values(template, args))
    out = label.save_preview(args.out)
    if args.zpl:
        Path(args.zpl).write_bytes(label.zpl_bytes)
    info = {"template": label.template, "out": str(out), "width_dots": label.width, "length_dots": label.length,
            "dpi": label.dpi, "fields": label.fields}
    if args.json:
        print_json(info)
    else:
        inches = f"{label.width / label.dpi:.2f} x {label.length / label.dpi:.2f} in"
        print(f"{out}: {label.template}, {label.width} x {label.length} dots at {label.dpi} dpi ({inches})")
    return 0


def _open_queue(spool: Path, printer_url: str, template: LabelTemplate):
    from station.drivers.print_queue import PrintQueue
    from station.drivers.printer import open_printer

    return PrintQueue(spool, open_printer(printer_url), template, retry_s=0.5)


def print_command(args: argparse.Namespace) -> int:
    args.operator = clean_identifier(args.operator, "operator")
    template = load_template(args.template)
    values = _values(template, args)
    template.fill(values)  # refuse bad data before anything is spooled
    queue = _open_queue(_spool(args.spool), args.printer, template)
    try:
        job = queue.submit(values, run_id=args.run_id or uuid.uuid4().hex, operator=args.operator)
        job = queue.wait(job.job_id, max(0.0, args.wait))
    finally:
        queue.close()
    return _report_job(job.to_dict(), args.json, spool=args.spool)


def _report_job(job: dict[str, Any], as_json: bool, *, spool: str | None) -> int:
    if as_json:
        print_json(job)
    elif job["status"] in ("printed", "held"):
        extra = f" ({job['reason']})" if job["reason"] else ""
        print(f"label {job['job_id'][:12]} {job['status']} on {job['printer']}{extra}")
    if job["status"] in ("printed", "held"):
        return 0
    where = f" --spool {spool}" if spool else ""
    raise StationError(f"label {job['job_id'][:12]} not printed: {job['reason'] or job['status']}; it is kept in "
                       f"the spool and goes out with `station label queue{where} --printer {job['printer']}`")


def _read_jobs(spool: Path, status: str | None) -> list[dict[str, Any]]:
    """The spool's jobs, read-only (listing must not start a worker that prints)."""
    if not spool.exists():
        return []
    try:
        db = sqlite3.connect(f"file:{spool}?mode=ro", uri=True)
        db.row_factory = sqlite3.Row
        query = ("SELECT id, run_id, template, fields_json, status, reason, attempts, operator, reprint_of, "
                 "reprint_reason, created_at, printed_at FROM jobs")
        rows = db.execute(query + (" WHERE status=?" if status else "") + " ORDER BY seq",
                          (status,) if status else ()).fetchall()
        db.close()
    except sqlite3.Error as exc:
        raise InputError(f"cannot read the print spool: {exc}", path=str(spool)) from None
    jobs = []
    for row in rows:
        job = dict(row)
        job["job_id"] = job.pop("id")
        job["fields"] = json.loads(job.pop("fields_json"))
        jobs.append(job)
    return jobs


def queue_command(args: argparse.Namespace) -> int:
    spool = _spool(args.spool)
    if args.reprint:
        return _reprint(args, spool)
    if args.printer:
        waiting = _read_jobs(spool, "queued")
        if waiting:
            queue = _open_queue(spool, args.printer, load_template(waiting[0]["template"]))
            try:
                deadline = time.monotonic() + max(0.0, args.wait)
                for job in waiting:
                    queue.wait(job["job_id"], max(0.0, deadline - time.monotonic()))
            finally:
                queue.close()
    jobs = _read_jobs(spool, args.status)
    if args.json:
        print_json(jobs)
    else:
        _print_table(jobs)
    return 2 if args.printer and any(j["status"] == "queued" for j in jobs) else 0


def _reprint(args: argparse.Namespace, spool: Path) -> int:
    if not args.printer:
        raise InputError("--reprint needs --printer URL")
    if not (args.operator or "").strip() or not (args.reason or "").strip():
        raise InputError("--reprint needs --operator and --reason (who reprints and why are recorded)")
    args.operator = clean_identifier(args.operator, "operator")
    matches = [j for j in _read_jobs(spool, None) if j["job_id"].startswith(args.reprint)]
    if len(matches) != 1:
        raise InputError(f"{'no' if not matches else 'more than one'} label job matches {args.reprint!r}",
                         path=str(spool))
    original = matches[0]
    from station.flow.engineer import EngineerActions
    from station.flow.roles import Actor, BadgePolicy
    from station.store import Store
    from station.store.audit import Audit

    badge = args.operator.strip()
    store = Store.open(args.db or os.environ.get("STATION_DB"))
    queue = _open_queue(spool, args.printer, load_template(original["template"]))
    try:  # the same engineer API (role, reason, audit) as the operator window's engineer tools
        actions = EngineerActions(new_client=None, audit=Audit(store, station="cli"), labels=queue)
        result = actions.reprint(Actor(badge, BadgePolicy.from_env().role_of(badge)), original["job_id"],
                                 args.reason)
        job = queue.wait(str(result.details["job_id"]), max(0.0, args.wait))
    finally:
        queue.close()
        store.close()
    return _report_job(job.to_dict(), args.json, spool=args.spool)


def _print_table(jobs: list[dict[str, Any]]) -> None:
    if not jobs:
        print("no label jobs")
        return
    for job in jobs:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(job["created_at"]))
        line = f"{job['job_id'][:12]}  {when}  {job['status']:<7}  {job['template']:<12}  {job['operator']}"
        if job["reprint_of"]:
            line += f"  reprint of {job['reprint_of'][:12]}: {job['reprint_reason']}"
        if job["reason"]:
            line += f"  ({job['reason']})"
        sys.stdout.write(line + "\n")


def templates_command(args: argparse.Namespace) -> int:
    found = []
    for path in list_templates():
        try:
            tpl = load_template(path)
        except StationError as exc:
            found.append({"name": path.stem, "path": str(path), "error": str(exc)})
            continue
        found.append({"name": tpl.name, "path": str(path), "dpi": tpl.dpi,
                      "fields": {name: sorted({u.kind for u in uses}) for name, uses in tpl.fields.items()}})
    if args.json:
        print_json(found)
    else:
        for t in found:
            detail = t.get("error") or ", ".join(f"{n} ({'/'.join(k)})" for n, k in t["fields"].items())
            print(f"{t['name']:<14} {detail}")
    return 0
