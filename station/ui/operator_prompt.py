"""A step's question, shown inside its own slot's panel (never over the other slots).

The box shows which slot asks, the question, the picture if any, and the keys that answer it:
P / F for pass-fail, Y / N for a confirmation, 1–9 for a choice. Enter never answers (a scanner
ends every burst with Enter); the window decides whether a key press is a deliberate answer or the
start of a scanner burst (see :class:`station.ui.operator_window.OperatorWindow`). A free-text
question has its own field: the operator types or scans into it and Enter sends it. A number,
checkboxes or a page-by-page instruction are answered in a dialog the window opens
(:mod:`station.ui.prompt_dialogs_extra`); the box still shows which slot asks and what.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from station.ui.operator_state import PendingPrompt
from station.ui.operator_theme import HELD_AMBER

ANSWER_KEYS = {"pass_fail": {"P": True, "F": False}, "confirm": {"Y": True, "N": False}}


def answer_for(prompt: PendingPrompt, key: str) -> tuple[bool, object]:
    """The answer a single key gives to ``prompt`` (``(False, None)`` when the key answers nothing)."""
    key = key.upper()
    if prompt.kind in ANSWER_KEYS:
        table = ANSWER_KEYS[prompt.kind]
        return (True, table[key]) if key in table else (False, None)
    if prompt.kind == "choice" and key.isdigit() and 1 <= int(key) <= min(9, len(prompt.options)):
        return True, prompt.options[int(key) - 1]
    return False, None


class PromptBox(QFrame):
    """The question box of one slot panel; hidden while the slot asks nothing."""

    text_submitted = Signal(str)  # a free-text answer (Enter in the box's own field)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promptBox")
        self.prompt: PendingPrompt | None = None
        self.head = QLabel()
        self.head.setStyleSheet("font-size: 16px; font-weight: 700; color: #37474f;")
        self.question = QLabel()
        self.question.setObjectName("question")
        self.question.setWordWrap(True)
        self.question.setStyleSheet("font-size: 22px; font-weight: 800; color: #212121;")
        self.question.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.keys = QLabel()
        self.keys.setObjectName("answerKeys")
        self.keys.setWordWrap(True)
        self.keys.setStyleSheet("font-size: 21px; font-weight: 800; color: #0d47a1;")
        self.keys.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.text_edit = QLineEdit()
        self.text_edit.setStyleSheet("font-size: 20px; padding: 4px;")
        self.text_edit.returnPressed.connect(self._send_text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(2)
        for widget in (self.head, self.question, self.image, self.keys, self.text_edit):
            layout.addWidget(widget)
        layout.addStretch(1)  # the question stays at the top of the room the panel gives it
        self.setVisible(False)

    @property
    def image_shown(self) -> bool:
        return self.image.isVisibleTo(self) and self.image.pixmap() is not None and not self.image.pixmap().isNull()

    def show_prompt(self, prompt: PendingPrompt | None, *, active: bool = True, first_slot: int = 0) -> None:
        """Show ``prompt`` (None hides the box); an inactive one waits behind ``first_slot``'s question."""
        if prompt != self.prompt:
            self.prompt = prompt
            self.text_edit.clear()
            self._fill(prompt)
        self.setVisible(prompt is not None)
        if prompt is None:
            return
        border = HELD_AMBER if active else "#90a4ae"
        self.setStyleSheet(f"#promptBox {{ border: 4px solid {border}; background: #fffde7; border-radius: 6px; }}")
        self.keys.setText(self._key_words(prompt) if active else
                          self.tr("Waiting: answer slot %1 first").replace("%1", str(first_slot)))
        self.text_edit.setVisible(prompt.kind == "text" and active)

    def _fill(self, prompt: PendingPrompt | None) -> None:
        if prompt is None:
            return
        self.head.setText(self.tr("Slot %1 asks").replace("%1", str(prompt.slot)))
        self.question.setText(prompt.text)
        pixmap = QPixmap()
        if prompt.image and pixmap.loadFromData(prompt.image):
            self.image.setPixmap(pixmap.scaled(180, 96, Qt.AspectRatioMode.KeepAspectRatio,
                                               Qt.TransformationMode.SmoothTransformation))
            self.image.setVisible(True)
        else:
            self.image.clear()
            self.image.setVisible(False)

    def _key_words(self, prompt: PendingPrompt) -> str:
        if prompt.kind == "pass_fail":
            return self.tr("Press P = PASS   ·   F = FAIL")
        if prompt.kind == "confirm":
            return self.tr("Press Y = yes   ·   N = no")
        if prompt.kind == "choice":
            options = "   ".join(f"{i}. {o}" for i, o in enumerate(prompt.options[:9], 1))
            return self.tr("Press the number: %1").replace("%1", options)
        if prompt.kind in ("numeric", "checkbox", "instructions"):  # station.ui.prompt_dialogs_extra
            return self.tr("Answer in the window on the screen")
        return self.tr("Type or scan the answer, then Enter")

    def _send_text(self) -> None:
        text = self.text_edit.text().strip()
        if text and self.prompt is not None and self.prompt.kind == "text":
            self.text_submitted.emit(text)
