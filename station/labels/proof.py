"""Proving a label scans before it prints: quiet zones and overlaps on the layout, then a real decode.

Staying inside ``^PW``/``^LL`` is not enough: a Code 128 that grows with a long serial can run into
the QR's quiet zone, and the label still renders — but the QR no longer scans. Two checks, both
naming the field and the code that break:

* :func:`layout_problems` — geometry: every code keeps its quiet zone (Code 128: 10 modules left
  and right, ISO/IEC 15417; QR: 4 modules all round, ISO/IEC 18004) clear of every other element
  and inside the label, and no two elements overlap.
* :func:`decode_problems` — the rendering (or a camera's picture of the printed label) is decoded
  with zxing-cpp and every code must give back exactly its data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import zxingcpp
from PIL import Image

from station.labels.preview import Element, Layout

CODE128_QUIET_MODULES = 10
QR_QUIET_MODULES = 4
_FORMAT = {"code128": zxingcpp.BarcodeFormat.Code128, "qr": zxingcpp.BarcodeFormat.QRCode}
_NAME = {"code128": "Code 128", "qr": "QR code", "text": "text", "box": "box"}

Rect = tuple[int, int, int, int]  # x0, y0, x1, y1 (x1, y1 exclusive)


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a label must not print: where (template line, the fields there) and why."""

    line: int
    fields: tuple[str, ...]
    code: str
    reason: str

    def __str__(self) -> str:
        who = f"field {', '.join(repr(f) for f in self.fields)}" if self.fields else "no field"
        return f"line {self.line} ({who}, {self.code}): {self.reason}"


def _rect(el: Element) -> Rect:
    return el.x, el.y, el.right, el.bottom


def _strokes(el: Element) -> list[Rect]:
    """What an element actually inks: a box is its four borders, everything else its rectangle."""
    if el.kind != "box":
        return [_rect(el)]
    t = el.params["t"]
    x0, y0, x1, y1 = _rect(el)
    if 2 * t >= min(x1 - x0, y1 - y0):
        return [(x0, y0, x1, y1)]
    return [(x0, y0, x1, y0 + t), (x0, y1 - t, x1, y1), (x0, y0, x0 + t, y1), (x1 - t, y0, x1, y1)]


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def symbol_rect(el: Element) -> Rect:
    """The bars or modules of a code, without its human-readable line."""
    if el.kind == "code128":
        top = el.y + (el.params["hri_h"] + 2 if el.params["hri"] and el.params["above"] else 0)
        return el.x, top, el.right, top + el.params["bar_height"]
    return _rect(el)


def quiet_rect(el: Element) -> Rect:
    """The symbol with the quiet zone the standard asks for around it."""
    x0, y0, x1, y1 = symbol_rect(el)
    if el.kind == "code128":
        q = CODE128_QUIET_MODULES * el.params["module"]
        return x0 - q, y0, x1 + q, y1
    q = QR_QUIET_MODULES * el.params["mag"]
    return x0 - q, y0 - q, x1 + q, y1 + q


def layout_problems(lay: Layout, fields_at: Mapping[int, Sequence[str]] | None = None) -> list[Problem]:
    """Quiet zones and overlaps; ``fields_at`` maps a template line to the fields it holds."""
    fields_at = fields_at or {}

    def who(el: Element) -> tuple[str, ...]:
        return tuple(fields_at.get(el.line, ()))

    problems: list[Problem] = []
    elements = lay.elements
    for i, el in enumerate(elements):
        if el.kind not in _FORMAT:
            continue
        zone = quiet_rect(el)
        q = zone[2] - symbol_rect(el)[2]
        edges = [("left", zone[0] < 0), ("right", zone[2] > lay.width), ("top", zone[1] < 0),
                 ("bottom", zone[3] > lay.length)]
        for edge, out in edges:
            if out:
                problems.append(Problem(el.line, who(el), _NAME[el.kind],
                                        f"its quiet zone ({q} dots) runs past the label's {edge} edge"))
        for j, other in enumerate(elements):
            if j == i:
                continue
            if any(_overlap(zone, stroke) for stroke in _strokes(other)):
                where = f"line {other.line}" + (f" ({', '.join(who(other))})" if who(other) else "")
                problems.append(Problem(el.line, who(el), _NAME[el.kind],
                                        f"{_NAME[other.kind]} at {where} is inside its quiet zone ({q} dots)"))
    for i, a in enumerate(elements):
        for b in elements[i + 1:]:
            if a.kind in _FORMAT or b.kind in _FORMAT or "box" in (a.kind, b.kind):
                continue  # codes are covered by their quiet zones above; boxes frame things on purpose
            if _overlap(_rect(a), _rect(b)):
                problems.append(Problem(a.line, who(a), _NAME[a.kind],
                                        f"overlaps the {_NAME[b.kind]} at line {b.line}"))
    return problems


def decode(image: Image.Image | np.ndarray) -> list[tuple[str, str]]:
    """Every Code 128 and QR code zxing-cpp finds in ``image``: (kind, text)."""
    if isinstance(image, Image.Image):
        image = image.convert("L")
    kinds = {v: k for k, v in _FORMAT.items()}
    found = zxingcpp.read_barcodes(image, formats=(_FORMAT["code128"], _FORMAT["qr"]))
    return [(kinds[b.format], b.text) for b in found if b.format in kinds]


def decode_problems(image: Image.Image | np.ndarray, lay: Layout,
                    fields_at: Mapping[int, Sequence[str]] | None = None, *,
                    source: str = "the rendered label") -> list[Problem]:
    """Each code of ``lay`` must be found in ``image`` (``source`` says what it is) with exactly its data."""
    fields_at = fields_at or {}
    found = decode(image)
    problems = []
    for el in lay.elements:
        if el.kind not in _FORMAT:
            continue
        hit = (el.kind, el.data)
        if hit in found:
            found.remove(hit)
            continue
        others = [text for kind, text in found if kind == el.kind]
        reason = f"does not decode from {source}"
        if others:
            reason += f" (a {_NAME[el.kind]} decodes as {others[0]!r} instead)"
        problems.append(Problem(el.line, tuple(fields_at.get(el.line, ())), _NAME[el.kind], reason))
    return problems


def upscale(image: Image.Image, factor: int = 2) -> Image.Image:
    """Nearest-neighbour enlargement: small modules (1-2 dots) decode more reliably, nothing is invented."""
    return image.convert("L").resize((image.width * factor, image.height * factor), Image.NEAREST)
