"""Labels proven before they print: declared field limits, quiet zones, a real decode, Latin-1 in Code 128.

The label is rendered with the real data and decoded with zxing-cpp; the ZPL that reaches the
printer emulator over TCP is rendered and decoded again, so what is checked is what was sent.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from station.drivers.print_queue import PrintQueue
from station.drivers.printer import open_printer
from station.labels import code128, load_template, parse_template, preview, proof
from station.labels.preview import TemplateError
from station.labels.zpl import escape_code128_data, unescape_code128_data
from station.sim.printer import PrinterEmulator

REPO = Path(__file__).resolve().parent.parent
SHIPPED = (REPO / "config" / "labels" / "imp_sensor.zpl").read_text(encoding="utf-8")

# config/labels/imp_sensor.zpl as it was when the issue was filed: fine for the sample serial, but a
# 16-character serial pushes the Code 128 into the QR's quiet zone and the QR stops scanning.
ISSUE_LAYOUT = """^XA
^FX dpi=203
^FX sample product=imp-sensor
^FX sample serial=SN0012345678
^FX sample device_id=0c2a690000000001
^FX sample mac=0c2a69000001
^FX sample qr=SERIAL=SN0012345678;DEVICE_ID=0c2a690000000001;MAC=0c2a69000001
^CI28
^PW457
^LL254
^FO12,10^A0N,26,26^FD{{product}}^FS
^FO12,40^BY2^BCN,60,Y,N,N,A^FD{{serial}}^FS
^FO12,135^A0N,20,20^FDID {{device_id}}^FS
^FO12,160^A0N,20,20^FDMAC {{mac}}^FS
^FO300,100^BQN,2,3^FDQA,{{qr}}^FS
^XZ
"""
SERIAL16 = "SNAB12CD34EF56GH"
IMP_FIELDS = {"product": "imp-sensor", "device_id": "0c2a690000000001", "mac": "0c2a69000001"}


def qr_for(serial: str) -> str:
    return f"SERIAL={serial};DEVICE_ID=0c2a690000000001;MAC=0c2a69000001"


def test_the_issue_case_a_16_character_serial_is_refused_at_validation_naming_the_fields() -> None:
    declared = ISSUE_LAYOUT.replace("^XZ", "^FX field serial max=16 ascii\n^XZ")
    with pytest.raises(TemplateError) as refused:
        parse_template(declared, name="imp_sensor")
    message = str(refused.value)
    assert "longest values the template declares (serial='W'×16)" in message
    assert "line 12 (field 'serial', Code 128)" in message and "line 15 (field 'qr', QR code)" in message
    assert "Code 128 at line 12 (serial) is inside its quiet zone" in message

    # The shipped template declares what it holds (15) and is refused the moment it claims 16.
    assert load_template("imp_sensor").limits["serial"].max_length == 15
    with pytest.raises(TemplateError, match=r"field 'serial', Code 128\): its quiet zone \(20 dots\) runs past the "
                                            r"label's right edge"):
        parse_template(SHIPPED.replace("serial max=15", "serial max=16"), name="imp_sensor")


def test_without_declared_limits_the_real_16_character_serial_is_still_refused_before_it_prints() -> None:
    with pytest.raises(TemplateError, match=r"line 12 \(field 'serial', Code 128\): its quiet zone \(20 dots\) runs "
                                            r"past the label's left edge"):
        parse_template(ISSUE_LAYOUT, name="imp_sensor")  # even its sample: 12 dots of quiet zone, 20 needed
    tpl = parse_template(ISSUE_LAYOUT.replace("^FO12,40^BY2", "^FO20,40^BY2"), name="imp_sensor")  # now it loads
    with pytest.raises(TemplateError, match="would not scan") as refused:
        tpl.fill({**IMP_FIELDS, "serial": SERIAL16, "qr": qr_for(SERIAL16)})
    assert "field 'qr', QR code" in str(refused.value) and "field 'serial', Code 128" in str(refused.value)


def test_the_decode_is_what_decides_a_code_that_does_not_scan_is_named() -> None:
    """Geometry can be fine and the symbol still unreadable (a smudge, a dead head line): the decode says so."""
    tpl = load_template("imp_sensor")
    label = tpl.fill({**IMP_FIELDS, "serial": "SN0012345678", "qr": qr_for("SN0012345678")})
    lay = label.layout()
    image = label.image().convert("L")
    qr = next(el for el in lay.elements if el.kind == "qr")
    ImageDraw.Draw(image).rectangle([qr.x, qr.y, qr.x + qr.width // 2, qr.y + qr.height // 2], fill=255)
    problems = proof.decode_problems(proof.upscale(image), lay, tpl.fields_at())
    assert [str(p) for p in problems] == [
        "line 16 (field 'qr', QR code): does not decode from the rendered label"]


def test_a_camera_picture_of_the_printed_label_is_checked_the_same_way() -> None:
    tpl = load_template("product")
    fields = {"serial": "SN-ABC123456", "device_id": "0c2a690000000001", "mac": "0c:2a:69:00:00:01",
              "qr": "SN=SN-ABC123456;ID=0c2a690000000001;MAC=0c2a69000001"}
    label = tpl.fill(fields)
    # A camera sees the label larger, slightly blurred, grey rather than black on white, with a border.
    shot = label.image().convert("L").resize((label.width * 3 // 2, label.length * 3 // 2), Image.BILINEAR)
    shot = shot.filter(ImageFilter.GaussianBlur(1.0)).point(lambda v: 40 + v * 170 // 255)
    frame = Image.new("L", (shot.width + 80, shot.height + 60), 120)
    frame.paste(shot, (40, 30))
    assert tpl.check_printed(label, np.asarray(frame)) == []
    # the printer lost the right half of the label (ribbon wrinkle): the QR is named
    ImageDraw.Draw(frame).rectangle([40 + shot.width * 2 // 3, 0, frame.width, frame.height], fill=220)
    assert [(p.fields, p.code) for p in tpl.check_printed(label, np.asarray(frame))] == [(("qr",), "QR code")]


LATIN1 = """^XA
^FX dpi=203
^FX sample name=Grosse
^CI28
^PW812
^LL406
^FO30,20^A0N,30,30^FD{{name}}^FS
^FO40,70^BY2^BCN,80,Y,N,N,A^FD{{name}}^FS
^FO40,220^A0N,26,26^FDS/N {{serial}}^FS
^FO560,200^BQN,2,4^FDQA,{{qr}}^FS
^FX field name max=10
^FX field serial max=12 ascii
^FX field qr max=40
^XZ
"""


def test_a_template_within_its_limits_prints_and_decodes_back_exactly_latin1_included(tmp_path) -> None:
    tpl = parse_template(LATIN1, name="latin1")
    fields = {"name": "Ñandú-Größe", "serial": "SN-0001", "qr": "Zürich;Größe=5;ÆØÅ"}
    with pytest.raises(TemplateError, match="11 characters, the template holds at most 10"):
        tpl.fill(fields)
    fields["name"] = "Ñandú-Öl_é"
    with PrinterEmulator() as emulator:
        queue = PrintQueue(tmp_path / "spool.db", open_printer(emulator.url, timeout_s=0.5), tpl, retry_s=0.05)
        try:
            job = queue.print_label(fields, run_id="run-1", operator="ana")
            assert job.status == "printed", job
        finally:
            queue.close()
        (sent,) = emulator.printed_zpl()
    assert b"^FD>6Q" in sent  # Ñ is FNC4 + 'Q' on the wire, as the ZPL II guide's ^BC table gives it
    lay = preview.layout(sent.decode("ascii"), dpi=203)
    found = proof.decode(proof.upscale(preview.draw(lay)))
    assert sorted(found) == sorted([("code128", "Ñandú-Öl_é"), ("qr", "Zürich;Größe=5;ÆØÅ")])


def test_code128_carries_latin1_with_fnc4_and_an_ascii_only_field_says_so() -> None:
    values = code128.encode_values("é")
    assert values[:3] == [code128.START_B, code128.FNC4_B, ord("i") - 32]
    for text in ("Größe", "é¾Þþ>", "SN-A^B~C_D>E", "ÿ"):
        assert unescape_code128_data(escape_code128_data(text)) == text
    with pytest.raises(ValueError, match="cannot encode '€'"):
        code128.encode_values("€")
    tpl = parse_template(LATIN1, name="latin1")
    ascii_name = parse_template(LATIN1.replace("field name max=10", "field name max=10 ascii")
                                , name="a")
    with pytest.raises(TemplateError, match=r"declares this Code 128 field ASCII-only; character 'ö' at position 3"):
        ascii_name.fill({"name": "Größe", "serial": "SN1", "qr": "x"})
    with pytest.raises(TemplateError, match=r"Latin-1 \(ISO 8859-1, with FNC4\) only; character '€'"):
        tpl.fill({"name": "5€", "serial": "SN1", "qr": "x"})


@pytest.mark.parametrize(("declaration", "message"), [
    ("^FX field serial", "cannot read|needs max=N"),
    ("^FX field serial max=0", "cannot read 'max=0'"),
    ("^FX field serial max=8 utf16", "cannot read 'utf16'"),
    ("^FX field colour max=8", r"\^FX field for unknown field\(s\) colour"),
])
def test_field_declarations_are_checked(declaration: str, message: str) -> None:
    text = "^XA\n^CI28^PW400^LL200\n^FO20,20^A0N,30,30^FD{{serial}}^FS\n" + declaration + "\n^XZ\n"
    with pytest.raises(TemplateError, match=message):
        parse_template(text, name="t")


def test_every_shipped_template_declares_every_field() -> None:
    out = subprocess.run(["git", "ls-files", "config/labels/*.zpl"], cwd=REPO, capture_output=True, text=True)
    for path in out.stdout.split():
        tpl = load_template(REPO / path)
        assert set(tpl.limits) == set(tpl.fields), path


def test_a_camera_on_the_printer_output_checks_each_printed_label(tmp_path) -> None:
    """The camera's picture is the ZPL the printer emulator received, rendered; a smudge is caught."""
    tpl = load_template("product")
    fields = {"serial": "SN-ABC123456", "device_id": "0c2a690000000001", "mac": "0c:2a:69:00:00:01",
              "qr": "SN=SN-ABC123456;ID=0c2a690000000001;MAC=0c2a69000001"}
    smudge = {"on": False}
    with PrinterEmulator() as emulator:
        def camera() -> Image.Image:
            image = preview.draw(preview.layout(emulator.printed_zpl()[-1].decode("ascii"))).convert("L")
            if smudge["on"]:
                ImageDraw.Draw(image).rectangle([540, 130, 812, 406], fill=255)  # the QR's corner is gone
            return proof.upscale(image)

        queue = PrintQueue(tmp_path / "spool.db", open_printer(emulator.url, timeout_s=0.5), tpl, retry_s=0.05,
                           output_camera=camera)
        try:
            assert queue.print_label(fields, run_id="r1", operator="ana").status == "printed"
            smudge["on"] = True
            job = queue.print_label(fields, run_id="r2", operator="ana")
        finally:
            queue.close()
    assert job.status == "check"
    assert job.reason == ("printed, but the printed label does not scan: line 17 (field 'qr', QR code): "
                             "does not decode from the camera's picture")
