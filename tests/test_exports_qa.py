"""QA exports: IPC-CFX UnitsTested and the per-unit PDF, through `station runs export`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from station.cli import main
from station.events import EventBus
from station.store import Store
from station.store.exports import EXPORTERS
from station.testkit import Script, in_range, measurement, one_of
from tests.runner_helpers import run_script


def script(fail: bool) -> Script:
    s = Script("export", product="imp-sensor", version="3.1")

    @s.step(measurements=[measurement("rail_3v3", "V", in_range(3.2, 3.4)), measurement("fw", check=one_of("1.2"))])
    def power_on(ctx):
        ctx.measure("rail_3v3", 3.45 if fail else 3.31)
        ctx.measure("fw", "1.2")
        ctx.log("rail ≤ limit checked")

    return s


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'station.db'}"
    with Store.open(url) as store:
        bus = EventBus()
        bus.subscribe(store.writer, critical=True)
        run_script(script(False), bus=bus, serial="SN-PASS")
        run_script(script(True), bus=bus, serial="SN-FAIL")
    return url


def test_formats_are_registered() -> None:
    assert {"json", "csv", "cfx", "pdf"} <= set(EXPORTERS)


def test_cfx_export_carries_units_tested(db: str, tmp_path: Path) -> None:
    out = tmp_path / "cfx.json"
    assert main(["runs", "export", "--format", "cfx", "--db", db, "--out", str(out)]) == 0
    messages = json.loads(out.read_text())
    by_serial = {m["MessageBody"]["TestedUnits"][0]["UnitIdentifier"]: m for m in messages}
    fail = by_serial["SN-FAIL"]
    assert fail["MessageName"] == "CFX.Production.TestAndInspection.UnitsTested"
    body = fail["MessageBody"]
    assert re.fullmatch(r"[0-9a-f-]{36}", body["TransactionId"])
    assert "OperatorIdentifier" in body["Tester"]
    unit = body["TestedUnits"][0]
    assert unit["OverallResult"] == "Failed"
    test = unit["Tests"][0]
    assert test["TestName"] == "power_on" and test["Result"] == "Failed"
    rail = test["Measurements"][0]
    assert rail["MeasurementName"] == "rail_3v3"
    assert (rail["Value"], rail["ValueUnits"], rail["MinAcceptableValue"], rail["MaxAcceptableValue"]) == (
        3.45, "V", 3.2, 3.4)
    assert rail["Result"] == "Failed"
    assert test["Measurements"][1]["Result"] == "Passed" and "Value" not in test["Measurements"][1]
    assert by_serial["SN-PASS"]["MessageBody"]["TestedUnits"][0]["OverallResult"] == "Passed"


def test_pdf_report_is_a_valid_pdf_with_the_unit_on_it(db: str, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    assert main(["runs", "export", "--format", "pdf", "--db", db, "--serial", "SN-FAIL", "--out", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    # every xref offset points at the object it names
    xref_at = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    lines = data[xref_at:].split(b"\n")
    count = int(lines[1].split()[1])
    for number in range(1, count):
        offset = int(lines[2 + number].split()[0])
        assert data[offset:].startswith(f"{number} 0 obj".encode())
    assert b"(Unit test report - SN-FAIL) Tj" in data and b"(rail_3v3) Tj" in data
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        assert "SN-FAIL" in text and "FAIL" in text and "rail_3v3" in text


def test_export_of_nothing_is_still_a_valid_file(db: str, tmp_path: Path) -> None:
    out = tmp_path / "none.pdf"
    assert main(["runs", "export", "--format", "pdf", "--db", db, "--serial", "nobody", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["runs", "export", "--format", "cfx", "--db", db, "--serial", "nobody", "--out", str(out)]) == 0
    assert json.loads(out.read_text()) == []
