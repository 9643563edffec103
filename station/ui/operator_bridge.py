"""From the station's threads to the GUI thread, and back, without ever blocking the event loop.

Events are emitted on slot workers, the sync thread and the fixture reader. :class:`EventBridge`
subscribes to the bus and re-emits each event as a Qt signal with a queued connection, so the
window sees them on the GUI thread in emission order. :class:`ActionRunner` goes the other way:
what the operator does (a scan, a sign-in, an answer) is handed to one worker thread, in order,
because a station call may write to the store or reach the cloud; its result or its error comes
back as a signal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from station.errors import StationError
from station.events import Event, EventBus


class EventBridge(QObject):
    """Re-emits every bus event as :attr:`event` on the thread this object lives in (the GUI's)."""

    event = Signal(object)
    _forward = Signal(object)

    def __init__(self, bus: EventBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bus = bus
        self._closed = False
        self._forward.connect(self.event.emit, Qt.ConnectionType.QueuedConnection)
        bus.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        if not self._closed:  # emitting on a worker thread: Qt queues it to the GUI thread
            self._forward.emit(event)

    def close(self) -> None:
        self._closed = True
        self.bus.unsubscribe(self._on_event)


class ActionRunner(QObject):
    """Runs station calls one at a time, in order, off the GUI thread.

    ``done(tag, result)`` or ``failed(tag, message)`` reports back on the GUI thread. Only a
    :class:`StationError` is an expected failure (its message is for the operator); anything else
    is reported with its type so a bug is visible rather than silent.
    """

    done = Signal(str, object)
    failed = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="operator-action")
        self._pending = 0
        self._lock = threading.Lock()

    def submit(self, tag: str, fn: Callable[..., Any], *args: Any) -> None:
        with self._lock:
            self._pending += 1
        self._pool.submit(self._call, tag, fn, args)

    def _call(self, tag: str, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        try:
            result = fn(*args)
        except StationError as exc:
            self.failed.emit(tag, str(exc))
        except Exception as exc:  # noqa: BLE001 - a fault in an action must reach the screen, not kill the worker
            self.failed.emit(tag, f"{type(exc).__name__}: {exc}")
        else:
            self.done.emit(tag, result)
        finally:
            with self._lock:
                self._pending -= 1

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._pending > 0

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=False)
