"""Helpers shared by CLI subcommands: database option, time parsing, JSON output."""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from datetime import datetime
from typing import Any

from station.errors import InputError

_RELATIVE = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhdw])$")
_UNIT_S = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="URL",
        help="database URL or SQLite file (default: $STATION_DB, else station.db in the user data folder)",
    )


def parse_time(text: str) -> float:
    """``2026-11-22``, ``2026-11-22T08:00``, or relative to now: ``90m``, ``2h``, ``7d``."""
    match = _RELATIVE.match(text.strip())
    if match:
        return time.time() - float(match.group(1)) * _UNIT_S[match.group(2)]
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"cannot read time {text!r}: use 2026-11-22, 2026-11-22T08:00 or 2h / 7d") from None
    return moment.timestamp()


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=repr)
    sys.stdout.write("\n")
