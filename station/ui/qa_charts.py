"""Charts for the QA window, painted with QPainter: bars, an optional line, optional limit markers.

Our own small widget rather than QtCharts: PySide6-Essentials (our dependency) does not ship
QtCharts, and QA needs three plain charts — yield per day, failure Pareto, a histogram with its
limits — drawn large and legible for people who read them across a room.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

GREEN = QColor("#2e7d32")
BLUE = QColor("#1565c0")
RED = QColor("#c62828")
ORANGE = QColor("#ef6c00")
GREY = QColor("#616161")


@dataclass
class ChartData:
    title: str = ""
    labels: list[str] = field(default_factory=list)
    bars: list[float] = field(default_factory=list)
    bar_colours: list[QColor] | None = None
    line: list[float] | None = None  # drawn over the bars (cumulative share, final yield)
    line_label: str = ""
    bar_label: str = ""
    y_min: float = 0.0
    y_max: float | None = None
    percent: bool = False
    markers: list[tuple[float, str, QColor]] = field(default_factory=list)  # (x in bar units, text, colour)
    note: str = ""


class Chart(QWidget):
    """A bar chart (with an optional line and vertical markers) that scales to its widget."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = ChartData()
        self.setMinimumSize(480, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, data: ChartData) -> None:
        self.data = data
        self.update()

    def paintEvent(self, _event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt's name
        d = self.data
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        base = QFont(self.font())
        base.setPointSize(11)
        p.setFont(base)
        title = QFont(base)
        title.setPointSize(14)
        title.setBold(True)
        left, top, right, bottom = 70.0, 44.0, 24.0, 70.0
        plot = QRectF(left, top, max(10.0, self.width() - left - right), max(10.0, self.height() - top - bottom))
        p.setFont(title)
        p.setPen(QColor("black"))
        p.drawText(QRectF(0, 6, self.width(), 30), Qt.AlignmentFlag.AlignHCenter, d.title)
        p.setFont(base)
        if not d.bars:
            p.setPen(GREY)
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, d.note or "no data in this window")
            p.end()
            return
        values = list(d.bars) + list(d.line or [])
        y_max = d.y_max if d.y_max is not None else max(values) * 1.1 or 1.0
        y_min = d.y_min
        span = (y_max - y_min) or 1.0

        def y_of(v: float) -> float:
            return plot.bottom() - (min(max(v, y_min), y_max) - y_min) / span * plot.height()

        # grid and y axis
        p.setPen(QPen(QColor("#e0e0e0"), 1))
        for i in range(6):
            v = y_min + span * i / 5
            y = y_of(v)
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(GREY)
            text = f"{v * 100:.1f} %" if d.percent else f"{v:.4g}"
            p.drawText(QRectF(0, y - 10, left - 8, 20), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       text)
            p.setPen(QPen(QColor("#e0e0e0"), 1))
        n = len(d.bars)
        slot = plot.width() / n
        for i, v in enumerate(d.bars):
            colour = d.bar_colours[i] if d.bar_colours else BLUE
            x = plot.left() + i * slot
            top_y = y_of(v)
            p.fillRect(QRectF(x + slot * 0.1, top_y, slot * 0.8, plot.bottom() - top_y), colour)
        if d.line:
            p.setPen(QPen(ORANGE, 2.5))
            pts = [QPointF(plot.left() + (i + 0.5) * slot, y_of(v)) for i, v in enumerate(d.line)]
            for a, b in zip(pts, pts[1:], strict=False):
                p.drawLine(a, b)
            for pt in pts:
                p.drawEllipse(pt, 3, 3)
        for x_units, text, colour in d.markers:
            x = plot.left() + x_units * slot
            p.setPen(QPen(colour, 2.5, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            p.drawText(QRectF(x - 80, plot.top() - 18, 160, 16), Qt.AlignmentFlag.AlignHCenter, text)
        # x labels: as many as fit
        p.setPen(QColor("black"))
        step = max(1, int(n / max(1, plot.width() / 90)))
        for i in range(0, n, step):
            x = plot.left() + (i + 0.5) * slot
            p.save()
            p.translate(x, plot.bottom() + 6)
            p.rotate(25 if n > 8 else 0)
            label = d.labels[i] if i < len(d.labels) else ""
            p.drawText(QRectF(-60 if n <= 8 else 0, 0, 140, 20),
                       Qt.AlignmentFlag.AlignHCenter if n <= 8 else Qt.AlignmentFlag.AlignLeft, label)
            p.restore()
        # legend
        legend_y = self.height() - 22
        p.fillRect(QRectF(left, legend_y, 14, 14), d.bar_colours[0] if d.bar_colours else BLUE)
        p.drawText(QPointF(left + 20, legend_y + 12), d.bar_label)
        if d.line:
            p.setPen(QPen(ORANGE, 2.5))
            p.drawLine(QPointF(left + 260, legend_y + 7), QPointF(left + 280, legend_y + 7))
            p.setPen(QColor("black"))
            p.drawText(QPointF(left + 286, legend_y + 12), d.line_label)
        if d.note:
            p.setPen(GREY)
            p.drawText(QRectF(0, legend_y - 2, self.width() - right, 18), Qt.AlignmentFlag.AlignRight, d.note)
        p.end()
