"""The shift on screen: counts, first-pass yield, the last units and the script that tests them.

One line under the device lamps, so the operator and the line lead see at a glance how the shift
goes and which script, version and limits are loaded (a wrong limits file is a wrong hash here).
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from station.ui.operator_state import Shift
from station.ui.operator_theme import OUTCOME_COLOURS, outcome_words

SHOWN = 3  # the last units listed (more do not fit beside the counts at 1366 px)


class ShiftStrip(QWidget):
    """Draws a :class:`~station.ui.operator_state.Shift`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shiftStrip")
        self.counts = QLabel()
        self.counts.setObjectName("shiftCounts")
        self.counts.setStyleSheet("font-size: 17px; font-weight: 700; color: #263238;")
        self.counts.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)  # never clipped
        self.last = QLabel()
        self.last.setObjectName("shiftLast")
        self.last.setStyleSheet("font-size: 15px; font-family: monospace;")
        self.last.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.script = QLabel()
        self.script.setObjectName("shiftScript")
        self.script.setStyleSheet("font-size: 15px; color: #37474f;")
        self.script.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 0, 12, 0)
        row.addWidget(self.counts)
        row.addSpacing(16)
        row.addWidget(self.last, 1)
        row.addSpacing(16)
        row.addWidget(self.script)
        self.show_shift(Shift())

    def show_shift(self, shift: Shift) -> None:
        fpy = shift.first_pass_yield()
        self.counts.setText(
            self.tr("Shift: %1 tested · %2 PASS · %3 FAIL · %4 ERROR · first pass %5")
            .replace("%1", str(shift.tested)).replace("%2", str(shift.passed)).replace("%3", str(shift.failed))
            .replace("%4", str(shift.errors)).replace("%5", "—" if fpy is None else f"{fpy:.0%}"))
        if shift.last:
            parts = [f"<span style='color:{OUTCOME_COLOURS.get(u.outcome, '#616161')}'><b>{u.serial}</b> "
                     f"{outcome_words(u.outcome)}</span>" for u in list(shift.last)[:SHOWN]]
            self.last.setText(self.tr("Last:") + " " + "  ".join(parts))
        else:
            self.last.setText("")
        script = shift.script
        if script is None:
            self.script.setText("")
        else:
            self.script.setText(self.tr("Script %1 %2 · limits %3")
                                .replace("%1", script.name).replace("%2", script.version)
                                .replace("%3", script.limits_sha256[:8] or "—"))
            self.script.setToolTip(f"script sha256 {script.sha256}\nlimits sha256 {script.limits_sha256}")

    def show_script(self, name: str, version: str, limits_sha256: str) -> None:
        """Before the first run: what the station has loaded (from the runner)."""
        self.script.setText(self.tr("Script %1 %2 · limits %3").replace("%1", name).replace("%2", version)
                            .replace("%3", limits_sha256[:8] or "—"))
