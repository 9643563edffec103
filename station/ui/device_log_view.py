"""The engineer tools' live device log: what the cloud hears from the unit in a slot.

Pick a slot (its unit's device ID comes from the flow once it read it from the unit) or type any
device ID or MAC, and the view shows the device's stored log and then every new line from the
cloud's log stream as the unit enrolls, restarts, is tested and blessed. "Follow the slot" moves on
to the next unit by itself when a new one is scanned into the slot.

Cloud work happens on the follower's thread (:class:`station.cloud.logstream.DeviceLogFollower`);
lines reach this widget through a queued Qt signal, so the GUI thread never waits on the network.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.cloud.logstream import DeviceLogFollower, LogLine

MAX_LINES = 5000  # a long shift's worth of one device; older lines scroll away
REFRESH_MS = 500  # how often the slot list catches up with the station's slot views


class _Relay(QObject):
    """Carries follower callbacks (worker thread) to the GUI thread; ``token`` drops stale ones."""

    line = Signal(int, object)
    error = Signal(int, str)


class DeviceLogView(QWidget):
    """A slot picker, a device field and the live log."""

    def __init__(self, station: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self._follower: DeviceLogFollower | None = None
        self._client: Any = None
        self._token = 0
        self.following = ""  # the device ID (or what was typed) being followed
        self._typed = False  # following a typed device, not the slot's unit
        self._relay = _Relay(self)
        self._relay.line.connect(self._on_line, Qt.ConnectionType.QueuedConnection)
        self._relay.error.connect(self._on_error, Qt.ConnectionType.QueuedConnection)

        self.slot_box = QComboBox()
        self.slot_box.setMinimumWidth(360)
        self.follow_slot = QCheckBox(self.tr("Follow the slot"))
        self.follow_slot.setChecked(True)
        self.follow_slot.setToolTip(self.tr("move on to the next unit scanned into this slot"))
        self.device_edit = QLineEdit()
        self.device_edit.setPlaceholderText(self.tr("or a device ID / MAC — Enter follows it"))
        self.device_edit.returnPressed.connect(self.follow_typed)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.clicked.connect(self.stop_clicked)
        self.status = QLabel(self.tr("not following a device"))
        self.status.setWordWrap(True)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(MAX_LINES)
        self.log.setStyleSheet("font-family: monospace; font-size: 14px;")

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Slot")))
        top.addWidget(self.slot_box, 1)
        top.addWidget(self.follow_slot)
        top.addWidget(self.device_edit, 1)
        top.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.log, 1)

        self.slot_box.activated.connect(lambda _i: self.follow_selected_slot())
        # The live log is impCentral's log stream: Particle and Libelium keep no such stream for a unit.
        backend = station.parts.backend.kind.value
        self.available = backend == "impcentral"
        if not self.available:
            for widget in (self.slot_box, self.follow_slot, self.device_edit, self.stop_button):
                widget.setEnabled(False)
            self.follow_slot.setChecked(False)
            self.status.setText(self.tr("The live device log is impCentral's log stream; this line builds for %1: "
                                        "look the unit up in that cloud's console").replace("%1", backend.capitalize()))
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh_slots)
        self._timer.start(REFRESH_MS)
        self.refresh_slots()

    # -- slots -----------------------------------------------------------------------------------
    def refresh_slots(self) -> None:
        """Relabel the slot list from the station's views; follow a new unit if asked to."""
        views = self.station.views()
        current = self.slot_box.currentIndex()
        for i, view in enumerate(views):
            if not view.serial:
                text = self.tr("Slot %1 — empty").replace("%1", str(view.slot))
            else:
                device = view.device_id or self.tr("device ID not read yet")
                text = self.tr("Slot %1 — %2 — %3").replace("%1", str(view.slot)).replace("%2", view.serial)
                text = text.replace("%3", device)
            if i < self.slot_box.count():
                self.slot_box.setItemText(i, text)
                self.slot_box.setItemData(i, view.device_id)
            else:
                self.slot_box.addItem(text, view.device_id)
        if current < 0 and self.slot_box.count():
            self.slot_box.setCurrentIndex(0)
        device = self.slot_box.currentData() or ""
        if self.follow_slot.isChecked() and device and device != self.following and not self._typed:
            self.follow(device)

    def follow_selected_slot(self) -> None:
        self._typed = False
        self.follow_slot.setChecked(True)
        device = self.slot_box.currentData() or ""
        if not device:
            self.status.setText(self.tr("the unit in this slot has not told its device ID yet"))
            return
        self.follow(device)

    def follow_typed(self) -> None:
        text = self.device_edit.text().strip()
        if text:
            self._typed = True
            self.follow(text)

    # -- following -------------------------------------------------------------------------------
    def follow(self, device: str) -> None:
        """Follow ``device`` (ID, MAC or agent ID), replacing whatever was followed."""
        if not self.available:
            return
        self.stop()
        self._token += 1
        token = self._token
        self.following = device
        self.log.clear()
        self.status.setStyleSheet("")
        self.status.setText(self.tr("following %1 …").replace("%1", device))
        self._client = self.station.parts.new_cloud_client(None)
        self._follower = DeviceLogFollower(
            self._client, device,
            on_line=lambda line: self._relay.line.emit(token, line),
            on_error=lambda message: self._relay.error.emit(token, message),
        ).start()

    def stop_clicked(self) -> None:
        self.follow_slot.setChecked(False)  # or the next refresh would follow the slot's unit again
        self.stop()

    def stop(self) -> None:
        """Stop following (the stream's thread ends and the cloud session closes)."""
        follower, client = self._follower, self._client
        self._follower = self._client = None
        self._token += 1
        if follower is not None:
            follower.stop(timeout=2.0)
            self.status.setText(self.tr("stopped following %1").replace("%1", self.following))
        if client is not None:
            client.close()

    def _on_line(self, token: int, line: LogLine) -> None:
        if token != self._token:
            return
        self.status.setText(self.tr("following %1 — live").replace("%1", line.device_id))
        self.log.appendPlainText(("" if line.live else "· ") + line.text())
        self.log.moveCursor(QTextCursor.MoveOperation.End)

    def _on_error(self, token: int, message: str) -> None:
        if token != self._token:
            return
        self.status.setText(self.tr("the device log stopped: %1").replace("%1", message))
        self.status.setStyleSheet("color: #c62828; font-weight: 700;")

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self._timer.stop()
        self.stop()
        super().closeEvent(event)
