"""Escaped characters survive to the *printed text*, not only to the barcodes.

An earlier preview cropped glyphs at the font height, so the underscore of ``SN^~_1`` (drawn below
the baseline) vanished and looked like a space. Each character here must leave ink of its own
inside the field's box, in our preview and in zplkit's rendering of the same ZPL.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
import zplkit
from PIL import Image

from station.labels import parse_template

TEMPLATE = """^XA
^CI28
^PW400
^LL120
^FO20,30^A0N,40,40^FD{{text}}^FS
^XZ
"""
FIELD_BOX = (20, 30, 400, 70)  # x0, y0, x1, y1 of the text field (origin + font height)


def ink(image: Image.Image) -> np.ndarray:
    return np.array(image.convert("L")) < 128


def preview(text: str) -> np.ndarray:
    return ink(parse_template(TEMPLATE, name="t").fill({"text": text}).image())


def printed(text: str) -> np.ndarray:
    zpl = parse_template(TEMPLATE, name="t").fill({"text": text}).zpl_bytes
    return ink(Image.open(io.BytesIO(zplkit.render(zpl).labels[0].png())))


# zplkit's resident font 0 holds ASCII glyphs only (it raises "unsupported embedded font glyph" for
# ü), so non-ASCII text is checked in our preview; a printer with ^CI28 prints it.
@pytest.mark.parametrize(("render", "char"), [
    *((preview, c) for c in "_^~ü€"),
    *((printed, c) for c in "_^~"),
], ids=lambda v: getattr(v, "__name__", None) or f"U+{ord(v):04X}")
def test_each_escaped_character_prints_inside_the_field(render, char):
    blank, marked = render("A B"), render(f"A{char}B")
    x0, y0, x1, y1 = FIELD_BOX
    outside = marked.copy()
    outside[y0:y1, x0:x1] = False
    assert not outside.any(), "text drawn outside its field"
    assert (marked[y0:y1, x0:x1] & ~blank[y0:y1, x0:x1]).sum() > 20, f"{char!r} left no ink of its own"


@pytest.mark.parametrize("render", [preview, printed], ids=["preview", "zplkit"])
def test_the_underscore_sits_low_in_the_field_like_a_printed_one(render):
    rows = np.nonzero(render("_").any(axis=1))[0]
    x0, y0, x1, y1 = FIELD_BOX
    assert rows.min() > y0 + (y1 - y0) // 2  # under the letters' middle, not a dash or a gap
    assert rows.max() < y1
