"""The BlinkUp flasher: one symbol per displayed frame, full screen or in N regions.

Pacing comes from the display, never from a timer: each time a frame has been presented the
flasher records its timestamp and paints the next symbol (``frame_presented``). On a real station
that call is driven by the window's update requests, which Qt delivers in step with vsync where the
platform supports it (reference/peripherals.md §5); tests drive it with an injected clock.

A frame that arrives more than 1.5 periods after the previous one means the screen missed a
refresh: the transmission restarts from its first symbol (after ``max_restarts`` it fails with the
reason). Before flashing, a 3-second countdown shows the photosensitivity warning of the
impCentral guide. What was shown is kept in :attr:`Flasher.record` for the simulated light sensor.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

#: From the impCentral user guide (shared/seeds/impcentral-user-guide.txt, "Performing BlinkUp").
PHOTOSENSITIVITY_WARNING = (
    "Always run a BlinkUp with the screen facing away from you and towards the device being configured, "
    "especially if you suffer from a medical condition that makes you susceptible to strobing light."
)


@dataclass
class FlashRecord:
    """Per displayed frame: when it was presented (s) and the pixel value shown in each region."""

    times: list[float] = field(default_factory=list)
    values: list[list[float]] = field(default_factory=list)
    restarts: int = 0
    dropped_at: list[int] = field(default_factory=list)  #: frame indices where a refresh was missed

    def region(self, index: int) -> tuple[list[float], list[float]]:
        """(times, pixel values) of one region, for the simulated light sensor."""
        return list(self.times), [v[index] for v in self.values]


class Flasher(QWidget):
    """Shows ``sequences`` (pixel values 0–1, one list per region) one value per presented frame."""

    countdown_tick = Signal(int)  # seconds left
    finished = Signal(object)  # FlashRecord
    failed = Signal(str)

    def __init__(
        self,
        sequences: Sequence[Sequence[float]],
        *,
        fps: float = 60.0,
        countdown_s: float = 3.0,
        clock: Callable[[], float] = time.monotonic,
        max_restarts: int = 2,
        drive_by_display: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if not sequences or any(len(s) == 0 for s in sequences):
            raise ValueError("the flasher needs at least one non-empty symbol sequence")
        self._sequences = [list(s) for s in sequences]
        self._length = max(len(s) for s in self._sequences)
        self.period = 1.0 / fps
        self.countdown_s = countdown_s
        self._clock = clock
        self.max_restarts = max_restarts
        self._drive = drive_by_display
        self.record = FlashRecord()
        self.state = "idle"  # idle → countdown → flashing → done | failed
        self._countdown_start = 0.0
        self._index = 0
        self._last: float | None = None
        self._seconds_left = 0
        self._last_ok = 0.0
        self.setAutoFillBackground(False)
        self.setWindowTitle("BlinkUp")

    # ------------------------------------------------------------------ control
    def start(self) -> None:
        """Begin the countdown; frames then come from the display (or from ``frame_presented`` calls)."""
        self.state = "countdown"
        self._countdown_start = self._clock()
        self._seconds_left = int(round(self.countdown_s))
        self._last = None
        self.update()
        self._request_next()

    def current_values(self) -> list[float]:
        """The pixel value each region shows now (black outside the flash)."""
        if self.state != "flashing":
            return [0.0] * len(self._sequences)
        return [s[self._index] if self._index < len(s) else 0.0 for s in self._sequences]

    def frame_presented(self) -> None:
        """One frame has reached the screen: record it, check the pacing, move to the next symbol."""
        now = self._clock()
        if self.state == "countdown":
            left = self.countdown_s - (now - self._countdown_start)
            if left <= 0:
                self.state = "flashing"
                self._index = 0
                self._last = None
            elif int(left) + 1 != self._seconds_left:
                self._seconds_left = int(left) + 1
                self.countdown_tick.emit(self._seconds_left)
        elif self.state == "flashing":
            # The frame that was just presented showed symbol _index.
            if self._last is not None and now - self._last > 1.5 * self.period:
                self.record.dropped_at.append(len(self.record.times))
                self._last = None
                if self.record.restarts >= self.max_restarts:
                    self._fail(
                        f"the display missed a refresh ({(now - self._last_ok) * 1000:.1f} ms between frames, "
                        f"expected {self.period * 1000:.1f} ms) {self.record.restarts + 1} times; "
                        "close other programs, disable the compositor or use a steadier screen"
                    )
                    return
                self.record.restarts += 1
                self.record.times.clear()
                self.record.values.clear()
                self._index = 0
                self.update()
                self._request_next()
                return
            self.record.times.append(now)
            self.record.values.append(self.current_values())
            self._last = self._last_ok = now
            self._index += 1
            if self._index >= self._length:
                self.record.times.append(now + self.period)  # end of the last frame
                self.record.values.append([0.0] * len(self._sequences))
                self.state = "done"
                self.update()
                self.finished.emit(self.record)
                return
        else:
            return
        self.update()
        self._request_next()

    def _fail(self, reason: str) -> None:
        self.state = "failed"
        self.update()
        self.failed.emit(reason)

    # ------------------------------------------------------------------ display-driven pacing
    def _request_next(self) -> None:
        if self._drive and self.windowHandle() is not None:
            self.windowHandle().requestUpdate()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._drive and self.windowHandle() is not None:
            self.windowHandle().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.UpdateRequest and self.state in ("countdown", "flashing"):
            self.frame_presented()
        return False

    # ------------------------------------------------------------------ painting
    def regions(self) -> list[QRect]:
        """N equal side-by-side rectangles, one per DUT."""
        n = len(self._sequences)
        w = self.width() // n
        return [QRect(i * w, 0, w if i < n - 1 else self.width() - i * w, self.height()) for i in range(n)]

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        if self.state == "flashing":
            for rect, value in zip(self.regions(), self.current_values(), strict=True):
                v = max(0, min(255, round(value * 255)))
                painter.fillRect(rect, QColor(v, v, v))
        elif self.state in ("countdown", "idle", "failed"):
            painter.setPen(QColor("white"))
            big = QFont(self.font())
            big.setPointSize(max(12, self.height() // 8))
            painter.setFont(big)
            text = {"countdown": str(self._seconds_left), "idle": "BlinkUp", "failed": "BlinkUp failed"}[self.state]
            painter.drawText(self.rect().adjusted(0, 0, 0, -self.height() // 3), Qt.AlignmentFlag.AlignCenter, text)
            small = QFont(self.font())
            small.setPointSize(max(9, self.height() // 40))
            painter.setFont(small)
            painter.setPen(QColor("#ffcc00"))
            box = self.rect().adjusted(self.width() // 10, self.height() // 2, -self.width() // 10, -20)
            painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap,
                             "⚠ " + PHOTOSENSITIVITY_WARNING)
        painter.end()
