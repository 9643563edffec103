"""The operator window's dialogs: a step's prompts, the targets acknowledgement, confirming an abort.

Every dialog is answerable from the keyboard with one key a gloved hand can find (Enter, Esc, P,
F, Y, N, 1–9), says which slot is asking, and never answers by itself. None of them calls the
station: they emit what the operator chose and the window acts on it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.ui.operator_state import PendingPrompt, Targets
from station.ui.operator_theme import DANGER_RED, PRODUCTION_GREEN, TEST_ORANGE, zone_words

BIG = "font-size: 22px; font-weight: 700; padding: 12px 24px;"


def _button(text: str, colour: str | None = None) -> QPushButton:
    button = QPushButton(text)
    style = BIG + (f" background: {colour}; color: white;" if colour else "")
    button.setStyleSheet(style)
    button.setAutoDefault(False)
    return button


class PromptDialog(QDialog):
    """A step asking the operator: confirm, pass/fail (with an image), free text, or a choice.

    Emits :attr:`answered` ``(slot, prompt_id, answer)`` once; the window passes it to
    ``station.answer_prompt``. A prompt that goes away (answered elsewhere, run aborted) is closed
    with :meth:`withdraw`.
    """

    answered = Signal(int, str, object)
    abort_requested = Signal(int)  # Ctrl+<slot> or the button: the window asks before aborting

    def __init__(self, prompt: PendingPrompt, serial: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt = prompt
        self._done = False
        self.setModal(True)
        self.setWindowTitle(self.tr("Slot %1 asks").replace("%1", str(prompt.slot)))
        layout = QVBoxLayout(self)
        head = QLabel(self.tr("Slot %1").replace("%1", str(prompt.slot)) + (f"  ·  {serial}" if serial else ""))
        head.setStyleSheet("font-size: 18px; color: #37474f; font-weight: 600;")
        layout.addWidget(head)
        question = QLabel(prompt.text)
        question.setObjectName("question")
        question.setWordWrap(True)
        question.setStyleSheet("font-size: 28px; font-weight: 700;")
        layout.addWidget(question)
        self.image_label: QLabel | None = None
        if prompt.image:
            pixmap = QPixmap()
            if pixmap.loadFromData(prompt.image):
                self.image_label = QLabel()
                self.image_label.setPixmap(pixmap.scaled(480, 360, Qt.AspectRatioMode.KeepAspectRatio,
                                                         Qt.TransformationMode.SmoothTransformation))
                self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
                layout.addWidget(self.image_label)
            else:
                layout.addWidget(QLabel(self.tr("(the image could not be shown)")))
        self.text_edit: QLineEdit | None = None
        self.choices: QListWidget | None = None
        buttons = QHBoxLayout()
        kind = prompt.kind
        if kind == "pass_fail":
            ok = _button(self.tr("PASS  [P]"), PRODUCTION_GREEN)
            bad = _button(self.tr("FAIL  [F]"), DANGER_RED)
            ok.clicked.connect(lambda: self._answer(True))
            bad.clicked.connect(lambda: self._answer(False))
            buttons.addWidget(ok)
            buttons.addWidget(bad)
        elif kind == "text":
            self.text_edit = QLineEdit()
            self.text_edit.setStyleSheet("font-size: 24px; padding: 6px;")
            self.text_edit.returnPressed.connect(self._submit_text)
            layout.addWidget(self.text_edit)
            send = _button(self.tr("OK  [Enter]"), PRODUCTION_GREEN)
            send.clicked.connect(self._submit_text)
            buttons.addWidget(send)
        elif kind == "choice":
            self.choices = QListWidget()
            self.choices.setStyleSheet("font-size: 22px;")
            for i, option in enumerate(prompt.options, 1):
                self.choices.addItem(f"{i}.  {option}" if i <= 9 else option)
            self.choices.setCurrentRow(0)
            self.choices.itemActivated.connect(lambda _item: self._submit_choice())
            layout.addWidget(self.choices)
            pick = _button(self.tr("Choose  [Enter]"), PRODUCTION_GREEN)
            pick.clicked.connect(self._submit_choice)
            buttons.addWidget(pick)
        else:  # confirm
            ok = _button(self.tr("OK  [Enter]"), PRODUCTION_GREEN)
            cancel = _button(self.tr("Cancel  [Esc]"))
            ok.clicked.connect(lambda: self._answer(True))
            cancel.clicked.connect(lambda: self._answer(False))
            buttons.addWidget(ok)
            buttons.addWidget(cancel)
        abort = _button(self.tr("Abort unit  [Ctrl+%1]").replace("%1", str(prompt.slot)))
        abort.clicked.connect(lambda: self.abort_requested.emit(self.prompt.slot))
        buttons.addStretch(1)
        buttons.addWidget(abort)
        if prompt.slot <= 9:
            QShortcut(QKeySequence(f"Ctrl+{prompt.slot}"), self,
                      activated=lambda: self.abort_requested.emit(self.prompt.slot))
        layout.addLayout(buttons)
        self.resize(640, 240 if self.image_label is None else 560)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        target = self.text_edit or self.choices
        (target or self).setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key, kind = event.key(), self.prompt.kind
        if kind == "pass_fail" and key in (Qt.Key.Key_P, Qt.Key.Key_F):
            self._answer(key == Qt.Key.Key_P)
        elif kind == "confirm" and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._answer(True)
        elif kind == "confirm" and key == Qt.Key.Key_Escape:
            self._answer(False)
        elif kind == "choice" and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            index = key - Qt.Key.Key_1
            if self.choices is not None and index < self.choices.count():
                self.choices.setCurrentRow(index)
                self._submit_choice()
        elif kind == "choice" and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._submit_choice()
        elif key == Qt.Key.Key_Escape:
            return  # a step is waiting for a real answer: Esc does not dismiss it
        else:
            super().keyPressEvent(event)

    def reject(self) -> None:
        """Closing the window is not an answer (confirm's Cancel answers False explicitly)."""
        if self._done:
            super().reject()

    def _submit_text(self) -> None:
        if self.text_edit is not None and self.text_edit.text().strip():
            self._answer(self.text_edit.text().strip())

    def _submit_choice(self) -> None:
        if self.choices is not None and 0 <= self.choices.currentRow() < len(self.prompt.options):
            self._answer(self.prompt.options[self.choices.currentRow()])

    def _answer(self, value: object) -> None:
        if self._done:
            return
        self._done = True
        self.answered.emit(self.prompt.slot, self.prompt.prompt_id, value)
        self.accept()

    def withdraw(self) -> None:
        """The prompt is no longer waiting (answered, aborted, timed out): close without answering."""
        self._done = True
        self.reject()


class TargetsAckDialog(QDialog):
    """The cloud targets changed: name what changed; only acknowledging (F2 / the button) closes it."""

    acknowledge = Signal()

    def __init__(self, targets: Targets, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._allowed_to_close = False
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
        self.change_label = QLabel(self.tr("What changed: %1").replace("%1", targets.change or "?"))
        self.change_label.setObjectName("ackChange")
        self.change_label.setWordWrap(True)
        self.change_label.setStyleSheet("font-size: 18px; font-family: monospace;")
        layout.addWidget(self.change_label)
        self.button = _button(self.tr("I have checked the zone and targets — acknowledge  [F2]"), colour)
        self.button.clicked.connect(self.acknowledge.emit)
        layout.addWidget(self.button)
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, activated=self.acknowledge.emit)
        self.resize(760, 360)

    def update_targets(self, targets: Targets) -> None:
        self.change_label.setText(self.tr("What changed: %1").replace("%1", targets.change or "?"))

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
