"""The QA window under pytest-qt: filtering, paging, run detail, trace, charts, audit, export.

Set STATION_SCREENSHOTS=1 to also write docs/screenshots/qa_*.png from the same window (the
Xvfb screenshots in three languages and two sizes come from tests/qa_screenshots.py).
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
from station.store.queries import QA, RunQuery, period_span
from station.testkit import Script, in_range, measurement
from station.ui.qa_charts import nice_ticks
from station.ui.qa_format import local_text, utc_text
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


def stopping_script() -> Script:
    """A FAIL in the first step: the second step is never run and must be listed as SKIPPED."""
    s = Script("rails", product="imp-sensor", version="2.0")

    @s.step(measurements=[measurement("rail_3v3", "V", in_range(3.2, 3.4))])
    def power_on(ctx):
        ctx.measure("rail_3v3", 3.05)

    @s.step
    def radio(ctx):
        raise AssertionError("must not run after a FAIL")

    return s


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('qawin') / 'qa.db'}"
    with Store.open(url) as store:
        generate(store.engine, 600, days=10, end=time.time() - 3600, seed=3)  # the camera run is newest
        bus = EventBus()
        bus.subscribe(store.writer, critical=True)
        run_script(stopping_script(), bus=bus, serial="SN-SKIP")
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
    assert window.period.currentData() == "90d"  # the CLI's default window too
    assert window.total == qa.count(window.query()) == 602
    assert window.model.rowCount() == 100 and "of 602" in window.page_label.text()
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

    window.f_outcome.setCurrentIndex(0)
    window.f_station.setCurrentIndex(0)
    window.f_text.setText("SN-CAMERA")
    window.apply_filters()
    wait_idle(qtbot, window)
    assert [r.serial for r in window.model.rows] == ["SN-CAMERA"]

    window.f_text.setText("")
    window._sort_by(1)  # click "Serial": ascending first
    wait_idle(qtbot, window)
    serials = [r.serial for r in window.model.rows]
    assert serials == sorted(serials) and window.sort == ("serial", False)


def test_presets_count_back_from_now(qtbot, db: str) -> None:  # type: ignore[no-untyped-def]
    now = time.time() - 7 * 3600  # a pinned clock: the presets must follow it, not the newest run
    w = QAWindow(db, now=lambda: now)
    qtbot.addWidget(w)
    wait_idle(qtbot, w)
    for key, seconds in (("24h", 86400), ("7d", 7 * 86400), ("30d", 30 * 86400)):
        w.set_period(key)
        wait_idle(qtbot, w)
        assert w.span().since == pytest.approx(now - seconds) and w.span().until is None
        assert w.query().since == pytest.approx(now - seconds)
        assert w.total == QA(w.store.engine).count(RunQuery(since=now - seconds))  # type: ignore[union-attr]
    w.set_period("shift")
    wait_idle(qtbot, w)
    assert w.span() == period_span("shift", now) and now - 8 * 3600 < w.span().since <= now  # type: ignore[operator]
    assert "since" in w.span_label.text()
    w.set_period("all")
    wait_idle(qtbot, w)
    assert w.total == 602
    w.close()


def test_every_tab_loads_when_opened(qtbot, window: QAWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.summary is None and window.histogram is None  # nothing asked of hidden tabs yet
    window.show_tab("yield")
    qtbot.waitUntil(lambda: window.summary is not None and not window.busy(), timeout=10000)
    assert window.yield_chart.data.bars and window.pareto_chart.data.bars
    assert "runs" in window.y_summary.text()
    window.show_tab("histogram")
    qtbot.waitUntil(lambda: window.histogram is not None and not window.busy(), timeout=10000)
    assert window.histogram_chart.data.bars and "Cpk" in window.h_stats.text()
    window.show_tab("audit")
    qtbot.waitUntil(lambda: window.a_table.rowCount() == 2 and "Intact" in window.a_result.text(), timeout=10000)
    window.set_period("24h")  # a new period: the tab on screen reloads at once, the others when shown
    wait_idle(qtbot, window)
    before = window.summary
    window.show_tab("yield")
    qtbot.waitUntil(lambda: window.summary is not before and not window.busy(), timeout=10000)


def test_run_detail_lists_result_first_and_skipped_steps(qtbot, window: QAWindow) -> None:  # type: ignore[no-untyped-def]
    window.f_text.setText("SN-CAMERA")
    window.apply_filters()
    wait_idle(qtbot, window)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.current_record is not None and window.current_record.serial == "SN-CAMERA",
                    timeout=10000)
    assert window.steps_tree.headerItem().text(0) == "Result"
    step = window.steps_tree.topLevelItem(0)
    assert step.text(0) == "PASS" and step.text(1) == "1. leds"
    m = step.child(0)
    assert [m.text(i) for i in range(7)] == ["PASS", "red_intensity", "121.5", "cd", "100", "140", "46 %"]
    assert "LED frame captured" in window.logs_view.toPlainText()
    window.attachments.setCurrentRow(0)
    assert window.attachment_view.pixmap() is not None and not window.attachment_view.pixmap().isNull()
    assert "SN-CAMERA" in window.detail_header.text()

    window.f_text.setText("SN-SKIP")
    window.apply_filters()
    wait_idle(qtbot, window)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.current_record is not None and window.current_record.serial == "SN-SKIP",
                    timeout=10000)
    rows = [(window.steps_tree.topLevelItem(i).text(0), window.steps_tree.topLevelItem(i).text(1))
            for i in range(window.steps_tree.topLevelItemCount())]
    assert rows == [("FAIL", "1. power_on"), ("SKIPPED", "2. radio")]
    assert "power_on.rail_3v3" in window.steps_tree.topLevelItem(1).toolTip(1)


def test_times_are_local_with_utc_on_hover(qtbot, window: QAWindow) -> None:  # type: ignore[no-untyped-def]
    r = window.model.rows[0]
    index = window.model.index(0, 0)
    assert window.model.data(index) == local_text(r.started_at)
    tip = window.model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert tip == utc_text(r.started_at) and tip.endswith(" UTC")
    assert tip.startswith(time.strftime("%Y-%m-%d %H:%M", time.gmtime(r.started_at)))
    assert local_text(r.started_at) == time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(r.started_at))


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


def test_pdf_lists_skipped_steps_result_first(qtbot, window: QAWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.f_text.setText("SN-SKIP")
    window.apply_filters()
    wait_idle(qtbot, window)
    assert window.export_selected("pdf", tmp_path / "skip.pdf") == 1
    pdf = (tmp_path / "skip.pdf").read_bytes()
    assert b"(SKIPPED)" in pdf and b"(not run)" in pdf
    assert pdf.index(b"(FAIL)") < pdf.index(b"(1. power_on)") < pdf.index(b"(SKIPPED)") < pdf.index(b"(2. radio)")


def test_trace_charts_and_audit(qtbot, window: QAWindow) -> None:  # type: ignore[no-untyped-def]
    window.t_text.setText("SN-CAMERA")
    window.trace()
    wait_idle(qtbot, window)
    events = [window.t_table.item(i, 1).text() for i in range(window.t_table.rowCount())]
    assert events[0].startswith("run ") and "bless" in events and "reprint" in events
    window.set_period("30d")
    window.show_yield()
    wait_idle(qtbot, window)
    data = window.yield_chart.data
    assert len(data.bars) >= 10 and all(0.8 < v <= 1 for v in data.bars)
    assert (data.y_min, data.y_max, data.percent) == (0.0, 1.0, True)  # the whole 0–100 % scale
    assert data.value_labels == [f"{v * 100:.1f}\u00a0%" for v in data.bars]
    pareto = window.pareto_chart.data
    assert pareto.bars == sorted(pareto.bars, reverse=True) and pareto.integer
    assert pareto.line_axis and pareto.line is not None and pareto.line == sorted(pareto.line)
    assert pareto.line[-1] <= 1.0 and pareto.value_labels == [str(int(b)) for b in pareto.bars]
    window.h_measure.setCurrentText("power_on.rail_3v3")
    window.show_histogram()
    wait_idle(qtbot, window)
    assert sum(window.histogram_chart.data.bars) == 600 + 1 - _errors_before_power(window)  # + SN-SKIP's 3.05 V
    assert window.histogram is not None and window.histogram.capability == "marginal"  # Cpk ≈ 1.1
    assert "Cpk" in window.h_stats.text() and "#ef6c00" in window.h_stats.text()
    window.load_audit()
    window.verify_audit()
    wait_idle(qtbot, window)
    assert window.a_table.rowCount() == 2 and "Intact" in window.a_result.text()
    if os.environ.get("STATION_SCREENSHOTS"):
        _screenshots(qtbot, window)


def test_count_axes_tick_at_whole_numbers() -> None:
    assert nice_ticks(3, integer=True) == [0, 1, 2, 3]
    assert nice_ticks(7, integer=True) == [0, 2, 4, 6, 8]
    assert all(t == int(t) for t in nice_ticks(2.2, integer=True))
    assert nice_ticks(1234, integer=True) == [0, 500, 1000, 1500]
    assert nice_ticks(0.9, integer=False)[-1] >= 0.9


def test_click_through_from_pareto_yield_and_trace(qtbot, window: QAWindow) -> None:  # type: ignore[no-untyped-def]
    window.show_tab("yield")
    qtbot.waitUntil(lambda: window.summary is not None and not window.busy(), timeout=10000)
    summary = window.summary
    assert summary is not None
    chart = window.pareto_chart
    chart.resize(900, 400)
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.bar_centre(0).toPoint())
    wait_idle(qtbot, window)
    top = summary.pareto[0]
    assert window.tabs.currentIndex() == 0
    assert window.f_outcome.currentData() == "FAIL" and window.f_code.text() == top.failure_code
    assert window.total == top.count and all(r.failure_code == top.failure_code for r in window.model.rows)

    window.show_tab("yield")
    qtbot.mouseClick(window.yield_chart, Qt.MouseButton.LeftButton, pos=window.yield_chart.bar_centre(2).toPoint())
    wait_idle(qtbot, window)
    day = summary.yields[2].key
    assert window.drill is not None and day in window.drill_label.text() and window.drill_label.isVisible()
    assert window.model.rows and all(local_text(r.started_at).startswith(day) for r in window.model.rows)
    window.clear_drill()
    wait_idle(qtbot, window)
    assert window.drill is None and window.total == 602

    window.t_text.setText("SN-CAMERA")
    window.show_tab("trace")
    window.trace()
    wait_idle(qtbot, window)
    run_row = next(i for i in range(window.t_table.rowCount()) if window.t_table.item(i, 1).text().startswith("run "))
    rect = window.t_table.visualItemRect(window.t_table.item(run_row, 1))
    qtbot.mouseClick(window.t_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.current_record is not None and window.current_record.serial == "SN-CAMERA",
                    timeout=10000)
    assert window.tabs.currentIndex() == 0 and window.selected_run_ids() == [window.current_record.run_id]


def _errors_before_power(window: QAWindow) -> int:
    from sqlalchemy import text

    with window.store.engine.connect() as conn:  # type: ignore[union-attr]
        return int(conn.execute(text(
            "SELECT COUNT(*) FROM runs r WHERE NOT EXISTS (SELECT 1 FROM measurements m WHERE m.run_id = r.id "
            "AND m.step_name = 'power_on' AND m.name = 'rail_3v3') AND r.serial NOT IN ('SN-CAMERA', 'SN-SKIP')"))
            .scalar())


def _screenshots(qtbot, window: QAWindow) -> None:  # type: ignore[no-untyped-def]
    folder = REPO / "docs" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    window.resize(1600, 1000)
    window.f_outcome.setCurrentIndex(0)
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
        wait_idle(qtbot, window)
        window.grab().save(str(folder / f"{name}.png"))


@pytest.mark.parametrize(("language", "runs_tab", "period"), [("es", "Ejecuciones", "Últimos 90 días"),
                                                               ("zh_CN", "测试记录", "最近 90 天")])
def test_the_window_speaks_spanish_and_chinese(qtbot, db: str, language: str, runs_tab: str,  # type: ignore[no-untyped-def]
                                               period: str) -> None:
    from PySide6.QtWidgets import QApplication

    from station.ui.qa_window import install_qa_language

    app = QApplication.instance()
    install_qa_language(app, language)
    try:
        w = QAWindow(db)
        qtbot.addWidget(w)
        qtbot.waitUntil(lambda: not w.busy() and w.model.rowCount() > 0, timeout=10000)
        assert w.tabs.tabText(0) == runs_tab and w.period.currentText() == period
        assert w.model.headerData(0, Qt.Orientation.Horizontal) != "Started"
        assert w.period.currentData() == "90d"  # translated words, the same keys underneath
        w.close()
    finally:
        install_qa_language(app, "en")
    with pytest.raises(Exception, match="one of en, zh_CN, es"):
        install_qa_language(app, "fr")
