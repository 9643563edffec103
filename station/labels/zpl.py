"""The small slice of ZPL II the station writes: tokenising a format and escaping field data.

We write our own instead of using a ZPL package (shared/reference/peripherals.md §1.2): the labels
need about ten commands, and the packages on PyPI preview only through an online service.

Escaping matters because serials and operator data may hold ``^`` or ``~`` (ZPL's command
prefixes): unescaped, they silently break the format. Every field value is therefore written with
``^FH_`` hex escapes, and non-ASCII text as UTF-8 bytes (the templates select UTF-8 with ``^CI28``),
so the bytes on the wire are plain ASCII whatever the data holds.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The escape character announced with ``^FH_``; ``_`` is ZPL's default for ``^FH``.
HEX_ESCAPE = "_"

# Characters written as-is inside an ``^FH_`` field: printable ASCII except the two command
# prefixes and the escape character itself.
_SAFE = {chr(c) for c in range(0x20, 0x7F)} - {"^", "~", HEX_ESCAPE}


def escape_field_data(value: str) -> str:
    """Return ``value`` ready to follow ``^FH_^FD``: ``^ ~ _``, controls and non-ASCII hex-escaped.

    Non-ASCII characters become their UTF-8 bytes (``ü`` → ``_C3_BC``); the printer decodes them
    back under ``^CI28``.
    """
    out: list[str] = []
    for ch in value:
        if ch in _SAFE:
            out.append(ch)
        else:
            out.extend(f"{HEX_ESCAPE}{b:02X}" for b in ch.encode("utf-8"))
    return "".join(out)


def unescape_field_data(data: str) -> str:
    """Invert :func:`escape_field_data` (used by the preview and the printer emulator)."""
    raw = bytearray()
    i = 0
    while i < len(data):
        ch = data[i]
        if ch == HEX_ESCAPE and i + 3 <= len(data) and _is_hex(data[i + 1 : i + 3]):
            raw.append(int(data[i + 1 : i + 3], 16))
            i += 3
        else:
            raw.extend(ch.encode("utf-8"))
            i += 1
    return raw.decode("utf-8", errors="replace")


def _is_hex(two: str) -> bool:
    return len(two) == 2 and all(c in "0123456789abcdefABCDEF" for c in two)


#: ZPL's Code 128 invocation code for FNC4 in subset B (ZPL II guide, ^BC table "Code 128 Invocation
#: Characters": ``>6`` is value 100, FNC4 in subset B). FNC4 before a character adds 128 to it, which is
#: how Code 128 carries ISO 8859-1 (Latin-1) letters such as ``é`` (FNC4 + ``i``).
FNC4 = ">6"


def is_latin1_high(ch: str) -> bool:
    """A Latin-1 character Code 128 carries with FNC4 (U+00A0…U+00FF; U+0080…U+009F are controls)."""
    return 0xA0 <= ord(ch) <= 0xFF


def escape_code128_data(value: str) -> str:
    """Escape a Code 128 payload: ``>`` is ZPL's Code 128 invocation character, written ``>0``, and a
    Latin-1 letter becomes FNC4 (``>6``) followed by the letter minus 128.

    :func:`check_code128_data` has refused anything else before we get here.
    """
    out: list[str] = []
    for ch in value:
        if is_latin1_high(ch):
            out.append(FNC4)
            ch = chr(ord(ch) - 128)
        out.append(">0" if ch == ">" else ch)
    return escape_field_data("".join(out))


def unescape_code128_data(data: str) -> str:
    """Invert :func:`escape_code128_data` for the invocation codes we write (``>0``, ``><``, ``>=``,
    ``>6`` FNC4)."""
    text = unescape_field_data(data)
    out: list[str] = []
    shift = False
    i = 0
    while i < len(text):
        if text[i] == ">" and i + 1 < len(text):
            nxt = text[i + 1]
            i += 2
            if nxt == "6":
                shift = True
                continue
            ch = {"0": ">", "<": "^", "=": "~"}.get(nxt, "")
        else:
            ch = text[i]
            i += 1
        if ch and shift:
            ch = chr(ord(ch) + 128)
            shift = False
        out.append(ch)
    return "".join(out)


def check_code128_data(value: str, *, ascii_only: bool = False) -> str | None:
    """Return why ``value`` cannot go into a Code 128 symbol, or ``None`` when it can.

    Code 128 carries printable ASCII, and Latin-1 letters with FNC4; a template may declare a field
    ASCII-only (``^FX field NAME ascii``: some scanners on the line drop FNC4) and the reason says so.
    """
    if not value:
        return "Code 128 data is empty"
    for pos, ch in enumerate(value):
        if 0x20 <= ord(ch) <= 0x7E:
            continue
        if is_latin1_high(ch) and not ascii_only:
            continue
        if ascii_only:
            return (f"the template declares this Code 128 field ASCII-only; character {ch!r} at position "
                    f"{pos + 1} is not printable ASCII")
        return (
            f"Code 128 holds printable ASCII and Latin-1 (ISO 8859-1, with FNC4) only; character {ch!r} at "
            f"position {pos + 1} cannot be encoded (put it in the QR code or a text field instead)"
        )
    return None


@dataclass(frozen=True)
class Command:
    """One ZPL command: prefix (``^`` or ``~``), name (``FO``, ``BC``, ``A`` …), raw parameters.

    ``offset`` is the index in the source text and ``line`` its 1-based line, so validation errors
    can point at the template line.
    """

    prefix: str
    name: str
    params: str
    offset: int
    line: int

    @property
    def args(self) -> list[str]:
        """Comma-separated parameters, stripped (``^FD`` data must use :attr:`params` instead)."""
        return [p.strip() for p in self.params.split(",")] if self.params.strip() else []

    def __str__(self) -> str:
        return f"{self.prefix}{self.name}{self.params}"


def tokenize(text: str) -> list[Command]:
    """Split ZPL text into commands. Text between commands (newlines, indentation) is ignored.

    ``^FD`` and ``^FX`` run to the next ``^`` or ``~`` like every other command; field data can
    hold neither unescaped, which is exactly what :func:`escape_field_data` guarantees.
    ``^A`` takes its font name as part of its parameters (``^A0N,30,30`` → name ``A``, params
    ``0N,30,30``).
    """
    commands: list[Command] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch not in "^~":
            i += 1
            continue
        start = i
        # ^A<font><orientation>,h,w is a one-letter command followed by the font name.
        name_len = 1 if ch == "^" and i + 1 < n and text[i + 1].upper() == "A" else 2
        name = text[i + 1 : i + 1 + name_len].upper()
        j = i + 1 + name_len
        while j < n and text[j] not in "^~":
            j += 1
        params = text[i + 1 + name_len : j]
        params = params.rstrip("\r\n\t ") if name not in ("FD", "FX") else params.rstrip("\r\n")
        line = text.count("\n", 0, start) + 1
        commands.append(Command(ch, name, params, start, line))
        i = j
    return commands


# --- ~HS host status -----------------------------------------------------------------------------

STX = b"\x02"
ETX = b"\x03"


@dataclass(frozen=True)
class HostStatus:
    """The fields of a ``~HS`` reply the station acts on (ZPL II guide, ``~HS``)."""

    paper_out: bool
    paused: bool
    label_length_dots: int
    formats_in_buffer: int
    buffer_full: bool
    head_open: bool
    ribbon_out: bool
    labels_remaining: int
    over_temperature: bool = False
    under_temperature: bool = False
    corrupt_ram: bool = False

    @property
    def problems(self) -> list[str]:
        """Human reasons the printer cannot print now; empty when it is ready."""
        reasons = []
        if self.paper_out:
            reasons.append("paper out")
        if self.head_open:
            reasons.append("head open")
        if self.ribbon_out:
            reasons.append("ribbon out")
        if self.paused:
            reasons.append("paused")
        if self.buffer_full:
            reasons.append("receive buffer full")
        if self.over_temperature:
            reasons.append("head over temperature")
        if self.under_temperature:
            reasons.append("head under temperature")
        if self.corrupt_ram:
            reasons.append("corrupt RAM")
        return reasons

    @property
    def ready(self) -> bool:
        return not self.problems


def format_host_status(status: HostStatus) -> bytes:
    """Encode ``status`` as the three ``<STX>…<ETX><CR><LF>`` lines a Zebra printer sends."""
    line1 = (
        f"030,{int(status.paper_out)},{int(status.paused)},{status.label_length_dots:04d},"
        f"{status.formats_in_buffer:03d},{int(status.buffer_full)},0,0,000,{int(status.corrupt_ram)},"
        f"{int(status.under_temperature)},{int(status.over_temperature)}"
    )
    line2 = (
        f"001,0,{int(status.head_open)},{int(status.ribbon_out)},0,2,6,0,"
        f"{status.labels_remaining:08d},1,000"
    )
    line3 = "1234,0"
    return b"".join(STX + line.encode("ascii") + ETX + b"\r\n" for line in (line1, line2, line3))


class HostStatusError(ValueError):
    """A ``~HS`` reply that does not have the documented shape."""


def parse_host_status(reply: bytes) -> HostStatus:
    """Parse the three ``~HS`` lines; raise :class:`HostStatusError` naming what is malformed."""
    lines = []
    rest = reply
    while STX in rest:
        start = rest.index(STX) + 1
        end = rest.find(ETX, start)
        if end < 0:
            break
        lines.append(rest[start:end].decode("ascii", errors="replace"))
        rest = rest[end + 1 :]
    if len(lines) < 2:
        raise HostStatusError(f"~HS reply has {len(lines)} complete line(s), expected 3: {reply[:80]!r}")
    f1 = lines[0].split(",")
    f2 = lines[1].split(",")
    if len(f1) < 12 or len(f2) < 9:
        raise HostStatusError(f"~HS reply has too few fields: {lines[0]!r} / {lines[1]!r}")
    try:
        return HostStatus(
            paper_out=f1[1].strip() == "1",
            paused=f1[2].strip() == "1",
            label_length_dots=int(f1[3]),
            formats_in_buffer=int(f1[4]),
            buffer_full=f1[5].strip() == "1",
            corrupt_ram=f1[9].strip() == "1",
            under_temperature=f1[10].strip() == "1",
            over_temperature=f1[11].strip() == "1",
            head_open=f2[2].strip() == "1",
            ribbon_out=f2[3].strip() == "1",
            labels_remaining=int(f2[8]),
        )
    except ValueError as exc:
        raise HostStatusError(f"~HS reply has a non-numeric field: {lines[0]!r} / {lines[1]!r}") from exc
