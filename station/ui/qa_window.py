"""The QA review window: runs table, run detail, unit trace, yield, Pareto, histogram, audit, export.

It opens any store database — a station's SQLite or the central PostgreSQL that every station
replicates to — and asks :class:`station.store.queries.QA` everything, the same functions with
the same time window (:func:`station.store.queries.period_span`) as ``station qa``, so the window
and the CLI always show the same numbers. One period ("this shift", "last 24 h", … counted back
from now) applies to every tab; each tab loads itself when it is first shown and again after the
period or the database changes. A click on a Pareto or yield bar, or on a run in a unit's trace,
shows those runs.

Queries run on a worker thread (QThreadPool) so a slow network to the central database never
freezes the window; each answer comes back through a signal and lands only if it is still the
newest question asked. Times are shown in local time with UTC on hover.

Item data is set with ``setData(role, value)`` and trees are expanded item by item: PySide6
6.11's item convenience setters (``setForeground``, ``setFont``, ``setToolTip``…) and
``QTreeView.expandAll`` each leak a reference to ``None`` (tests/test_qt_soak.py counts them).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QDateTime,
    QLibraryInfo,
    QLocale,
    QModelIndex,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTranslator,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.errors import StationError
from station.store import Store, default_url
from station.store.audit import Audit
from station.store.exports import EXPORTERS
from station.store.queries import QA, Histogram, RunQuery, RunRow, Span, Summary, local_utc_offset, period_span
from station.testkit.checks import Outcome
from station.testkit.record import RunRecord
from station.testkit.series import plain
from station.ui.qa_charts import BLUE, GREEN, RED, Chart, ChartData
from station.ui.qa_format import DEFAULT_PERIOD, PERIOD_CHOICES, Drill, local_day_span, local_text, utc_text, zone_name
from station.ui.series_chart import SeriesPanel

I18N = Path(__file__).resolve().parent / "i18n"
OUTCOME_COLOURS = {"PASS": "#2e7d32", "FAIL": "#c62828", "ERROR": "#8e24aa", "ABORTED": "#ef6c00",
                   "SKIPPED": "#757575"}
CPK_COLOURS = {"capable": "#2e7d32", "marginal": "#ef6c00", "incapable": "#c62828"}
CAPABILITY = {"capable": QT_TRANSLATE_NOOP("QAWindow", "capable"),
              "marginal": QT_TRANSLATE_NOOP("QAWindow", "marginal: below 1.33"),
              "incapable": QT_TRANSLATE_NOOP("QAWindow", "not capable: below 1.00")}
COLUMNS = (
    ("started_at", QT_TRANSLATE_NOOP("QAWindow", "Started")), ("serial", QT_TRANSLATE_NOOP("QAWindow", "Serial")),
    ("outcome", QT_TRANSLATE_NOOP("QAWindow", "Outcome")), ("failure_code", QT_TRANSLATE_NOOP("QAWindow", "Failure")),
    ("station", QT_TRANSLATE_NOOP("QAWindow", "Station")), ("script_version", QT_TRANSLATE_NOOP("QAWindow", "Script")),
    ("device_id", QT_TRANSLATE_NOOP("QAWindow", "Device ID")), ("zone", QT_TRANSLATE_NOOP("QAWindow", "Zone")),
    ("duration", QT_TRANSLATE_NOOP("QAWindow", "Duration")),
)
TABS = ("runs", "trace", "yield", "histogram", "audit")
PAGE = 100


def _tr(text: str) -> str:
    return QCoreApplication.translate("QAWindow", text)


class _Signals(QObject):
    done = Signal(int, object, object)  # ticket, result, error


class _Job(QRunnable):
    def __init__(self, ticket: int, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.ticket, self.fn, self.signals = ticket, fn, signals

    def run(self) -> None:
        try:
            result, error = self.fn(), None
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the window as a message
            result, error = None, exc
        self.signals.done.emit(self.ticket, result, error)


class RunsModel(QAbstractTableModel):
    """One page of runs; sorting is asked of the database (the table holds only the page)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[RunRow] = []

    def set_rows(self, rows: list[RunRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(COLUMNS[section][1])
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section == 0:
            return _tr("Local time ({zone}); hover a cell for UTC").format(zone=zone_name())
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "started_at":
                return local_text(r.started_at)
            if key == "outcome":
                return r.outcome or "RUNNING"
            if key == "script_version":
                return f"{r.script_name} {r.script_version}"
            if key == "duration":
                return "" if r.duration_s is None else f"{r.duration_s:.1f} s"
            if key == "station":
                return f"{r.station}/{r.slot}"
            return getattr(r, key) or ""
        if role == Qt.ItemDataRole.ToolTipRole and key == "started_at":
            return utc_text(r.started_at)
        if role == Qt.ItemDataRole.ToolTipRole and key == "failure_code" and r.failure_reason:
            return r.failure_reason
        if role == Qt.ItemDataRole.ForegroundRole and key == "outcome":
            return QColor(OUTCOME_COLOURS.get(r.outcome or "", "#1565c0"))
        if role == Qt.ItemDataRole.FontRole and key == "outcome":
            font = QFont()
            font.setBold(True)
            return font
        return None


def _timed_item(ts: float | None) -> QTableWidgetItem:
    item = QTableWidgetItem(local_text(ts))
    item.setData(Qt.ItemDataRole.ToolTipRole, utc_text(ts))
    return item


class QAWindow(QMainWindow):
    """The window; ``open_database(url)`` switches between a station and the central database.

    ``now`` is the clock the period presets count back from (tests pin it).
    """

    def __init__(self, url: str | None = None, *, now: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("Factory Station — QA review"))
        self.resize(1500, 950)
        self.setMinimumSize(1000, 600)
        font = self.font()
        font.setPointSize(11)
        self.setFont(font)
        self.now = now
        self.store: Store | None = None
        self.qa: QA | None = None
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._signals = _Signals()
        self._signals.done.connect(self._finished)
        self._tickets: dict[str, int] = {}
        self._handlers: dict[int, tuple[str, Callable[[Any], None]]] = {}
        self._next_ticket = 0
        self._stale: set[int] = set()
        self.offset = 0
        self.total = 0
        self.sort = ("started_at", True)
        self.drill: Drill | None = None
        self.pending_run: str | None = None
        self.current_record: RunRecord | None = None
        self.summary: Summary | None = None
        self.histogram: Histogram | None = None
        self.last_error: str | None = None

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.addLayout(self._build_top_bar())
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs, 1)
        self.status = QLabel("")
        outer.addWidget(self.status)
        self.setCentralWidget(central)
        self._build_runs_tab()
        self._build_trace_tab()
        self._build_charts_tabs()
        self._build_audit_tab()
        self.tabs.currentChanged.connect(self._load_tab)
        if url is not None:
            self.open_database(url)

    # -- async plumbing ------------------------------------------------------------------------------
    def _submit(self, channel: str, fn: Callable[[], Any], on_result: Callable[[Any], None]) -> None:
        """Run ``fn`` off the GUI thread; only the newest answer per channel is shown."""
        self._next_ticket += 1
        ticket = self._next_ticket
        self._tickets[channel] = ticket
        self._handlers[ticket] = (channel, on_result)
        self.status.setText(self.tr("working…"))
        self.pool.start(_Job(ticket, fn, self._signals))

    def _finished(self, ticket: int, result: Any, error: Any) -> None:
        channel, handler = self._handlers.pop(ticket, ("", None))
        if handler is None or self._tickets.get(channel) != ticket:
            return  # a newer question was asked meanwhile
        del self._tickets[channel]
        if error is not None:
            self.last_error = str(error)
            self.status.setText(f"<span style='color:#c62828'>{error}</span>")
            return
        self.status.setText("")
        handler(result)

    def busy(self) -> bool:
        return bool(self._tickets)

    # -- top bar: database and period -------------------------------------------------------------
    def _build_top_bar(self) -> QHBoxLayout:
        top = QHBoxLayout()
        self.db_label = QLabel(self.tr("no database"))
        self.db_label.setStyleSheet("font-weight: bold; font-size: 12pt")
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.period = QComboBox()
        for key, text in PERIOD_CHOICES:
            self.period.addItem(self.tr(text), key)
        self.period.setCurrentIndex(self.period.findData(DEFAULT_PERIOD))
        self.period.setToolTip(self.tr("Counted back from now; the same periods as station qa --since shift|24h|7d|…"))
        now = QDateTime.currentDateTime()
        self.f_since = QDateTimeEdit(now.addDays(-7))
        self.f_until = QDateTimeEdit(now.addDays(1))
        for edit in (self.f_since, self.f_until):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
            edit.setToolTip(self.tr("Local time ({zone})").format(zone=zone_name()))
            edit.setEnabled(False)
            edit.editingFinished.connect(self._custom_changed)
        self.span_label = QLabel("")
        self.span_label.setStyleSheet("color: #424242")
        self.period.currentIndexChanged.connect(self._period_changed)
        open_button = QPushButton(self.tr("Open database…"))
        open_button.clicked.connect(self._ask_database)
        top.addWidget(self.db_label, 1)
        for w in (QLabel(self.tr("Period")), self.period, self.f_since, QLabel("→"), self.f_until, self.span_label,
                  open_button):
            top.addWidget(w)
        return top

    def span(self) -> Span:
        """The window's period: a preset counted back from now, all time, or the From/To of "custom"."""
        key = self.period.currentData()
        if key == "all":
            return Span(None, None)
        if key == "custom":
            return Span(float(self.f_since.dateTime().toSecsSinceEpoch()),
                        float(self.f_until.dateTime().toSecsSinceEpoch()))
        return period_span(key, self.now())

    def set_period(self, key: str) -> None:
        self.period.setCurrentIndex(self.period.findData(key))

    def _period_changed(self) -> None:
        custom = self.period.currentData() == "custom"
        for edit in (self.f_since, self.f_until):
            edit.setEnabled(custom)
        self._show_span()
        self.reload()

    def _custom_changed(self) -> None:
        if self.period.currentData() == "custom":
            self._show_span()
            self.reload()

    def _show_span(self) -> None:
        span = self.span()
        if span.since is not None and self.period.currentData() != "custom":
            self.f_since.setDateTime(QDateTime.fromSecsSinceEpoch(int(span.since)))
            self.f_until.setDateTime(QDateTime.fromSecsSinceEpoch(int(self.now())))
        if span.since is None:
            self.span_label.setText("")
            self.span_label.setToolTip("")
        else:
            self.span_label.setText(self.tr("since {time}").format(time=local_text(span.since, seconds=False)))
            self.span_label.setToolTip(utc_text(span.since))

    # -- tabs load themselves -------------------------------------------------------------------------
    def reload(self) -> None:
        """Everything is stale (new database or period): reload the tab on screen, the others when shown."""
        self._stale = set(range(self.tabs.count()))
        self._load_tab(self.tabs.currentIndex())

    def _load_tab(self, index: int) -> None:
        if self.qa is None or index not in self._stale:
            return
        self._stale.discard(index)
        name = TABS[index]
        if name == "runs":
            self.offset = 0
            self.refresh()
        elif name == "trace":
            self.trace()
        elif name == "yield":
            self.show_yield()
        elif name == "histogram":
            self.show_histogram()
        elif name == "audit":
            self.load_audit()
            self.verify_audit()

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(TABS.index(name))

    # -- database ----------------------------------------------------------------------------------
    def _ask_database(self) -> None:
        url, ok = QInputDialog.getText(self, self.tr("Open database"),
                                       self.tr("SQLite file or database URL (central PostgreSQL):"))
        if ok and url.strip():
            try:
                self.open_database(url.strip())
            except StationError as exc:
                QMessageBox.warning(self, self.tr("Cannot open the database"), str(exc))

    def open_database(self, url: str) -> None:
        store = Store.open(url, recover=False)
        if self.store is not None:
            self.pool.waitForDone(10000)
            self.store.close()
        self.store, self.qa = store, QA(store.engine)
        shown = store.engine.url.render_as_string(hide_password=True)
        self.db_label.setText(self.tr("Database: {url}").format(url=shown))
        self.db_label.setToolTip(shown)
        qa = self.qa
        self._submit("choices", lambda: (qa.stations(), qa.script_versions(), qa.measurement_names()),
                     self._set_choices)
        self._show_span()
        self.reload()

    def _set_choices(self, result: tuple[list[str], list[str], list[tuple[str, str]]]) -> None:
        stations, versions, names = result
        for combo, items in ((self.f_station, stations), (self.f_version, versions)):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("(any)"), None)
            for item in items:
                combo.addItem(item, item)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current in items else 0)
            combo.blockSignals(False)
        had = self.h_measure.currentText()
        self.h_measure.blockSignals(True)
        self.h_measure.clear()
        self.h_measure.addItems([f"{s}.{n}" for s, n in names])
        if had and self.h_measure.findText(had) >= 0:
            self.h_measure.setCurrentText(had)
        self.h_measure.blockSignals(False)
        if TABS[self.tabs.currentIndex()] == "histogram" and self.histogram is None:
            self.show_histogram()

    # -- runs tab ----------------------------------------------------------------------------------
    def _build_runs_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        filters = QHBoxLayout()
        self.f_text = QLineEdit()
        self.f_text.setPlaceholderText(self.tr("serial, device ID or MAC"))
        self.f_outcome = QComboBox()
        self.f_outcome.addItem(self.tr("(any)"), None)
        for outcome in ("PASS", "FAIL", "ERROR", "ABORTED", "RUNNING"):
            self.f_outcome.addItem(outcome, outcome)
        self.f_station = QComboBox()
        self.f_station.addItem(self.tr("(any)"), None)
        self.f_version = QComboBox()
        self.f_version.addItem(self.tr("(any)"), None)
        self.f_code = QLineEdit()
        self.f_code.setPlaceholderText(self.tr("failure code"))
        self.f_zone = QComboBox()
        self.f_zone.addItem(self.tr("(any)"), None)
        self.f_zone.addItem(self.tr("production"), "production")
        self.f_zone.addItem(self.tr("test"), "test")
        for combo in (self.f_outcome, self.f_station, self.f_version, self.f_zone):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # "(todos)", "（全部）" whole
        for label, widget in ((self.tr("Find"), self.f_text), (self.tr("Outcome"), self.f_outcome),
                              (self.tr("Station"), self.f_station), (self.tr("Script"), self.f_version),
                              (self.tr("Failure"), self.f_code), (self.tr("Zone"), self.f_zone)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget, 1 if widget in (self.f_text, self.f_code) else 0)
        apply = QPushButton(self.tr("Apply"))
        apply.setDefault(True)
        apply.clicked.connect(self.apply_filters)
        self.f_text.returnPressed.connect(self.apply_filters)
        self.f_code.returnPressed.connect(self.apply_filters)
        filters.addWidget(apply)
        layout.addLayout(filters)
        drill_row = QHBoxLayout()
        self.drill_label = QLabel("")
        self.drill_label.setStyleSheet("background: #fff3e0; padding: 3px 8px; border-radius: 3px")
        self.drill_clear = QPushButton(self.tr("Show the whole period"))
        self.drill_clear.clicked.connect(self.clear_drill)
        drill_row.addWidget(self.drill_label)
        drill_row.addWidget(self.drill_clear)
        drill_row.addStretch(1)
        layout.addLayout(drill_row)
        self.drill_label.hide()
        self.drill_clear.hide()

        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.model = RunsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)  # newest first
        self.table.horizontalHeader().sectionClicked.connect(self._sort_by)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_run(cur.row()))
        left_layout.addWidget(self.table, 1)
        pager = QHBoxLayout()
        self.prev_button = QPushButton(self.tr("◀ Newer"))
        self.next_button = QPushButton(self.tr("Older ▶"))
        self.prev_button.clicked.connect(lambda: self._page(-1))
        self.next_button.clicked.connect(lambda: self._page(+1))
        self.page_label = QLabel("")
        self.export_format = QComboBox()
        self.export_format.addItems(sorted(EXPORTERS))
        export_button = QPushButton(self.tr("Export selected…"))
        export_button.clicked.connect(self._export_dialog)
        for w in (self.prev_button, self.next_button, self.page_label):
            pager.addWidget(w)
        pager.addStretch(1)
        pager.addWidget(QLabel(self.tr("Format")))
        pager.addWidget(self.export_format)
        pager.addWidget(export_button)
        left_layout.addLayout(pager)
        split.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.detail_header = QLabel(self.tr("Select a run"))
        self.detail_header.setWordWrap(True)
        self.detail_header.setTextFormat(Qt.TextFormat.RichText)
        self.detail_header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right_layout.addWidget(self.detail_header)
        self.detail_tabs = QTabWidget()
        self.steps_tree = QTreeWidget()
        self.steps_tree.setHeaderLabels([self.tr("Result"), self.tr("Step / measurement"), self.tr("Value"),
                                         self.tr("Unit"), self.tr("Low"), self.tr("High"), self.tr("Margin"),
                                         self.tr("Time")])
        self.steps_tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.logs_view = QPlainTextEdit()
        self.logs_view.setReadOnly(True)
        att = QWidget()
        att_layout = QVBoxLayout(att)
        self.attachments = QListWidget()
        self.attachments.currentRowChanged.connect(self._show_attachment)
        self.attachment_view = QLabel("")
        self.attachment_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.attachment_view.setMinimumHeight(240)
        att_layout.addWidget(self.attachments)
        att_layout.addWidget(self.attachment_view, 1)
        self.calls_view = QPlainTextEdit()
        self.calls_view.setReadOnly(True)
        self.detail_tabs.addTab(self.steps_tree, self.tr("Steps and measurements"))
        self.detail_tabs.addTab(self.logs_view, self.tr("Log"))
        self.detail_tabs.addTab(att, self.tr("Attachments"))
        self.detail_tabs.addTab(self.calls_view, self.tr("Cloud calls and labels"))
        self.series_panel = SeriesPanel()
        self.detail_tabs.addTab(self.series_panel, self.tr("Series"))
        right_layout.addWidget(self.detail_tabs, 1)
        split.addWidget(right)
        split.setSizes([820, 680])
        layout.addWidget(split, 1)
        self.tabs.addTab(page, self.tr("Runs"))

    def query(self) -> RunQuery:
        """The filter the controls describe, over the window's period (or the drill-down's span)."""
        span = self.drill.span if self.drill is not None and self.drill.span is not None else self.span()
        return RunQuery(
            text=self.f_text.text().strip() or None, outcome=self.f_outcome.currentData(),
            station=self.f_station.currentData(), script_version=self.f_version.currentData(),
            script_name=self.drill.script_name if self.drill is not None else None,
            failure_code=self.f_code.text().strip() or None, zone=self.f_zone.currentData(),
            since=span.since, until=span.until,
            sort=self.sort[0], descending=self.sort[1], offset=self.offset, limit=PAGE,
        )

    def apply_filters(self) -> None:
        self.offset = 0
        self.refresh()

    def refresh(self) -> None:
        if self.qa is None:
            return
        qa, q = self.qa, self.query()
        self._submit("runs", lambda: (qa.runs(q), qa.count(q)), self._set_runs)

    def _set_runs(self, result: tuple[list[RunRow], int]) -> None:
        rows, self.total = result
        self.model.set_rows(rows)
        first = self.offset + 1 if rows else 0
        self.page_label.setText(self.tr("runs {first}–{last} of {total}").format(
            first=first, last=self.offset + len(rows), total=self.total))
        self.prev_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(self.offset + len(rows) < self.total)
        if self.pending_run is not None:
            wanted, self.pending_run = self.pending_run, None
            for i, r in enumerate(rows):
                if r.id == wanted:
                    self.table.selectRow(i)
                    self.table.scrollTo(self.model.index(i, 0))
                    break

    def _page(self, direction: int) -> None:
        self.offset = max(0, self.offset + direction * PAGE)
        self.refresh()

    def _sort_by(self, section: int) -> None:
        key = COLUMNS[section][0]
        self.sort = (key, not self.sort[1] if self.sort[0] == key else key == "started_at")
        self.table.horizontalHeader().setSortIndicator(
            section, Qt.SortOrder.DescendingOrder if self.sort[1] else Qt.SortOrder.AscendingOrder)
        self.offset = 0
        self.refresh()

    def selected_run_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r].id for r in rows]

    # -- drill-downs (a chart bar or a trace row → its runs) ----------------------------------------
    def _reset_filters(self) -> None:
        self.f_text.clear()
        self.f_code.clear()
        for combo in (self.f_outcome, self.f_station, self.f_version, self.f_zone):
            combo.setCurrentIndex(0)

    def drill_to(self, drill: Drill | None, **filters: str) -> None:
        """Show the runs tab narrowed by ``drill`` and the given filters (outcome, station, code, version, text)."""
        self._reset_filters()
        if "outcome" in filters:
            self.f_outcome.setCurrentIndex(self.f_outcome.findData(filters["outcome"]))
        if "station" in filters:
            self.f_station.setCurrentIndex(max(0, self.f_station.findData(filters["station"])))
        if "version" in filters:
            self.f_version.setCurrentIndex(max(0, self.f_version.findData(filters["version"])))
        self.f_code.setText(filters.get("code", ""))
        self.f_text.setText(filters.get("text", ""))
        self.drill = drill
        self.drill_label.setText(drill.label if drill else "")
        self.drill_label.setVisible(drill is not None)
        self.drill_clear.setVisible(drill is not None)
        self._stale.discard(TABS.index("runs"))
        self.show_tab("runs")
        self.apply_filters()

    def clear_drill(self) -> None:
        self.drill = None
        self.drill_label.hide()
        self.drill_clear.hide()
        self.apply_filters()

    def open_run(self, run_id: str, serial: str) -> None:
        """A run from the unit trace: the unit's runs of all time, that run selected and shown."""
        self.pending_run = run_id
        self.drill_to(Drill(self.tr("unit {serial}, all time").format(serial=serial), span=Span(None, None)),
                      text=serial)

    def _pareto_clicked(self, index: int) -> None:
        if self.summary is None or index >= len(self.summary.pareto):
            return
        code = self.summary.pareto[index].failure_code
        self.drill_to(None, outcome="FAIL", code="" if code == "(none)" else code)

    def _yield_clicked(self, index: int) -> None:
        if self.summary is None or index >= len(self.summary.yields):
            return
        row, group = self.summary.yields[index], self.summary.group
        if group == "day":
            self.drill_to(Drill(self.tr("runs started on {day}").format(day=row.key), span=local_day_span(row.key)))
        elif group == "station":
            self.drill_to(None, station=row.key)
        else:
            name, _, version = row.key.rpartition(" ")
            self.drill_to(Drill(self.tr("script {script}").format(script=row.key), script_name=name), version=version)

    # -- run detail --------------------------------------------------------------------------------
    def _show_run(self, row: int) -> None:
        if self.store is None or row < 0 or row >= len(self.model.rows):
            return
        store, run_id = self.store, self.model.rows[row].id
        self._submit("detail", lambda: store.load_record(run_id), self.show_record)

    def show_record(self, r: RunRecord) -> None:
        self.current_record = r
        outcome = r.outcome.value if r.outcome else "RUNNING"
        colour = OUTCOME_COLOURS.get(outcome, "#1565c0")
        failure = f"<br><b>{r.failure_code}</b>: {r.failure_reason}" if r.failure_code else ""
        self.detail_header.setText(
            f"<span style='font-size:15pt'><b>{r.serial}</b> &nbsp; <span style='color:{colour}'><b>{outcome}</b>"
            f"</span></span>{failure}<br>" + self.tr("run {run} · {station}/{slot} · operator {operator}").format(
                run=r.run_id, station=r.station, slot=r.slot, operator=r.operator or "—")
            + "<br>" + self.tr("device {device} · MAC {mac} · zone {zone}").format(
                device=r.device_id or "—", mac=r.mac or "—", zone=r.zone or "—")
            + "<br>" + self.tr("script {name} {version} · sha256 {sha}… · limits {limits}").format(
                name=r.script_name, version=r.script_version, sha=r.script_sha256[:12],
                limits=(r.limits_sha256 or "—")[:12])
            + f"<br>{local_text(r.started_at)} → {local_text(r.finished_at) or '—'}"
        )
        self.detail_header.setToolTip(f"{utc_text(r.started_at)} → {utc_text(r.finished_at) or '—'}")
        self.steps_tree.clear()
        for step in r.steps:
            skipped = step.outcome is Outcome.SKIPPED
            item = QTreeWidgetItem([step.outcome.value, f"{step.index + 1}. {step.name}", "", "", "", "", "",
                                    "" if skipped else f"{step.duration_s * 1000:.0f} ms"])
            item.setData(0, Qt.ItemDataRole.ForegroundRole, QColor(OUTCOME_COLOURS.get(step.outcome.value, "black")))
            bold = QFont(self.font())
            bold.setBold(True)
            item.setData(0, Qt.ItemDataRole.FontRole, bold)
            if skipped:
                italic = QFont(self.font())
                italic.setItalic(True)
                item.setData(1, Qt.ItemDataRole.FontRole, italic)
                item.setData(1, Qt.ItemDataRole.ForegroundRole, QColor(OUTCOME_COLOURS["SKIPPED"]))
                item.setData(1, Qt.ItemDataRole.ToolTipRole,
                             step.error or self.tr("not run: the script stopped before this step"))
            elif step.error:
                item.setData(1, Qt.ItemDataRole.ToolTipRole, step.error)
            for m in step.measurements:
                low, high = m.check.low, m.check.high
                child = QTreeWidgetItem([
                    m.outcome.value + (self.tr(" (marginal)") if m.marginal else ""), m.name,
                    f"{m.value:.6g}" if isinstance(m.value, float) else json.dumps(plain(m.value)), m.unit,
                    "" if low is None else f"{low:g}", "" if high is None else f"{high:g}",
                    _margin(m.value, low, high), "",
                ])
                child.setData(0, Qt.ItemDataRole.ForegroundRole, QColor(OUTCOME_COLOURS.get(m.outcome.value, "black")))
                if not m.check.is_numeric:
                    child.setData(4, Qt.ItemDataRole.DisplayRole, m.check.describe())
                if m.reason:
                    child.setData(0, Qt.ItemDataRole.ToolTipRole, m.reason)
                item.addChild(child)
            self.steps_tree.addTopLevelItem(item)
            item.setExpanded(True)  # per item: expandAll() leaks a reference to None per item (PySide6 6.11)
        self.logs_view.setPlainText("\n".join(
            f"{local_text(line.ts)[11:]}  {line.level:<7} {line.step or '':<14} {line.message}" for line in r.logs))
        self.attachments.clear()
        for a in r.attachments:
            self.attachments.addItem(f"{a.name}  ({a.mimetype}, {len(a.data)} bytes)")
        self.attachment_view.clear()
        self.calls_view.setPlainText(json.dumps({"cloud_calls": [c.to_dict() for c in r.cloud_calls],
                                                  "label_jobs": [j.to_dict() for j in r.label_jobs]},
                                                indent=2, ensure_ascii=False, default=repr))
        self.series_panel.show_record(r)

    def _show_attachment(self, row: int) -> None:
        r = self.current_record
        if r is None or row < 0 or row >= len(r.attachments):
            return
        a = r.attachments[row]
        image = QImage.fromData(a.data) if a.mimetype.startswith("image/") else QImage()
        if image.isNull():
            self.attachment_view.setText(f"{a.name}: {a.mimetype}, sha256 {a.sha256}")
        else:
            self.attachment_view.setPixmap(QPixmap.fromImage(image).scaled(
                520, 360, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))

    # -- export ------------------------------------------------------------------------------------
    def _export_dialog(self) -> None:
        fmt = self.export_format.currentText()
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export selected runs"),
                                              f"runs.{fmt if fmt != 'cfx' else 'json'}")
        if path:
            try:
                count = self.export_selected(fmt, Path(path))
            except (StationError, OSError) as exc:
                QMessageBox.warning(self, self.tr("Export failed"), str(exc))
                return
            self.status.setText(self.tr("exported {count} run(s) to {path}").format(count=count, path=path))

    def export_selected(self, fmt: str, path: Path) -> int:
        """Write the selected runs (or, with none selected, the current page) in ``fmt``."""
        if self.store is None:
            raise StationError("open a database first")
        ids = self.selected_run_ids() or [r.id for r in self.model.rows]
        store = self.store
        with path.open("w", encoding="utf-8", newline="") as out:
            return EXPORTERS[fmt]((store.load_record(i) for i in ids), out)

    # -- trace tab ---------------------------------------------------------------------------------
    def _build_trace_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.t_text = QLineEdit()
        self.t_text.setPlaceholderText(self.tr("serial, device ID or MAC"))
        go = QPushButton(self.tr("Trace"))
        go.clicked.connect(self.trace)
        self.t_text.returnPressed.connect(self.trace)
        row.addWidget(QLabel(self.tr("Unit")))
        row.addWidget(self.t_text, 1)
        row.addWidget(go)
        layout.addLayout(row)
        self.t_summary = QLabel(self.tr("Scan or type a serial, device ID or MAC: every run of the unit, its "
                                        "blessing, reprints and rework, oldest first. Click a run to open it."))
        self.t_summary.setTextFormat(Qt.TextFormat.RichText)
        self.t_summary.setWordWrap(True)
        layout.addWidget(self.t_summary)
        self.t_table = QTableWidget(0, 6)
        self.t_table.setHorizontalHeaderLabels([self.tr("When"), self.tr("Event"), self.tr("Result"),
                                                self.tr("Where"), self.tr("Who"), self.tr("Details")])
        self.t_table.horizontalHeaderItem(0).setToolTip(self.tr("Local time ({zone}); hover a cell for UTC")
                                                        .format(zone=zone_name()))
        self.t_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.t_table.horizontalHeader().setStretchLastSection(True)
        self.t_table.verticalHeader().setVisible(False)
        self.t_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.t_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.t_table.cellClicked.connect(self._trace_clicked)
        layout.addWidget(self.t_table, 1)
        self.tabs.addTab(page, self.tr("Unit trace"))

    def trace(self) -> None:
        if self.qa is None or not self.t_text.text().strip():
            return
        qa, ident = self.qa, self.t_text.text().strip()
        self._submit("trace", lambda: qa.trace(ident), self._set_trace)

    def _set_trace(self, trace: Any) -> None:
        events: list[tuple[float, str, str, str, str, str, RunRow | None]] = []
        for r in trace.runs:
            events.append((r.started_at, self.tr("run {id}").format(id=r.id[:8]), r.outcome or "RUNNING",
                           f"{r.station}/{r.slot}", r.operator,
                           f"{r.script_name} {r.script_version} {r.failure_code or ''}", r))
        for a in trace.audit:
            events.append((a["ts"], a["action"], "", a["station"], a["actor"], a["reason"], None))
        for j in trace.label_jobs:
            events.append((j["ts"], self.tr("label {id}").format(id=j["job_id"]), j["status"], "", "", "", None))
        for c in trace.cloud_calls:
            events.append((c["ts"], f"cloud {c['method']}", str(c["status"] or ""), c["path"], "", "", None))
        events.sort(key=lambda e: e[0])
        self.t_table.setRowCount(len(events))
        link = QFont(self.font())
        link.setUnderline(True)
        bold = QFont(self.font())
        bold.setBold(True)
        for i, (ts, what, result, where, who, details, run) in enumerate(events):
            self.t_table.setItem(i, 0, _timed_item(ts))
            for j, value in enumerate((what, result, where, who, details), start=1):
                cell = QTableWidgetItem(value)
                if j == 2 and value in OUTCOME_COLOURS:
                    cell.setData(Qt.ItemDataRole.ForegroundRole, QColor(OUTCOME_COLOURS[value]))
                    cell.setData(Qt.ItemDataRole.FontRole, bold)
                if j == 1 and run is not None:
                    cell.setData(Qt.ItemDataRole.UserRole, (run.id, run.serial))
                    cell.setData(Qt.ItemDataRole.ForegroundRole, QColor("#1565c0"))
                    cell.setData(Qt.ItemDataRole.FontRole, link)
                    cell.setData(Qt.ItemDataRole.ToolTipRole, self.tr("Open this run"))
                self.t_table.setItem(i, j, cell)
        blessed = [a for a in trace.audit if a["action"] in ("bless", "unbless", "reassign")]
        state = (self.tr("last cloud act: {action}").format(action=blessed[-1]["action"]) if blessed
                 else self.tr("no bless event recorded"))
        self.t_summary.setText("<span style='font-size:13pt'>" + self.tr(
            "<b>{unit}</b>: {runs} run(s), {audit} audit event(s), {labels} label job(s) · {state}").format(
            unit=trace.query, runs=len(trace.runs), audit=len(trace.audit), labels=len(trace.label_jobs),
            state=state) + "</span>")

    def _trace_clicked(self, row: int, _column: int) -> None:
        cell = self.t_table.item(row, 1)
        target = cell.data(Qt.ItemDataRole.UserRole) if cell is not None else None
        if target:
            self.open_run(*target)

    # -- charts ------------------------------------------------------------------------------------
    def _build_charts_tabs(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.y_group = QComboBox()
        for key, text in (("day", QT_TRANSLATE_NOOP("QAWindow", "day")),
                          ("station", QT_TRANSLATE_NOOP("QAWindow", "station")),
                          ("script", QT_TRANSLATE_NOOP("QAWindow", "script"))):
            self.y_group.addItem(self.tr(text), key)
        self.y_group.currentIndexChanged.connect(self.show_yield)
        row.addWidget(QLabel(self.tr("Yield per")))
        row.addWidget(self.y_group)
        self.y_summary = QLabel("")
        self.y_summary.setTextFormat(Qt.TextFormat.RichText)
        self.y_summary.setWordWrap(True)
        row.addWidget(self.y_summary, 1)
        layout.addLayout(row)
        self.yield_chart = Chart()
        self.pareto_chart = Chart()
        self.yield_chart.bar_clicked.connect(self._yield_clicked)
        self.pareto_chart.bar_clicked.connect(self._pareto_clicked)
        layout.addWidget(self.yield_chart, 1)
        layout.addWidget(self.pareto_chart, 1)
        self.tabs.addTab(page, self.tr("Yield and Pareto"))

        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.h_measure = QComboBox()
        self.h_measure.setMinimumWidth(300)
        self.h_measure.currentIndexChanged.connect(self.show_histogram)
        self.h_bins = QSpinBox()
        self.h_bins.setRange(5, 200)
        self.h_bins.setValue(40)
        self.h_bins.editingFinished.connect(self.show_histogram)
        for w in (QLabel(self.tr("Measurement")), self.h_measure, QLabel(self.tr("Bins")), self.h_bins):
            row.addWidget(w)
        row.addStretch(1)
        layout.addLayout(row)
        self.h_stats = QLabel("")
        self.h_stats.setTextFormat(Qt.TextFormat.RichText)
        self.h_stats.setStyleSheet("font-size: 13pt")
        self.h_stats.setToolTip(self.tr("Cpk ≥ 1.33 capable (green), 1.00–1.33 marginal (orange), "
                                        "< 1.00 not capable (red)"))
        layout.addWidget(self.h_stats)
        self.histogram_chart = Chart()
        layout.addWidget(self.histogram_chart, 1)
        self.tabs.addTab(page, self.tr("Histogram"))

    def show_yield(self) -> None:
        if self.qa is None:
            return
        qa, group, span = self.qa, self.y_group.currentData(), self.span()
        offset = local_utc_offset(span.since)
        self._submit("yield", lambda: qa.summary(span, group=group, pareto_top=12, utc_offset_s=offset),
                     self._set_yield)

    def _set_yield(self, s: Summary) -> None:
        self.summary = s
        total = s.total
        parts = " · ".join(f"<span style='color:{OUTCOME_COLOURS.get(o, '#1565c0')}'>{n} {o}</span>"
                           for o, n in s.counts.runs.items() if n)
        self.y_summary.setText(
            "<span style='font-size:12pt'>" + self.tr("<b>{runs} runs</b>: {parts} — <b>{units} units</b> first "
                                                      "tested · first-pass yield <b>{fpy}</b> · final yield "
                                                      "<b>{final}</b>").format(
                runs=s.counts.total, parts=parts or "—", units=s.counts.units, fpy=_pct(total.first_pass_yield),
                final=_pct(total.final_yield)) + "</span>")
        rows = s.yields
        group = self.y_group.currentText()
        self.yield_chart.set_data(ChartData(
            title=self.tr("Yield per {group} — {units} units (click a bar for its runs)").format(
                group=group, units=total.units),
            labels=[r.key for r in rows], bars=[r.first_pass_yield or 0.0 for r in rows],
            bar_colours=[GREEN] * len(rows), bar_label=self.tr("first-pass yield"),
            line=[r.final_yield or 0.0 for r in rows], line_label=self.tr("final yield (last verdict)"),
            percent=True, y_min=0.0, y_max=1.0,
            value_labels=[_pct(r.first_pass_yield, 1) for r in rows],
            tooltips=[self.tr("{key}: {units} units · first-pass {fpy} ({fp}/{judged}) · final {final} · "
                              "{errors} station error(s) · {none} without verdict").format(
                key=r.key, units=r.units, fpy=_pct(r.first_pass_yield), fp=r.first_pass,
                judged=r.units - r.station_errors, final=_pct(r.final_yield), errors=r.station_errors,
                none=r.no_verdict) for r in rows],
            clickable=True, empty=self.tr("no unit was first tested in this period"),
        ))
        pareto = s.pareto
        top = (self.tr("; {code} is {share} %").format(
            code=pareto[0].failure_code, share=f"{pareto[0].share * 100:.0f}") if pareto else "")
        self.pareto_chart.set_data(ChartData(
            title=self.tr("Failure Pareto — {n} failures").format(n=s.failures) + top,
            labels=[p.failure_code for p in pareto], bars=[float(p.count) for p in pareto],
            bar_colours=[RED] * len(pareto), bar_label=self.tr("failures (FAIL runs)"), integer=True,
            line=[p.cumulative for p in pareto], line_axis=True, line_label=self.tr("cumulative %"),
            value_labels=[str(p.count) for p in pareto],
            tooltips=[self.tr("{code}: {n} failures, {share} of all, {cum} cumulative").format(
                code=p.failure_code, n=p.count, share=_pct(p.share), cum=_pct(p.cumulative)) for p in pareto],
            clickable=True, empty=self.tr("no FAIL run in this period"),
        ))

    def show_histogram(self) -> None:
        if self.qa is None or not self.h_measure.currentText():
            return
        qa, span = self.qa, self.span()
        step, _, name = self.h_measure.currentText().partition(".")
        bins = self.h_bins.value()
        self._submit("histogram", lambda: qa.histogram(step, name, bins=bins, since=span.since, until=span.until),
                     self._set_histogram)

    def _set_histogram(self, h: Histogram) -> None:
        self.histogram = h
        markers = []
        width = (h.edges[1] - h.edges[0]) if len(h.edges) > 1 else 1.0
        colours = []
        for i in range(len(h.counts)):
            lo, hi = h.edges[i], h.edges[i + 1]
            outside = (h.low is not None and hi <= h.low) or (h.high is not None and lo >= h.high)
            colours.append(RED if outside else BLUE)
        for limit, text in ((h.low, self.tr("low")), (h.high, self.tr("high"))):
            if limit is not None and h.edges:
                markers.append(((limit - h.edges[0]) / width, f"{text} {limit:g}", RED))
        if h.mean is not None and h.edges:
            markers.append(((h.mean - h.edges[0]) / width, self.tr("mean {mean}").format(mean=f"{h.mean:.4g}"), GREEN))
        self.histogram_chart.set_data(ChartData(
            title=f"{h.step}.{h.name} [{h.unit}]", labels=[f"{e:.4g}" for e in h.edges[:-1]],
            bars=[float(c) for c in h.counts], bar_colours=colours, bar_label=self.tr("units per bin"),
            legend_colour=BLUE, markers=markers, integer=True, empty=self.tr("no value in this period"),
            tooltips=[f"{h.edges[i]:.4g} … {h.edges[i + 1]:.4g} {h.unit}: {c}" for i, c in enumerate(h.counts)],
        ))
        cpk = "—" if h.cpk is None else f"{h.cpk:.2f}"
        colour = CPK_COLOURS.get(h.capability or "", "#424242")
        std = "—" if h.std is None else f"{h.std:.4g}"
        mean = "—" if h.mean is None else f"{h.mean:.5g}"
        limits = f"{'—' if h.low is None else f'{h.low:g}'} … {'—' if h.high is None else f'{h.high:g}'} {h.unit}"
        self.h_stats.setText(
            self.tr("n = {n}   mean = {mean} {unit}   σ = {std}   limits {limits}").format(
                n=h.n, mean=mean, unit=h.unit, std=std, limits=limits)
            + f"   <b style='color:{colour}'>Cpk = {cpk}</b>"
            + (f" <span style='color:{colour}'>({_tr(CAPABILITY[h.capability])})</span>" if h.capability else ""))

    # -- audit -------------------------------------------------------------------------------------
    def _build_audit_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        load = QPushButton(self.tr("Load newest events"))
        load.clicked.connect(self.load_audit)
        verify = QPushButton(self.tr("Verify the chain"))
        verify.clicked.connect(self.verify_audit)
        self.a_result = QLabel("")
        self.a_result.setTextFormat(Qt.TextFormat.RichText)
        for w in (load, verify, self.a_result):
            row.addWidget(w)
        row.addStretch(1)
        layout.addLayout(row)
        self.a_table = QTableWidget(0, 7)
        self.a_table.setHorizontalHeaderLabels([self.tr("Seq"), self.tr("When"), self.tr("Action"),
                                                self.tr("Subject"), self.tr("Actor"), self.tr("Station"),
                                                self.tr("Reason")])
        self.a_table.horizontalHeaderItem(1).setToolTip(self.tr("Local time ({zone}); hover a cell for UTC")
                                                        .format(zone=zone_name()))
        self.a_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.a_table.horizontalHeader().setStretchLastSection(True)
        self.a_table.verticalHeader().setVisible(False)
        self.a_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.a_table, 1)
        self.tabs.addTab(page, self.tr("Audit trail"))

    def load_audit(self) -> None:
        if self.store is None:
            return
        store, since = self.store, self.span().since  # the period's newest events; the chain check covers all
        self._submit("audit", lambda: Audit(store).events(since=since, limit=500), self._set_audit)

    def _set_audit(self, events: list[Any]) -> None:
        self.a_table.setRowCount(len(events))
        for i, e in enumerate(events):
            self.a_table.setItem(i, 0, QTableWidgetItem(str(e.seq)))
            self.a_table.setItem(i, 1, _timed_item(e.ts))
            for j, v in enumerate((e.action, e.subject, e.actor, e.station, e.reason), start=2):
                self.a_table.setItem(i, j, QTableWidgetItem(v))

    def verify_audit(self) -> None:
        if self.store is None:
            return
        store = self.store
        self._submit("verify", lambda: Audit(store).verify(), self._set_verification)

    def _set_verification(self, v: Any) -> None:
        if v.ok:
            self.a_result.setText(self.tr("<b style='color:#2e7d32'>Intact</b>: {n} event(s) in {chains} chain(s)")
                                  .format(n=v.checked, chains=v.sources))
        else:
            self.a_result.setText(self.tr("<b style='color:#c62828'>BROKEN</b>: ")
                                  + "; ".join(p.message for p in v.problems))

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt's name
        self.pool.waitForDone(10000)
        if self.store is not None:
            self.store.close()
            self.store = None
        super().closeEvent(event)


def _pct(x: float | None, digits: int = 2) -> str:
    return "—" if x is None else f"{x * 100:.{digits}f}\u00a0%"  # a no-break space: "97.85 %" never wraps


def _margin(value: object, low: float | None, high: float | None) -> str:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or low is None or high is None or high <= low:
        return ""
    return f"{min(value - low, high - value) / (high - low) * 100:.0f} %"


QA_LANGUAGES = ("en", "zh_CN", "es")


def install_qa_language(app: QApplication, language: str) -> list[QTranslator]:
    """The QA window's translation (and Qt's own for standard dialogs); English is the source."""
    if language not in QA_LANGUAGES:
        raise StationError(f"language {language!r}: one of {', '.join(QA_LANGUAGES)}")
    for old in getattr(app, "_qa_translators", []):
        app.removeTranslator(old)
    installed: list[QTranslator] = []
    if language != "en":
        ours = QTranslator(app)
        if not ours.load(str(I18N / f"qa_{language}.qm")):
            raise StationError(f"translation {I18N / f'qa_{language}.qm'} is missing: run "
                               "python -m station.ui.i18n.build")
        qt = QTranslator(app)
        installed.append(ours)
        if qt.load(QLocale(language), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            installed.append(qt)
    for t in installed:
        app.installTranslator(t)
    app._qa_translators = installed  # type: ignore[attr-defined]
    return installed


def window_url(url: str | None) -> str:
    """The database ``station qa window`` opens: the one given, else the default every command writes."""
    return url if url is not None else default_url()


def run_qa_window(url: str | None, language: str = "en") -> int:
    """``station qa window``: open the QA window on a station or central database."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    install_qa_language(app, language)
    window = QAWindow(window_url(url))
    window.showMaximized()
    return int(app.exec())
