"""``station scan --camera SRC``: read codes through a camera (or a virtual one) and validate the serial.

The same decode and validation the station uses before a test may start: a code that does not
pass the serial rule is reported with the reason and exits 2, exactly as the operator window
refuses it.
"""

from __future__ import annotations

import argparse

from station.commands._common import print_json
from station.drivers.camera import FORMATS, open_camera, scan
from station.drivers.scanner import CHECK_DIGITS, SerialRejected, SerialRule
from station.errors import InputError, StationError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("scan", help="read barcodes/QR codes from a camera, image, folder or video")
    parser.add_argument("--camera", required=True, metavar="SRC",
                        help="device number (0), /dev/videoN, a video file, an image, or a folder of images")
    parser.add_argument("--formats", default=",".join(FORMATS), metavar="LIST",
                        help=f"code formats to read (default {','.join(FORMATS)})")
    parser.add_argument("--expect", default="", metavar="LIST",
                        help="formats that must all be on one frame (e.g. QRCode,Code128 for a product label)")
    parser.add_argument("--serial-from", default="Code128", metavar="FORMAT",
                        help="which code holds the serial (default Code128; else the first code read)")
    parser.add_argument("--pattern", metavar="REGEX", help="validate the serial against this pattern")
    parser.add_argument("--check-digit", default="none", choices=("none", *sorted(CHECK_DIGITS)),
                        help="check digit over the serial (or its 'digits' group)")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="S", help="give up after S seconds")
    parser.add_argument("--frames", type=int, default=None, metavar="N", help="give up after N frames")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=scan_command)


def _names(text: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    unknown = [n for n in names if n not in FORMATS]
    if unknown:
        raise InputError(f"unknown code format(s) {', '.join(unknown)}; use {', '.join(FORMATS)}")
    return names


def scan_command(args: argparse.Namespace) -> int:
    formats, expect = _names(args.formats), _names(args.expect)
    if args.frames is not None and args.frames < 1:
        raise InputError("--frames must be at least 1")
    rule = SerialRule(args.pattern, args.check_digit) if args.pattern else None
    if rule is None and args.check_digit != "none":
        rule = SerialRule(r".+", args.check_digit)
    source = open_camera(args.camera)
    try:
        result = scan(source, formats=formats, expect=expect, timeout_s=args.timeout, max_frames=args.frames)
    finally:
        source.close()
    if result is None:
        wanted = " and ".join(expect) if expect else "code"
        raise StationError(f"no {wanted} found on {source.name} (timeout {args.timeout:g} s"
                           + (f", {args.frames} frame(s)" if args.frames else "") + ")")
    serial_code = next((c for c in result.codes if c.format == args.serial_from), result.codes[0])
    out = {
        "source": source.name,
        "frame": result.frame_index,
        "seconds": round(result.seconds, 4),
        "codes": [{"format": c.format, "text": c.text, "via": c.via, "corners": c.corners} for c in result.codes],
        "serial": serial_code.text,
        "accepted": True,
        "reason": "",
    }
    if rule is not None:
        try:
            out["serial"] = rule(serial_code.text)
        except SerialRejected as exc:
            out["accepted"], out["reason"] = False, str(exc)
    if args.json:
        print_json(out)
    else:
        for code in result.codes:
            print(f"{code.format:<10} {code.text}")
        if rule is not None:
            print(f"serial {out['serial']} accepted" if out["accepted"] else f"serial rejected: {out['reason']}")
    return 0 if out["accepted"] else 2
