"""The operator window: zone banner, device strip, one panel per slot, the scan field.

Scanner first: the scan field always has the keyboard, Enter submits, and everything else is a
function key. The first scan after start (or any scan with a badge prefix) signs an operator in;
no unit is accepted before that. The window learns only from the event stream (through
:class:`~station.ui.operator_bridge.EventBridge`) and acts only through the station's public
methods, on a worker thread, so a slow cloud or store never freezes the screen.

Keys: Enter submit scan · F2 acknowledge changed targets · F3 engineer tools (engineer role) ·
F4 sign out · Ctrl+1…Ctrl+9 abort slot N (asks first) · Esc clear the scan field.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from station.drivers.scanner import WedgeDecoder
from station.events import Event, EventBus
from station.flow.stages import SlotView
from station.ui.operator_banner import DeviceStrip, ZoneBanner
from station.ui.operator_bridge import ActionRunner, EventBridge
from station.ui.operator_dialogs import ConfirmDialog, PromptDialog, TargetsAckDialog
from station.ui.operator_slot import SlotPanel
from station.ui.operator_sound import Sounds
from station.ui.operator_state import OperatorState, Targets
from station.ui.operator_theme import DANGER_RED, PRODUCTION_GREEN
from station.ui.prompt_dialogs_extra import prompt_dialog_for


class StationLike(Protocol):
    """What the window needs of :class:`station.flow.station.Station` (and nothing more)."""

    bus: EventBus
    slots: list[Any]

    def scan(self, raw: str) -> int | None: ...
    def sign_in(self, badge: str, role: str = "operator") -> None: ...
    def acknowledge_targets(self) -> None: ...
    def answer_prompt(self, slot: int, key: str, answer: object) -> bool: ...
    def abort(self, slot: int, reason: str = ...) -> None: ...
    def views(self) -> list[SlotView]: ...


@dataclass(frozen=True)
class BadgePolicy:
    """How a badge scan is told from a serial, and who is an engineer.

    A scan is a badge when nobody is signed in, or when it starts with one of ``prefixes``. The
    role is ``engineer`` for a badge in ``engineers`` or starting with ``engineer_prefix``.
    """

    prefixes: tuple[str, ...] = ("BADGE-", "ENG-")
    engineer_prefix: str = "ENG-"
    engineers: frozenset[str] = field(default_factory=frozenset)

    def is_badge(self, raw: str) -> bool:
        return any(raw.upper().startswith(p.upper()) for p in self.prefixes if p)

    def role_of(self, badge: str) -> str:
        if badge in self.engineers or (self.engineer_prefix and badge.upper().startswith(self.engineer_prefix.upper())):
            return "engineer"
        return "operator"


class _FocusKeeper(QObject):
    """Gives the keyboard back to the scan field whenever no dialog needs it."""

    def __init__(self, window: OperatorWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.FocusOut and watched is self.window.scan_field:
            QTimer.singleShot(0, self.window.keep_scan_focus)
        elif event.type() == QEvent.Type.KeyPress and watched is self.window.scan_field:
            self.window.key_timing(event)
        return False


class OperatorWindow(QMainWindow):
    """The station as the operator sees it. Build it before ``station.start()`` so no event is missed."""

    state_changed = Signal(set)  # what :meth:`on_event` changed (for tests and screenshots)

    def __init__(
        self,
        station: StationLike,
        *,
        max_target_age_s: float = 600.0,
        kiosk: bool = False,
        badges: BadgePolicy | None = None,
        sounds: bool = True,
        allow_typed: bool = True,
        station_name: str = "",
    ) -> None:
        super().__init__()
        self.station = station
        self.kiosk = kiosk
        self.badges = badges or BadgePolicy()
        self.state = OperatorState(len(station.slots))
        self.sounds = Sounds(enabled=sounds, parent=self)
        self.signed_in = ""            # set at once on a badge scan; the event confirms it
        self.role = ""
        self.prompt_dialog: PromptDialog | None = None
        self.ack_dialog: TargetsAckDialog | None = None
        self.engineer_tools: QWidget | None = None
        self.last_error = ""
        self._closing_allowed = not kiosk
        title = self.tr("Factory Station")
        self.setWindowTitle(f"{title} — {station_name}" if station_name else title)

        self.banner = ZoneBanner(max_target_age_s)
        self.devices = DeviceStrip()
        self.panels = [SlotPanel(n) for n in range(1, len(station.slots) + 1)]
        grid = QGridLayout()
        columns = min(len(self.panels), 4)
        for i, panel in enumerate(self.panels):
            grid.addWidget(panel, i // columns, i % columns)

        self.wedge = WedgeDecoder()  # tells a scanner's burst of keys from typing
        self.last_entry_source = "keyboard"
        self.allow_typed = allow_typed
        self.scan_field = QLineEdit()
        self.scan_field.setObjectName("scanField")
        self.scan_field.setPlaceholderText(self.tr("Scan your badge to sign in"))
        self.scan_field.setStyleSheet("font-size: 30px; padding: 8px; font-family: monospace;")
        self.scan_field.returnPressed.connect(self.submit_scan)
        self.scan_field.installEventFilter(_FocusKeeper(self))
        self.message = QLabel()
        self.message.setObjectName("scanMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("font-size: 22px; font-weight: 700;")
        self.keys = QLabel(self.tr("Enter: scan   F2: acknowledge targets   F3: engineer tools   F4: sign out   "
                                   "Ctrl+N: abort slot N   Esc: clear"))
        self.keys.setStyleSheet("font-size: 14px; color: #546e7a;")

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.addWidget(self.banner)
        layout.addWidget(self.devices)
        inner = QVBoxLayout()
        inner.setContentsMargins(12, 0, 12, 0)
        inner.addLayout(grid, 1)
        inner.addWidget(self.scan_field)
        inner.addWidget(self.message)
        inner.addWidget(self.keys)
        layout.addLayout(inner, 1)
        self.setCentralWidget(body)

        self.actions = ActionRunner(self)
        self.actions.done.connect(self._action_done)
        self.actions.failed.connect(self._action_failed)
        self.bridge = EventBridge(station.bus, self)
        self.bridge.event.connect(self.on_event)
        self._shortcuts()
        self._seed()
        self.clock = QTimer(self)
        self.clock.setInterval(1000)
        self.clock.timeout.connect(self.banner.refresh)
        self.clock.start()
        self.devices.show_operator("", "")
        if kiosk:
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)

    # -- set-up -----------------------------------------------------------------------------------
    def _shortcuts(self) -> None:
        def key(seq: QKeySequence | Qt.Key | str, slot: Any) -> None:
            shortcut = QShortcut(QKeySequence(seq), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

        key(Qt.Key.Key_F2, self.show_acknowledgement)
        key(Qt.Key.Key_F3, self.open_engineer_tools)
        key(Qt.Key.Key_F4, self.sign_out)
        key(Qt.Key.Key_Escape, self.scan_field.clear)
        for n in range(1, min(len(self.panels), 9) + 1):
            key(f"Ctrl+{n}", lambda n=n: self.ask_abort(n))

    def _seed(self) -> None:
        """Start from what the station shows now (the window may open on a running station)."""
        for view in self.station.views():
            slot = self.state.slots[view.slot - 1]
            slot.stage, slot.serial, slot.run_id, slot.detail = view.stage, view.serial, view.run_id, view.detail
            slot.outcome, slot.reason = view.outcome, view.reason
            self.panels[view.slot - 1].show_state(slot)
        sync = getattr(getattr(self.station, "parts", None), "sync", None)
        known = getattr(sync, "state", None)
        if known is not None:
            self.state.targets = Targets(known.zone, known.fixture_group_name, known.dut_target_name,
                                         known.production_target_name, known.synced_at,
                                         getattr(sync, "pending", None) is not None, "", True)
            self.banner.show_targets(self.state.targets)
        operator = getattr(self.station, "operator", "")
        if operator:
            self.signed_in, self.role = operator, getattr(self.station, "role", "operator")
            self.state.operator, self.state.role = self.signed_in, self.role
            self.devices.show_operator(self.signed_in, self.role)
            self.scan_field.setPlaceholderText(self.tr("Scan a unit"))

    # -- events -----------------------------------------------------------------------------------
    def on_event(self, event: Event) -> None:
        changed = self.state.apply(event)
        if not changed:
            return
        for item in changed:
            if item.startswith("slot:"):
                n = int(item.split(":", 1)[1])
                self.panels[n - 1].show_state(self.state.slots[n - 1])
            elif item.startswith("sound:"):
                self.sounds.play(item.split(":", 1)[1])
        if "targets" in changed:
            self.banner.show_targets(self.state.targets)
            self._targets_dialog()
        if "devices" in changed:
            self.devices.show_devices(self.state.devices)
        if "operator" in changed:
            self.signed_in, self.role = self.state.operator, self.state.role
            self.devices.show_operator(self.state.operator, self.state.role)
            self.scan_field.setPlaceholderText(self.tr("Scan a unit") if self.signed_in
                                               else self.tr("Scan your badge to sign in"))
            self.show_message(self.tr("Station ready: scan a unit") if self.signed_in
                              else self.tr("Station ready: scan your badge"))
        if "rejected" in changed and self.state.last_rejected is not None:
            raw, reason = self.state.last_rejected
            self.show_message(self.tr("Not accepted: %1 — %2").replace("%1", raw).replace("%2", reason), error=True)
        if "prompts" in changed:
            self._prompt_dialog()
        self.state_changed.emit(changed)

    def _targets_dialog(self) -> None:
        targets = self.state.targets
        if targets.needs_ack:
            if self.ack_dialog is None:
                self.show_acknowledgement()
            else:
                self.ack_dialog.update_targets(targets)
        elif self.ack_dialog is not None:
            self.ack_dialog.cleared()
            self.ack_dialog = None
            QTimer.singleShot(0, self._prompt_dialog)  # a prompt that waited behind it
            QTimer.singleShot(0, self.keep_scan_focus)

    def show_acknowledgement(self) -> None:
        """F2: open (or bring back) the acknowledgement dialog when the targets changed."""
        if not self.state.targets.needs_ack:
            self.show_message(self.tr("Nothing to acknowledge: the targets have not changed"))
            return
        if self.ack_dialog is None:
            self.ack_dialog = TargetsAckDialog(self.state.targets, self)
            self.ack_dialog.acknowledge.connect(self.acknowledge_targets)
            self.ack_dialog.open()
        self.ack_dialog.raise_()
        self.ack_dialog.activateWindow()

    def acknowledge_targets(self) -> None:
        self.actions.submit("acknowledge", self.station.acknowledge_targets)

    def _prompt_dialog(self) -> None:
        """Show the oldest waiting prompt; close a dialog whose prompt went away."""
        current = self.prompt_dialog
        waiting = self.state.prompts
        if current is not None and current.prompt not in waiting:
            current.withdraw()
            self.prompt_dialog = current = None
        if current is None and waiting and (self.ack_dialog is None):
            prompt = waiting[0]
            dialog = prompt_dialog_for(prompt, self.state.slots[prompt.slot - 1].serial, self)
            dialog.answered.connect(self._answer_prompt)
            dialog.abort_requested.connect(self.ask_abort)
            dialog.finished.connect(lambda _r, d=dialog: self._prompt_closed(d))
            self.prompt_dialog = dialog
            dialog.open()

    def _prompt_closed(self, dialog: PromptDialog) -> None:
        if self.prompt_dialog is dialog:
            self.prompt_dialog = None
        QTimer.singleShot(0, self._prompt_dialog)
        QTimer.singleShot(0, self.keep_scan_focus)

    def _answer_prompt(self, slot: int, prompt_id: str, answer: object) -> None:
        self.state.prompts = [p for p in self.state.prompts if not (p.slot == slot and p.prompt_id == prompt_id)]
        self.actions.submit(f"answer:{slot}", self.station.answer_prompt, slot, prompt_id, answer)

    # -- the scan field ---------------------------------------------------------------------------
    def key_timing(self, event: QEvent) -> None:
        """Feed the scan field's keys, with their times, to the wedge decoder: a scanner types a burst."""
        key = event.key()  # type: ignore[attr-defined]
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            entry = self.wedge.feed("Enter", time.monotonic())
            self.last_entry_source = entry.source if entry is not None else "keyboard"
        elif key == Qt.Key.Key_Backspace:
            self.wedge.feed("Backspace", time.monotonic())
        elif event.text():  # type: ignore[attr-defined]
            self.wedge.feed(event.text(), time.monotonic())  # type: ignore[attr-defined]

    def submit_scan(self) -> None:
        raw = self.scan_field.text().strip()
        self.scan_field.clear()
        source, self.last_entry_source = self.last_entry_source, "keyboard"
        if not raw:
            return
        if source == "keyboard" and not self.allow_typed and self.signed_in and not self.badges.is_badge(raw):
            self.show_message(self.tr("Not accepted: %1 — typed input is not accepted here; scan the barcode")
                              .replace("%1", raw), error=True)
            return
        if not self.signed_in or self.badges.is_badge(raw):
            role = self.badges.role_of(raw)
            self.signed_in, self.role = raw, role
            self.scan_field.setPlaceholderText(self.tr("Scan a unit"))
            self.show_message(self.tr("Signing in %1…").replace("%1", raw))
            self.actions.submit("sign_in", self.station.sign_in, raw, role)
            return
        self.show_message(self.tr("Scanned %1").replace("%1", raw))
        self.actions.submit(f"scan:{raw}", self.station.scan, raw)

    def keep_scan_focus(self) -> None:
        if QApplication.activeModalWidget() is None and self.engineer_tools is None and self.isVisible():
            if not self.isActiveWindow():
                self.activateWindow()
            self.scan_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(
            f"font-size: 22px; font-weight: 700; color: {DANGER_RED if error else PRODUCTION_GREEN};")
        if error:
            self.last_error = text

    # -- operator actions -------------------------------------------------------------------------
    def sign_out(self) -> None:
        """F4: nobody is signed in any more; the next scan must be a badge."""
        if not self.signed_in:
            return
        who = self.signed_in
        self.signed_in, self.role = "", ""
        self.state.operator = self.state.role = ""
        self.devices.show_operator("", "")
        self.scan_field.setPlaceholderText(self.tr("Scan your badge to sign in"))
        self.show_message(self.tr("%1 signed out").replace("%1", who))
        sign_out = getattr(self.station, "sign_out", None)
        if callable(sign_out):
            self.actions.submit("sign_out", sign_out)
        if self.engineer_tools is not None:
            self.engineer_tools.close()

    def ask_abort(self, slot: int) -> None:
        view = self.state.slots[slot - 1]
        if not view.serial or view.outcome:
            self.show_message(self.tr("Slot %1 has nothing to abort").replace("%1", str(slot)), error=True)
            return
        dialog = ConfirmDialog(self.tr("Abort slot %1").replace("%1", str(slot)),
                               self.tr("Abort the test of %1 in slot %2?").replace("%1", view.serial)
                               .replace("%2", str(slot)), self)
        dialog.accepted.connect(lambda: self.actions.submit(f"abort:{slot}", self.station.abort, slot,
                                                            f"aborted by operator {self.signed_in}"))
        dialog.finished.connect(lambda _r: QTimer.singleShot(0, self.keep_scan_focus))
        dialog.open()

    def open_engineer_tools(self) -> None:
        """F3: the engineer's tools; operators are told they need an engineer's badge."""
        if self.role != "engineer":
            self.show_message(self.tr("Engineer tools need an engineer's badge"), error=True)
            return
        from station.ui.operator_engineer import EngineerTools

        if self.engineer_tools is None:
            tools = EngineerTools(self.station, self.signed_in, self)
            tools.destroyed.connect(lambda: self._engineer_closed())
            tools.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            self.engineer_tools = tools
            tools.show()
        self.engineer_tools.raise_()

    def _engineer_closed(self) -> None:
        self.engineer_tools = None
        QTimer.singleShot(0, self.keep_scan_focus)

    # -- action results ---------------------------------------------------------------------------
    def _action_done(self, tag: str, result: object) -> None:
        if tag == "readiness":
            self.show_message(self.tr("Station ready: scan your badge") if not self.signed_in
                              else self.tr("Station ready: scan a unit"))
        elif tag.startswith("scan:") and isinstance(result, int):
            serial = tag.split(":", 1)[1]
            self.show_message(self.tr("%1 → slot %2").replace("%1", serial).replace("%2", str(result)))
        elif tag.startswith("answer:") and result is False:
            self.show_message(self.tr("That question was no longer waiting for an answer"), error=True)
        elif tag == "sign_in":
            self.show_message(self.tr("Signed in: %1 — scan a unit").replace("%1", self.signed_in))

    def _action_failed(self, tag: str, message: str) -> None:
        if tag == "sign_in":
            self.signed_in, self.role = "", ""
            self.scan_field.setPlaceholderText(self.tr("Scan your badge to sign in"))
        self.show_message(message, error=True)

    # -- window ----------------------------------------------------------------------------------
    def show_for_operator(self) -> None:
        """Full screen in kiosk mode, maximised otherwise."""
        if self.kiosk:
            self.showFullScreen()
        else:
            self.resize(1400, 900)
            self.show()
        self.keep_scan_focus()

    def allow_close(self) -> None:
        self._closing_allowed = True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if not self._closing_allowed and self.role != "engineer":
            self.show_message(self.tr("Kiosk mode: an engineer signs in to close the station"), error=True)
            event.ignore()
            return
        self.clock.stop()
        self.bridge.close()
        self.actions.shutdown()
        super().closeEvent(event)

    def wait_idle_actions(self, timeout_s: float = 10.0) -> bool:
        """For tests and shutdown: process events until every submitted action has run."""
        deadline = time.monotonic() + timeout_s
        while self.actions.busy and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.01)
        QApplication.processEvents()
        return not self.actions.busy
