"""Steps run on a worker thread; the calling thread watches the clock and the abort button.

Handing every step to a thread and back costs two context switches — more than a short step
itself. So the whole sequence of steps runs on one worker thread, which tells the watch which
step is in flight and its deadline; the calling thread sleeps until the sequence ends, the
deadline passes, or the run is aborted. Python cannot kill a thread: a step that overruns is
*abandoned* — its context is closed (so nothing it does later reaches the record), the runner
records the timeout and carries on with teardown on a fresh thread, and the stuck daemon thread
unwinds silently whenever its step returns.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

WAKE_INTERVAL_S = 0.1
"""How often an idle watch looks at the abort flag; a step's deadline wakes it exactly."""


class AbortFlag(Protocol):
    def is_set(self) -> bool: ...


class Abandoned(BaseException):
    """Raised on an abandoned worker thread to unwind it (BaseException: no script catches it)."""


@dataclass(frozen=True, slots=True)
class Overrun:
    """The step in flight overran its deadline (or the run was aborted during it)."""

    token: Any
    aborted: bool


@dataclass(frozen=True, slots=True)
class _InFlight:
    deadline: float
    token: Any
    on_abandon: Callable[[], None]


class Watch:
    """One sequence of steps on one worker thread, under watch."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._in_flight: _InFlight | None = None
        self._abandoned = False
        self._result: Any = None
        self._error: BaseException | None = None

    def run(self, sequence: Callable[[Watch], Any], abort: AbortFlag | None) -> Any:
        """Run ``sequence(self)`` on a worker; return its result, raise its error, or an Overrun."""
        threading.Thread(target=self._work, args=(sequence,), name=self._name, daemon=True).start()
        while True:
            in_flight = self._in_flight
            timeout = WAKE_INTERVAL_S
            if in_flight is not None:
                timeout = max(0.0, min(timeout, in_flight.deadline - time.monotonic()))
            if self._done.wait(timeout):
                if self._error is not None:
                    raise self._error
                return self._result
            with self._lock:
                in_flight = self._in_flight
                if self._done.is_set() or in_flight is None:
                    continue
                aborted = abort is not None and abort.is_set()
                if aborted or time.monotonic() >= in_flight.deadline:
                    self._abandoned = True
                    in_flight.on_abandon()
                    return Overrun(in_flight.token, aborted)

    def call(self, fn: Callable[..., Any], kwargs: dict[str, Any], timeout_s: float, token: Any,
             on_abandon: Callable[[], None]) -> BaseException | None:
        """On the worker: run one step function under its deadline; returns what it raised, if anything."""
        with self._lock:
            if self._abandoned:
                raise Abandoned
            self._in_flight = _InFlight(time.monotonic() + timeout_s, token, on_abandon)
        error: BaseException | None = None
        try:
            fn(**kwargs)
        except Exception as exc:
            error = exc
        except BaseException as exc:  # SystemExit from a script is a script error, not our exit
            if isinstance(exc, Abandoned):
                raise
            error = exc
        with self._lock:
            if self._abandoned:
                raise Abandoned
            self._in_flight = None
        return error

    def _work(self, sequence: Callable[[Watch], Any]) -> None:
        try:
            self._result = sequence(self)
        except Abandoned:
            return
        except BaseException as exc:  # noqa: BLE001 - handed to the watching thread
            self._error = exc
        with self._lock:
            if not self._abandoned:
                self._done.set()
