"""Reading TOML files people write by hand (limits, station config) with errors that name the line.

``tomllib`` gives no positions for values, so :func:`locate` finds the line where a table or key
is defined by scanning the text: enough to point a person at the right place.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from station.errors import InputError

_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"'. ]+?)\s*=")
_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


def _split_dotted(path: str) -> list[str]:
    """Split a TOML dotted key into parts, honouring quotes (``variants."SKU-EU".x``)."""
    parts = re.findall(r'"([^"]*)"|\'([^\']*)\'|([^.\s]+)', path)
    return [a or b or c for a, b, c in parts]


def locate(text: str, *path: str) -> int | None:
    """Find the 1-based line where the table or key ``path`` is defined (None if not found)."""
    header: list[str] = []
    wanted = list(path)
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line)
        if match:
            header = _split_dotted(match.group(1))
            if header[: len(wanted)] == wanted or wanted[: len(header)] == header and len(header) == len(wanted):
                return number
            continue
        key = _KEY.match(line)
        if key:
            full = header + _split_dotted(key.group(1))
            if full[: len(wanted)] == wanted:
                return number
    return None


def read_toml(path: Path, what: str) -> tuple[dict[str, Any], str, bytes]:
    """Read and parse a TOML file; a syntax error becomes an InputError with the file and line."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{what} not found", path=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read {what}: {exc.strerror}", path=str(path)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", path=str(path)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        position = _TOML_POSITION.search(str(exc))
        line = int(position.group(1)) if position else None
        message = _TOML_POSITION.sub("", str(exc)).strip()
        raise InputError(f"malformed TOML: {message}", path=str(path), line=line) from None
    return data, text, raw
