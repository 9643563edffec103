"""``station blinkup encode|decode|simulate|video``: optical provisioning from the command line.

Every command that builds a payload (``encode``, ``simulate``, ``video --write``) builds it under the
plan-ID rules of :func:`station.cloud.enrollment.build_payload`: the token's kind and fixture group
are looked up in the cloud (``--endpoint`` or ``$STATION_CLOUD_ENDPOINT``, or the ``--config``'s
cloud), never taken from the command line. In the lab, ``--engineering-override REASON --operator
WHO`` lets a refused payload through, written to the audit trail first (``--db``) and refused in the
Production Zone.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from station.blinkup import BlinkUpPayload, decode, duration_s, encode, get_mode
from station.blinkup.modes import MODES
from station.commands._common import add_db_option
from station.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("blinkup", help="encode or decode an optical BlinkUp")
    sub = parser.add_subparsers(dest="blinkup_command", metavar="ACTION")
    sub.required = True

    enc = sub.add_parser("encode", help="payload → one symbol per displayed frame")
    _mode(enc)
    enc.add_argument("--ssid", required=True)
    enc.add_argument("--password", default="")
    enc.add_argument("--plan-id", default="", metavar="HEX")
    enc.add_argument("--token", required=True, metavar="HEX")
    enc.add_argument("--fps", type=float, default=60.0, help="display refresh rate (default 60)")
    enc.add_argument("--json", action="store_true", help="print JSON (the default output is JSON too)")
    _rules(enc)
    enc.set_defaults(func=run_encode)

    dec = sub.add_parser("decode", help="light-sensor samples → payload")
    _mode(dec)
    dec.add_argument("--samples", required=True, metavar="FILE", help="one sample (0.0–1.0) per line")
    dec.add_argument("--rate", required=True, type=float, metavar="HZ", help="sample rate")
    dec.add_argument("--fps", type=float, default=60.0, help="display refresh rate (default 60)")
    dec.add_argument("--json", action="store_true")
    dec.set_defaults(func=run_decode)

    vid = sub.add_parser("video", help="the camera check: decode a video of the flashing screen, or write one")
    _mode(vid)
    vid.add_argument("file", metavar="VIDEO", help="the video to decode (or to write, with --write)")
    vid.add_argument("--fps", type=float, default=None, help="the display's refresh rate (default: the video's)")
    vid.add_argument("--write", action="store_true", help="write a video of the flash of --ssid/--token instead")
    vid.add_argument("--ssid", default="")
    vid.add_argument("--password", default="")
    vid.add_argument("--plan-id", default="", metavar="HEX")
    vid.add_argument("--token", default="", metavar="HEX")
    _rules(vid)
    vid.set_defaults(func=run_video)

    sim = sub.add_parser("simulate", help="encode, pass through the light-sensor channel model, write samples")
    _mode(sim)
    sim.add_argument("--ssid", required=True)
    sim.add_argument("--password", default="")
    sim.add_argument("--plan-id", default="", metavar="HEX")
    sim.add_argument("--token", required=True, metavar="HEX")
    sim.add_argument("--fps", type=float, default=60.0)
    sim.add_argument("--seed", type=int, default=None)
    sim.add_argument("--out", required=True, metavar="FILE")
    sim.add_argument("--json", action="store_true")
    _rules(sim)
    sim.set_defaults(func=run_simulate)


def _mode(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mode", required=True, choices=sorted(MODES))


def _rules(parser: argparse.ArgumentParser) -> None:
    """The options of the plan-ID rules, shared by every command that builds a payload."""
    parser.add_argument("--role", choices=("dut", "fixture", "development"), default="dut",
                        help="who the payload is for (default dut): the rules differ")
    parser.add_argument("--fixture-group", metavar="ID",
                        help="the station's fixture group: a DUT's factory token must belong to it")
    parser.add_argument("--config", metavar="FILE",
                        help="a station config: its cloud, fixture group and zone apply")
    parser.add_argument("--endpoint", help="the cloud to look the token up in (default $STATION_CLOUD_ENDPOINT)")
    parser.add_argument("--login-key-env", default="STATION_CLOUD_LOGIN_KEY", metavar="VAR",
                        help="environment variable holding the cloud login key")
    parser.add_argument("--engineering-override", metavar="REASON",
                        help="lab only: build a payload the rules refuse; audited, refused in the Production Zone")
    parser.add_argument("--operator", default="", help="who overrides (required with --engineering-override)")
    add_db_option(parser)


def _payload(args: argparse.Namespace) -> BlinkUpPayload:
    """The payload of --ssid/--password/--plan-id/--token, built under the plan-ID rules."""
    from station.commands._blinkup_rules import ruled_payload

    raw = BlinkUpPayload(ssid=args.ssid, password=args.password, plan_id=args.plan_id, token=args.token)
    return ruled_payload(args, raw)


def _fps(value: float) -> float:
    if not 1 <= value <= 1000:
        raise InputError(f"--fps {value:g} is not a display refresh rate (1–1000)")
    return value


def run_encode(args: argparse.Namespace) -> int:
    fps = _fps(args.fps)
    mode = get_mode(args.mode)
    symbols = encode(args.mode, _payload(args))
    # Pixel values go out with the symbols so any display (a phone, a web page) can show the flash
    # without our source: 0–1 before display gamma, and the 8-bit value a framebuffer takes.
    levels = [{"symbol": k, "pixel": round(v, 6), "value8": round(v * 255)} for k, v in enumerate(mode.level_pixels())]
    out = {"mode": args.mode, "fps": fps, "symbols": symbols, "duration_s": round(duration_s(symbols, fps), 4),
           "levels": levels, "pixels": [levels[s]["pixel"] for s in symbols]}
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
    return 0


def read_samples(path: str) -> np.ndarray:
    """One float per line; blank lines and ``#`` comments skipped; errors name the line."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read samples: {exc.strerror}", path=path) from None
    except UnicodeDecodeError:
        raise InputError("samples file is not text", path=path) from None
    values = []
    for n, line in enumerate(text.splitlines(), start=1):
        item = line.split("#", 1)[0].strip()
        if not item:
            continue
        try:
            v = float(item)
        except ValueError:
            raise InputError(f"not a number: {item[:40]!r}", path=path, line=n) from None
        if not 0.0 <= v <= 1.0:
            raise InputError(f"sample {v:g} is outside 0.0–1.0", path=path, line=n)
        values.append(v)
    if not values:
        raise InputError("no samples in the file", path=path)
    return np.asarray(values)


def run_decode(args: argparse.Namespace) -> int:
    if not 10 <= args.rate <= 1_000_000:
        raise InputError(f"--rate {args.rate:g} Hz is not a plausible sample rate")
    samples = read_samples(args.samples)
    payload = decode(args.mode, samples, args.rate, _fps(args.fps))
    json.dump({"mode": args.mode, **payload.to_json()}, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def run_video(args: argparse.Namespace) -> int:
    from station.blinkup.camera_check import decode_video, write_flash_video

    if args.write:
        if not args.token:
            raise InputError("--write needs at least --token (and usually --ssid, --password)")
        mode = get_mode(args.mode)
        path = write_flash_video(mode.pixel_values(mode.encode(_payload(args))), args.file,
                                 fps=_fps(args.fps or 60.0))
        json.dump({"mode": args.mode, "video": str(path)}, sys.stdout)
    else:
        payload = decode_video(args.mode, args.file, fps=_fps(args.fps) if args.fps else None)
        json.dump({"mode": args.mode, **payload.to_json()}, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def run_simulate(args: argparse.Namespace) -> int:
    from station.blinkup.channel import transmit

    fps = _fps(args.fps)
    mode = get_mode(args.mode)
    symbols = mode.encode(_payload(args))
    samples = transmit(mode.pixel_values(symbols), fps, rng=np.random.default_rng(args.seed))
    try:
        Path(args.out).write_text("".join(f"{v:.5f}\n" for v in samples), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write samples: {exc.strerror}", path=args.out) from None
    json.dump({"mode": args.mode, "fps": fps, "samples": len(samples), "rate": 1000.0, "out": args.out}, sys.stdout)
    sys.stdout.write("\n")
    return 0
