"""One slot of the operator window: serial, stage, progress, its question, measurements, the verdict.

The verdict fills the panel's top in its colour — PASS green, FAIL red, ERROR purple with
"station problem — not the unit" — because the operator must decide which tray the unit goes to
without reading a table. The reason is in the operator's words and language (the raw text is the
tooltip, and stays in the record). Every slot has the same width whatever it shows, so nothing
jumps while units come and go; a question from the test appears inside this panel, never over
the other slots.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.flow.stages import Stage
from station.ui.operator_prompt import PromptBox
from station.ui.operator_state import PendingPrompt, SlotState
from station.ui.operator_theme import (
    DANGER_RED,
    HELD_AMBER,
    IDLE_BG,
    OUTCOME_COLOURS,
    PRODUCTION_GREEN,
    limit_text,
    made_product_words,
    outcome_note,
    outcome_words,
    reason_words,
    stage_words,
)

COLUMN_SHARES = (0.34, 0.32)  # measurement name, value; the limits take the rest
ROW_COLOURS = {"PASS": "#e8f5e9", "FAIL": "#ffcdd2", "marginal": "#fff8e1", "other": "#f3e5f5"}


def clock_words(seconds: float | None) -> str:
    if seconds is None:
        return ""
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


class SlotPanel(QFrame):
    """Draws a :class:`SlotState`; holds no state of its own beyond what it last drew."""

    def __init__(self, number: int, parent: QWidget | None = None, *, backend: str = "impcentral") -> None:
        super().__init__(parent)
        self.number = number
        self.backend = backend  # the cloud's words for what a PASS became (blessed, locked, registered)
        self.setObjectName(f"slot{number}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        # equal, fixed widths: the grid gives each column the same share and content never asks for more
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.setMinimumWidth(220)
        self.title = QLabel(self.tr("Slot %1").replace("%1", str(number)))
        self.title.setStyleSheet("font-size: 18px; color: #37474f; font-weight: 700;")
        self.elapsed = QLabel()
        self.elapsed.setObjectName("elapsed")
        self.elapsed.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.elapsed.setStyleSheet("font-size: 18px; color: #37474f; font-weight: 700; font-family: monospace;")
        self.serial_label = QLabel()
        self.serial_label.setObjectName("serial")
        self.serial_label.setStyleSheet("font-size: 28px; font-weight: 800; font-family: monospace;")
        self.serial_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.serial_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.verdict.setMinimumHeight(64)
        self.verdict.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.reason = QLabel()
        self.reason.setObjectName("reason")
        self.reason.setWordWrap(True)
        self.reason.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.stage = QLabel()
        self.stage.setObjectName("stage")
        self.stage.setWordWrap(True)
        self.stage.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.stage.setStyleSheet("font-size: 22px; font-weight: 700; color: #263238;")
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setMinimumHeight(24)
        self.progress.setStyleSheet(  # a light bar so the black "3 of 6" reads over it
            "QProgressBar { font-size: 15px; font-weight: 700; color: black; text-align: center; "
            "border: 1px solid #90a4ae; border-radius: 4px; background: #eceff1; } "
            "QProgressBar::chunk { background: #90caf9; }")
        self.prompt_box = PromptBox(self)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Measurement"), self.tr("Value"), self.tr("Limits")])
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan field keeps the keyboard
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setStyleSheet("QTableWidget { font-size: 15px; } QHeaderView::section { font-size: 13px; }")
        self.table.setMinimumHeight(60)
        self.table.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # fixed shares of the width: never scrolls off
        header.setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.elapsed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.serial_label)
        layout.addWidget(self.verdict)
        layout.addWidget(self.reason)
        layout.addWidget(self.stage)
        layout.addWidget(self.progress)
        layout.addWidget(self.prompt_box, 1)
        layout.addWidget(self.table, 1)
        self.state = SlotState(number)
        self.show_state(self.state)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Name, value and limits keep fixed shares of the panel's width (content never moves them)."""
        super().resizeEvent(event)
        width = self.table.viewport().width()
        self.table.setColumnWidth(0, int(width * COLUMN_SHARES[0]))
        self.table.setColumnWidth(1, int(width * COLUMN_SHARES[1]))

    # -- drawing --------------------------------------------------------------------------------
    def show_state(self, state: SlotState) -> None:
        self.state = state
        self.serial_label.setText(state.serial or "—")
        self._draw_verdict(state)
        self._draw_stage(state)
        self._draw_progress(state)
        self._draw_measurements(state)
        self.tick()

    def show_prompt(self, prompt: PendingPrompt | None, *, active: bool = True, first_slot: int = 0) -> None:
        """This slot's question (None: it asks nothing); the measurements make room for it."""
        self.prompt_box.show_prompt(prompt, active=active, first_slot=first_slot)
        self.table.setVisible(prompt is None)

    def tick(self, now: float | None = None) -> None:
        """The unit's elapsed time (the window's clock calls this every second)."""
        self.elapsed.setText(clock_words(self.state.elapsed_s(now)))

    def operator_reason(self, state: SlotState) -> str:
        return reason_words(state.outcome, state.failure_code, state.measurements, state.reason)

    def _draw_verdict(self, state: SlotState) -> None:
        done = state.stage is Stage.DONE and bool(state.outcome)
        if done:
            colour = OUTCOME_COLOURS.get(state.outcome, DANGER_RED)
            self.verdict.setText(outcome_words(state.outcome))
            self.verdict.setStyleSheet(
                f"background: {colour}; color: white; font-size: 60px; font-weight: 900; border-radius: 8px;")
            self.verdict.setVisible(True)
            lines = [outcome_note(state.outcome, self.backend)]
            if state.outcome != "PASS":
                lines.insert(0, self.operator_reason(state))
            if state.outcome == "PASS" and state.label_status and state.label_status not in ("printed", "done"):
                lines.append(self.tr("Label not printed yet (%1): it stays in the print queue")
                             .replace("%1", state.label_status))
            self.reason.setText("\n".join(line for line in lines if line))
            self.reason.setToolTip(state.reason)  # the raw words, for the engineer at the station
            self.reason.setStyleSheet(f"font-size: 19px; font-weight: 700; color: {colour};")
            self.reason.setVisible(True)
            self.setStyleSheet(f"#slot{self.number} {{ border: 5px solid {colour}; background: white; }}")
        elif state.stage is Stage.HELD:
            self.verdict.setText(self.tr("ON HOLD"))
            self.verdict.setStyleSheet(
                f"background: {HELD_AMBER}; color: black; font-size: 44px; font-weight: 900; border-radius: 8px;")
            self.verdict.setVisible(True)
            self.reason.setText(state.detail)
            self.reason.setToolTip(state.detail)
            self.reason.setStyleSheet("font-size: 17px; font-weight: 600; color: #5d4037;")
            self.reason.setVisible(bool(state.detail))
            self.setStyleSheet(f"#slot{self.number} {{ border: 5px solid {HELD_AMBER}; background: white; }}")
        else:
            self.verdict.setVisible(False)
            self.reason.setVisible(False)
            border = "#90a4ae" if state.stage is Stage.IDLE else "#1565c0"
            bg = IDLE_BG if state.stage is Stage.IDLE else "white"
            self.setStyleSheet(f"#slot{self.number} {{ border: 3px solid {border}; background: {bg}; }}")

    def _draw_stage(self, state: SlotState) -> None:
        text = stage_words(state.stage)
        if state.stage is Stage.TESTING and state.current_step:
            text += f": {state.current_step}"
        if state.stage is Stage.DONE:  # the verdict says it all; a PASS adds what happened to the unit
            text = made_product_words(self.backend) + (
                " · " + self.tr("label printed") if state.label_status == "printed" else ""
            ) if state.outcome == "PASS" and state.blessed else ""
        self.stage.setText(text)
        self.stage.setVisible(bool(text))

    def _draw_progress(self, state: SlotState) -> None:
        done, total = state.progress()
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        self.progress.setFormat(self.tr("%1 of %2").replace("%1", str(done)).replace("%2", str(total)) if total
                                else "")
        self.progress.setVisible(state.stage is not Stage.IDLE)

    def _draw_measurements(self, state: SlotState) -> None:
        rows = state.measurements
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            if row.outcome == "PASS" and row.marginal:
                background, mark = QColor(ROW_COLOURS["marginal"]), "⚠ "
            elif row.outcome in ("PASS", "FAIL"):
                background, mark = QColor(ROW_COLOURS[row.outcome]), "✖ " if row.outcome == "FAIL" else ""
            else:
                background, mark = QColor(ROW_COLOURS["other"]), "? "
            value = f"{row.value} {row.unit}".strip()
            tip = (f"{row.step}.{row.name}: {outcome_words(row.outcome)}"
                   + (" — " + self.tr("marginal: close to a limit") if row.marginal else ""))
            ink = (QColor(DANGER_RED) if row.outcome == "FAIL" else QColor("#6d4c00") if row.marginal
                   else QColor(PRODUCTION_GREEN).darker(130) if row.outcome == "PASS" else None)
            for c, text in enumerate((mark + row.name, value, limit_text(row.limits))):
                # setData, not setBackground/setToolTip/setForeground: those void setters of PySide6 6.11
                # each drop a reference to None on CPython 3.11 (tests/test_qt_soak.py counts them)
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.BackgroundRole, QBrush(background))
                item.setData(Qt.ItemDataRole.ToolTipRole, tip)
                if ink is not None:
                    item.setData(Qt.ItemDataRole.ForegroundRole, QBrush(ink))
                self.table.setItem(r, c, item)
        if rows:
            self.table.scrollToBottom()
