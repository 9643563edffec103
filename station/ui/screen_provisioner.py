"""Provisioning on a real line: every slot's BlinkUp flashes at once, each in its region of one window.

The flow calls :meth:`ScreenProvisioner.flash` from a slot's worker thread; the flasher lives on
the GUI thread, so the request crosses over by a queued signal and the worker waits for its slot's
``finished`` or ``failed``. One :class:`~station.ui.slot_flasher.SlotFlasher` window serves every
slot: the unit under slot N watches region N, and slots no longer take turns at the screen — a
second slot's flash starts in its own region while the first one is still flashing. An abort stops
only its own slot's region.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from station.blinkup import BlinkUpPayload, get_mode
from station.flow.unit import ProvisioningError
from station.runner.runner import AbortSignal
from station.ui.flasher import FlashRecord
from station.ui.slot_flasher import SlotFlasher

FlashWatcher = Callable[[int, FlashRecord], None]


class _Request:
    def __init__(self, slot: int, pixels: list[float]) -> None:
        self.slot = slot
        self.pixels = pixels
        self.done = threading.Event()
        self.record: FlashRecord | None = None
        self.error = ""


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
        self.flasher: SlotFlasher | None = None
        self._requests: dict[int, _Request] = {}
        self._show.connect(self._on_show, Qt.ConnectionType.QueuedConnection)
        self._stop.connect(self._on_stop, Qt.ConnectionType.QueuedConnection)

    def flash(self, slot: int, payload: BlinkUpPayload, abort: AbortSignal) -> None:
        codec = get_mode(self.mode)
        request = _Request(slot, codec.pixel_values(codec.encode(payload)))
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
    def _window(self) -> SlotFlasher:
        if self.flasher is None:
            self.flasher = SlotFlasher(self.slots, fps=self.fps)
            self.flasher.finished.connect(self._on_finished)
            self.flasher.failed.connect(self._on_failed)
        if not self.flasher.isVisible():
            if self.full_screen:
                self.flasher.showFullScreen()
            else:
                self.flasher.resize(200 * self.slots, 240)
                self.flasher.show()
        return self.flasher

    @Slot(object)
    def _on_show(self, request: _Request) -> None:
        previous = self._requests.get(request.slot)
        if previous is not None and not previous.done.is_set():  # the flow never does this; be safe anyway
            previous.error = "replaced by a new flash in the same slot"
            previous.done.set()
        self._requests[request.slot] = request
        try:
            self._window().flash(request.slot, request.pixels, countdown_s=self.countdown_s)
        except ValueError as exc:
            request.error = str(exc)
            request.done.set()

    @Slot(object)
    def _on_stop(self, request: _Request) -> None:
        if self._requests.get(request.slot) is request and self.flasher is not None:
            self.flasher.stop(request.slot, "stopped")
        request.error = request.error or "stopped"
        request.done.set()

    def _on_finished(self, slot: int, record: object) -> None:
        request = self._requests.pop(slot, None)
        if request is not None:
            request.record = record if isinstance(record, FlashRecord) else None
            request.done.set()
        QTimer.singleShot(0, self._hide_if_idle)

    def _on_failed(self, slot: int, reason: str) -> None:
        request = self._requests.pop(slot, None)
        if request is not None:
            request.error = request.error or reason
            request.done.set()
        QTimer.singleShot(0, self._hide_if_idle)

    def _hide_if_idle(self) -> None:
        """No slot flashing: give the screen back to the operator window (it reappears on the next flash)."""
        if self.flasher is not None and not self.flasher.active():
            self.flasher.hide()

    def close(self) -> None:
        """Close the flasher window (the station stops)."""
        if self.flasher is not None:
            self.flasher.close()
            self.flasher.deleteLater()
            self.flasher = None
