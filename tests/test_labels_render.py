"""Label templates: filling, escaping, previews that decode to the exact payloads, clear errors."""

from __future__ import annotations

import io
import re

import pytest
import zplkit
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from station.labels import TemplateError, list_templates, load_template, parse_template
from station.labels.zpl import (
    escape_code128_data,
    escape_field_data,
    tokenize,
    unescape_code128_data,
    unescape_field_data,
)

NASTY_SERIAL = "SN-A^B~C_D>E"
NASTY_QR = "SN=A^B~C_D>E;NAME=Zürich €5 ü/日本"


def decode(image: Image.Image) -> dict[str, str]:
    found = zxingcpp.read_barcodes(image.convert("L"))
    return {b.format.name: b.text for b in found}


def zplkit_decode(zpl: str | bytes) -> dict[str, str]:
    """Render ZPL offline with zplkit (^PQ is not supported there) and decode every symbol."""
    text = zpl.decode("ascii") if isinstance(zpl, bytes) else zpl
    doc = zplkit.render(re.sub(r"\^PQ[^\^~]*", "", text))
    return decode(Image.open(io.BytesIO(doc.labels[0].png())))


def product_fields(**over: str) -> dict[str, str]:
    fields = {"serial": NASTY_SERIAL, "device_id": "0c2a69ffee0001", "mac": "0c:2a:69:00:00:01", "qr": NASTY_QR}
    fields.update(over)
    return fields


def test_escaping_leaves_only_plain_ascii_and_round_trips():
    escaped = escape_field_data(NASTY_QR)
    assert escaped.isascii() and "^" not in escaped and "~" not in escaped
    assert unescape_field_data(escaped) == NASTY_QR
    c128 = escape_code128_data(NASTY_SERIAL)
    assert ">0" in c128 and unescape_code128_data(c128) == NASTY_SERIAL


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_escape_round_trips_any_text(text):
    escaped = escape_field_data(text)
    assert escaped.isascii() and not set(escaped) & {"^", "~"}
    assert unescape_field_data(escaped) == text


def test_png_preview_decodes_to_the_exact_payloads(tmp_path):
    label = load_template("product").fill(product_fields())
    out = label.save_preview(tmp_path / "label.png")
    with Image.open(out) as img:
        assert img.size == (812, 406)
        assert round(img.info["dpi"][0]) == 203
        codes = decode(img)
    assert codes == {"Code128": NASTY_SERIAL, "QRCode": NASTY_QR}


def test_the_same_zpl_rendered_by_zplkit_decodes_to_the_same_payloads():
    label = load_template("product").fill(product_fields())
    assert zplkit_decode(label.zpl) == {"Code128": NASTY_SERIAL, "QRCode": NASTY_QR}


def test_pdf_preview_has_the_label_size_at_the_printer_dpi(tmp_path):
    label = load_template("product").fill(product_fields())
    pdf = label.save_preview(tmp_path / "label.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box is not None
    # 812 x 406 dots at 203 dpi = 4 x 2 in = 288 x 144 pt.
    assert float(box.group(1)) == pytest.approx(288, abs=0.5)
    assert float(box.group(2)) == pytest.approx(144, abs=0.5)


@pytest.mark.parametrize("template", [p.stem for p in list_templates()])
def test_every_shipped_template_validates_with_its_samples(template):
    tpl = load_template(template)
    label = tpl.validate()
    assert label.zpl.startswith("^XA") and label.zpl.rstrip().endswith("^XZ")
    codes = decode(label.image())
    for uses_name, uses in tpl.fields.items():
        for use in uses:
            if use.kind == "code128":
                assert codes["Code128"] == tpl.samples[uses_name]
            if use.kind == "qr":
                assert codes["QRCode"] == tpl.samples[uses_name]


def test_unknown_and_missing_fields_are_named():
    tpl = load_template("product")
    with pytest.raises(TemplateError, match=r"unknown field\(s\) colour; template 'product' has: device_id"):
        tpl.fill(product_fields(colour="red"))
    fields = product_fields()
    del fields["mac"]
    with pytest.raises(TemplateError, match=r"missing field\(s\): mac \(line 16\)"):
        tpl.fill(fields)


def test_content_outside_the_label_is_refused_with_its_line():
    tpl = load_template("product")
    with pytest.raises(TemplateError, match=r"field 'serial': 42 characters, the template holds at most 16"):
        tpl.fill(product_fields(serial="SN" + "ABCDEFGHJK" * 4))
    unlimited = parse_template(tpl.source.replace("^FX field serial max=16 ascii\n", ""), name="product")
    with pytest.raises(TemplateError, match=r"line 14: Code 128 .* beyond the print width \^PW812"):
        unlimited.fill(product_fields(serial="SN" + "ABCDEFGHJK" * 4))
    small = parse_template("^XA\n^CI28^PW200^LL100\n^FO10,10^A0N,40,40^FD{{x}}^FS\n^XZ\n", name="t")
    with pytest.raises(TemplateError, match=r"line 3: text 'WWWWWWWWWW' ends at x=\d+ dots, beyond the print"):
        small.fill({"x": "W" * 10})
    # A template whose own layout does not fit is refused when it is loaded (checked with sample data).
    with pytest.raises(TemplateError, match=r"line 3: text 'X' ends at y=120 dots, beyond the label length"):
        parse_template("^XA\n^CI28^PW200^LL100\n^FO10,80^A0N,40,40^FD{{x}}^FS\n^XZ\n", name="t")


def test_code128_refuses_non_ascii_with_a_clear_reason():
    with pytest.raises(TemplateError, match=r"field 'serial'.*declares this Code 128 field ASCII-only; "
                                            r"character 'ü' at position 3"):
        load_template("product").fill(product_fields(serial="SNü1"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("^XA^PW400^LL200^FO1,1^A0N,20,20^FDx^FS", "must end with ^XZ"),
        ("^PW400^XA^XZ", "must start with ^XA"),
        ("^XA\n^PW400\n^FO1,1^A0N,20,20^FDx^FS\n^XZ", "no ^LL"),
        ("^XA\n^PW400^LL200\n^FO1,1^B3N,N,50^FD{{x}}^FS\n^XZ", "^B3 is not supported"),
        ("^XA\n^PW400^LL200\n^FO{{x}},1^A0N,20,20^FDx^FS\n^XZ", "placeholder inside ^FO"),
        ("^XA\n^PW400^LL200\n^FO1,1^A0N,20,20^FD{{x}^FS\n^XZ", "malformed placeholder"),
        ("^XA\n^PW400^LL200\n^FO1,1^BQN,2,3^FD{{x}}^FS\n^XZ", "error-correction level and input mode A"),
        ("^XA\n^CI0^PW400^LL200\n^XZ", "use ^CI28"),
        ("^XA\n^PW400^LL200\n^FO1,1^A0R,20,20^FDx^FS\n^XZ", "only normal orientation N"),
    ],
)
def test_bad_templates_are_refused_clearly(text, message):
    with pytest.raises(TemplateError) as info:
        parse_template(text, name="bad", path="bad.zpl")
    assert message in str(info.value)
    assert str(info.value).startswith("bad.zpl")


def test_line_numbers_point_at_the_faulty_template_line():
    text = "^XA\n^PW400^LL200\n\n^FO1,1^B3N,N,50^FDx^FS\n^XZ\n"
    with pytest.raises(TemplateError, match=r"^bad.zpl:4: "):
        parse_template(text, name="bad", path="bad.zpl")


def test_unknown_template_lists_the_known_ones():
    with pytest.raises(TemplateError, match=r"no label template 'nope'; known templates: .*product"):
        load_template("nope")


def test_fill_adds_fh_and_keeps_the_wire_ascii():
    label = load_template("product").fill(product_fields())
    fds = [c for c in tokenize(label.zpl) if c.name == "FD" and "{{" not in c.params]
    assert fds
    assert label.zpl_bytes.isascii()
    assert label.zpl.count("^FH_^FD") == 5


@settings(max_examples=25, deadline=None)
@given(
    serial=st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=14),
    qr=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40),
)
def test_any_printable_data_survives_preview_and_zplkit(serial, qr):
    label = load_template("product").fill(product_fields(serial=serial, qr=qr))
    expected = {"Code128": serial, "QRCode": qr}
    assert decode(label.image()) == expected
    assert zplkit_decode(label.zpl)["Code128"] == serial
