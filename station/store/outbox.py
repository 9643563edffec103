"""The outbox: finished runs and audit events go from the station's database to the central one,
in order, exactly once, and resume by themselves after an outage.

The station writes locally first (a network fault never stops the line); triggers and the audit
queue each finished run and each audit event in the ``outbox`` table, in the order they
happened. :class:`Replicator` sends them in batches. Exactly once rests on one rule: the
central database records each received item in ``central_ingest`` (unique per source and seq)
*in the same transaction* as the rows themselves, and the replicator asks the central database
where it got to before every batch. A batch whose commit reached the server but whose answer
was lost is therefore never applied twice, and one that did not commit is sent again.
Runs are also upserted by run id, so even a re-sent run replaces itself rather than doubling.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from station.errors import StationError
from station.store import models
from station.store.audit import Audit, put_head
from station.store.central import open_central

_CHILD_TABLES = (
    models.logs_table, models.attachments_table, models.cloud_calls_table,
    models.label_jobs_table, models.bless_intents_table, models.blessings_table,
)
_runs = models.runs_table
_steps = models.steps_table
_measurements = models.measurements_table
_audit = models.AuditEvent.__table__
_outbox = models.OutboxRow.__table__
_ingest = models.CentralIngest.__table__


class CentralUnavailable(StationError):
    """The central database cannot be reached now; the outbox keeps everything and tries again."""


@dataclass(frozen=True, slots=True)
class PushResult:
    sent: int
    pending: int


class Replicator:
    """Sends one station database's outbox to a central database (PostgreSQL in production)."""

    def __init__(self, local: Any, central_url: str, *, batch: int = 100, source: str | None = None) -> None:
        self.local: Engine = getattr(local, "engine", local)
        self.central_url = central_url
        self.batch = batch
        self.source = source or Audit(self.local).source
        self._central: Engine | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.last_error: str | None = None
        self.sent_total = 0

    # -- one batch --------------------------------------------------------------------------------
    def _engine(self) -> Engine:
        if self._central is None:
            try:
                self._central = open_central(self.central_url)
            except StationError as exc:
                raise CentralUnavailable(f"central database unavailable: {exc}") from None
        return self._central

    def pending(self) -> int:
        with self.local.connect() as conn:
            return int(conn.execute(text("SELECT COUNT(*) FROM outbox")).scalar() or 0)

    def push_once(self) -> PushResult:
        """Send up to one batch; raises :class:`CentralUnavailable` when the central database is away."""
        try:
            central = self._engine()
            with central.begin() as cconn:
                cursor = int(cconn.execute(
                    text("SELECT COALESCE(MAX(seq), 0) FROM central_ingest WHERE source = :s"), {"s": self.source}
                ).scalar() or 0)
                with self.local.connect() as lconn:
                    items = lconn.execute(
                        select(_outbox.c.seq, _outbox.c.kind, _outbox.c.key)
                        .where(_outbox.c.seq > cursor).order_by(_outbox.c.seq).limit(self.batch)
                    ).all()
                    now = time.time()
                    for seq, kind, key in items:
                        if kind == "run":
                            _copy_run(lconn, cconn, key)
                        elif kind == "audit":
                            _copy_audit(lconn, cconn, key)
                        cconn.execute(insert(_ingest).values(source=self.source, seq=seq, kind=kind, key=key,
                                                             received_at=now))
        except DBAPIError as exc:
            self._reset()
            raise CentralUnavailable(f"central database unavailable: {_first_line(exc)}") from None
        except SQLAlchemyError as exc:
            self._reset()
            raise CentralUnavailable(f"replicating to the central database failed: {_first_line(exc)}") from None
        done_to = items[-1][0] if items else cursor
        with self.local.begin() as lconn:  # the central side has them for good: trim the local queue
            lconn.execute(delete(_outbox).where(_outbox.c.seq <= done_to))
        self.sent_total += len(items)
        self.last_error = None
        return PushResult(sent=len(items), pending=self.pending())

    def drain(self, timeout_s: float = 60.0) -> int:
        """Push until the outbox is empty (for the CLI and tests); returns how many were sent."""
        deadline = time.monotonic() + timeout_s
        sent = 0
        while True:
            result = self.push_once()
            sent += result.sent
            if result.pending == 0:
                return sent
            if time.monotonic() > deadline:
                raise CentralUnavailable(f"outbox not drained within {timeout_s:.0f} s ({result.pending} pending)")

    def _reset(self) -> None:
        if self._central is not None:
            self._central.dispose()

    # -- background -------------------------------------------------------------------------------
    def start(self, *, interval_s: float = 1.0, max_backoff_s: float = 30.0) -> None:
        """Replicate in a daemon thread until :meth:`stop`; outages back off and resume by themselves."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, args=(interval_s, max_backoff_s), name="outbox",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def close(self) -> None:
        self.stop()
        if self._central is not None:
            self._central.dispose()

    def _loop(self, interval_s: float, max_backoff_s: float) -> None:
        backoff = interval_s
        while not self._stop.is_set():
            try:
                result = self.push_once()
            except StationError as exc:
                self.last_error = str(exc)
                self._stop.wait(backoff)
                backoff = min(max_backoff_s, backoff * 2)
                continue
            backoff = interval_s
            if result.pending == 0:
                self._stop.wait(interval_s)


def _first_line(exc: Exception) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__


def _copy_run(lconn: Connection, cconn: Connection, run_id: str) -> None:
    """Upsert one finished run with all its rows (replace by run id: re-sending is harmless)."""
    run = lconn.execute(select(_runs).where(_runs.c.id == run_id)).mappings().first()
    if run is None:  # purged locally before it could be sent; the ingest log still records the item
        return
    cconn.execute(delete(_runs).where(_runs.c.id == run_id))  # children go by ON DELETE CASCADE
    cconn.execute(insert(_runs).values(**run))
    step_map: dict[int, int] = {}
    for step in lconn.execute(select(_steps).where(_steps.c.run_id == run_id).order_by(_steps.c.id)).mappings():
        values = {k: v for k, v in step.items() if k != "id"}
        step_map[step["id"]] = cconn.execute(insert(_steps).values(**values).returning(_steps.c.id)).scalar_one()
    rows = [
        {**{k: v for k, v in m.items() if k != "id"}, "step_id": step_map[m["step_id"]]}
        for m in lconn.execute(select(_measurements).where(_measurements.c.run_id == run_id)
                               .order_by(_measurements.c.id)).mappings()
    ]
    if rows:
        cconn.execute(insert(_measurements), rows)
    for table in _CHILD_TABLES:
        order = table.c.id if "id" in table.c else table.c.run_id  # one row per run: bless intent, blessing
        rows = [{k: v for k, v in r.items() if k != "id"}
                for r in lconn.execute(select(table).where(table.c.run_id == run_id).order_by(order)).mappings()]
        if rows:
            cconn.execute(insert(table), rows)
    # the central trigger queued the arriving run in the central outbox; the central database sends nowhere
    cconn.execute(delete(_outbox).where(_outbox.c.kind == "run", _outbox.c.key == run_id))


def _copy_audit(lconn: Connection, cconn: Connection, key: str) -> None:
    source, _, seq = key.rpartition(":")
    row = lconn.execute(select(_audit).where(_audit.c.source == source, _audit.c.seq == int(seq))).mappings().first()
    if row is None:
        return
    values = {k: v for k, v in row.items() if k != "id"}
    exists = cconn.execute(select(_audit.c.id).where(_audit.c.source == source, _audit.c.seq == int(seq))).first()
    if exists is None:
        cconn.execute(insert(_audit).values(**values))
        put_head(cconn, source, int(seq), str(values["hash"]))
