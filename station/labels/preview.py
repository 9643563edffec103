"""Offline preview of a ZPL label at the printer's resolution, and the layout used to validate it.

The preview interprets the ZPL that will actually be sent (the filled template), so what the
engineer sees is what the printer gets. One PNG pixel is one printer dot; PNG and PDF carry the
printer's DPI, so the label prints or displays at its true size. Barcodes are drawn to be read
back (Code 128 from :mod:`station.labels.code128`, QR with ``qrcode``); text uses Pillow's built-in
scalable font, an approximation of the printer's font 0, so only text *size* is faithful.

Only the commands our templates use are understood; anything else is an error rather than a
silently wrong picture.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import lru_cache

import qrcode
import qrcode.constants
from PIL import Image, ImageDraw, ImageFont

from station.errors import InputError
from station.labels import code128
from station.labels.zpl import Command, tokenize, unescape_code128_data, unescape_field_data

#: Commands the preview (and therefore a template) may use.
SUPPORTED_COMMANDS = frozenset(
    {"XA", "XZ", "CI", "PW", "LL", "LH", "FO", "A", "CF", "FD", "FS", "FH", "FX", "BY", "BC", "BQ", "GB", "PQ"}
)

_QR_ECC = {
    "H": qrcode.constants.ERROR_CORRECT_H,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "L": qrcode.constants.ERROR_CORRECT_L,
}


class TemplateError(InputError):
    """A template that cannot be used, or field data that does not fit it."""


class LayoutError(TemplateError):
    """The ZPL cannot be laid out: an unsupported command, a bad parameter, content off the label."""


@dataclass
class Element:
    """One printed field: where it is (dots, after ``^LH``) and what it shows."""

    kind: str  # "text", "code128", "qr", "box"
    x: int
    y: int
    width: int
    height: int
    line: int
    data: str = ""
    params: dict = field(default_factory=dict)

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    def describe(self) -> str:
        shown = self.data if len(self.data) <= 24 else self.data[:21] + "..."
        label = {"text": "text", "code128": "Code 128", "qr": "QR code", "box": "box"}[self.kind]
        return f"{label} {shown!r}" if self.data else label


@dataclass
class Layout:
    """The laid-out label: its size in dots, resolution and elements."""

    width: int
    length: int
    dpi: int
    elements: list[Element]
    quantity: int = 1

    def overflow(self) -> list[str]:
        """Reasons content falls outside ``^PW``/``^LL``; empty when everything fits."""
        problems = []
        for el in self.elements:
            if el.x < 0 or el.y < 0:
                problems.append(f"line {el.line}: {el.describe()} starts at ({el.x},{el.y}), left of or above "
                                "the label")
            if el.right > self.width:
                problems.append(f"line {el.line}: {el.describe()} ends at x={el.right} dots, beyond the print "
                                f"width ^PW{self.width}")
            if el.bottom > self.length:
                problems.append(f"line {el.line}: {el.describe()} ends at y={el.bottom} dots, beyond the label "
                                f"length ^LL{self.length}")
        return problems


def _int(cmd: Command, index: int, default: int | None, *, what: str, source: str | None) -> int:
    args = cmd.args
    raw = args[index] if index < len(args) and args[index] != "" else None
    if raw is None:
        if default is None:
            raise LayoutError(f"^{cmd.name} needs {what}", path=source, line=cmd.line)
        return default
    try:
        value = int(raw)
    except ValueError:
        raise LayoutError(f"^{cmd.name}: {what} must be a whole number of dots, got {raw!r}",
                          path=source, line=cmd.line) from None
    if value < 0:
        raise LayoutError(f"^{cmd.name}: {what} must not be negative, got {value}", path=source, line=cmd.line)
    return value


#: Preferred preview fonts, closest to the printer's condensed font 0 first; Pillow looks them up in
#: the system font folders. Pillow's built-in font is the fallback (it lacks most non-ASCII glyphs).
PREVIEW_FONTS = ("DejaVuSansCondensed-Bold.ttf", "DejaVuSansCondensed.ttf", "DejaVuSans.ttf", "arialbd.ttf")


def _load_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in PREVIEW_FONTS:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


@lru_cache(maxsize=64)
def _font(height: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A font whose ascent plus descent is ``height`` dots, as a ZPL font height includes descenders."""
    height = max(height, 1)
    probe = _load_font(100)
    ascent, descent = probe.getmetrics()
    return _load_font(max(1, round(height * 100 / max(ascent + descent, 1))))


def text_width(text: str, height: int, width: int) -> int:
    """Width in dots of ``text`` in font 0 at ``height``×``width`` (approximated with Pillow's font)."""
    if not text:
        return 0
    natural = _font(height).getlength(text)
    return max(1, round(natural * width / max(height, 1)))


def _qr_matrix(data: str, ecc: str) -> list[list[bool]]:
    qr = qrcode.QRCode(error_correction=_QR_ECC[ecc], border=0, box_size=1)
    qr.add_data(data.encode("utf-8"))
    qr.make(fit=True)
    return qr.get_matrix()


def default_qr_magnification(dpi: int) -> int:
    """ZPL's default ``^BQ`` magnification: 2 at 203 dpi and below, 3 above (ZPL II guide)."""
    return 2 if dpi <= 203 else 3


def layout(zpl: str, *, dpi: int = 203, source: str | None = None) -> Layout:
    """Interpret filled ZPL into a :class:`Layout`; raise :class:`LayoutError` on anything unsupported."""
    cmds = tokenize(zpl)
    width = length = None
    home_x = home_y = 0
    origin: tuple[int, int] | None = None
    font_h, font_w = 30, 30
    field_font: tuple[int, int] | None = None
    by_module, by_height = 2, 10
    barcode: Command | None = None
    hex_escape = False
    elements: list[Element] = []
    quantity = 1
    started = False
    for cmd in cmds:
        if cmd.name not in SUPPORTED_COMMANDS:
            raise LayoutError(
                f"{cmd.prefix}{cmd.name} is not supported by the station's labels; use only "
                + " ".join("^" + c for c in sorted(SUPPORTED_COMMANDS)),
                path=source, line=cmd.line)
        if cmd.prefix == "~":
            raise LayoutError(f"~{cmd.name}: control commands do not belong in a label format",
                              path=source, line=cmd.line)
        name = cmd.name
        if name == "XA":
            started = True
            continue
        if not started and name != "FX":
            raise LayoutError(f"^{name} before ^XA; a label format starts with ^XA", path=source, line=cmd.line)
        if name == "XZ":
            break
        if name == "PW":
            width = _int(cmd, 0, None, what="the print width", source=source)
        elif name == "LL":
            length = _int(cmd, 0, None, what="the label length", source=source)
        elif name == "LH":
            home_x = _int(cmd, 0, 0, what="x", source=source)
            home_y = _int(cmd, 1, 0, what="y", source=source)
        elif name == "PQ":
            quantity = max(1, _int(cmd, 0, 1, what="the quantity", source=source))
        elif name == "CI":
            if cmd.args and cmd.args[0] not in ("28",):
                raise LayoutError(f"^CI{cmd.params}: the station writes field data as UTF-8; use ^CI28",
                                  path=source, line=cmd.line)
        elif name == "FO":
            origin = (home_x + _int(cmd, 0, 0, what="x", source=source),
                      home_y + _int(cmd, 1, 0, what="y", source=source))
        elif name == "CF":
            font_h = _int(cmd, 1, font_h, what="the font height", source=source)
            font_w = _int(cmd, 2, font_h, what="the font width", source=source)
        elif name == "A":
            spec = cmd.params.split(",")
            head = spec[0]
            if not head or head[0] != "0":
                raise LayoutError(f"^A{cmd.params}: only the scalable font 0 is supported (^A0N,h,w)",
                                  path=source, line=cmd.line)
            if len(head) > 1 and head[1].upper() != "N":
                raise LayoutError(f"^A{cmd.params}: only normal orientation N is supported",
                                  path=source, line=cmd.line)
            fake = Command("^", "A", ",".join(spec[1:]), cmd.offset, cmd.line)
            h = _int(fake, 0, font_h, what="the font height", source=source)
            field_font = (h, _int(fake, 1, h, what="the font width", source=source))
        elif name == "BY":
            by_module = _int(cmd, 0, by_module, what="the module width", source=source)
            if not 1 <= by_module <= 10:
                raise LayoutError(f"^BY: module width must be 1-10 dots, got {by_module}", path=source,
                                  line=cmd.line)
            by_height = _int(cmd, 2, by_height, what="the bar height", source=source)
        elif name in ("BC", "BQ"):
            if cmd.args and cmd.args[0].upper() not in ("N", ""):
                raise LayoutError(f"^{name}: only orientation N is supported", path=source, line=cmd.line)
            barcode = cmd
        elif name == "FH":
            if cmd.params not in ("", "_"):
                raise LayoutError(f"^FH{cmd.params}: the station escapes field data with '_'; write ^FH_",
                                  path=source, line=cmd.line)
            hex_escape = True
        elif name == "GB":
            if origin is None:
                raise LayoutError("^GB without a preceding ^FO", path=source, line=cmd.line)
            t = max(1, _int(cmd, 2, 1, what="the border thickness", source=source))
            w = max(t, _int(cmd, 0, t, what="the box width", source=source))
            h = max(t, _int(cmd, 1, t, what="the box height", source=source))
            color = cmd.args[3].upper() if len(cmd.args) > 3 and cmd.args[3] else "B"
            elements.append(Element("box", origin[0], origin[1], w, h, cmd.line, params={"t": t, "color": color}))
        elif name == "FD":
            if origin is None:
                raise LayoutError("^FD without a preceding ^FO: the field has no position", path=source,
                                  line=cmd.line)
            elements.append(_field_element(cmd, origin, barcode, field_font or (font_h, font_w),
                                           by_module, by_height, hex_escape, dpi, source))
        elif name == "FS":
            barcode = None
            field_font = None
            hex_escape = False
            origin = None
    if width is None or length is None:
        missing = " and ".join(c for c, v in (("^PW", width), ("^LL", length)) if v is None)
        raise LayoutError(f"the label has no {missing}; give the print width and label length in dots",
                          path=source, line=None)
    return Layout(width, length, dpi, elements, quantity)


def _field_element(cmd: Command, origin: tuple[int, int], barcode: Command | None, font: tuple[int, int],
                   by_module: int, by_height: int, hex_escape: bool, dpi: int, source: str | None) -> Element:
    x, y = origin
    raw = cmd.params
    if barcode is not None and barcode.name == "BC":
        data = unescape_code128_data(raw) if hex_escape else unescape_code128_data(raw.replace("_", "_5F"))
        height = _int(barcode, 1, by_height, what="the bar height", source=source)
        hri = (barcode.args[2].upper() if len(barcode.args) > 2 and barcode.args[2] else "Y") == "Y"
        above = (barcode.args[3].upper() if len(barcode.args) > 3 and barcode.args[3] else "N") == "Y"
        try:
            modules = code128.symbol_width_modules(data)
        except ValueError as exc:
            raise LayoutError(f"^BC: {exc}", path=source, line=cmd.line) from None
        hri_h = _hri_height(by_module)
        total_h = height + (hri_h + 2 if hri else 0)
        return Element("code128", x, y, modules * by_module, total_h, cmd.line, data,
                       {"module": by_module, "bar_height": height, "hri": hri, "above": above, "hri_h": hri_h})
    if barcode is not None and barcode.name == "BQ":
        text = unescape_field_data(raw) if hex_escape else raw
        if len(text) < 3 or text[2] != "," or text[0].upper() not in _QR_ECC or text[1].upper() != "A":
            raise LayoutError(
                "^BQ field data must start with the error-correction level and input mode A, e.g. ^FDQA,payload "
                f"(got {text[:12]!r})", path=source, line=cmd.line)
        ecc, data = text[0].upper(), text[3:]
        mag = _int(barcode, 2, default_qr_magnification(dpi), what="the magnification", source=source)
        if not 1 <= mag <= 10:
            raise LayoutError(f"^BQ: magnification must be 1-10, got {mag}", path=source, line=cmd.line)
        try:
            matrix = _qr_matrix(data, ecc)
        except qrcode.exceptions.DataOverflowError:
            raise LayoutError(f"QR data of {len(data.encode())} bytes is too long for error-correction level "
                              f"{ecc}", path=source, line=cmd.line) from None
        size = len(matrix) * mag
        return Element("qr", x, y, size, size, cmd.line, data, {"mag": mag, "ecc": ecc, "matrix": matrix})
    text = unescape_field_data(raw) if hex_escape else raw
    h, w = font
    return Element("text", x, y, text_width(text, h, w), h, cmd.line, text, {"h": h, "w": w})


def _hri_height(module: int) -> int:
    return max(14, 9 * module)


def draw(lay: Layout) -> Image.Image:
    """Draw the layout as a 1-bit image, one pixel per printer dot."""
    img = Image.new("1", (lay.width, lay.length), 1)
    pen = ImageDraw.Draw(img)
    for el in lay.elements:
        if el.kind == "box":
            fill = 0 if el.params["color"] == "B" else 1
            t = el.params["t"]
            for k in range(t):
                pen.rectangle([el.x + k, el.y + k, el.right - 1 - k, el.bottom - 1 - k], outline=fill)
        elif el.kind == "text":
            _draw_text(img, el.x, el.y, el.data, el.params["h"], el.params["w"])
        elif el.kind == "code128":
            _draw_code128(img, pen, el)
        elif el.kind == "qr":
            mag = el.params["mag"]
            for r, row in enumerate(el.params["matrix"]):
                for c, dark in enumerate(row):
                    if dark:
                        x0, y0 = el.x + c * mag, el.y + r * mag
                        pen.rectangle([x0, y0, x0 + mag - 1, y0 + mag - 1], fill=0)
    return img


def _draw_text(img: Image.Image, x: int, y: int, text: str, h: int, w: int) -> None:
    if not text:
        return
    font = _font(h)
    natural = max(1, round(font.getlength(text)))
    glyphs = Image.new("L", (natural, h), 0)
    ImageDraw.Draw(glyphs).text((0, 0), text, font=font, fill=255)
    target_w = text_width(text, h, w)
    if target_w != natural:
        glyphs = glyphs.resize((target_w, h))
    mask = glyphs.point(lambda v: 255 if v >= 128 else 0).convert("1")
    img.paste(0, (x, y), mask)


def _draw_code128(img: Image.Image, pen: ImageDraw.ImageDraw, el: Element) -> None:
    module = el.params["module"]
    bar_h = el.params["bar_height"]
    hri_h = el.params["hri_h"]
    top = el.y + (hri_h + 2 if el.params["hri"] and el.params["above"] else 0)
    pos = el.x
    for i, width in enumerate(code128.encode_modules(el.data)):
        span = width * module
        if i % 2 == 0:
            pen.rectangle([pos, top, pos + span - 1, top + bar_h - 1], fill=0)
        pos += span
    if el.params["hri"]:
        ty = el.y if el.params["above"] else top + bar_h + 2
        tw = text_width(el.data, hri_h, hri_h)
        _draw_text(img, el.x + max(0, (el.width - tw) // 2), ty, el.data, hri_h, hri_h)


def render_image(zpl: str, *, dpi: int = 203) -> Image.Image:
    """Lay out and draw ``zpl``; content outside the label is an error, not a clipped picture."""
    lay = layout(zpl, dpi=dpi)
    problems = lay.overflow()
    if problems:
        raise LayoutError("content outside the label: " + "; ".join(problems))
    return draw(lay)


def to_png(img: Image.Image, dpi: int) -> bytes:
    """PNG bytes tagged with the printer's DPI."""
    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=(dpi, dpi))
    return buf.getvalue()


def to_pdf(img: Image.Image, dpi: int) -> bytes:
    """A one-page PDF the physical size of the label (dots ÷ DPI)."""
    buf = io.BytesIO()
    img.convert("L").save(buf, format="PDF", resolution=float(dpi))
    return buf.getvalue()
