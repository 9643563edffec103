"""Engineer tools behind the operator window (F3, engineer badge only).

A fixture console (type protocol commands as in a terminal), the cloud targets as last synced
with a "sync now", reassigning or unblessing a device, and reprinting a unit's label. Reassign,
unbless and reprint go through the station's one engineer API
(:class:`station.flow.engineer.EngineerActions`, the same one the CLI calls): the same role and
reason checks, the same audit events, the unblessing key read from the environment
(``$STATION_CLOUD_UNBLESS_KEY``), never typed into a field that might be logged. Every call runs
on the action worker, never on the GUI thread.

The tools are a list of sections (tabs); another tool adds its own with :meth:`add_section`.
"""

from __future__ import annotations

import json
import shlex
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station.flow.engineer import UNBLESS_KEY_ENV, ActionResult
from station.flow.roles import ENGINEER, Actor
from station.ui.device_log_view import DeviceLogView
from station.ui.operator_bridge import ActionRunner


class EngineerTools(QWidget):
    """A separate window; the operator window keeps running underneath."""

    def __init__(self, station: Any, engineer: str, parent: QWidget | None = None, *, role: str = ENGINEER) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.station = station
        self.engineer = engineer
        self.actor = Actor(engineer, role)
        self.unbless_key_env = station.engineer.unbless_key_env if hasattr(station, "engineer") else UNBLESS_KEY_ENV
        self.setWindowTitle(self.tr("Engineer tools — %1").replace("%1", engineer))
        self.actions = ActionRunner(self)
        self.actions.done.connect(self._done)
        self.actions.failed.connect(self._failed)
        self.tabs = QTabWidget()
        self.sections: dict[str, QWidget] = {}
        self.add_section("console", self._console_tab(), self.tr("Fixture console"))
        self.add_section("targets", self._targets_tab(), self.tr("Cloud targets"))
        self.add_section("devices", self._devices_tab(), self.tr("Reassign / unbless"))
        self.add_section("reprint", self._reprint_tab(), self.tr("Reprint label"))
        self.device_log = DeviceLogView(station, self)
        self.add_section("device_log", self.device_log, self.tr("Device log"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.resize(900, 600)
        self.show_targets()

    def add_section(self, key: str, widget: QWidget, title: str) -> int:
        """One more tool as a tab (e.g. the live device log); returns its tab index."""
        self.sections[key] = widget
        return self.tabs.addTab(widget, title)

    def show_on_screen_of(self, window: QWidget) -> None:
        """Open whole on the operator window's screen, never partly off it."""
        screen = window.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry()
        width, height = min(900, room.width() - 40), min(600, room.height() - 60)
        self.setGeometry(room.x() + (room.width() - width) // 2, room.y() + (room.height() - height) // 2,
                         width, height)
        self.show()

    # -- fixture console -------------------------------------------------------------------------
    def _console_tab(self) -> QWidget:
        tab = QWidget()
        self.console_log = QPlainTextEdit()
        self.console_log.setReadOnly(True)
        self.console_log.setStyleSheet("font-family: monospace; font-size: 14px;")
        self.console_input = QLineEdit()
        self.console_input.setPlaceholderText(self.tr("a protocol command, e.g. IDN or VOLT 3V3 1 — Enter sends"))
        self.console_input.setStyleSheet("font-family: monospace; font-size: 16px;")
        self.console_input.returnPressed.connect(self.send_console)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.console_log, 1)
        layout.addWidget(self.console_input)
        return tab

    def send_console(self) -> None:
        text = self.console_input.text().strip()
        self.console_input.clear()
        if not text:
            return
        try:
            words = shlex.split(text)
        except ValueError as exc:
            self.console_log.appendPlainText(f"! {exc}")
            return
        self.console_log.appendPlainText(f"> {text}")
        fixture = self.station.parts.fixture
        self.actions.submit("console", fixture.request, words[0].upper(), *words[1:])

    # -- cloud targets ---------------------------------------------------------------------------
    def _targets_tab(self) -> QWidget:
        tab = QWidget()
        self.targets_view = QPlainTextEdit()
        self.targets_view.setReadOnly(True)
        self.targets_view.setStyleSheet("font-family: monospace; font-size: 14px;")
        sync_now = QPushButton(self.tr("Sync now"))
        sync_now.clicked.connect(self.sync_now)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.targets_view, 1)
        layout.addWidget(sync_now)
        return tab

    def show_targets(self) -> None:
        sync = self.station.parts.sync
        state = sync.state
        lines = [json.dumps(state.to_dict(), indent=2) if state is not None else self.tr("targets unknown")]
        allowed, why = sync.can_bless()
        lines.append(self.tr("blessing allowed") if allowed else self.tr("blessing blocked: %1").replace("%1", why))
        if sync.pending is not None:
            lines.append(self.tr("pending change: %1").replace("%1", sync.pending.describe()))
        if sync.last_error:
            lines.append(self.tr("last sync error: %1").replace("%1", sync.last_error))
        self.targets_view.setPlainText("\n".join(lines))

    def sync_now(self) -> None:
        self.actions.submit("sync", self.station.parts.sync.refresh)

    # -- reassign / unbless / reprint (the station's engineer API) -------------------------------
    def _devices_tab(self) -> QWidget:
        tab = QWidget()
        self.device_edit = QLineEdit()
        self.group_edit = QLineEdit()
        self.group_edit.setPlaceholderText(self.tr("only for reassign: the production group to move it to"))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("why (kept in the audit trail)"))
        reassign = QPushButton(self.tr("Reassign to this production group"))
        reassign.clicked.connect(self.reassign)
        unbless = QPushButton(self.tr("Unbless (take it out of its production group)"))
        unbless.clicked.connect(self.unbless)
        self.devices_result = QLabel()
        self.devices_result.setWordWrap(True)
        form = QFormLayout(tab)
        form.addRow(self.tr("Device ID"), self.device_edit)
        form.addRow(self.tr("Production group ID"), self.group_edit)
        form.addRow(self.tr("Reason"), self.reason_edit)
        form.addRow(reassign)
        form.addRow(unbless)
        form.addRow(QLabel(self.tr("Unblessing in the Production Zone reads the key from $%1")
                           .replace("%1", self.unbless_key_env)))
        form.addRow(self.devices_result)
        return tab

    def _reprint_tab(self) -> QWidget:
        tab = QWidget()
        self.reprint_edit = QLineEdit()
        self.reprint_edit.setPlaceholderText(self.tr("run ID or label job ID (a unique prefix will do)"))
        self.reprint_reason_edit = QLineEdit()
        self.reprint_reason_edit.setPlaceholderText(self.tr("why (kept in the audit trail)"))
        button = QPushButton(self.tr("Reprint the label"))
        button.clicked.connect(self.reprint)
        self.reprint_result = QLabel()
        self.reprint_result.setWordWrap(True)
        form = QFormLayout(tab)
        form.addRow(self.tr("Run or job"), self.reprint_edit)
        form.addRow(self.tr("Reason"), self.reprint_reason_edit)
        form.addRow(button)
        form.addRow(self.reprint_result)
        return tab

    def reassign(self) -> None:
        self.actions.submit("devices", self.station.engineer.reassign, self.actor, self.device_edit.text(),
                            self.group_edit.text(), self.reason_edit.text())

    def unbless(self) -> None:
        self.actions.submit("devices", self.station.engineer.unbless, self.actor, self.device_edit.text(),
                            self.reason_edit.text())

    def reprint(self) -> None:
        self.actions.submit("reprint", self.station.engineer.reprint, self.actor, self.reprint_edit.text(),
                            self.reprint_reason_edit.text())

    # -- results ---------------------------------------------------------------------------------
    def _done(self, tag: str, result: object) -> None:
        if tag == "console":
            values = " ".join(str(v) for v in result) if isinstance(result, list | tuple) else str(result)
            self.console_log.appendPlainText(f"< OK {values}".rstrip())
        elif tag == "sync":
            self.show_targets()
        elif tag in ("devices", "reprint"):
            label = self.devices_result if tag == "devices" else self.reprint_result
            label.setStyleSheet("color: #2e7d32; font-weight: 700;")
            label.setText(result.message if isinstance(result, ActionResult) else str(result))

    def _failed(self, tag: str, message: str) -> None:
        if tag == "console":
            self.console_log.appendPlainText(f"< ERR {message}")
        elif tag == "sync":
            self.show_targets()
            self.targets_view.appendPlainText(self.tr("sync failed: %1").replace("%1", message))
        else:
            label = self.reprint_result if tag == "reprint" else self.devices_result
            label.setStyleSheet("color: #c62828; font-weight: 700;")
            label.setText(message)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self.device_log.close()
        self.actions.shutdown()
        super().closeEvent(event)
