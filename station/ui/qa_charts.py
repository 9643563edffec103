"""Charts for the QA window, painted with QPainter: bars, an optional line, optional limit markers.

Our own small widget rather than QtCharts: PySide6-Essentials (our dependency) does not ship
QtCharts, and QA needs three plain charts — yield per day, failure Pareto, a histogram with its
limits — drawn large and legible for people who read them across a room.

What makes them honest to read: a count axis ticks at whole numbers only; a percentage axis runs
0–100 % (a yield axis that starts at 81 % makes 2 points look like a cliff); bars can carry their
value; a line can have its own axis on the right (the Pareto's cumulative share). A click on a
bar emits :attr:`Chart.bar_clicked` with its index so the window can show that bar's runs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

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
    line_axis: bool = False  # the line has its own 0–100 % axis on the right (else it shares the bars' axis)
    bar_label: str = ""
    legend_colour: QColor | None = None  # the legend's swatch (default: the first bar's colour)
    y_min: float = 0.0
    y_max: float | None = None
    percent: bool = False  # the bars' axis is a share (0–1 shown as %)
    integer: bool = False  # the bars are counts: whole-number ticks only
    value_labels: list[str] | None = None  # written on top of each bar
    tooltips: list[str] | None = None  # shown when the pointer rests on a bar
    markers: list[tuple[float, str, QColor]] = field(default_factory=list)  # (x in bar units, text, colour)
    note: str = ""  # a remark under the chart (right-aligned)
    empty: str = ""  # what to say when there are no bars
    clickable: bool = False  # bars open their runs (the cursor says so)


def nice_ticks(y_max: float, integer: bool, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``y_max``: 1, 2 or 5 × 10^k apart (whole numbers for counts)."""
    if y_max <= 0:
        return [0.0, 1.0]
    raw = y_max / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if integer:
        step = max(1.0, float(math.ceil(step)))
    top = math.ceil(y_max / step - 1e-9) * step
    return [i * step for i in range(int(round(top / step)) + 1)]


class Chart(QWidget):
    """A bar chart (with an optional line and vertical markers) that scales to its widget."""

    bar_clicked = Signal(int)

    MARGINS = (74.0, 66.0, 64.0, 92.0)  # left, top (title and legend), right, bottom (slanted labels)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = ChartData()
        self.setMinimumSize(420, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    def set_data(self, data: ChartData) -> None:
        self.data = data
        self.setCursor(Qt.CursorShape.PointingHandCursor if data.clickable and data.bars
                       else Qt.CursorShape.ArrowCursor)
        self.update()

    # -- geometry (shared by painting and hit-testing) --------------------------------------------
    def plot_rect(self) -> QRectF:
        left, top, right, bottom = self.MARGINS
        return QRectF(left, top, max(10.0, self.width() - left - right), max(10.0, self.height() - top - bottom))

    def bar_at(self, x: float, y: float) -> int | None:
        """The bar whose column holds the point (x, y), or None."""
        plot = self.plot_rect()
        n = len(self.data.bars)
        if not n or not plot.adjusted(0, 0, 0, 40).contains(QPointF(x, y)):
            return None
        i = int((x - plot.left()) / (plot.width() / n))
        return i if 0 <= i < n else None

    def bar_centre(self, i: int) -> QPointF:
        plot = self.plot_rect()
        return QPointF(plot.left() + (i + 0.5) * plot.width() / max(1, len(self.data.bars)), plot.center().y())

    def _axis(self) -> tuple[float, float, list[float]]:
        d = self.data
        if d.percent:
            y_max = d.y_max if d.y_max is not None else 1.0
            return d.y_min, y_max, [d.y_min + (y_max - d.y_min) * i / 5 for i in range(6)]
        values = list(d.bars) + ([] if d.line_axis else list(d.line or []))
        top = d.y_max if d.y_max is not None else max(values, default=1.0)
        ticks = nice_ticks(max(top, 1.0 if d.integer else 1e-9) * (1.0 if d.y_max is not None else 1.08), d.integer)
        return d.y_min, ticks[-1], ticks

    # -- events ----------------------------------------------------------------------------------------
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self.data.clickable and event.button() == Qt.MouseButton.LeftButton:
            i = self.bar_at(event.position().x(), event.position().y())
            if i is not None:
                self.bar_clicked.emit(i)
                return
        super().mouseReleaseEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        i = self.bar_at(event.position().x(), event.position().y())
        tips = self.data.tooltips
        if i is not None and tips and i < len(tips):
            QToolTip.showText(event.globalPosition().toPoint(), tips[i], self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def _fitting_labels(self, font: QFont, slot: float) -> list[str] | None:
        """The value labels as given, or without their unit (`97.9` for `97.9 %`) when that is what fits
        every bar's width; None when even that does not fit (the tooltip still has each value)."""
        labels = self.data.value_labels
        if not labels:
            return None
        metrics = QFontMetrics(font)
        for candidate in (labels, [label.replace(" %", "").replace("\u00a0%", "") for label in labels]):
            if max(metrics.horizontalAdvance(label) for label in candidate) <= slot * 0.95:
                return candidate
        return None

    # -- painting --------------------------------------------------------------------------------------
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
        left, _top, right, _bottom = self.MARGINS
        plot = self.plot_rect()
        p.setFont(title)
        p.setPen(QColor("black"))
        p.drawText(QRectF(0, 6, self.width(), 30), Qt.AlignmentFlag.AlignHCenter, d.title)
        p.setFont(base)
        if not d.bars:
            p.setPen(GREY)
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, d.empty or d.note or "no data in this window")
            p.end()
            return
        y_min, y_max, ticks = self._axis()
        span = (y_max - y_min) or 1.0

        def y_of(v: float, lo: float = y_min, sp: float = span) -> float:
            return plot.bottom() - (min(max(v, lo), lo + sp) - lo) / sp * plot.height()

        for v in ticks:
            y = y_of(v)
            p.setPen(QPen(QColor("#e0e0e0"), 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(GREY)
            text = f"{v * 100:.0f} %" if d.percent else (f"{v:.0f}" if d.integer else f"{v:.4g}")
            p.drawText(QRectF(0, y - 10, left - 8, 20), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       text)
        if d.line and d.line_axis:  # the line's own 0–100 % axis on the right
            for i in range(6):
                y = plot.bottom() - plot.height() * i / 5
                p.setPen(ORANGE)
                p.drawText(QRectF(plot.right() + 6, y - 10, right - 6, 20),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{i * 20} %")
        n = len(d.bars)
        slot = plot.width() / n
        value_font = QFont(base)
        value_font.setPointSize(10 if n <= 16 else 8)
        value_font.setBold(True)
        labels = self._fitting_labels(value_font, slot)
        for i, v in enumerate(d.bars):
            colour = d.bar_colours[i] if d.bar_colours else BLUE
            x = plot.left() + i * slot
            top_y = y_of(v)
            p.fillRect(QRectF(x + slot * 0.1, top_y, slot * 0.8, plot.bottom() - top_y), colour)
            if labels and i < len(labels):
                p.setFont(value_font)
                inside = top_y - plot.top() < 20  # no room above: write it inside the bar, in white
                p.setPen(QColor("white") if inside else QColor("black"))
                rect = QRectF(x, top_y + 2 if inside else top_y - 20, slot, 18)
                p.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, labels[i])
                p.setFont(base)
        if d.line:
            p.setPen(QPen(ORANGE, 2.5))
            pts = [QPointF(plot.left() + (i + 0.5) * slot, y_of(v, 0.0, 1.0) if d.line_axis else y_of(v))
                   for i, v in enumerate(d.line)]
            for a, b in zip(pts, pts[1:], strict=False):
                p.drawLine(a, b)
            for pt in pts:
                p.drawEllipse(pt, 3, 3)
        for x_units, text, colour in d.markers:
            x = plot.left() + x_units * slot
            p.setPen(QPen(colour, 2.5, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            p.drawText(QRectF(x - 80, plot.top() - 22, 160, 22),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, text)
        # x labels: as many as fit, slanted when many, cut with … when long
        p.setPen(QColor("black"))
        metrics = p.fontMetrics()
        step = max(1, math.ceil(n / max(1.0, plot.width() / 90)))
        for i in range(0, n, step):
            x = plot.left() + (i + 0.5) * slot
            p.save()
            p.translate(x, plot.bottom() + 6)
            p.rotate(30 if n > 8 else 0)
            label = d.labels[i] if i < len(d.labels) else ""
            width = 150 if n > 8 else max(40, int(slot))
            label = metrics.elidedText(label, Qt.TextElideMode.ElideRight, width)
            p.drawText(QRectF(-width / 2 if n <= 8 else 0, 0, width, 20),
                       Qt.AlignmentFlag.AlignHCenter if n <= 8 else Qt.AlignmentFlag.AlignLeft, label)
            p.restore()
        # legend, under the title
        legend_y = 36.0
        p.fillRect(QRectF(left, legend_y, 14, 14), d.legend_colour or (d.bar_colours[0] if d.bar_colours else BLUE))
        p.drawText(QPointF(left + 20, legend_y + 12), d.bar_label)
        if d.line:
            lx = left + 40 + metrics.horizontalAdvance(d.bar_label)
            p.setPen(QPen(ORANGE, 2.5))
            p.drawLine(QPointF(lx, legend_y + 7), QPointF(lx + 20, legend_y + 7))
            p.setPen(QColor("black"))
            p.drawText(QPointF(lx + 26, legend_y + 12), d.line_label)
        if d.note:
            p.setPen(GREY)
            p.drawText(QRectF(0, legend_y, self.width() - right, 18), Qt.AlignmentFlag.AlignRight, d.note)
        p.end()
