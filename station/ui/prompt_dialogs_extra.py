"""Dialogs for the newer prompt kinds: a number (with unit and accepted range), checkboxes, and a
multi-step instruction with pictures.

The older kinds (pass/fail, yes/no, a choice, free text) are answered inside their slot's panel
(:mod:`station.ui.operator_prompt`); these need a field, ticks or pages, so the window opens this
dialog when such a question is the one the keys answer (``answered(slot, prompt_id, answer)`` once,
``abort_requested(slot)``, :meth:`withdraw`). Keyboard-first rules: Enter goes on, 1–9 tick,
Backspace goes back, Esc never answers. :func:`prompt_dialog_for` says which prompts need it. A
typo in a number is refused here with the reason, before the runner's own validation would make it
a station error.
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
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.testkit.prompts import Prompt
from station.ui.operator_dialogs import _button
from station.ui.operator_state import PendingPrompt
from station.ui.operator_theme import DANGER_RED, PRODUCTION_GREEN

EXTRA_KINDS = ("numeric", "checkbox", "instructions")


def needs_dialog(prompt: PendingPrompt) -> bool:
    """Whether this prompt is answered in a dialog rather than by keys in its slot panel."""
    return prompt.kind in EXTRA_KINDS and isinstance(prompt.detail, Prompt)


def prompt_dialog_for(prompt: PendingPrompt, serial: str = "", parent: QWidget | None = None,
                      ) -> ExtraPromptDialog | None:
    """The dialog that asks this prompt, or None when its slot panel answers it."""
    return ExtraPromptDialog(prompt, serial, parent) if needs_dialog(prompt) else None


def _picture(data: bytes | None) -> QLabel | None:
    if not data:
        return None
    pixmap = QPixmap()
    label = QLabel()
    if pixmap.loadFromData(data):
        label.setPixmap(pixmap.scaled(480, 320, Qt.AspectRatioMode.KeepAspectRatio,
                                      Qt.TransformationMode.SmoothTransformation))
    else:
        label.setText("(the image could not be shown)")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class ExtraPromptDialog(QDialog):
    """A numeric, checkbox or instructions prompt (see the module doc)."""

    answered = Signal(int, str, object)
    abort_requested = Signal(int)

    def __init__(self, prompt: PendingPrompt, serial: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt = prompt
        detail: Prompt = prompt.detail
        self.detail = detail
        self._done = False
        self.page = 0
        self.setModal(True)
        self.setWindowTitle(self.tr("Slot %1 asks").replace("%1", str(prompt.slot)))
        layout = QVBoxLayout(self)
        head = QLabel(self.tr("Slot %1").replace("%1", str(prompt.slot)) + (f"  ·  {serial}" if serial else ""))
        head.setStyleSheet("font-size: 18px; color: #37474f; font-weight: 600;")
        layout.addWidget(head)
        question = QLabel(prompt.text)
        question.setWordWrap(True)
        question.setStyleSheet("font-size: 28px; font-weight: 700;")
        layout.addWidget(question)
        picture = _picture(prompt.image)
        if picture is not None:
            layout.addWidget(picture)
        self.problem = QLabel("")
        self.problem.setStyleSheet(f"color: {DANGER_RED}; font-size: 18px;")
        self.number: QLineEdit | None = None
        self.boxes: QListWidget | None = None
        self.page_text: QLabel | None = None
        self.page_picture = QLabel()
        buttons = QHBoxLayout()
        self.go = _button(self.tr("OK  [Enter]"), PRODUCTION_GREEN)
        self.go.clicked.connect(self._go)
        if prompt.kind == "numeric":
            self.number = QLineEdit()
            self.number.setStyleSheet("font-size: 24px; padding: 6px;")
            self.number.returnPressed.connect(self._go)
            row = QHBoxLayout()
            row.addWidget(self.number, 1)
            row.addWidget(QLabel(f"<span style='font-size:22px'>{detail.unit}</span>"))
            layout.addLayout(row)
            span = self._span()
            if span:
                layout.addWidget(QLabel(self.tr("accepted: %1").replace("%1", span)))
        elif prompt.kind == "checkbox":
            self.boxes = QListWidget()
            self.boxes.setStyleSheet("font-size: 22px;")
            for i, option in enumerate(prompt.options, 1):
                item = QListWidgetItem(f"{i}.  {option}" if i <= 9 else option)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.boxes.addItem(item)
            layout.addWidget(self.boxes)
        else:  # instructions
            self.page_text = QLabel()
            self.page_text.setWordWrap(True)
            self.page_text.setStyleSheet("font-size: 22px;")
            layout.addWidget(self.page_text)
            self.page_picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(self.page_picture)
            self.back = _button(self.tr("Back  [Backspace]"))
            self.back.clicked.connect(self._back)
            buttons.addWidget(self.back)
            give_up = _button(self.tr("Cannot do it"), DANGER_RED)
            give_up.clicked.connect(lambda: self._answer(False))
            buttons.addWidget(give_up)
        layout.addWidget(self.problem)
        buttons.addWidget(self.go)
        abort = _button(self.tr("Abort unit  [Ctrl+%1]").replace("%1", str(prompt.slot)))
        abort.clicked.connect(lambda: self.abort_requested.emit(self.prompt.slot))
        buttons.addStretch(1)
        buttons.addWidget(abort)
        if prompt.slot <= 9:
            QShortcut(QKeySequence(f"Ctrl+{prompt.slot}"), self,
                      activated=lambda: self.abort_requested.emit(self.prompt.slot))
        layout.addLayout(buttons)
        self._show_page()
        self.resize(640, 360)

    def _span(self) -> str:
        low, high = self.detail.low, self.detail.high
        if low is None and high is None:
            return ""
        return f"{'' if low is None else f'{low:g}'} … {'' if high is None else f'{high:g}'} {self.detail.unit}"

    def _show_page(self) -> None:
        if self.page_text is None:
            return
        pages = self.detail.pages
        page = pages[self.page]
        self.page_text.setText(f"<b>{self.page + 1} / {len(pages)}</b> &nbsp; {page.text}")
        picture = _picture(page.image)
        self.page_picture.setPixmap(picture.pixmap() if picture is not None else QPixmap())
        last = self.page == len(pages) - 1
        self.go.setText(self.tr("Done  [Enter]") if last else self.tr("Next  [Enter]"))
        self.back.setEnabled(self.page > 0)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        (self.number or self.boxes or self).setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._go()
        elif self.boxes is not None and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            self.toggle(key - Qt.Key.Key_1)
        elif self.page_text is not None and key == Qt.Key.Key_Backspace:
            self._back()
        elif key == Qt.Key.Key_Escape:
            return  # a step is waiting for a real answer: Esc does not dismiss it
        else:
            super().keyPressEvent(event)

    def toggle(self, index: int) -> None:
        if self.boxes is not None and 0 <= index < self.boxes.count():
            item = self.boxes.item(index)
            item.setCheckState(Qt.CheckState.Unchecked if item.checkState() == Qt.CheckState.Checked
                               else Qt.CheckState.Checked)

    def _back(self) -> None:
        if self.page > 0:
            self.page -= 1
            self._show_page()

    def _go(self) -> None:
        kind = self.prompt.kind
        if kind == "numeric":
            assert self.number is not None
            try:
                value = float(self.number.text().strip().replace(",", "."))
            except ValueError:
                self.problem.setText(self.tr("Type a number."))
                return
            low, high = self.detail.low, self.detail.high
            if (low is not None and value < low) or (high is not None and value > high):
                self.problem.setText(self.tr("Outside %1: check the reading.").replace("%1", self._span()))
                return
            self._answer(value)
        elif kind == "checkbox":
            assert self.boxes is not None
            self._answer([self.prompt.options[i] for i in range(self.boxes.count())
                          if self.boxes.item(i).checkState() == Qt.CheckState.Checked])
        elif self.page < len(self.detail.pages) - 1:
            self.page += 1
            self._show_page()
        else:
            self._answer(True)

    def reject(self) -> None:
        """Closing the window is not an answer."""
        if self._done:
            super().reject()

    def _answer(self, value: object) -> None:
        if self._done:
            return
        self._done = True
        self.answered.emit(self.prompt.slot, self.prompt.prompt_id, value)
        self.accept()

    def withdraw(self) -> None:
        """The prompt is no longer waiting: close without answering."""
        self._done = True
        self.reject()
