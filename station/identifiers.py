"""The one gate every serial and badge passes before the station keeps it.

A serial or a badge ends up in run records, audit events, labels, exports and terminal tables. A
value with an ESC sequence rewrites the terminal of whoever lists the runs later; a 10 KB "serial"
bloats every table it lands in; Unicode digits (``DEMO٠٠٠٠٤``) look like a valid serial to ``\\d``
but are no barcode anyone printed. So every door — the scanner decoders, the station's
``scan``/``sign_in`` (and so the window), ``station run --serial`` and the other CLI options that take
a serial or a badge — calls :func:`clean_identifier`, and refuses with a message that names the
problem and where it is. Serial *patterns* (check digits, prefixes) stay in
:class:`station.drivers.scanner.SerialRule`; this module only decides what can never be an
identifier.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

from station.errors import InputError

Kind = Literal["serial", "badge", "operator", "identity"]

#: The longest value accepted per kind. Serials and badges are barcodes (GS1 serials are at most 20
#: characters; 64 leaves room for prefixes); an operator may be a badge or a written name.
MAX_LENGTH: dict[str, int] = {"serial": 64, "badge": 64, "operator": 64, "identity": 64}
#: Kinds that must be printable ASCII. Barcode serials and badges are; an operator's written name
#: (``--operator "José"``) may use letters of any script, never control or format characters.
ASCII_ONLY = frozenset({"serial", "badge", "identity"})

_C0_NAMES = [
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
    "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
]


class IdentifierRejected(InputError):
    """A serial or badge that must not enter the station; the message says what is wrong and where."""


def control_name(ch: str) -> str:
    """A readable name for a control character: ``ESC``, ``DEL``, ``U+0085``."""
    code = ord(ch)
    if code < 32:
        return _C0_NAMES[code]
    if code == 127:
        return "DEL"
    return f"U+{code:04X}"


def _is_control(ch: str) -> bool:
    # Cc control, Cf format (bidi overrides, zero-width), Cs/Co/Cn, and line/paragraph separators.
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def clean_identifier(raw: str, what: Kind = "serial", max_len: int | None = None) -> str:
    """``raw`` without surrounding whitespace, or :class:`IdentifierRejected` naming the problem.

    Refused: empty values, values longer than ``max_len`` (default :data:`MAX_LENGTH`), control and
    format characters anywhere (named, with their 1-based position), and — for serials, badges and
    identities — any character outside printable ASCII.
    """
    if not isinstance(raw, str):
        raise IdentifierRejected(f"{what} must be text, not {type(raw).__name__}")
    limit = MAX_LENGTH[what] if max_len is None else max_len
    value = raw.strip()
    if not value:
        raise IdentifierRejected(f"{what} is empty")
    if len(value) > limit:
        raise IdentifierRejected(f"{what} is {len(value)} characters long; at most {limit}")
    for pos, ch in enumerate(value, start=1):
        if _is_control(ch):
            raise IdentifierRejected(f"{what} contains a control character ({control_name(ch)}) at position {pos}")
    if what in ASCII_ONLY:
        for pos, ch in enumerate(value, start=1):
            if not " " <= ch <= "~":
                raise IdentifierRejected(
                    f"{what} contains non-ASCII character {ch!r} (U+{ord(ch):04X}) at position {pos}"
                )
    return value


def shown(raw: str, limit: int = 80) -> str:
    """A form of a refused value that is safe to show and store: escaped and cut to ``limit``."""
    text = raw if len(raw) <= limit else raw[:limit]
    escaped = text.encode("unicode_escape").decode("ascii")
    return escaped + (f"… ({len(raw)} characters)" if len(raw) > limit else "")
