"""The QA window under pytest-qt: filtering, paging, run detail, trace, charts, audit, export.

Set STATION_SCREENSHOTS=1 to also write docs/screenshots/qa_*.png from the same window.
"""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt

from station.events import EventBus
from station.sim.generate_runs import generate
from station.store import Store
from station.store.audit import Audit
from station.store.queries import QA, RunQuery
from station.testkit import Script, in_range, measurement
from station.ui.qa_window import QAWindow
from tests.runner_helpers import run_script

REPO = Path(__file__).resolve().parent.parent


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def camera_script() -> Script:
    s = Script("leds", product="imp-sensor", version="2.0")

    @s.step(measurements=[measurement("red_intensity", "cd", in_range(100, 140))])
    def leds(ctx):
        ctx.measure("red_intensity", 121.5)
        ctx.attach("camera.png", _png(), "image/png")
        ctx.log("LED frame captured")

    return s


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('qawin') / 'qa.db'}"
    with Store.open(url) as store:
        generate(store.engine, 600, days=10, end=time.time() - 3600, seed=3)  # the camera run is newest
        bus = EventBus()
        bus.subscribe(store.writer, critical=True)
        run_script(camera_script(), bus=bus, serial="SN-CAMERA")
        audit = Audit(store, station="line1-st1")
        audit.record("op07", "bless", "SN-CAMERA", "all limits passed", {"target": "production"})
        audit.record("qa-anna", "reprint", "SN-CAMERA", "label smudged", {"copies": 1})
    return url


@pytest.fixture
def window(qtbot, db: str):  # type: ignore[no-untyped-def]
    w = QAWindow(db)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: not w.busy() and w.model.rowCount() > 0, timeout=10000)
    yield w
    w.close()


def wait_idle(qtbot, w: QAWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not w.busy(), timeout=10000)


def test_filtering_and_paging(qtbot, window: QAWindow, db: str) -> None:  # type: ignore[no-untyped-def]
    qa = QA(window.store.engine)  # type: ignore[union-attr]
    assert window.total == qa.count(window.query()) == 601
    assert window.model.rowCount() == 100 and "of 601" in window.page_label.text()
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert window.offset == 100 and "101–200" in window.page_label.text()

    window.f_outcome.setCurrentText("FAIL")
    window.f_station.setCurrentText("line1-st2")
    window.apply_filters()
    wait_idle(qtbot, window)
    expected = qa.runs(RunQuery(outcome="FAIL", station="line1-st2", since=window.query().since,
                                until=window.query().until))
    assert [r.id for r in window.model.rows] == [r.id for r in expected] and expected
    assert all(r.outcome == "FAIL" and r.station == "line1-st2" for r in window.model.rows)

    window.f_outcome.setCurrentText("(any)")
    window.f_station.setCurrentText("(any)")
    window.f_text.setText("SN-CAMERA")
    window.apply_filters()
    wait_idle(qtbot, window)
    assert [r.serial for r in window.model.rows] == ["SN-CAMERA"]

    window.f_text.setText("")
    window._sort_by(1)  # click "Serial": ascending first
    wait_idle(qtbot, window)
    serials = [r.serial for r in window.model.rows]
    assert serials == sorted(serials) and window.sort == ("serial", False)


def test_run_detail_shows_steps_measurements_logs_and_the_camera_frame(qtbot, window: QAWindow) -> None:  # type: ignore[no-untyped-def]
    window.f_text.setText("SN-CAMERA")
    window.apply_filters()
    wait_idle(qtbot, window)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.current_record is not None and window.current_record.serial == "SN-CAMERA",
                    timeout=10000)
    step = window.steps_tree.topLevelItem(0)
    assert step.text(0) == "1. leds" and step.text(6) == "PASS"
    m = step.child(0)
    assert [m.text(i) for i in range(7)] == ["red_intensity", "121.5", "cd", "100", "140", "46 %", "PASS"]
    assert "LED frame captured" in window.logs_view.toPlainText()
    window.attachments.setCurrentRow(0)
    assert window.attachment_view.pixmap() is not None and not window.attachment_view.pixmap().isNull()
    assert "SN-CAMERA" in window.detail_header.text()


def test_export_selected_runs(qtbot, window: QAWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.f_outcome.setCurrentText("FAIL")
    window.apply_filters()
    wait_idle(qtbot, window)
    window.table.selectRow(0)
    window.table.selectionModel().select(
        window.model.index(1, 0), window.table.selectionModel().SelectionFlag.Select
        | window.table.selectionModel().SelectionFlag.Rows)
    ids = window.selected_run_ids()
    assert len(ids) == 2
    assert window.export_selected("cfx", tmp_path / "x.json") == 2
    cfx = json.loads((tmp_path / "x.json").read_text())
    assert [m["MessageBody"]["TransactionId"] for m in cfx] == ids
    assert all(m["MessageBody"]["TestedUnits"][0]["OverallResult"] == "Failed" for m in cfx)
    assert window.export_selected("csv", tmp_path / "x.csv") == 2
    assert window.export_selected("pdf", tmp_path / "x.pdf") == 2
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF")


def test_trace_charts_and_audit(qtbot, window: QAWindow) -> None:  # type: ignore[no-untyped-def]
    window.t_text.setText("SN-CAMERA")
    window.trace()
    wait_idle(qtbot, window)
    events = [window.t_table.item(i, 1).text() for i in range(window.t_table.rowCount())]
    assert events[0].startswith("run ") and "bless" in events and "reprint" in events
    window.y_days.setValue(30)
    window.show_yield()
    wait_idle(qtbot, window)
    assert len(window.yield_chart.data.bars) >= 10 and all(0.8 < v <= 1 for v in window.yield_chart.data.bars)
    assert window.pareto_chart.data.bars == sorted(window.pareto_chart.data.bars, reverse=True)
    window.h_measure.setCurrentText("power_on.rail_3v3")
    window.show_histogram()
    wait_idle(qtbot, window)
    assert sum(window.histogram_chart.data.bars) == 600 - _errors_before_power(window)
    assert "Cpk" in window.h_stats.text()
    window.load_audit()
    window.verify_audit()
    wait_idle(qtbot, window)
    assert window.a_table.rowCount() == 2 and "Intact" in window.a_result.text()
    if os.environ.get("STATION_SCREENSHOTS"):
        _screenshots(qtbot, window)


def _errors_before_power(window: QAWindow) -> int:
    from sqlalchemy import text

    with window.store.engine.connect() as conn:  # type: ignore[union-attr]
        return int(conn.execute(text(
            "SELECT COUNT(*) FROM runs r WHERE NOT EXISTS (SELECT 1 FROM measurements m WHERE m.run_id = r.id "
            "AND m.step_name = 'power_on' AND m.name = 'rail_3v3') AND r.serial <> 'SN-CAMERA'")).scalar())


def _screenshots(qtbot, window: QAWindow) -> None:  # type: ignore[no-untyped-def]
    folder = REPO / "docs" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    window.resize(1600, 1000)
    window.f_outcome.setCurrentText("(any)")
    window.f_text.setText("")
    window.apply_filters()
    wait_idle(qtbot, window)
    for row, r in enumerate(window.model.rows):
        if r.outcome == "FAIL":
            window.table.selectRow(row)
            break
    qtbot.waitUntil(lambda: window.current_record is not None and window.current_record.outcome is not None
                    and window.current_record.outcome.value == "FAIL", timeout=10000)
    for index, name in ((0, "qa_runs"), (1, "qa_trace"), (2, "qa_yield_pareto"), (3, "qa_histogram"),
                        (4, "qa_audit")):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(50)
        window.grab().save(str(folder / f"{name}.png"))
