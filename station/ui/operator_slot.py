"""One slot of the operator window: serial, stage, progress, live measurements, the big verdict.

The verdict fills the panel's top in its colour — PASS green, FAIL red, ERROR purple with
"station problem — not the unit" — because the operator must decide which tray the unit goes to
without reading a table. While the unit is on its way the panel shows the stage in plain words and
the measurements coming in against their limits (marginal ones amber).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.flow.stages import Stage
from station.ui.operator_state import SlotState
from station.ui.operator_theme import (
    AMBER,
    DANGER_RED,
    HELD_AMBER,
    IDLE_BG,
    OUTCOME_COLOURS,
    PRODUCTION_GREEN,
    outcome_note,
    outcome_words,
    stage_words,
)


class SlotPanel(QFrame):
    """Draws a :class:`SlotState`; holds no state of its own beyond what it last drew."""

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = number
        self.setObjectName(f"slot{number}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.title = QLabel(self.tr("Slot %1").replace("%1", str(number)))
        self.title.setStyleSheet("font-size: 18px; color: #37474f; font-weight: 600;")
        self.serial_label = QLabel()
        self.serial_label.setObjectName("serial")
        self.serial_label.setStyleSheet("font-size: 34px; font-weight: 800; font-family: monospace;")
        self.serial_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.verdict.setMinimumHeight(96)
        self.reason = QLabel()
        self.reason.setObjectName("reason")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.stage = QLabel()
        self.stage.setObjectName("stage")
        self.stage.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setMinimumHeight(26)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Measurement"), self.tr("Value"), self.tr("Limits"), self.tr("Result")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan field keeps the keyboard
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setStyleSheet("font-size: 15px;")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.serial_label)
        layout.addWidget(self.verdict)
        layout.addWidget(self.reason)
        layout.addWidget(self.stage)
        layout.addWidget(self.progress)
        layout.addWidget(self.table, 1)
        self.state = SlotState(number)
        self.show_state(self.state)

    # -- drawing --------------------------------------------------------------------------------
    def show_state(self, state: SlotState) -> None:
        self.state = state
        self.serial_label.setText(state.serial or "—")
        self._draw_verdict(state)
        self._draw_stage(state)
        self._draw_progress(state)
        self._draw_measurements(state)

    def _draw_verdict(self, state: SlotState) -> None:
        done = state.stage is Stage.DONE and bool(state.outcome)
        if done:
            colour = OUTCOME_COLOURS.get(state.outcome, DANGER_RED)
            self.verdict.setText(outcome_words(state.outcome))
            self.verdict.setStyleSheet(
                f"background: {colour}; color: white; font-size: 64px; font-weight: 900; border-radius: 8px;")
            self.verdict.setVisible(True)
            lines = [outcome_note(state.outcome)]
            if state.outcome != "PASS" and state.reason:
                lines.insert(0, state.reason)
            if state.outcome == "PASS" and state.label_status and state.label_status not in ("printed", "done"):
                lines.append(self.tr("Label not printed yet (%1): it stays in the print queue")
                             .replace("%1", state.label_status))
            self.reason.setText("\n".join(line for line in lines if line))
            self.reason.setStyleSheet(f"font-size: 20px; font-weight: 600; color: {colour};")
            self.reason.setVisible(True)
            self.setStyleSheet(f"#slot{self.number} {{ border: 4px solid {colour}; background: white; }}")
        elif state.stage is Stage.HELD:
            self.verdict.setText(self.tr("ON HOLD"))
            self.verdict.setStyleSheet(
                f"background: {HELD_AMBER}; color: black; font-size: 48px; font-weight: 900; border-radius: 8px;")
            self.verdict.setVisible(True)
            self.reason.setText(state.detail)
            self.reason.setStyleSheet("font-size: 18px; font-weight: 600; color: #5d4037;")
            self.reason.setVisible(bool(state.detail))
            self.setStyleSheet(f"#slot{self.number} {{ border: 4px solid {HELD_AMBER}; background: white; }}")
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
        elif state.detail and state.stage not in (Stage.DONE, Stage.HELD):
            text += f" — {state.detail}"
        if state.stage is Stage.DONE and state.outcome == "PASS" and state.blessed:
            text = self.tr("Blessed") + (" · " + self.tr("label printed") if state.label_status == "printed" else "")
        self.stage.setText(text)
        self.stage.setStyleSheet("font-size: 24px; font-weight: 700; color: #263238;")

    def _draw_progress(self, state: SlotState) -> None:
        total = max(state.planned_steps, 1)
        self.progress.setRange(0, total)
        self.progress.setValue(min(state.finished_steps, total))
        self.progress.setFormat(self.tr("step %1 of %2").replace("%1", str(min(state.finished_steps, total)))
                                .replace("%2", str(state.planned_steps)) if state.planned_steps else "")
        self.progress.setVisible(state.stage is not Stage.IDLE)

    def _draw_measurements(self, state: SlotState) -> None:
        rows = state.measurements
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            value = f"{row.value} {row.unit}".strip()
            verdict = outcome_words(row.outcome) + (" ⚠" if row.marginal and row.outcome == "PASS" else "")
            cells = (row.name, value, row.limits, verdict)
            if row.outcome == "FAIL":
                colour = QColor(DANGER_RED)
            elif row.marginal:
                colour = QColor(AMBER)
            elif row.outcome == "PASS":
                colour = QColor(PRODUCTION_GREEN)
            else:
                colour = QColor("#8e24aa")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 3:
                    item.setBackground(colour)
                    item.setForeground(QColor("black" if row.marginal and row.outcome == "PASS" else "white"))
                    if row.marginal:
                        item.setToolTip(self.tr("marginal: close to a limit"))
                elif row.outcome == "FAIL":
                    item.setForeground(colour)
                self.table.setItem(r, c, item)
        if rows:
            self.table.scrollToBottom()
