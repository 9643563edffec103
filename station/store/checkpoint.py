"""SQLite WAL checkpoints between runs, off the runner's critical path.

In WAL mode a commit only appends to the log; the expensive part — copying the log into the
database file and fsync-ing it — is the *checkpoint*, which SQLite by default runs inside
whichever commit happens to cross 1000 log pages, i.e. in the middle of some DUT's test. The
station instead raises that threshold (a safety cap, never reached by a normal run) and asks a
background thread to checkpoint when a run finishes, while the operator swaps units. Durability
is unchanged: every step is committed to the log as before, and a killed process loses nothing.
"""

from __future__ import annotations

import threading

from sqlalchemy import Engine, text

AUTOCHECKPOINT_PAGES = 16384
"""Safety cap (64 MiB of log at 4 KiB pages): a checkpoint is forced inside a commit only beyond this."""


class Checkpointer:
    """A daemon thread that runs ``PRAGMA wal_checkpoint(PASSIVE)`` whenever poked."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._wake = threading.Event()
        self._stop = False
        self._thread = threading.Thread(target=self._loop, name="sqlite-checkpoint", daemon=True)
        self._thread.start()

    def poke(self) -> None:
        self._wake.set()

    def close(self, timeout: float = 10.0) -> None:
        """Checkpoint once more and stop (so a closed store leaves a small log behind)."""
        self._stop = True
        self._wake.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            try:
                with self._engine.connect() as conn:
                    conn.execute(text("PRAGMA wal_checkpoint(PASSIVE)"))
            except Exception:  # noqa: BLE001 - a missed checkpoint is retried at the next poke or by SQLite
                pass
            if self._stop:
                return
