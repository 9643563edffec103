"""Provisioning on a real line: the Qt flasher shows the slot's BlinkUp on the station's screen.

The flow calls :meth:`ScreenProvisioner.flash` from a slot's worker thread; the flasher must live
on the GUI thread, so the request crosses over by a queued signal and the worker waits for the
flasher's ``finished`` or ``failed``. The screen is one: transmissions take turns, each in its
slot's region (the unit under slot N watches region N), and an abort stops the one on screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from station.blinkup import BlinkUpPayload, get_mode
from station.flow.unit import ProvisioningError
from station.runner.runner import AbortSignal
from station.ui.flasher import Flasher, FlashRecord

FlashWatcher = Callable[[int, FlashRecord], None]


class _Request:
    def __init__(self, slot: int, pixels: list[float]) -> None:
        self.slot = slot
        self.pixels = pixels
        self.done = threading.Event()
        self.record: FlashRecord | None = None
        self.error = ""
        self.flasher: Flasher | None = None


class ScreenProvisioner(QObject):
    """A :class:`~station.flow.unit.Provisioner` that flashes on this computer's screen."""

    _show = Signal(object)
    _stop = Signal(object)

    def __init__(self, slots: int, *, mode: str = "fast", fps: float = 60.0, countdown_s: float = 3.0,
                 full_screen: bool = True, watcher: FlashWatcher | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.slots = slots
        self.mode = mode
        self.fps = fps
        self.countdown_s = countdown_s
        self.full_screen = full_screen
        self.watcher = watcher
        self._screen = threading.Lock()
        self._show.connect(self._on_show, Qt.ConnectionType.QueuedConnection)
        self._stop.connect(self._on_stop, Qt.ConnectionType.QueuedConnection)

    def flash(self, slot: int, payload: BlinkUpPayload, abort: AbortSignal) -> None:
        codec = get_mode(self.mode)
        request = _Request(slot, codec.pixel_values(codec.encode(payload)))
        with self._screen:
            self._show.emit(request)
            while not request.done.wait(0.1):
                if abort.is_set():
                    self._stop.emit(request)
                    request.done.wait(5.0)
                    raise ProvisioningError(f"BlinkUp stopped: {abort.reason}")
        if request.error or request.record is None:
            raise ProvisioningError(f"BlinkUp on screen failed: {request.error or 'no frames recorded'}")
        if self.watcher is not None:
            self.watcher(slot, request.record)

    # -- GUI thread ----------------------------------------------------------------------------
    @Slot(object)
    def _on_show(self, request: _Request) -> None:
        blank = [0.0] * len(request.pixels)
        sequences = [request.pixels if n == request.slot else blank for n in range(1, self.slots + 1)]
        flasher = Flasher(sequences, fps=self.fps, countdown_s=self.countdown_s)
        request.flasher = flasher

        def finished(record: Any) -> None:
            request.record = record
            self._close(request)

        def failed(reason: str) -> None:
            request.error = reason
            self._close(request)

        flasher.finished.connect(finished)
        flasher.failed.connect(failed)
        if self.full_screen:
            flasher.showFullScreen()
        else:
            flasher.resize(800, 480)
            flasher.show()
        flasher.start()

    @Slot(object)
    def _on_stop(self, request: _Request) -> None:
        request.error = request.error or "stopped"
        self._close(request)

    def _close(self, request: _Request) -> None:
        """Called from inside the flasher's own signal (its window is mid-event): dispose of it later."""
        flasher, request.flasher = request.flasher, None
        if flasher is not None:
            QTimer.singleShot(0, flasher.close)
            QTimer.singleShot(0, flasher.deleteLater)
        request.done.set()
