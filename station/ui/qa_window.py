"""The QA review window: runs table, run detail, unit trace, yield, Pareto, histogram, audit, export.

It opens any store database — a station's SQLite or the central PostgreSQL that every station
replicates to — and asks :class:`station.store.queries.QA` everything. Queries run on a worker
thread (QThreadPool) so a slow network to the central database never freezes the window; each
answer comes back through a signal and lands only if it is still the newest question asked.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QModelIndex,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimeZone,
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
from station.store import Store
from station.store.audit import Audit
from station.store.exports import EXPORTERS
from station.store.queries import QA, Histogram, RunQuery, RunRow
from station.testkit.record import RunRecord, iso
from station.testkit.series import plain
from station.ui.qa_charts import BLUE, GREEN, RED, Chart, ChartData
from station.ui.series_chart import SeriesPanel

OUTCOME_COLOURS = {"PASS": "#2e7d32", "FAIL": "#c62828", "ERROR": "#8e24aa", "ABORTED": "#ef6c00"}
COLUMNS = (
    ("started_at", "Started (UTC)"), ("serial", "Serial"), ("outcome", "Outcome"), ("failure_code", "Failure"),
    ("station", "Station"), ("script_version", "Script"), ("device_id", "Device ID"), ("zone", "Zone"),
    ("duration", "Duration"),
)
PAGE = 100
DAY = 86400.0


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
            return COLUMNS[section][1]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "started_at":
                return (iso(r.started_at) or "")[:19].replace("T", " ")
            if key == "outcome":
                return r.outcome or "RUNNING"
            if key == "script_version":
                return f"{r.script_name} {r.script_version}"
            if key == "duration":
                return "" if r.duration_s is None else f"{r.duration_s:.1f} s"
            if key == "station":
                return f"{r.station}/{r.slot}"
            return getattr(r, key) or ""
        if role == Qt.ItemDataRole.ForegroundRole and key == "outcome":
            return QColor(OUTCOME_COLOURS.get(r.outcome or "", "#1565c0"))
        if role == Qt.ItemDataRole.FontRole and key == "outcome":
            font = QFont()
            font.setBold(True)
            return font
        return None


def _ts(edit: QDateTimeEdit) -> float:
    return edit.dateTime().toSecsSinceEpoch()


class QAWindow(QMainWindow):
    """The window; ``open_database(url)`` switches between a station and the central database."""

    def __init__(self, url: str | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Factory Station — QA review")
        self.resize(1500, 950)
        font = self.font()
        font.setPointSize(11)
        self.setFont(font)
        self.store: Store | None = None
        self.qa: QA | None = None
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._signals = _Signals()
        self._signals.done.connect(self._finished)
        self._tickets: dict[str, int] = {}
        self._handlers: dict[int, tuple[str, Callable[[Any], None]]] = {}
        self._next_ticket = 0
        self.offset = 0
        self.total = 0
        self.sort = ("started_at", True)
        self.current_record: RunRecord | None = None
        self.last_error: str | None = None

        central = QWidget()
        outer = QVBoxLayout(central)
        top = QHBoxLayout()
        self.db_label = QLabel("no database")
        self.db_label.setStyleSheet("font-weight: bold; font-size: 13pt")
        open_button = QPushButton("Open database…")
        open_button.clicked.connect(self._ask_database)
        top.addWidget(self.db_label, 1)
        top.addWidget(open_button)
        outer.addLayout(top)
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs, 1)
        self.status = QLabel("")
        outer.addWidget(self.status)
        self.setCentralWidget(central)
        self._build_runs_tab()
        self._build_trace_tab()
        self._build_charts_tabs()
        self._build_audit_tab()
        if url is not None:
            self.open_database(url)

    # -- async plumbing ------------------------------------------------------------------------------
    def _submit(self, channel: str, fn: Callable[[], Any], on_result: Callable[[Any], None]) -> None:
        """Run ``fn`` off the GUI thread; only the newest answer per channel is shown."""
        self._next_ticket += 1
        ticket = self._next_ticket
        self._tickets[channel] = ticket
        self._handlers[ticket] = (channel, on_result)
        self.status.setText("working…")
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

    # -- database ----------------------------------------------------------------------------------
    def _ask_database(self) -> None:
        url, ok = QInputDialog.getText(self, "Open database", "SQLite file or database URL (central PostgreSQL):")
        if ok and url.strip():
            try:
                self.open_database(url.strip())
            except StationError as exc:
                QMessageBox.warning(self, "Cannot open the database", str(exc))

    def open_database(self, url: str) -> None:
        store = Store.open(url, recover=False)
        if self.store is not None:
            self.pool.waitForDone(10000)
            self.store.close()
        self.store, self.qa = store, QA(store.engine)
        self.db_label.setText(f"Database: {store.engine.url.render_as_string(hide_password=True)}")
        qa = self.qa
        self._submit("choices", lambda: (qa.stations(), qa.script_versions(), qa.measurement_names()),
                     self._set_choices)
        self.refresh()

    def _set_choices(self, result: tuple[list[str], list[str], list[tuple[str, str]]]) -> None:
        stations, versions, names = result
        for combo, items in ((self.f_station, stations), (self.f_version, versions)):
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("(any)")
            combo.addItems(items)
            combo.setCurrentText(current if current in items else "(any)")
            combo.blockSignals(False)
        self.h_measure.blockSignals(True)
        self.h_measure.clear()
        self.h_measure.addItems([f"{s}.{n}" for s, n in names])
        self.h_measure.blockSignals(False)

    # -- runs tab ----------------------------------------------------------------------------------
    def _build_runs_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        filters = QHBoxLayout()
        self.f_text = QLineEdit()
        self.f_text.setPlaceholderText("serial, device ID or MAC")
        self.f_outcome = QComboBox()
        self.f_outcome.addItems(["(any)", "PASS", "FAIL", "ERROR", "ABORTED", "RUNNING"])
        self.f_station = QComboBox()
        self.f_station.addItem("(any)")
        self.f_version = QComboBox()
        self.f_version.addItem("(any)")
        self.f_code = QLineEdit()
        self.f_code.setPlaceholderText("failure code")
        self.f_zone = QComboBox()
        self.f_zone.addItems(["(any)", "production", "test"])
        now = QDateTime.currentDateTimeUtc()
        self.f_since = QDateTimeEdit(now.addDays(-3650))
        self.f_until = QDateTimeEdit(now.addDays(1))
        for edit in (self.f_since, self.f_until):
            edit.setTimeZone(QTimeZone.utc())
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
        for label, widget in (("Find", self.f_text), ("Outcome", self.f_outcome), ("Station", self.f_station),
                              ("Script", self.f_version), ("Failure", self.f_code), ("Zone", self.f_zone),
                              ("From", self.f_since), ("To", self.f_until)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        apply = QPushButton("Apply")
        apply.setDefault(True)
        apply.clicked.connect(self.apply_filters)
        self.f_text.returnPressed.connect(self.apply_filters)
        self.f_code.returnPressed.connect(self.apply_filters)
        filters.addWidget(apply)
        layout.addLayout(filters)

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
        self.table.horizontalHeader().sectionClicked.connect(self._sort_by)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_run(cur.row()))
        left_layout.addWidget(self.table, 1)
        pager = QHBoxLayout()
        self.prev_button = QPushButton("◀ Newer")
        self.next_button = QPushButton("Older ▶")
        self.prev_button.clicked.connect(lambda: self._page(-1))
        self.next_button.clicked.connect(lambda: self._page(+1))
        self.page_label = QLabel("")
        self.export_format = QComboBox()
        self.export_format.addItems(sorted(EXPORTERS))
        export_button = QPushButton("Export selected…")
        export_button.clicked.connect(self._export_dialog)
        for w in (self.prev_button, self.next_button, self.page_label):
            pager.addWidget(w)
        pager.addStretch(1)
        pager.addWidget(QLabel("Format"))
        pager.addWidget(self.export_format)
        pager.addWidget(export_button)
        left_layout.addLayout(pager)
        split.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.detail_header = QLabel("Select a run")
        self.detail_header.setWordWrap(True)
        self.detail_header.setTextFormat(Qt.TextFormat.RichText)
        right_layout.addWidget(self.detail_header)
        self.detail_tabs = QTabWidget()
        self.steps_tree = QTreeWidget()
        self.steps_tree.setHeaderLabels(["Step / measurement", "Value", "Unit", "Low", "High", "Margin", "Result"])
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
        self.detail_tabs.addTab(self.steps_tree, "Steps and measurements")
        self.detail_tabs.addTab(self.logs_view, "Log")
        self.detail_tabs.addTab(att, "Attachments")
        self.detail_tabs.addTab(self.calls_view, "Cloud calls and labels")
        self.series_panel = SeriesPanel()
        self.detail_tabs.addTab(self.series_panel, "Series")
        right_layout.addWidget(self.detail_tabs, 1)
        split.addWidget(right)
        split.setSizes([820, 680])
        layout.addWidget(split, 1)
        self.tabs.addTab(page, "Runs")

    def query(self) -> RunQuery:
        """The filter the controls describe."""

        def pick(combo: QComboBox) -> str | None:
            return None if combo.currentText() == "(any)" else combo.currentText()

        return RunQuery(
            text=self.f_text.text().strip() or None, outcome=pick(self.f_outcome), station=pick(self.f_station),
            script_version=pick(self.f_version), failure_code=self.f_code.text().strip() or None,
            zone=pick(self.f_zone), since=_ts(self.f_since), until=_ts(self.f_until),
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
        self.page_label.setText(f"runs {first}–{self.offset + len(rows)} of {self.total}")
        self.prev_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(self.offset + len(rows) < self.total)

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
            f"</span></span>{failure}<br>run {r.run_id} · {r.station}/{r.slot} · operator {r.operator or '—'}"
            f"<br>device {r.device_id or '—'} · MAC {r.mac or '—'} · zone {r.zone or '—'}"
            f"<br>script {r.script_name} {r.script_version} · sha256 {r.script_sha256[:12]}… · limits "
            f"{(r.limits_sha256 or '—')[:12]}<br>{iso(r.started_at)} → {iso(r.finished_at) or '—'}"
        )
        self.steps_tree.clear()
        for step in r.steps:
            item = QTreeWidgetItem([f"{step.index + 1}. {step.name}", "", "", "", "",
                                    f"{step.duration_s * 1000:.0f} ms", step.outcome.value])
            item.setForeground(6, QColor(OUTCOME_COLOURS.get(step.outcome.value, "black")))
            if step.error:
                item.setToolTip(0, step.error)
            for m in step.measurements:
                low, high = m.check.low, m.check.high
                child = QTreeWidgetItem([
                    m.name, f"{m.value:.6g}" if isinstance(m.value, float) else json.dumps(plain(m.value)), m.unit,
                    "" if low is None else f"{low:g}", "" if high is None else f"{high:g}",
                    _margin(m.value, low, high), m.outcome.value + (" (marginal)" if m.marginal else ""),
                ])
                child.setForeground(6, QColor(OUTCOME_COLOURS.get(m.outcome.value, "black")))
                if not m.check.is_numeric:
                    child.setText(3, m.check.describe())
                item.addChild(child)
            self.steps_tree.addTopLevelItem(item)
        self.steps_tree.expandAll()
        self.logs_view.setPlainText("\n".join(
            f"{(iso(line.ts) or '')[11:23]}  {line.level:<7} {line.step or '':<14} {line.message}" for line in r.logs))
        self.attachments.clear()
        for a in r.attachments:
            self.attachments.addItem(f"{a.name}  ({a.mimetype}, {len(a.data)} bytes)")
        self.attachment_view.clear()
        self.calls_view.setPlainText(json.dumps({"cloud_calls": r.cloud_calls, "label_jobs": r.label_jobs},
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
        path, _ = QFileDialog.getSaveFileName(self, "Export selected runs", f"runs.{fmt if fmt != 'cfx' else 'json'}")
        if path:
            try:
                count = self.export_selected(fmt, Path(path))
            except (StationError, OSError) as exc:
                QMessageBox.warning(self, "Export failed", str(exc))
                return
            self.status.setText(f"exported {count} run(s) to {path}")

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
        self.t_text.setPlaceholderText("serial, device ID or MAC")
        go = QPushButton("Trace")
        go.clicked.connect(self.trace)
        self.t_text.returnPressed.connect(self.trace)
        row.addWidget(QLabel("Unit"))
        row.addWidget(self.t_text, 1)
        row.addWidget(go)
        layout.addLayout(row)
        self.t_summary = QLabel("")
        self.t_summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.t_summary)
        self.t_table = QTableWidget(0, 6)
        self.t_table.setHorizontalHeaderLabels(["When (UTC)", "Event", "Result", "Where", "Who", "Details"])
        self.t_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.t_table.horizontalHeader().setStretchLastSection(True)
        self.t_table.verticalHeader().setVisible(False)
        layout.addWidget(self.t_table, 1)
        self.tabs.addTab(page, "Unit trace")

    def trace(self) -> None:
        if self.qa is None or not self.t_text.text().strip():
            return
        qa, ident = self.qa, self.t_text.text().strip()
        self._submit("trace", lambda: qa.trace(ident), self._set_trace)

    def _set_trace(self, trace: Any) -> None:
        events: list[tuple[float, str, str, str, str, str]] = []
        for r in trace.runs:
            events.append((r.started_at, f"run {r.id[:8]}", r.outcome or "RUNNING", f"{r.station}/{r.slot}",
                           r.operator, f"{r.script_name} {r.script_version} {r.failure_code or ''}"))
        for a in trace.audit:
            events.append((a["ts"], a["action"], "", a["station"], a["actor"], a["reason"]))
        for j in trace.label_jobs:
            events.append((j["ts"], f"label {j['job_id']}", j["status"], "", "", ""))
        for c in trace.cloud_calls:
            events.append((c["ts"], f"cloud {c['method']}", str(c["status"] or ""), c["path"], "", ""))
        events.sort(key=lambda e: e[0])
        self.t_table.setRowCount(len(events))
        for i, (ts, what, result, where, who, details) in enumerate(events):
            for j, value in enumerate(((iso(ts) or "")[:19].replace("T", " "), what, result, where, who, details)):
                cell = QTableWidgetItem(value)
                if j == 2 and value in OUTCOME_COLOURS:
                    cell.setForeground(QColor(OUTCOME_COLOURS[value]))
                self.t_table.setItem(i, j, cell)
        blessed = [a for a in trace.audit if a["action"] in ("bless", "unbless", "reassign")]
        state = f"last cloud act: {blessed[-1]['action']}" if blessed else "no bless event recorded"
        self.t_summary.setText(f"<span style='font-size:13pt'><b>{trace.query}</b>: {len(trace.runs)} run(s), "
                               f"{len(trace.audit)} audit event(s), {len(trace.label_jobs)} label job(s) · {state}"
                               "</span>")

    # -- charts ------------------------------------------------------------------------------------
    def _build_charts_tabs(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.y_days = QSpinBox()
        self.y_days.setRange(1, 3650)
        self.y_days.setValue(30)
        self.y_group = QComboBox()
        self.y_group.addItems(["day", "station", "script"])
        go = QPushButton("Show")
        go.clicked.connect(self.show_yield)
        for w in (QLabel("Last days"), self.y_days, QLabel("per"), self.y_group, go):
            row.addWidget(w)
        row.addStretch(1)
        layout.addLayout(row)
        self.yield_chart = Chart()
        self.pareto_chart = Chart()
        layout.addWidget(self.yield_chart, 1)
        layout.addWidget(self.pareto_chart, 1)
        self.tabs.addTab(page, "Yield and Pareto")

        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.h_measure = QComboBox()
        self.h_measure.setMinimumWidth(300)
        self.h_bins = QSpinBox()
        self.h_bins.setRange(5, 200)
        self.h_bins.setValue(40)
        go = QPushButton("Show")
        go.clicked.connect(self.show_histogram)
        for w in (QLabel("Measurement"), self.h_measure, QLabel("Bins"), self.h_bins, go):
            row.addWidget(w)
        row.addStretch(1)
        layout.addLayout(row)
        self.h_stats = QLabel("")
        self.h_stats.setStyleSheet("font-size: 13pt")
        layout.addWidget(self.h_stats)
        self.histogram_chart = Chart()
        layout.addWidget(self.histogram_chart, 1)
        self.tabs.addTab(page, "Histogram")

    def _window_span(self) -> tuple[float, float]:
        if self.qa is None:
            return 0.0, 0.0
        with self.qa.engine.connect() as conn:
            from sqlalchemy import text

            newest = conn.execute(text("SELECT MAX(first_started_at) FROM qa_units")).scalar() or 0.0
        until = newest + 1
        return until - self.y_days.value() * DAY, until

    def show_yield(self) -> None:
        if self.qa is None:
            return
        qa, group = self.qa, self.y_group.currentText()

        def work() -> tuple[Any, Any, str]:
            since, until = self._window_span()
            return qa.yield_by(group, since=since, until=until), qa.pareto(since=since, until=until, limit=12), group

        self._submit("yield", work, self._set_yield)

    def _set_yield(self, result: tuple[Any, Any, str]) -> None:
        rows, pareto, group = result
        fpy = [r.first_pass_yield or 0.0 for r in rows]
        low = min(fpy + [r.final_yield or 0.0 for r in rows], default=0.9)
        units = sum(r.units for r in rows)
        self.yield_chart.set_data(ChartData(
            title=f"Yield per {group} — {units} units", labels=[r.key for r in rows], bars=fpy,
            bar_colours=[GREEN] * len(rows), bar_label="first-pass yield", line=[r.final_yield or 0.0 for r in rows],
            line_label="final yield", percent=True, y_min=max(0.0, low - 0.02), y_max=1.0,
        ))
        self.pareto_chart.set_data(ChartData(
            title=f"Failure Pareto — {sum(p.count for p in pareto)} failures"
                  + (f"; {pareto[0].failure_code} is {pareto[0].share * 100:.0f} %" if pareto else ""),
            labels=[p.failure_code for p in pareto], bars=[float(p.count) for p in pareto],
            bar_colours=[RED] * len(pareto), bar_label="failures", line=None,
        ))

    def show_histogram(self) -> None:
        if self.qa is None or not self.h_measure.currentText():
            return
        qa = self.qa
        step, _, name = self.h_measure.currentText().partition(".")
        bins = self.h_bins.value()
        self._submit("histogram", lambda: qa.histogram(step, name, bins=bins), self._set_histogram)

    def _set_histogram(self, h: Histogram) -> None:
        markers = []
        width = (h.edges[1] - h.edges[0]) if len(h.edges) > 1 else 1.0
        colours = []
        for i in range(len(h.counts)):
            lo, hi = h.edges[i], h.edges[i + 1]
            outside = (h.low is not None and hi <= h.low) or (h.high is not None and lo >= h.high)
            colours.append(RED if outside else BLUE)
        for limit, text in ((h.low, "low"), (h.high, "high")):
            if limit is not None and h.edges:
                markers.append(((limit - h.edges[0]) / width, f"{text} {limit:g}", RED))
        if h.mean is not None and h.edges:
            markers.append(((h.mean - h.edges[0]) / width, f"mean {h.mean:.4g}", GREEN))
        self.histogram_chart.set_data(ChartData(
            title=f"{h.step}.{h.name} [{h.unit}]", labels=[f"{e:.4g}" for e in h.edges[:-1]],
            bars=[float(c) for c in h.counts], bar_colours=colours, bar_label="units per bin", markers=markers,
        ))
        cpk = "—" if h.cpk is None else f"{h.cpk:.2f}"
        std = "—" if h.std is None else f"{h.std:.4g}"
        mean = "—" if h.mean is None else f"{h.mean:.5g}"
        self.h_stats.setText(f"n = {h.n}   mean = {mean} {h.unit}   σ = {std}   limits {h.low} … {h.high}   "
                             f"<b>Cpk = {cpk}</b>")

    # -- audit -------------------------------------------------------------------------------------
    def _build_audit_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        load = QPushButton("Load newest events")
        load.clicked.connect(self.load_audit)
        verify = QPushButton("Verify the chain")
        verify.clicked.connect(self.verify_audit)
        self.a_result = QLabel("")
        self.a_result.setTextFormat(Qt.TextFormat.RichText)
        for w in (load, verify, self.a_result):
            row.addWidget(w)
        row.addStretch(1)
        layout.addLayout(row)
        self.a_table = QTableWidget(0, 7)
        self.a_table.setHorizontalHeaderLabels(["Seq", "When (UTC)", "Action", "Subject", "Actor", "Station",
                                                "Reason"])
        self.a_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.a_table.horizontalHeader().setStretchLastSection(True)
        self.a_table.verticalHeader().setVisible(False)
        layout.addWidget(self.a_table, 1)
        self.tabs.addTab(page, "Audit trail")

    def load_audit(self) -> None:
        if self.store is None:
            return
        store = self.store
        self._submit("audit", lambda: Audit(store).events(limit=500), self._set_audit)

    def _set_audit(self, events: list[Any]) -> None:
        self.a_table.setRowCount(len(events))
        for i, e in enumerate(events):
            values = (str(e.seq), (iso(e.ts) or "")[:19].replace("T", " "), e.action, e.subject, e.actor, e.station,
                      e.reason)
            for j, v in enumerate(values):
                self.a_table.setItem(i, j, QTableWidgetItem(v))

    def verify_audit(self) -> None:
        if self.store is None:
            return
        store = self.store
        self._submit("verify", lambda: Audit(store).verify(), self._set_verification)

    def _set_verification(self, v: Any) -> None:
        if v.ok:
            self.a_result.setText(f"<b style='color:#2e7d32'>Intact</b>: {v.checked} event(s) in {v.sources} chain(s)")
        else:
            self.a_result.setText("<b style='color:#c62828'>BROKEN</b>: " + "; ".join(p.message for p in v.problems))

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt's name
        self.pool.waitForDone(10000)
        if self.store is not None:
            self.store.close()
            self.store = None
        super().closeEvent(event)


def _margin(value: object, low: float | None, high: float | None) -> str:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or low is None or high is None or high <= low:
        return ""
    return f"{min(value - low, high - value) / (high - low) * 100:.0f} %"


def run_qa_window(url: str | None) -> int:
    """``station qa window``: open the QA window on a station or central database."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = QAWindow(url)
    window.show()
    return int(app.exec())
