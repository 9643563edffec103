"""The operator window's dialogs: the targets acknowledgement and confirming an abort.

(A step's questions are not dialogs: they sit in their slot's panel, station.ui.operator_prompt.)
Every dialog is answerable from the keyboard with one key a gloved hand can find (F2, Y, N, Esc)
and never answers by itself. None of them calls the station: they emit what the person chose and
the window acts on it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.ui.operator_state import Targets
from station.ui.operator_theme import DANGER_RED, PRODUCTION_GREEN, TEST_ORANGE, zone_words

BIG = "font-size: 22px; font-weight: 700; padding: 12px 24px;"


def _button(text: str, colour: str | None = None) -> QPushButton:
    button = QPushButton(text)
    style = BIG + (f" background: {colour}; color: white;" if colour else "")
    button.setStyleSheet(style)
    button.setAutoDefault(False)
    return button


def _lines(change: str) -> str:
    """One change per line (the flow joins them with '; ')."""
    return "\n" + change.replace("; ", "\n") if change else "?"


class TargetsAckDialog(QDialog):
    """The cloud targets changed: name what changed; only acknowledging (F2 / a badge) closes it.

    A Production Zone change needs an engineer: unless one is signed in, the dialog asks for an
    engineer's badge to be scanned into it (the flow checks the role again).
    """

    acknowledge = Signal()
    badge_scanned = Signal(str)

    def __init__(self, targets: Targets, parent: QWidget | None = None, *, needs_engineer: bool = False,
                 signed_in_engineer: bool = False) -> None:
        super().__init__(parent)
        self._allowed_to_close = False
        self.needs_badge = needs_engineer and not signed_in_engineer
        self.setModal(True)
        self.setWindowTitle(self.tr("Cloud targets changed"))
        colour = TEST_ORANGE if targets.zone == "test" else PRODUCTION_GREEN if targets.zone == "production" \
            else DANGER_RED
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("The cloud targets of this station changed. Blessing is stopped until you "
                               "acknowledge."))
        title.setWordWrap(True)
        title.setStyleSheet(f"font-size: 24px; font-weight: 800; color: {DANGER_RED};")
        layout.addWidget(title)
        zone = QLabel(zone_words(targets.zone))
        zone.setObjectName("ackZone")
        zone.setStyleSheet(f"background: {colour}; color: white; font-size: 36px; font-weight: 900; padding: 8px;")
        layout.addWidget(zone)
        names = QLabel(
            self.tr("Fixture group: %1\nDUTs land in: %2\nBlessed units go to: %3")
            .replace("%1", targets.fixture_group_name or "?")
            .replace("%2", targets.dut_target_name or "?")
            .replace("%3", targets.production_target_name or "?"))
        names.setStyleSheet("font-size: 20px;")
        layout.addWidget(names)
        self.change_label = QLabel(self.tr("What changed: %1").replace("%1", _lines(targets.change)))
        self.change_label.setObjectName("ackChange")
        self.change_label.setWordWrap(True)
        self.change_label.setStyleSheet("font-size: 18px;")
        layout.addWidget(self.change_label)
        self.badge_edit = QLineEdit()
        self.badge_edit.setObjectName("ackBadge")
        self.badge_edit.setStyleSheet("font-size: 24px; padding: 6px; font-family: monospace;")
        self.badge_edit.setPlaceholderText(self.tr("Production Zone: an engineer scans their badge here"))
        self.badge_edit.returnPressed.connect(self._badge)
        self.badge_edit.setVisible(self.needs_badge)
        layout.addWidget(self.badge_edit)
        self.refusal = QLabel()
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet(f"font-size: 18px; font-weight: 700; color: {DANGER_RED};")
        self.refusal.setVisible(False)
        layout.addWidget(self.refusal)
        self.button = _button(self.tr("I have checked the zone and targets — acknowledge  [F2]"), colour)
        self.button.clicked.connect(self._f2)
        layout.addWidget(self.button)
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, activated=self._f2)
        screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
        room = screen.availableGeometry()
        self.resize(min(860, room.width() - 40), min(480, room.height() - 40))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self.needs_badge:
            self.badge_edit.setFocus()

    def _f2(self) -> None:
        if self.needs_badge:
            self.refused(self.tr("A Production Zone change needs an engineer: scan an engineer's badge"))
            return
        self.acknowledge.emit()

    def _badge(self) -> None:
        badge = self.badge_edit.text().strip()
        self.badge_edit.clear()
        if badge:
            self.badge_scanned.emit(badge)

    def refused(self, message: str) -> None:
        """The flow said no (an operator's badge for a production change, …): say why, stay open."""
        self.refusal.setText(message)
        self.refusal.setVisible(True)

    def update_targets(self, targets: Targets) -> None:
        self.change_label.setText(self.tr("What changed: %1").replace("%1", _lines(targets.change)))

    def reject(self) -> None:
        """Esc and the close button do nothing: only the station's acknowledgement clears this."""
        if self._allowed_to_close:
            super().reject()

    def cleared(self) -> None:
        """The station says nothing is pending any more."""
        self._allowed_to_close = True
        self.reject()


class ConfirmDialog(QDialog):
    """A yes/no question for the operator's own actions (abort a slot, sign out); No is the default."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = QLabel(text)
        label.setWordWrap(True)
        label.setStyleSheet("font-size: 24px; font-weight: 700;")
        layout.addWidget(label)
        row = QHBoxLayout()
        yes = _button(self.tr("Yes  [Y]"), DANGER_RED)
        no = _button(self.tr("No  [N / Esc]"))
        yes.clicked.connect(self.accept)
        no.clicked.connect(self.reject)
        row.addWidget(yes)
        row.addWidget(no)
        layout.addLayout(row)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Y:
            self.accept()
        elif event.key() in (Qt.Key.Key_N, Qt.Key.Key_Escape):
            self.reject()
        else:
            super().keyPressEvent(event)
