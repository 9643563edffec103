"""Every slot flashes at once: one window, one region per slot, one repaint (one buffer swap) per refresh.

The single-transmission :class:`~station.ui.flasher.Flasher` made slots take turns at the screen:
with 4 slots and BlinkUp-JS (about 15 s a unit) the screen alone capped a station near 240 units an
hour. Here each region runs its own transmission — its own countdown, symbol index, dropped-refresh
restarts and record — and every presented frame advances all of them together, so a frame shows
each region's own next symbol. A region whose transmission finishes, fails or is stopped goes black
while the others carry on.

Pacing comes from the display, as in :class:`Flasher`: each ``UpdateRequest`` the window receives
(delivered by Qt in step with the display's refresh where the platform supports it) is one
presented frame; tests may call :meth:`SlotFlasher.frame_presented` with an injected clock.
A refresh that comes more than 1.5 periods late restarts each region that was flashing, from its
first symbol (after ``max_restarts`` that region fails with the reason), exactly as before.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

from station.ui.flasher import FlashRecord

FrameHook = Callable[[float], None]


@dataclass
class _Transmission:
    """One region's flash: what it shows and where it got to."""

    pixels: list[float]
    countdown_s: float
    started: float
    state: str = "countdown"  # countdown → flashing → done | failed | stopped
    index: int = 0
    last: float | None = None
    last_ok: float = 0.0
    record: FlashRecord = field(default_factory=FlashRecord)

    def value(self) -> float:
        if self.state != "flashing" or self.index >= len(self.pixels):
            return 0.0
        return self.pixels[self.index]


class SlotFlasher(QWidget):
    """N side-by-side regions, each flashing its own slot's BlinkUp independently, in the same frames."""

    finished = Signal(int, object)  # slot, FlashRecord
    failed = Signal(int, str)  # slot, reason

    def __init__(self, regions: int, *, fps: float = 60.0, clock: Callable[[], float] = time.monotonic,
                 max_restarts: int = 2, drive_by_display: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if regions < 1:
            raise ValueError("the flasher needs at least one region")
        self.count = regions
        self.period = 1.0 / fps
        self.max_restarts = max_restarts
        self._clock = clock
        self._drive = drive_by_display
        self._tx: dict[int, _Transmission] = {}
        self.frame_hooks: list[FrameHook] = []  #: called with the time of each presented frame (capture, tests)
        self.frames = 0
        self.setAutoFillBackground(False)
        self.setWindowTitle("BlinkUp")

    # ------------------------------------------------------------------ control
    def flash(self, slot: int, pixels: Sequence[float], *, countdown_s: float = 3.0) -> None:
        """Start ``slot``'s transmission in its region (1-based); a running one there is replaced."""
        if not 1 <= slot <= self.count:
            raise ValueError(f"slot {slot} has no region (1–{self.count})")
        if not pixels:
            raise ValueError("nothing to flash")
        self._tx[slot] = _Transmission(list(pixels), countdown_s, self._clock())
        self.update()
        self._request_next()

    def stop(self, slot: int, reason: str = "stopped") -> None:
        """End ``slot``'s transmission now; its region goes black, the others are not touched."""
        tx = self._tx.get(slot)
        if tx is not None and tx.state in ("countdown", "flashing"):
            tx.state = "stopped"
            self.update()
            self.failed.emit(slot, reason)

    def active(self) -> list[int]:
        return [slot for slot, tx in self._tx.items() if tx.state in ("countdown", "flashing")]

    def state(self, slot: int) -> str:
        tx = self._tx.get(slot)
        return "idle" if tx is None else tx.state

    def current_values(self) -> list[float]:
        """The pixel value each region shows now (black when it is not flashing)."""
        return [self._tx[s].value() if s in self._tx else 0.0 for s in range(1, self.count + 1)]

    # ------------------------------------------------------------------ one presented frame
    def frame_presented(self) -> None:
        """A frame has reached the screen: every flashing region records what it showed and moves on."""
        now = self._clock()
        self.frames += 1
        for hook in self.frame_hooks:
            hook(now)
        shown = self.current_values()  # what this frame showed, in every region, before anyone advances
        ended: list[tuple[int, FlashRecord | str]] = []
        for slot, tx in self._tx.items():
            if tx.state == "countdown":
                if now - tx.started >= tx.countdown_s:
                    tx.state, tx.index, tx.last = "flashing", 0, None
            elif tx.state == "flashing":
                outcome = self._advance(tx, now, shown)
                if outcome is not None:
                    ended.append((slot, outcome))
        self.update()
        for slot, outcome in ended:  # signals last: a receiver may start a new flash in this region
            if isinstance(outcome, str):
                self.failed.emit(slot, outcome)
            else:
                self.finished.emit(slot, outcome)
        self._request_next()

    def _advance(self, tx: _Transmission, now: float, shown: list[float]) -> FlashRecord | str | None:
        if tx.last is not None and now - tx.last > 1.5 * self.period:
            tx.record.dropped_at.append(len(tx.record.times))
            if tx.record.restarts >= self.max_restarts:
                tx.state = "failed"
                return (f"the display missed a refresh ({(now - tx.last_ok) * 1000:.1f} ms between frames, "
                        f"expected {self.period * 1000:.1f} ms) {tx.record.restarts + 1} times; close other "
                        "programs, disable the compositor or use a steadier screen")
            tx.record.restarts += 1
            tx.record.times.clear()
            tx.record.values.clear()
            tx.index, tx.last = 0, None
            return None
        tx.record.times.append(now)
        tx.record.values.append(list(shown))
        tx.last = tx.last_ok = now
        tx.index += 1
        if tx.index < len(tx.pixels):
            return None
        tx.record.times.append(now + self.period)  # end of the last frame
        tx.record.values.append([0.0] * self.count)
        tx.state = "done"
        return tx.record

    # ------------------------------------------------------------------ display-driven pacing
    def _request_next(self) -> None:
        if self._drive and self.active() and self.windowHandle() is not None:
            self.windowHandle().requestUpdate()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._drive and self.windowHandle() is not None:
            self.windowHandle().installEventFilter(self)
            self._request_next()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.UpdateRequest and self.active():
            self.frame_presented()
        return False

    # ------------------------------------------------------------------ painting
    def regions(self) -> list[QRect]:
        """N equal side-by-side rectangles; region N is the one the unit in slot N watches."""
        w = self.width() // self.count
        return [QRect(i * w, 0, w if i < self.count - 1 else self.width() - i * w, self.height())
                for i in range(self.count)]

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        """All regions in one paint: one buffer swap shows every slot's next symbol in the same frame."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        now = self._clock()
        for slot, rect in enumerate(self.regions(), start=1):
            tx = self._tx.get(slot)
            if tx is None:
                continue
            if tx.state == "flashing":
                v = max(0, min(255, round(tx.value() * 255)))
                painter.fillRect(rect, QColor(v, v, v))
            elif tx.state == "countdown":
                painter.setPen(QColor("#806000"))  # dim: the unit's sensor waits for the preamble anyway
                font = QFont(self.font())
                font.setPointSize(max(10, min(rect.width(), rect.height()) // 6))
                painter.setFont(font)
                left = max(1, int(tx.countdown_s - (now - tx.started)) + 1)
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"slot {slot}\n{left}")
        painter.end()
