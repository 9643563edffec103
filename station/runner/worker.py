"""A step worker: runs step functions on a thread of their own so the runner can enforce timeouts.

One long-lived thread per run (not one per step — thread start-up would dominate short steps).
Python cannot kill a thread, so a step that overruns its timeout is *abandoned*: the runner
stops waiting, marks the worker dead and starts a fresh one for the teardown steps. The stuck
thread is a daemon and its context refuses every later call, so it cannot touch the record.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any


class Job:
    __slots__ = ("fn", "done", "result", "error")

    def __init__(self, fn: Callable[[], Any]) -> None:
        self.fn = fn
        self.done = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None


class StepWorker:
    def __init__(self, name: str = "step-worker") -> None:
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[[], Any]) -> Job:
        job = Job(fn)
        self._jobs.put(job)
        return job

    def stop(self) -> None:
        """Ask the thread to exit after its current job (returns at once)."""
        self._jobs.put(None)

    def _loop(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                job.result = job.fn()
            except BaseException as exc:  # noqa: BLE001 - every failure must reach the runner
                job.error = exc
            finally:
                job.done.set()
