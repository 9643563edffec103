"""The periodic part of a target sync: sync now and every interval on a thread, and tell the station.

impCentral's :class:`~station.cloud.sync.TargetSync` and the other clouds' :class:`~station.cloud.
backend_sync.BackendSync` answer the same questions from different clouds; how often they ask, and whom
they tell after each sync, is one rule kept here.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from station.errors import StationError


class PeriodicSync:
    """``start()`` / ``stop()`` around a subclass's ``refresh()``, and the after-sync callbacks.

    ``on_change`` hears a sync that changed the targets (the station may need an acknowledgement);
    ``on_synced`` hears one that changed nothing — what the operator sees ("synced 3 s ago") must follow
    every sync, not only the ones that changed something."""

    thread_name = "cloud-target-sync"

    def __init__(self, on_change: Callable[[Any], None] | None = None) -> None:
        self.on_change = on_change
        self.on_synced: Callable[[Any], None] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def refresh(self) -> Any:  # pragma: no cover - every sync has its own
        raise NotImplementedError

    def _synced(self, change: Any | None, state: Any) -> None:
        """After a successful sync (outside the sync's lock): the change, or the fresh unchanged state."""
        if change is not None and self.on_change is not None:
            self.on_change(change)
        elif change is None and self.on_synced is not None:
            self.on_synced(state)

    def start(self, interval_s: float = 60.0) -> None:
        """Sync now (a cloud fault is kept by ``refresh``, not raised) and then every ``interval_s`` seconds."""
        if self._thread is not None:
            return
        self._stop.clear()

        def loop() -> None:
            while True:
                with contextlib.suppress(StationError):  # CloudError is a StationError
                    self.refresh()
                if self._stop.wait(interval_s):
                    return

        self._thread = threading.Thread(target=loop, name=self.thread_name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
