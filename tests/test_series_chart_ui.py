"""The QA run detail shows a run's series as charts (curve, points, envelope)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtGui import QColor  # noqa: E402

from station.events import EventBus  # noqa: E402
from station.store import Store  # noqa: E402
from station.ui.qa_window import QAWindow  # noqa: E402
from station.ui.series_chart import CURVE, FAIL  # noqa: E402
from tests.runner_helpers import run_script  # noqa: E402
from tests.test_series_record import build  # noqa: E402


def colours(widget) -> set[str]:  # type: ignore[no-untyped-def]
    image = widget.grab().toImage()
    return {QColor(image.pixel(x, y)).name() for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)}


def test_the_run_detail_draws_each_series(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'qa.db'}"
    with Store.open(url) as store:
        bus = EventBus()
        bus.subscribe(store.writer, critical=True)
        record, _ = run_script(build(), bus=bus, serial="SN-SERIES")
        store.writer.flush()
        loaded = store.load_record(record.run_id)
    window = QAWindow(url)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.busy(), timeout=10000)
    window.show_record(loaded)
    panel = window.series_panel
    assert len(panel.charts) == 1
    chart = panel.charts[0]
    assert chart.series.x_name == "dim" and chart.check.envelope_high is not None
    chart.resize(400, 220)
    seen = colours(chart)
    assert CURVE.name() in seen and FAIL.name() not in seen, "a passing curve is drawn blue"
    window.close()
