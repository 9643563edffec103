"""``station cfx listen``: print the IPC-CFX messages arriving at a broker address (for line engineers)."""

from __future__ import annotations

import argparse
import json
import os
import sys

from station.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("cfx", help="IPC-CFX over AMQP 1.0: see what the station tells the MES")
    sub = parser.add_subparsers(dest="cfx_command", metavar="ACTION")
    sub.required = True
    listen = sub.add_parser("listen", help="print the CFX messages arriving at an AMQP 1.0 address")
    listen.add_argument("--broker", default="amqp://127.0.0.1:5672", help="AMQP URL (default amqp://127.0.0.1:5672)")
    listen.add_argument("--address", required=True, help="source address, e.g. /amq/queue/mes")
    listen.add_argument("--count", type=int, default=None, help="stop after this many messages")
    listen.add_argument("--idle", type=float, default=None, metavar="S",
                        help="stop when nothing arrives for S seconds (default: listen until Ctrl+C)")
    listen.add_argument("--json", action="store_true", help="one envelope per line, as received")
    listen.add_argument("--user-env", default="STATION_CFX_USER", help="environment variable with the user name")
    listen.add_argument("--password-env", default="STATION_CFX_PASSWORD",
                        help="environment variable with the password")
    listen.set_defaults(func=run_listen)


def run_listen(args: argparse.Namespace) -> int:
    from station.cfx.amqp import BrokerSettings
    from station.cfx.listen import Listener

    if args.count is not None and args.count < 1:
        raise InputError("--count must be at least 1")
    settings = BrokerSettings(url=args.broker, address=args.address, user=os.environ.get(args.user_env) or None,
                              password=os.environ.get(args.password_env) or None)
    listener = Listener(settings)
    bad = 0
    try:
        for item in listener.messages(idle_s=args.idle if args.idle is not None else 1e9, limit=args.count):
            if item.envelope is None:
                bad += 1
                print(f"not a CFX envelope (message-id {item.message_id}): {item.problem}", file=sys.stderr)
                continue
            if args.json:
                print(json.dumps(item.envelope, ensure_ascii=False), flush=True)
                continue
            print(summary(item.envelope) + ("   (repeat of a message already shown)" if item.repeat else ""),
                  flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        listener.close()
    return 2 if bad else 0


def summary(envelope: dict) -> str:
    """One line per message: when, from whom, what, and the few fields that say what happened."""
    name = str(envelope["MessageName"]).removeprefix("CFX.")
    body = envelope.get("MessageBody") or {}
    detail = ""
    if "TestedUnits" in body:
        units = body["TestedUnits"]
        detail = " ".join(f"{u.get('UnitIdentifier')}@{u.get('UnitPositionNumber')}={u.get('OverallResult')}"
                          for u in units)
    elif "TransactionID" in body:
        units = body.get("Units") or []
        serials = ",".join(str(u.get("UnitIdentifier")) for u in units)
        detail = f"{serials} {body.get('Result', '')}".strip()
    elif "Fault" in body:
        detail = f"{body['Fault'].get('FaultCode')}: {body['Fault'].get('Description')}"
    elif "FaultOccurrenceId" in body:
        detail = str(body["FaultOccurrenceId"])
    return f"{envelope['TimeStamp']}  {envelope['Source']}  {name:<40} {detail}"
