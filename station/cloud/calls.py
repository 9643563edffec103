"""Routing recorded cloud calls to the run that made them.

A backend (and its HTTP session, its serial-number cache, its synced product) is shared by every slot
of a station, but each cloud call belongs in the record of the run whose thread made it. The backend's
client reports every call to one :class:`CallRouter`; a slot binds its run's recorder for as long as
it works on that run.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator

from station.records import CloudCall


class CallRouter:
    def __init__(self) -> None:
        self._local = threading.local()

    def __call__(self, call: CloudCall) -> None:
        recorder: Callable[[CloudCall], None] | None = getattr(self._local, "recorder", None)
        if recorder is not None:
            recorder(call)

    @contextlib.contextmanager
    def bind(self, recorder: Callable[[CloudCall], None]) -> Iterator[None]:
        """Calls made by this thread inside the block go to ``recorder``."""
        previous = getattr(self._local, "recorder", None)
        self._local.recorder = recorder
        try:
            yield
        finally:
            self._local.recorder = previous
