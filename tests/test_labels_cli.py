"""``station label render|print|queue|templates`` and ``station scan --camera`` end to end, in process."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
import zxingcpp
from PIL import Image

from station.cli import main
from station.labels import load_template
from station.sim import camera as virtual
from station.sim.printer import PrinterEmulator

SERIAL = "SN-L^~_5"
QR = "SN=SN-L^~_5;Ü"
FIELDS = ["--field", f"serial={SERIAL}", "--field", "device_id=0c2a69ffee0001", "--field", "mac=0c:2a:69:00:00:01",
          "--field", f"qr={QR}"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_render_png_and_pdf_with_exact_payloads(capsys, tmp_path):
    code, out, _ = run(capsys, "label", "render", "--template", "product", *FIELDS, "--out", str(tmp_path / "l.png"),
                       "--zpl", str(tmp_path / "l.zpl"), "--json")
    assert code == 0
    info = json.loads(out)
    assert (info["width_dots"], info["length_dots"], info["dpi"]) == (812, 406, 203)
    with Image.open(tmp_path / "l.png") as img:
        codes = {b.format.name: b.text for b in zxingcpp.read_barcodes(img.convert("L"))}
    assert codes == {"Code128": SERIAL, "QRCode": QR}
    assert (tmp_path / "l.zpl").read_bytes().isascii()
    code, out, _ = run(capsys, "label", "render", "--template", "small", "--sample", "--out", str(tmp_path / "s.pdf"))
    assert code == 0 and "406 x 203 dots at 203 dpi" in out
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(("extra", "message"), [
    (["--field", "serial"], "write NAME=VALUE"),
    (["--field", "colour=red"], "unknown field(s) colour"),
    (["--field", "serial=A", "--field", "serial=B"], "given twice"),
])
def test_render_refuses_bad_fields_clearly(capsys, tmp_path, extra, message):
    code, _, err = run(capsys, "label", "render", "--template", "small", *extra, "--out", str(tmp_path / "x.png"))
    assert code == 2 and message in err
    assert not (tmp_path / "x.png").exists()


def test_render_refuses_non_ascii_in_code128_and_unknown_templates(capsys, tmp_path):
    code, _, err = run(capsys, "label", "render", "--template", "small", "--field", "serial=SN-€1",
                       "--out", str(tmp_path / "x.png"))
    assert code == 2 and "ASCII-only; character '€'" in err
    code, _, err = run(capsys, "label", "render", "--template", "nope", "--out", str(tmp_path / "x.png"))
    assert code == 2 and "known templates" in err


def test_print_keeps_the_job_while_the_printer_is_out_of_paper_then_the_queue_prints_it_once(capsys, tmp_path):
    spool = str(tmp_path / "spool.db")
    with PrinterEmulator() as emu:
        code, out, _ = run(capsys, "label", "print", "--template", "product", *FIELDS, "--printer", emu.url,
                           "--spool", spool, "--operator", "ana", "--json")
        assert code == 0 and json.loads(out)["status"] == "printed"

        emu.set_state(paper_out=True)
        code, _, err = run(capsys, "label", "print", "--template", "product", *FIELDS, "--printer", emu.url,
                           "--spool", spool, "--wait", "1")
        assert code == 2 and "paper out" in err and "kept in the spool" in err
        assert len(emu.printed_zpl()) == 1

        code, out, _ = run(capsys, "label", "queue", "--spool", spool, "--json")
        jobs = json.loads(out)
        assert [j["status"] for j in jobs] == ["printed", "queued"]
        assert jobs[1]["fields"]["serial"] == SERIAL

        emu.ready()
        code, out, _ = run(capsys, "label", "queue", "--spool", spool, "--printer", emu.url, "--json")
        assert code == 0 and [j["status"] for j in json.loads(out)] == ["printed", "printed"]
        assert len(emu.printed_zpl()) == 2

        first = jobs[0]["job_id"]
        code, _, err = run(capsys, "label", "queue", "--spool", spool, "--printer", emu.url, "--reprint", first[:8])
        assert code == 2 and "--operator and --reason" in err
        db = f"sqlite:///{tmp_path / 'station.db'}"
        code, _, err = run(capsys, "label", "queue", "--spool", spool, "--printer", emu.url, "--reprint", first[:8],
                           "--operator", "ben", "--reason", "smudged", "--db", db)
        assert code == 2 and "engineer" in err  # the engineer API's rule, whichever door
        code, out, _ = run(capsys, "label", "queue", "--spool", spool, "--printer", emu.url, "--reprint", first[:8],
                           "--operator", "ENG-ben", "--reason", "smudged", "--json", "--db", db)
        redo = json.loads(out)
        assert code == 0 and redo["status"] == "printed"
        assert (redo["reprint_of"], redo["operator"], redo["reprint_reason"]) == (first, "ENG-ben", "smudged")
        from station.store import Store
        from station.store.audit import Audit

        store = Store.open(db)
        assert [(e.actor, e.action, e.reason) for e in Audit(store).events()] == [("ENG-ben", "reprint", "smudged")]
        store.close()
        assert len(emu.printed_zpl()) == 3
        code, out, _ = run(capsys, "label", "queue", "--spool", spool)
        assert "reprint of" in out and "smudged" in out


def test_templates_lists_every_shipped_template(capsys):
    code, out, _ = run(capsys, "label", "templates", "--json")
    names = {t["name"]: t for t in json.loads(out)}
    assert code == 0 and {"product", "small"} <= set(names)
    assert names["product"]["fields"]["serial"] == ["code128", "text"]


@pytest.fixture
def label_image(tmp_path: Path) -> Path:
    label = load_template("product").fill({"serial": "SN00000000", "device_id": "d", "mac": "m", "qr": QR})
    frame = virtual.noisy(virtual.rotate(virtual.label_frame(np.array(label.image().convert("L"))), 35), 20)
    path = tmp_path / "frame.png"
    cv2.imwrite(str(path), frame)
    return path


def test_scan_reads_a_label_from_an_image_and_validates_the_serial(capsys, label_image):
    code, out, _ = run(capsys, "scan", "--camera", str(label_image), "--expect", "QRCode,Code128",
                       "--pattern", r"SN(?P<digits>\d{8})", "--check-digit", "gs1", "--json")
    result = json.loads(out)
    assert code == 0 and result["accepted"] and result["serial"] == "SN00000000"
    assert {c["format"]: c["text"] for c in result["codes"]} == {"QRCode": QR, "Code128": "SN00000000"}


def test_scan_rejects_a_wrong_pattern_with_the_reason(capsys, label_image):
    code, out, _ = run(capsys, "scan", "--camera", str(label_image), "--expect", "QRCode,Code128",
                       "--pattern", r"AB\d+")
    assert code == 2 and "does not match the serial pattern" in out


def test_scan_with_no_code_is_a_station_error(capsys, tmp_path):
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((120, 160), 255, np.uint8))
    code, _, err = run(capsys, "scan", "--camera", str(blank), "--frames", "1")
    assert code == 2 and "no code found on" in err
    code, _, err = run(capsys, "scan", "--camera", str(blank), "--formats", "EAN13")
    assert code == 2 and "unknown code format" in err
