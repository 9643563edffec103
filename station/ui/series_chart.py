"""Series measurements as charts in the QA run detail: the curve, its points and its envelope.

A sweep judged point by point is read best as a picture: where the curve left the envelope says
more than "at dim=50: 130 is below the low envelope". Painted with QPainter (no chart module
needed); one chart per series measurement of the run, in the run detail's "Series" tab.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from station.testkit.checks import Check, Outcome
from station.testkit.record import MeasurementResult, RunRecord
from station.testkit.series import Series

CURVE = QColor("#1565c0")
ENVELOPE = QColor("#9e9e9e")
FAIL = QColor("#c62828")


class SeriesChart(QWidget):
    """One series: axes with their names and units, the envelope dashed, the points joined."""

    def __init__(self, series: Series, unit: str, check: Check, outcome: Outcome,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series, self.unit, self.check, self.outcome = series, unit, check, outcome
        self.setMinimumSize(360, 200)

    def bounds(self) -> tuple[float, float, float, float]:
        curves = [c for c in (self.check.envelope_low, self.check.envelope_high) if c is not None]
        xs = self.series.xs + [x for c in curves for x, _ in c]
        ys = self.series.ys + [y for c in curves for _, y in c]
        ys += [v for v in (self.check.low, self.check.high) if v is not None]
        if not xs or not ys:
            return 0.0, 1.0, 0.0, 1.0
        x_lo, x_hi, y_lo, y_hi = min(xs), max(xs), min(ys), max(ys)
        return x_lo, (x_hi if x_hi > x_lo else x_lo + 1), y_lo, (y_hi if y_hi > y_lo else y_lo + 1)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(60, 12, -16, -34)
        x_lo, x_hi, y_lo, y_hi = self.bounds()

        def at(x: float, y: float) -> QPointF:
            return QPointF(area.left() + (x - x_lo) / (x_hi - x_lo) * area.width(),
                           area.bottom() - (y - y_lo) / (y_hi - y_lo) * area.height())

        painter.setPen(QPen(Qt.GlobalColor.black, 1))
        painter.drawRect(area)
        painter.drawText(QPointF(4, area.top() + 10), f"{y_hi:g} {self.unit}")
        painter.drawText(QPointF(4, area.bottom()), f"{y_lo:g} {self.unit}")
        painter.drawText(QPointF(area.left(), area.bottom() + 16), f"{x_lo:g}")
        painter.drawText(QPointF(area.right() - 60, area.bottom() + 16), f"{x_hi:g} {self.series.x_unit}")
        painter.drawText(QPointF(area.center().x() - 20, area.bottom() + 28), self.series.x_name)
        for curve in (self.check.envelope_low, self.check.envelope_high):
            if curve is None:
                continue
            pen = QPen(ENVELOPE, 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawPath(_path([at(x, y) for x, y in curve]))
        colour = CURVE if self.outcome is Outcome.PASS else FAIL
        painter.setPen(QPen(colour, 2))
        points = [at(x, y) for x, y in self.series.points]
        if points:
            painter.drawPath(_path(points))
        painter.setBrush(colour)
        for point in points:
            painter.drawEllipse(point, 3, 3)
        painter.end()


def _path(points: list[QPointF]) -> QPainterPath:
    path = QPainterPath(points[0])
    for point in points[1:]:
        path.lineTo(point)
    return path


class SeriesPanel(QScrollArea):
    """Every series measurement of one run, each as a titled chart (empty runs say so)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.charts: list[SeriesChart] = []
        self._shown: tuple[str, ...] | None = None
        self.show_record(None)

    def show_record(self, record: RunRecord | None) -> None:
        found: list[tuple[str, MeasurementResult]] = []
        for step in record.steps if record else []:
            found += [(step.name, m) for m in step.measurements if isinstance(m.value, Series)]
        # Rebuild only when there is something new to draw: a QA engineer paging through runs without
        # series must not make (and leak, with PySide6 6.11's wrappers) a new page of widgets per run.
        shown = (record.run_id if record and found else "",)
        if shown == self._shown:
            return
        self._shown = shown
        inner = QWidget()
        layout = QVBoxLayout(inner)
        self.charts = []
        for step_name, m in found:
            assert isinstance(m.value, Series)
            title = QLabel(f"<b>{step_name}.{m.name}</b> — {m.outcome.value}"
                           + (f": {m.reason}" if m.reason else "") + f" &nbsp; (limits {m.check.describe()})")
            title.setWordWrap(True)
            chart = SeriesChart(m.value, m.unit, m.check, m.outcome)
            self.charts.append(chart)
            layout.addWidget(title)
            layout.addWidget(chart)
        if not found:
            layout.addWidget(QLabel("This run has no series measurements."))
        layout.addStretch(1)
        self.setWidget(inner)
