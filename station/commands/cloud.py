"""``station cloud ...``: the local cloud emulator and the engineer's cloud tools.

targets, devices, reassign, unbless, go-live, logs and restart talk to the endpoint in ``--endpoint`` (or
$STATION_CLOUD_ENDPOINT) with the login key from the environment; none of them reads a secret from a
file or prints one. reassign and unbless go through the station's engineer API
(:mod:`station.flow.engineer`), exactly as the operator window's engineer tools do: an engineer's
badge (``--as``), a reason, and an audit event in the station database (``--db`` / $STATION_DB).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from dataclasses import asdict
from typing import Any

from station.cloud.client import CloudClient
from station.cloud.credentials import LOGIN_KEY_ENV, resolve_endpoint, resolve_login_key
from station.errors import InputError, StationError
from station.flow.engineer import UNBLESS_KEY_ENV, ActionResult, EngineerActions
from station.flow.roles import Actor, BadgePolicy


def register(subparsers: Any) -> None:
    cloud = subparsers.add_parser(
        "cloud", help="cloud emulator and engineer tools (targets, devices, go-live)"
    )
    sub = cloud.add_subparsers(dest="cloud_command", metavar="ACTION")
    cloud.set_defaults(func=lambda args: _help(cloud))

    emu = sub.add_parser("emulator", help="run the local impCentral-v5-compatible cloud emulator")
    emu.add_argument("--host", default="127.0.0.1")
    emu.add_argument("--port", type=int, default=8765)
    emu.add_argument(
        "--db", default="cloud-emulator.db", help="SQLite file (':memory:' for a throwaway cloud)"
    )
    emu.add_argument("--seed", choices=("demo", "none"), default="demo")
    emu.add_argument("--token-ttl", type=float, default=3600.0, metavar="S", help="access token lifetime")
    emu.add_argument(
        "--rate-limit", type=float, default=None, metavar="N", help="requests per second per client"
    )
    emu.set_defaults(func=_emulator)

    def client_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--endpoint", help="API base URL incl. /v5 (default: $STATION_CLOUD_ENDPOINT)")
        p.add_argument(
            "--login-key-env",
            default=LOGIN_KEY_ENV,
            metavar="VAR",
            help=f"environment variable holding the login key (default {LOGIN_KEY_ENV})",
        )
        p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("targets", help="show the fixture group's zone, targets and deployments")
    client_args(p)
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--fixture-group", metavar="G", help="fixture group ID")
    who.add_argument("--fixture-device", metavar="D", help="fixture device ID or MAC (its group is followed)")
    p.set_defaults(func=_targets)

    p = sub.add_parser("devices", help="list the devices of a group")
    client_args(p)
    p.add_argument("--group", required=True, metavar="G", help="device group ID")
    p.set_defaults(func=_devices)

    p = sub.add_parser("reassign", help="move a device to another group (blessed: production groups only)")
    client_args(p)
    p.add_argument("device", metavar="DEVICE", help="device ID, MAC or agent ID")
    p.add_argument("--to", required=True, metavar="GROUP", help="target device group ID")
    _engineer_args(p)
    p.set_defaults(func=_reassign)

    p = sub.add_parser("unbless", help="unbless a (test-)blessed device for reuse; production needs the key")
    client_args(p)
    p.add_argument("device", metavar="DEVICE", help="device ID, MAC or agent ID")
    p.add_argument(
        "--key-env",
        default=UNBLESS_KEY_ENV,
        metavar="VAR",
        help=f"environment variable holding the unblessing key (default {UNBLESS_KEY_ENV})",
    )
    _engineer_args(p)
    p.set_defaults(func=_unbless)

    p = sub.add_parser(
        "go-live", help="duplicate a Test Fixture group and its targets into the Production Zone"
    )
    client_args(p)
    p.add_argument("--fixture-group", required=True, metavar="G", help="Test Fixture group ID")
    p.add_argument(
        "--apply", action="store_true", help="carry out the plan (default: dry run, changes nothing)"
    )
    for role in ("production", "dut", "fixture"):
        p.add_argument(f"--{role}-name", metavar="NAME", help=f"name of the new {role} group")
    p.set_defaults(func=_go_live)

    p = sub.add_parser("logs", help="a device's cloud log; --follow keeps printing new lines (log stream)")
    client_args(p)
    p.add_argument("device", metavar="DEVICE", help="device ID, MAC or agent ID")
    p.add_argument("--lines", type=int, default=50, metavar="N", help="stored lines to show first (default 50)")
    p.add_argument("--follow", action="store_true", help="keep printing new lines until Ctrl-C")
    p.add_argument("--seconds", type=float, default=None, metavar="S", help="with --follow: stop after S seconds")
    p.set_defaults(func=_logs)

    p = sub.add_parser("restart", help="restart a device, or every device of a group")
    client_args(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--device", metavar="D", help="device ID, MAC or agent ID")
    which.add_argument("--group", metavar="G", help="device group ID")
    p.add_argument("--conditional", action="store_true",
                   help="only devices running code older than the group's minimum deployment restart; "
                        "the others are told new code is there (SHUTDOWN_NEWSQUIRREL)")
    p.set_defaults(func=_restart)


def _engineer_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as", dest="badge", required=True, metavar="BADGE",
                   help="your badge (an engineer's: ENG-… or listed in $STATION_ENGINEER_BADGES)")
    p.add_argument("--reason", required=True, help="why (kept in the audit trail)")
    p.add_argument("--db", metavar="URL", help="station database for the audit trail (default $STATION_DB or the "
                                               "user data folder)")


def engineer_actions(args: argparse.Namespace, stack: contextlib.ExitStack) -> tuple[EngineerActions, Actor]:
    """The same engineer API the window uses, on this endpoint and the station database's audit trail."""
    from station.store import Store
    from station.store.audit import Audit

    endpoint = resolve_endpoint(args.endpoint)
    login_key = resolve_login_key(args.login_key_env, endpoint=endpoint)
    store = Store.open(args.db or os.environ.get("STATION_DB"))
    stack.callback(store.close)
    actions = EngineerActions(new_client=lambda: CloudClient(endpoint, login_key), audit=Audit(store, station="cli"),
                              unbless_key_env=getattr(args, "key_env", UNBLESS_KEY_ENV))
    badge = args.badge.strip()
    return actions, Actor(badge, BadgePolicy.from_env().role_of(badge))


def _result(args: argparse.Namespace, result: ActionResult) -> int:
    _out(args, {"action": result.action, "device": result.subject, **dict(result.details)}, result.message)
    return 0


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _client(args: argparse.Namespace) -> CloudClient:
    endpoint = resolve_endpoint(args.endpoint)
    return CloudClient(endpoint, resolve_login_key(args.login_key_env, endpoint=endpoint))


def _out(args: argparse.Namespace, data: Any, text: str) -> None:
    if getattr(args, "json", False):
        from station.commands._common import print_json

        print_json(data)
    else:
        print(text)


def _emulator(args: argparse.Namespace) -> int:
    from station.cloud.emulator.server import EmulatorServer
    from station.cloud.emulator.service import EmulatorConfig

    if not 0 <= args.port <= 65535:
        raise InputError(f"--port {args.port} is not a TCP port")
    config = EmulatorConfig(token_ttl_s=args.token_ttl)
    server = EmulatorServer(args.db, host=args.host, port=args.port, seed=args.seed, config=config)
    if args.rate_limit:
        server.set_faults(rate_limit_per_s=args.rate_limit)
    print(f"cloud emulator on {server.url}  (database {args.db})")
    if server.account is not None:
        print(f"login key: {server.login_key}")
        print(f"unblessing key: {server.account['unbless_key']}")
        print(f"  export {LOGIN_KEY_ENV}={server.login_key} STATION_CLOUD_ENDPOINT={server.url}")
    sys.stdout.flush()
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


def _targets(args: argparse.Namespace) -> int:
    from station.cloud.sync import TargetSync

    with _client(args) as client:
        sync = TargetSync(client, fixture_group_id=args.fixture_group, fixture_device_id=args.fixture_device)
        state = sync.refresh()
    colour = {"test": "orange", "production": "green"}.get(state.zone, "")
    text = "\n".join(
        [
            f"zone:              {state.zone} ({colour})",
            f"fixture group:     {state.fixture_group_name} [{state.fixture_group_id}]  "
            f"code {_short(state.fixture_deployment_sha)}",
            f"DUT target:        {state.dut_target_name} [{state.dut_target_id}]  "
            f"code {_short(state.dut_deployment_sha)}",
            f"production target: {state.production_target_name} [{state.production_target_id}]  "
            f"code {_short(state.production_deployment_sha)}",
        ]
    )
    _out(args, state.to_dict(), text)
    return 0


def _short(sha: str | None) -> str:
    return sha[:12] if sha else "(none)"


def _devices(args: argparse.Namespace) -> int:
    with _client(args) as client:
        client.device_group(args.group)  # a clear 404 for an unknown group
        devices = client.devices(group_id=args.group)
    lines = [
        f"{d.id}  {d.mac_address}  {d.imp_type:8}  {'online ' if d.device_online else 'offline'}  {d.name}"
        for d in devices
    ]
    _out(args, [asdict(d) for d in devices], "\n".join(lines) + f"\n{len(devices)} device(s)")
    return 0


def _reassign(args: argparse.Namespace) -> int:
    with contextlib.ExitStack() as stack:
        actions, actor = engineer_actions(args, stack)
        return _result(args, actions.reassign(actor, args.device, args.to, args.reason))


def _unbless(args: argparse.Namespace) -> int:
    with contextlib.ExitStack() as stack:
        actions, actor = engineer_actions(args, stack)
        return _result(args, actions.unbless(actor, args.device, args.reason))


def _go_live(args: argparse.Namespace) -> int:
    from station.cloud.golive import apply_go_live, plan_go_live

    names = {
        r: getattr(args, f"{r}_name") for r in ("production", "dut", "fixture") if getattr(args, f"{r}_name")
    }
    with _client(args) as client:
        plan = plan_go_live(client, args.fixture_group, names)
        result = apply_go_live(client, plan) if args.apply and plan.changes else {}
    steps = [asdict(s) for s in plan.steps]
    lines = [f"{'APPLIED' if args.apply else 'DRY RUN'}: go-live of {plan.test_fixture.name!r}"]
    lines += [f"  {s.action:14} {s.group_type:28} {s.name!r}  {s.detail}" for s in plan.steps]
    if not plan.changes:
        lines.append("nothing to do: the Production Zone setup already matches")
    elif not args.apply:
        lines.append("run again with --apply to carry this out")
    _out(
        args,
        {"applied": bool(args.apply), "steps": steps, "groups": {role: g.id for role, g in result.items()}},
        "\n".join(lines),
    )
    return 0


def _logs(args: argparse.Namespace) -> int:
    """Stored lines first, then (``--follow``) live ones from the account's log stream."""
    import threading

    from station.cloud.logstream import DeviceLogFollower, LogLine

    if args.lines < 0 or (args.seconds is not None and args.seconds < 0):
        raise InputError("--lines and --seconds cannot be negative")
    with _client(args) as client:
        if not args.follow:
            entries = client.device_logs(args.device)[-args.lines:] if args.lines else []
            _out(args, [asdict(e) for e in entries], "\n".join(f"{e.ts}  [{e.type}]  {e.msg}" for e in entries))
            return 0
        failed: list[str] = []
        stop = threading.Event()

        def show(line: LogLine) -> None:
            if getattr(args, "json", False):
                import json

                print(json.dumps(asdict(line)), flush=True)  # one object a line: a stream
            else:
                print(line.text(), flush=True)

        def fail(message: str) -> None:
            failed.append(message)
            stop.set()

        follower = DeviceLogFollower(client, args.device, show, fail, history=args.lines).start()
        try:
            stop.wait(args.seconds)
        except KeyboardInterrupt:
            pass
        finally:
            follower.stop()
        if failed:
            raise StationError(f"the device log stopped: {failed[0]}")
        return 0


def _restart(args: argparse.Namespace) -> int:
    with _client(args) as client:
        if args.device:
            client.restart_device(args.device, conditional=args.conditional)
            what = f"device {args.device}"
        else:
            client.restart_group(args.group, conditional=args.conditional)
            what = f"every device of group {args.group}"
    how = "conditional restart sent to" if args.conditional else "restarted"
    _out(args, {"restarted": args.device or args.group, "conditional": args.conditional}, f"{how} {what}")
    return 0
