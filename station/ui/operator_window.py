"""The operator window: zone banner, device lamps, the shift, one panel per slot, the scan field.

Scanner first: the scan field always has the keyboard, Enter submits, and everything else is a
function key. A badge scan signs an operator in; a unit's serial scanned while nobody is signed in
is refused ("scan your badge first"), so a unit never becomes the operator. The window learns only
from the event stream (through :class:`~station.ui.operator_bridge.EventBridge`) and acts only
through the station's public methods, on a worker thread, so a slow cloud or store never freezes
the screen.

A step's question appears inside its slot's panel. It is answered by one deliberate key (P/F,
Y/N, 1–9) pressed on its own, never by Enter: a scanner types its burst a few milliseconds per key
and ends it with Enter, so an answer key is held for :data:`ANSWER_HOLD_MS` and becomes an answer
only if no other key follows; a burst that arrives while a question is open is a scan, and is
refused with "answer the question first" (the unit stays untouched; scan it again afterwards).

Keys: Enter submit scan · P/F, Y/N, 1–9 answer the question · F2 acknowledge changed targets ·
F3 engineer tools (engineer role) · F4 sign out · Ctrl+1…Ctrl+9 abort slot N (asks first) ·
Esc clear the scan field.
"""

from __future__ import annotations

import time
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from station.drivers.scanner import WedgeDecoder
from station.events import Event, EventBus
from station.flow.engineer import is_production_change
from station.flow.roles import BadgePolicy
from station.flow.stages import SlotView
from station.ui.operator_banner import DeviceStrip, ZoneBanner
from station.ui.operator_bridge import ActionRunner, EventBridge
from station.ui.operator_dialogs import ConfirmDialog, TargetsAckDialog
from station.ui.operator_prompt import answer_for
from station.ui.operator_shift import ShiftStrip
from station.ui.operator_slot import SlotPanel
from station.ui.operator_sound import Sounds
from station.ui.operator_state import OperatorState, PendingPrompt, Targets
from station.ui.operator_theme import DANGER_RED, PRODUCTION_GREEN
from station.ui.prompt_dialogs_extra import ExtraPromptDialog, prompt_dialog_for

__all__ = ["ANSWER_HOLD_MS", "BadgePolicy", "OperatorWindow", "StationLike"]

ANSWER_HOLD_MS = 150  # a scanner's next key comes within ~50 ms; a hand takes far longer than this


class StationLike(Protocol):
    """What the window needs of :class:`station.flow.station.Station` (and nothing more)."""

    bus: EventBus
    slots: list[Any]

    def scan(self, raw: str) -> int | None: ...
    def is_serial(self, raw: str) -> bool: ...
    def sign_in(self, badge: str, role: str = "operator") -> None: ...
    def acknowledge_targets(self, badge: str | None = None, role: str | None = None) -> object: ...
    def answer_prompt(self, slot: int, key: str, answer: object) -> bool: ...
    def abort(self, slot: int, reason: str = ...) -> None: ...
    def views(self) -> list[SlotView]: ...


class _FocusKeeper(QObject):
    """Gives the keyboard back to the scan field whenever no dialog needs it."""

    def __init__(self, window: OperatorWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.FocusOut and watched is self.window.scan_field:
            QTimer.singleShot(0, self.window.keep_scan_focus)
        elif event.type() == QEvent.Type.KeyPress and watched is self.window.scan_field:
            return self.window.scan_key(event)
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
        self.answer_hold = ANSWER_HOLD_MS
        self._held_key: tuple[str, PendingPrompt] | None = None  # an answer key waiting to see if a burst follows
        self._last_key_at = 0.0
        self._answer_timer = QTimer(self)
        self._answer_timer.setSingleShot(True)
        self._answer_timer.timeout.connect(self._answer_held_key)
        self.ack_dialog: TargetsAckDialog | None = None
        self.prompt_dialog: ExtraPromptDialog | None = None  # a numeric, checkbox or instructions question
        self.engineer_tools: QWidget | None = None
        self.last_error = ""
        self.start_warning = ""  # e.g. no font for the chosen language: stays on screen after "ready"
        self._closing_allowed = not kiosk
        title = self.tr("Factory Station")
        self.setWindowTitle(f"{title} — {station_name}" if station_name else title)

        self.banner = ZoneBanner(max_target_age_s)
        self.devices = DeviceStrip()
        self.shift = ShiftStrip()
        backend = station.parts.backend.kind.value
        self.panels = [SlotPanel(n, backend=backend) for n in range(1, len(station.slots) + 1)]
        for panel in self.panels:
            panel.prompt_box.text_submitted.connect(lambda text, p=panel: self._answer_text(p.number, text))
        grid = QGridLayout()
        columns = min(len(self.panels), 4)
        for i, panel in enumerate(self.panels):
            grid.addWidget(panel, i // columns, i % columns)
        for c in range(columns):
            grid.setColumnStretch(c, 1)  # equal slot widths whatever each one shows
        for r in range((len(self.panels) + columns - 1) // columns):
            grid.setRowStretch(r, 1)

        self.wedge = WedgeDecoder()  # tells a scanner's burst of keys from typing
        self.last_entry_source = "keyboard"
        self.allow_typed = allow_typed
        self.scan_field = QLineEdit()
        self.scan_field.setObjectName("scanField")
        self.scan_field.setPlaceholderText(self.tr("Scan your badge to sign in"))
        self.scan_field.setStyleSheet("font-size: 26px; padding: 4px; font-family: monospace;")
        self.scan_field.returnPressed.connect(self.submit_scan)
        self.scan_field.installEventFilter(_FocusKeeper(self))
        self.message = QLabel()
        self.message.setObjectName("scanMessage")
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.message.setStyleSheet("font-size: 22px; font-weight: 700;")
        self.keys = QLabel(self.tr("Enter: scan   P/F, Y/N, 1–9: answer   F2: acknowledge targets   "
                                   "F3: engineer tools   F4: sign out   Ctrl+N: abort slot N   Esc: clear"))
        self.keys.setWordWrap(True)
        self.keys.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.keys.setStyleSheet("font-size: 14px; color: #546e7a;")

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(4)
        layout.addWidget(self.banner)
        layout.addWidget(self.devices)
        layout.addWidget(self.shift)
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
        self.clock.timeout.connect(self._tick)
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
        runner = getattr(getattr(self.station, "parts", None), "runner", None)
        loaded = getattr(runner, "loaded", None) or getattr(runner, "script", None)
        script = getattr(loaded, "script", loaded)
        if script is not None and hasattr(script, "name"):
            limits = getattr(runner, "limits", None)
            self.shift.show_script(str(script.name), str(getattr(script, "version", "")),
                                   str(getattr(limits, "sha256", "") or ""))

    def _tick(self) -> None:
        now = time.time()
        for panel in self.panels:
            panel.tick(now)

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
        if "shift" in changed:
            self.shift.show_shift(self.state.shift)
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
            self._show_prompts()
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
            self._extra_prompt_dialog()  # a question that waited behind the acknowledgement
            QTimer.singleShot(0, self.keep_scan_focus)

    def show_acknowledgement(self) -> None:
        """F2: open (or bring back) the acknowledgement dialog when the targets changed."""
        if not self.state.targets.needs_ack:
            self.show_message(self.tr("Nothing to acknowledge: the targets have not changed"))
            return
        if self.ack_dialog is None:
            self.ack_dialog = TargetsAckDialog(self.state.targets, self, needs_engineer=self._needs_engineer(),
                                               signed_in_engineer=self.role == "engineer")
            self.ack_dialog.acknowledge.connect(self.acknowledge_targets)
            self.ack_dialog.badge_scanned.connect(self.acknowledge_with_badge)
            self.ack_dialog.open()
        self.ack_dialog.raise_()
        self.ack_dialog.activateWindow()

    def _needs_engineer(self) -> bool:
        pending = getattr(getattr(getattr(self.station, "parts", None), "sync", None), "pending", None)
        return (pending is not None and is_production_change(pending)) or self.state.targets.zone == "production"

    def acknowledge_targets(self) -> None:
        """F2 in the dialog: the signed-in person acknowledges (the flow checks the role)."""
        self.actions.submit("acknowledge", self.station.acknowledge_targets)

    def acknowledge_with_badge(self, badge: str) -> None:
        """A badge scanned into the dialog: that person acknowledges, with that badge's role."""
        self.actions.submit("acknowledge", self.station.acknowledge_targets, badge, self.badges.role_of(badge))

    def _extra_prompt_dialog(self) -> None:
        """A numeric, checkbox or instructions question needs more than a key: it is answered in its
        own dialog (:mod:`station.ui.prompt_dialogs_extra`; its slot panel shows the question and says
        so). The dialog opens once that question is the one the keys answer, and closes unanswered
        when the question goes away (the run ended or was aborted)."""
        current = self.prompt_dialog
        active = self.active_prompt()
        if current is not None and current.prompt != active:
            current.withdraw()
            self.prompt_dialog = current = None
        if current is None and active is not None and self.ack_dialog is None:
            dialog = prompt_dialog_for(active, self.state.slots[active.slot - 1].serial, self)
            if dialog is None:
                return  # answered in the panel, by key or in its text field
            dialog.answered.connect(self._answer_prompt)
            dialog.abort_requested.connect(self.ask_abort)
            dialog.finished.connect(lambda _r, d=dialog: self._prompt_closed(d))
            self.prompt_dialog = dialog
            dialog.open()

    def _prompt_closed(self, dialog: ExtraPromptDialog) -> None:
        if self.prompt_dialog is dialog:
            self.prompt_dialog = None
        QTimer.singleShot(0, self.keep_scan_focus)

    def active_prompt(self) -> PendingPrompt | None:
        """The question the keys answer now: the oldest one waiting (the others wait behind it)."""
        return self.state.prompts[0] if self.state.prompts else None

    def _show_prompts(self) -> None:
        """Each slot shows its own question in its panel; only the oldest one takes the answer keys."""
        active = self.active_prompt()
        for panel in self.panels:
            mine = next((p for p in self.state.prompts if p.slot == panel.number), None)
            panel.show_prompt(mine, active=mine is not None and mine == active,
                              first_slot=active.slot if active else 0)
        if self._held_key is not None and self._held_key[1] != active:
            self._release_held_key()
        self._extra_prompt_dialog()
        QTimer.singleShot(0, self.keep_scan_focus)

    def _answer_prompt(self, slot: int, prompt_id: str, answer: object) -> None:
        self.state.prompts = [p for p in self.state.prompts if not (p.slot == slot and p.prompt_id == prompt_id)]
        self._show_prompts()
        self.actions.submit(f"answer:{slot}", self.station.answer_prompt, slot, prompt_id, answer)

    def _answer_text(self, slot: int, text: str) -> None:
        prompt = next((p for p in self.state.prompts if p.slot == slot and p.kind == "text"), None)
        if prompt is not None and prompt == self.active_prompt():
            self._answer_prompt(slot, prompt.prompt_id, text)

    def _answer_held_key(self) -> None:
        """No key followed the answer key: it was pressed on purpose. Answer the question."""
        held, self._held_key = self._held_key, None
        if held is None:
            return
        key, prompt = held
        self.wedge.reset()
        ok, answer = answer_for(prompt, key)
        if ok and prompt == self.active_prompt():
            self._answer_prompt(prompt.slot, prompt.prompt_id, answer)

    def _release_held_key(self) -> None:
        """Another key came at once: the held key began a scanner burst, so it goes into the field."""
        self._answer_timer.stop()
        held, self._held_key = self._held_key, None
        if held is not None:
            self.scan_field.insert(held[0])

    # -- the scan field ---------------------------------------------------------------------------
    def scan_key(self, event: QEvent) -> bool:
        """Every key reaching the scan field: an answer key pressed on its own is held (True: eaten)
        until :data:`ANSWER_HOLD_MS` shows no burst follows; any other key goes on as typed."""
        now = time.monotonic()
        text = event.text()  # type: ignore[attr-defined]
        quiet = now - self._last_key_at > self.answer_hold / 1000.0
        self._last_key_at = now
        if self._held_key is not None:
            self._release_held_key()
        prompt = self.active_prompt()
        if (prompt is not None and text and quiet and not self.scan_field.text()
                and answer_for(prompt, text)[0]):
            self._held_key = (text, prompt)
            self.wedge.feed(text, now)
            self._answer_timer.start(self.answer_hold)
            return True
        self.key_timing(event)
        return False

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
        active = self.active_prompt()
        if active is not None:  # a burst at a question is a scan, never an answer: refused, visibly
            self.show_message(self.tr("Not taken: %1 — answer the question of slot %2 first, then scan again")
                              .replace("%1", raw).replace("%2", str(active.slot)), error=True)
            return
        if source == "keyboard" and not self.allow_typed and self.signed_in and not self.badges.is_badge(raw):
            self.show_message(self.tr("Not accepted: %1 — typed input is not accepted here; scan the barcode")
                              .replace("%1", raw), error=True)
            return
        if not self.signed_in and not self.badges.is_badge(raw) and self._is_serial(raw):
            self.show_message(self.tr("Not accepted: %1 is a unit — scan your badge first").replace("%1", raw),
                              error=True)
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

    def _is_serial(self, raw: str) -> bool:
        is_serial = getattr(self.station, "is_serial", None)
        return bool(is_serial(raw)) if callable(is_serial) else False

    def keep_scan_focus(self) -> None:
        """The keyboard goes back to the scan field (or to a text question's own field).

        Only while this window is the active one: it never pulls itself in front of another
        window (the QA window, a terminal) that the person chose to work in.
        """
        if QApplication.activeModalWidget() is None and self.engineer_tools is None and self.isVisible():
            current = QApplication.activeWindow()
            if not self.isActiveWindow() and (current is None or current.parentWidget() is self):
                self.activateWindow()  # a dialog of ours just closed; another window in use keeps its place
            active = self.active_prompt()
            if active is not None and active.kind == "text":
                self.panels[active.slot - 1].prompt_box.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)
                return
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
            tools = EngineerTools(self.station, self.signed_in, self, role=self.role)
            tools.destroyed.connect(lambda: self._engineer_closed())
            tools.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            self.engineer_tools = tools
            tools.show_on_screen_of(self)
        self.engineer_tools.raise_()

    def _engineer_closed(self) -> None:
        self.engineer_tools = None
        QTimer.singleShot(0, self.keep_scan_focus)

    # -- action results ---------------------------------------------------------------------------
    def _action_done(self, tag: str, result: object) -> None:
        if tag == "readiness":
            self.show_message(self.tr("Station ready: scan your badge") if not self.signed_in
                              else self.tr("Station ready: scan a unit"))
            if self.start_warning:
                self.show_message(self.start_warning, error=True)
        elif tag.startswith("scan:") and isinstance(result, int):
            serial = tag.split(":", 1)[1]
            self.show_message(self.tr("%1 → slot %2").replace("%1", serial).replace("%2", str(result)))
        elif tag.startswith("answer:") and result is False:
            self.show_message(self.tr("That question was no longer waiting for an answer"), error=True)
        elif tag == "sign_in":
            self.show_message(self.tr("Signed in: %1 — scan a unit").replace("%1", self.signed_in))
        elif tag == "acknowledge":
            self.show_message(self.tr("Targets acknowledged: blessing goes on"))

    def _action_failed(self, tag: str, message: str) -> None:
        if tag == "sign_in":
            self.signed_in, self.role = "", ""
            self.scan_field.setPlaceholderText(self.tr("Scan your badge to sign in"))
        if tag == "acknowledge" and self.ack_dialog is not None:
            self.ack_dialog.refused(message)
        self.show_message(message, error=True)

    # -- window ----------------------------------------------------------------------------------
    def show_for_operator(self) -> None:
        """Full screen in kiosk mode, maximised otherwise (the layout fits 1366×768)."""
        if self.kiosk:
            self.showFullScreen()
        else:
            self.showMaximized()
        self.activateWindow()
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
