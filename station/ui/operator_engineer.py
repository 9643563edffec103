"""Engineer tools behind the operator window (F3, engineer badge only).

A fixture console (type protocol commands as in a terminal), the cloud targets as last synced
with a "sync now", and reassigning or unblessing a device. Reassign and unbless change where a
unit lives in the cloud, so each one needs a reason and lands in the hash-chained audit trail; the
unblessing key is read from the environment (``STATION_UNBLESSING_KEY`` by default), never typed
into a file or a field that might be logged. Every call runs on the action worker, never on the
GUI thread.
"""

from __future__ import annotations

import json
import os
import shlex
from typing import Any

from PySide6.QtCore import Qt
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

from station.errors import InputError, StationError
from station.ui.device_log_view import DeviceLogView
from station.ui.operator_bridge import ActionRunner

UNBLESS_KEY_ENV = "STATION_UNBLESSING_KEY"


class EngineerTools(QWidget):
    """A separate window; the operator window keeps running underneath."""

    def __init__(self, station: Any, engineer: str, parent: QWidget | None = None,
                 unbless_key_env: str = UNBLESS_KEY_ENV) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.station = station
        self.engineer = engineer
        self.unbless_key_env = unbless_key_env
        self.setWindowTitle(self.tr("Engineer tools — %1").replace("%1", engineer))
        self.actions = ActionRunner(self)
        self.actions.done.connect(self._done)
        self.actions.failed.connect(self._failed)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._console_tab(), self.tr("Fixture console"))
        self.tabs.addTab(self._targets_tab(), self.tr("Cloud targets"))
        self.tabs.addTab(self._devices_tab(), self.tr("Reassign / unbless"))
        self.device_log = DeviceLogView(station, self)
        self.tabs.addTab(self.device_log, self.tr("Device log"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.resize(900, 600)
        self.show_targets()

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

    # -- reassign / unbless ----------------------------------------------------------------------
    def _devices_tab(self) -> QWidget:
        tab = QWidget()
        self.device_edit = QLineEdit()
        self.group_edit = QLineEdit()
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("why (kept in the audit trail)"))
        reassign = QPushButton(self.tr("Reassign to this production group"))
        reassign.clicked.connect(self.reassign)
        unbless = QPushButton(self.tr("Unbless from this production group"))
        unbless.clicked.connect(self.unbless)
        self.devices_result = QLabel()
        self.devices_result.setWordWrap(True)
        form = QFormLayout(tab)
        form.addRow(self.tr("Device ID"), self.device_edit)
        form.addRow(self.tr("Production group ID"), self.group_edit)
        form.addRow(self.tr("Reason"), self.reason_edit)
        form.addRow(reassign)
        form.addRow(unbless)
        form.addRow(self.tr("Unblessing in the Production Zone reads the key from $%1")
                    .replace("%1", self.unbless_key_env), QLabel())
        form.addRow(self.devices_result)
        return tab

    def _device_request(self) -> tuple[str, str, str]:
        device, group, reason = (self.device_edit.text().strip(), self.group_edit.text().strip(),
                                 self.reason_edit.text().strip())
        if not device or not group:
            raise InputError("give the device ID and the production group ID")
        if not reason:
            raise InputError("give a reason: it goes into the audit trail")
        if self.station.parts.audit is None:
            raise InputError("this station has no audit trail: reassign and unbless are refused")
        return device, group, reason

    def reassign(self) -> None:
        try:
            device, group, reason = self._device_request()
        except StationError as exc:
            self._failed("devices", str(exc))
            return
        self.actions.submit("devices", self._reassign, device, group, reason)

    def unbless(self) -> None:
        try:
            device, group, reason = self._device_request()
        except StationError as exc:
            self._failed("devices", str(exc))
            return
        self.actions.submit("devices", self._unbless, device, group, reason, os.environ.get(self.unbless_key_env))

    def _client(self) -> Any:
        return self.station.parts.new_cloud_client(None)

    def _reassign(self, device: str, group: str, reason: str) -> str:
        client = self._client()
        try:
            before = client.device(device).group_id
            client.assign_devices(group, [device])
        finally:
            client.close()
        self.station.parts.audit.record(self.engineer, "reassign", device, reason, {"from": before, "to": group})
        return f"{device} reassigned from {before} to {group}"

    def _unbless(self, device: str, group: str, reason: str, key: str | None) -> str:
        client = self._client()
        try:
            client.unassign_devices(group, [device], unbless_key=key or None)
        finally:
            client.close()
        self.station.parts.audit.record(self.engineer, "unbless", device, reason, {"group": group})
        return f"{device} unblessed from {group}"

    # -- results ---------------------------------------------------------------------------------
    def _done(self, tag: str, result: object) -> None:
        if tag == "console":
            values = " ".join(str(v) for v in result) if isinstance(result, list | tuple) else str(result)
            self.console_log.appendPlainText(f"< OK {values}".rstrip())
        elif tag == "sync":
            self.show_targets()
        elif tag == "devices":
            self.devices_result.setStyleSheet("color: #2e7d32; font-weight: 700;")
            self.devices_result.setText(str(result))

    def _failed(self, tag: str, message: str) -> None:
        if tag == "console":
            self.console_log.appendPlainText(f"< ERR {message}")
        elif tag == "sync":
            self.show_targets()
            self.targets_view.appendPlainText(self.tr("sync failed: %1").replace("%1", message))
        else:
            self.devices_result.setStyleSheet("color: #c62828; font-weight: 700;")
            self.devices_result.setText(message)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self.device_log.close()
        self.actions.shutdown()
        super().closeEvent(event)
