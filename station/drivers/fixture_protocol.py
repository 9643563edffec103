"""The host side of the fixture wire protocol: framing, CRC, escaping, line parsing.

Pure functions, no I/O, so the parser can be fuzzed on its own. The firmware implements the same
rules in ``fixture_firmware/protocol.py``; docs/fixture-protocol.md is the specification for both.
We write our own rather than take a library: the protocol is ours, a page long, and must stay
human-typable in a terminal (DESIGN §4).
"""

from __future__ import annotations

import binascii
import re
from dataclasses import dataclass

PROTOCOL_VERSION = (1, 1)
MAX_LINE = 1024

# Numbered error codes; keep in step with fixture_firmware/protocol.py and the docs.
E_MALFORMED = 1
E_CRC = 2
E_UNKNOWN = 3
E_ARG = 4
E_TOO_LONG = 5
E_SLOT = 6
E_BUSY = 7
E_HARDWARE = 8
E_DUT_NO_REPLY = 9
E_INCOMPATIBLE = 10
E_STATE = 11

ERROR_NAMES = {
    E_MALFORMED: "malformed request",
    E_CRC: "CRC mismatch",
    E_UNKNOWN: "unknown command",
    E_ARG: "bad argument",
    E_TOO_LONG: "line too long",
    E_SLOT: "no such slot",
    E_BUSY: "busy",
    E_HARDWARE: "fixture hardware fault",
    E_DUT_NO_REPLY: "no reply from DUT",
    E_INCOMPATIBLE: "incompatible protocol",
    E_STATE: "not allowed now",
}

_ID = re.compile(rb"^[0-9]{1,9}$")
_HEXDIGITS = frozenset(b"0123456789abcdefABCDEF")


def crc_hex(payload: bytes) -> str:
    """CRC-32 (``binascii.crc32``, as MicroPython computes it too) as 8 upper-case hex digits."""
    return f"{binascii.crc32(payload) & 0xFFFFFFFF:08X}"


def escape(data: bytes | str) -> str:
    """One protocol token from arbitrary bytes: printable ASCII, no space, no ``*``."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    out = []
    for b in data:
        if b == 0x5C:
            out.append("\\\\")
        elif b == 0x20:
            out.append("\\s")
        elif b == 0x2A or b < 0x21 or b > 0x7E:
            out.append(f"\\x{b:02X}")
        else:
            out.append(chr(b))
    return "".join(out)


def unescape(token: str) -> bytes:
    """Inverse of :func:`escape`. Raises ValueError on a broken escape."""
    if "\\" not in token:
        return token.encode("ascii")
    out = bytearray()
    i, n = 0, len(token)
    while i < n:
        ch = token[i]
        if ch != "\\":
            out += ch.encode("ascii")
            i += 1
            continue
        nxt = token[i + 1 : i + 2]
        if nxt == "\\":
            out.append(0x5C)
            i += 2
        elif nxt == "s":
            out.append(0x20)
            i += 2
        elif nxt == "x":
            hx = token[i + 2 : i + 4]
            if len(hx) != 2 or not all(c in "0123456789abcdefABCDEF" for c in hx):
                raise ValueError(f"bad \\x escape in {token!r}")
            out.append(int(hx, 16))
            i += 4
        else:
            raise ValueError(f"bad escape in {token!r}")
    return bytes(out)


def unescape_text(token: str) -> str:
    """A token as text (UTF-8; undecodable bytes become U+FFFD rather than an exception)."""
    return unescape(token).decode("utf-8", "replace")


def frame(request_id: str, command: str, args: tuple[str, ...] | list[str] = (), *, crc: bool = True) -> bytes:
    """One request line, newline-terminated. ``args`` must already be tokens (see :func:`escape`)."""
    payload = " ".join([request_id, command, *args]).encode("ascii")
    if crc:
        return payload + b"*" + crc_hex(payload).encode() + b"\n"
    return payload + b"\n"


@dataclass(frozen=True, slots=True)
class Reply:
    """``<id> OK tokens…`` or ``<id> ERR <code> <message>``."""

    request_id: str
    ok: bool
    tokens: tuple[str, ...] = ()
    code: int | None = None
    message: str = ""
    had_crc: bool = False


@dataclass(frozen=True, slots=True)
class Event:
    """``! NAME args…``: something happened on the fixture without being asked."""

    name: str
    args: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Corrupt:
    """A line that failed its CRC or did not parse. ``request_id`` is set when one could still be
    read, so the request it may belong to can be retried at once instead of waiting for a timeout."""

    reason: str
    request_id: str | None = None


Line = Reply | Event | Corrupt


def _leading_id(line: bytes) -> str | None:
    head = line.split(b" ", 1)[0]
    return head.decode() if _ID.match(head) else None


def parse_line(raw: bytes) -> Line | None:
    """Parse one received line (without its terminator). Never raises; empty lines give None."""
    line = raw.strip(b"\r\n\t ")
    if not line:
        return None
    if len(line) > MAX_LINE:
        return Corrupt("line too long")
    if any(b < 0x20 or b > 0x7E for b in line):
        return Corrupt("non-printable bytes", None)
    had_crc = False
    star = line.rfind(b"*")
    if star >= 0:
        payload, suffix = line[:star], line[star + 1 :]
        if len(suffix) != 8 or not all(b in _HEXDIGITS for b in suffix):
            return Corrupt("bad CRC suffix", _leading_id(line))
        if crc_hex(payload) != suffix.decode().upper():
            return Corrupt("CRC mismatch", _leading_id(line))
        line, had_crc = payload, True
    parts = line.decode("ascii").split()
    if not parts:
        return None
    if parts[0] == "!":
        if len(parts) < 2:
            return Corrupt("event without a name")
        return Event(parts[1].upper(), tuple(parts[2:]))
    if parts[0] == "-":
        # The fixture could not read an id from something it received (our line was mangled).
        return Corrupt("fixture rejected an unreadable line: " + " ".join(parts[1:]))
    if not _ID.match(parts[0].encode()) or len(parts) < 2:
        return Corrupt("not a reply", _leading_id(line))
    rid, status = parts[0], parts[1]
    if status == "OK":
        return Reply(rid, True, tuple(parts[2:]), had_crc=had_crc)
    if status == "ERR" and len(parts) >= 3 and parts[2].isdigit():
        return Reply(rid, False, (), int(parts[2]), " ".join(parts[3:]), had_crc=had_crc)
    return Corrupt("not a reply", rid)


_START = re.compile(rb"(?:(?<![0-9])[0-9]{1,9} (?:OK|ERR)|! [A-Z])")


def salvage_line(raw: bytes) -> Reply | Event | None:
    """Find a whole CRC-checked reply or event at the end of a line that garbage ran into
    (noise with no terminator, half a line before a restart). Only a tail whose CRC checks counts,
    so a false match is as unlikely as a CRC collision."""
    if raw.rfind(b"*") < 0:
        return None
    for match in _START.finditer(raw):
        if match.start() == 0:
            continue
        parsed = parse_line(raw[match.start() :])  # the tail holds the last '*': its CRC is checked
        if isinstance(parsed, Reply | Event):
            return parsed
    return None


class LineSplitter:
    """Bytes in, complete lines out (CR or LF ends a line). A run of bytes longer than
    ``max_line`` without a terminator is dropped, counted as garbage, and reading resynchronises
    at the next terminator."""

    def __init__(self, max_line: int = MAX_LINE + 64) -> None:
        self._buf = bytearray()
        self._max = max_line
        self._dropping = False
        self.dropped = 0

    def feed(self, data: bytes) -> list[bytes]:
        lines: list[bytes] = []
        start = 0
        for i, b in enumerate(data):
            if b in (10, 13):
                chunk = data[start:i]
                if self._dropping:
                    self._dropping = False
                elif len(self._buf) + len(chunk) <= self._max:
                    self._buf += chunk
                    if self._buf:
                        lines.append(bytes(self._buf))
                else:
                    self.dropped += 1
                self._buf.clear()
                start = i + 1
        rest = data[start:]
        if not self._dropping:
            self._buf += rest
            if len(self._buf) > self._max:
                self._buf.clear()
                self._dropping = True
                self.dropped += 1
        return lines

    def reset(self) -> None:
        self._buf.clear()
        self._dropping = False
