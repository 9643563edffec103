"""Persisting the event stream as it comes, so a crash loses at most the step in flight.

Rows are inserted as events arrive and committed at the boundaries that matter: the run's start,
every finished step, every cloud call and label job, the run's end. Statements are compiled
once per dialect (:mod:`station.store.prepared`), so a step commit is a few cursor calls.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from station.events import (
    AttachmentAdded,
    Blessed,
    BlessIntended,
    CloudCallRecorded,
    Event,
    IdentitySet,
    LabelJobRecorded,
    LogRecorded,
    RunFinished,
    RunStarted,
    StepFinished,
)
from station.store import models
from station.store.database import StoreError
from station.store.prepared import Prepared, prepared_insert, prepared_update
from station.testkit.record import MeasurementResult
from station.testkit.series import plain

_runs = models.runs_table
_steps = models.steps_table
_measurements = models.measurements_table
_logs = models.logs_table
_attachments = models.attachments_table
_cloud_calls = models.cloud_calls_table
_label_jobs = models.label_jobs_table
_stations = models.stations_table
_operators = models.operators_table
_bless_intents = models.bless_intents_table
_blessings = models.blessings_table

RUN_COLUMNS = (
    "id", "station", "slot", "operator", "serial", "device_id", "mac", "variant", "zone", "fixture_group",
    "dut_target", "production_target", "product", "script_name", "script_version", "script_path", "script_sha256",
    "limits_path", "limits_sha256", "started_at", "hostname", "pid",
)
STEP_COLUMNS = ("run_id", "idx", "name", "outcome", "started_at", "finished_at", "attempts", "error", "teardown",
                "group_path", "role", "subtests_json")
MEASUREMENT_COLUMNS = (
    "run_id", "step_id", "step_name", "name", "value_json", "value_num", "unit", "limits_json", "low", "high",
    "outcome", "marginal", "reason",
)


_PLAIN_NUMBERS = (int, float)


def to_json(value: Any) -> str:
    return json.dumps(plain(value), default=repr, ensure_ascii=False)


def value_json(value: Any) -> str:
    """JSON of a measured value, with a fast path for the common finite number (hot: once per value)."""
    if type(value) in _PLAIN_NUMBERS and value == value and value not in (float("inf"), float("-inf")):
        return repr(value)
    return to_json(value)


def numeric(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def measurement_row(run_id: str, step_id: int, step_name: str, m: MeasurementResult) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "step_id": step_id,
        "step_name": step_name,
        "name": m.name,
        "value_json": value_json(m.value),
        "value_num": numeric(m.value),
        "unit": m.unit,
        "limits_json": m.check.to_json(),
        "low": m.check.low,
        "high": m.check.high,
        "outcome": m.outcome.value,
        "marginal": m.marginal,
        "reason": m.reason,
    }


class _Statements:
    """Every statement the writer uses, compiled for one dialect."""

    def __init__(self, engine: Engine) -> None:
        d = engine.dialect
        self.run = prepared_insert(_runs, d, RUN_COLUMNS)
        self.step = prepared_insert(_steps, d, STEP_COLUMNS, returning="id")
        self.measurement = prepared_insert(_measurements, d, MEASUREMENT_COLUMNS)
        self.log = prepared_insert(_logs, d, ("run_id", "ts", "level", "step", "message"))
        self.attachment = prepared_insert(
            _attachments, d, ("run_id", "step", "name", "mimetype", "sha256", "size", "data")
        )
        self.cloud_call = prepared_insert(
            _cloud_calls, d, ("run_id", "ts", "method", "path", "status", "idempotency_key", "data_json")
        )
        self.label_job = prepared_insert(_label_jobs, d, ("run_id", "ts", "job_id", "status", "data_json"))
        self.bless_intent = prepared_insert(
            _bless_intents, d, ("run_id", "ts", "device_id", "fixture_group", "idempotency_key", "request_json")
        )
        self.blessing = prepared_insert(
            _blessings, d, ("run_id", "ts", "device_id", "production_group", "zone", "replayed")
        )
        self.identity = prepared_update(_runs, d, "id", ("device_id", "mac", "where_id"))
        self.finish = prepared_update(
            _runs, d, "id", ("outcome", "failure_code", "failure_reason", "finished_at", "where_id")
        )
        self.station_seen = prepared_update(_stations, d, "name", ("hostname", "last_seen", "where_name"))
        self.station_new = prepared_insert(_stations, d, ("name", "hostname", "first_seen", "last_seen"))
        self.operator_seen = prepared_update(_operators, d, "badge", ("last_seen", "where_badge"))
        self.operator_new = prepared_insert(_operators, d, ("badge", "name", "first_seen", "last_seen"))


BARRIER_EVENTS = (RunStarted, RunFinished, LabelJobRecorded, BlessIntended, Blessed)
"""Events whose emitter waits until they are committed: the run exists before the DUT is touched,
the run is complete when the runner returns, label jobs are never lost, a bless intent (the exact
request and its idempotency key) is stored before the call is made, and the bless result is stored
before the unit's label may reach a printer. Decided by the event's type, never by a field."""

MAX_BATCH = 1000


class RecordWriter:
    """An event-bus subscriber that writes runs into the database: write-behind with group commit.

    ``__call__`` queues the event and returns; a writer thread applies queued events in order and
    commits. When steps are slower than a commit (every real test) each step gets its own commit
    as soon as it finishes; when they come faster, the queued ones share one commit instead of
    making the runner wait (group commit). Barrier events (:data:`BARRIER_EVENTS`) wait until
    committed, and a write that failed is raised to the next emitter, so a run whose record
    cannot be saved ends as ERROR and never blesses a unit.
    """

    def __init__(self, engine: Engine, on_run_finished: Callable[[], None] | None = None) -> None:
        self._engine = engine
        self._on_run_finished = on_run_finished
        self._sql = _Statements(engine)
        self._dbapi: Any = None
        self._cond = threading.Condition()
        self._queue: deque[tuple[Any, Event]] = deque()
        self._submitted = 0
        self._written = 0
        self._failure: BaseException | None = None
        self._closing = False
        self._thread: threading.Thread | None = None

    def __call__(self, event: Event) -> None:
        handler = _HANDLERS.get(type(event))
        if handler is None:
            return
        with self._cond:
            self._raise_failure()
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="record-writer", daemon=True)
                self._thread.start()
            self._queue.append((handler, event))
            self._submitted += 1
            target = self._submitted
            self._cond.notify_all()
            if isinstance(event, BARRIER_EVENTS):
                self._wait_for(target)

    def flush(self) -> None:
        """Wait until everything queued so far is committed (raises if a write failed)."""
        with self._cond:
            self._wait_for(self._submitted)

    def close(self) -> None:
        with self._cond:
            self._closing = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(30)
        if self._dbapi is not None:
            self._dbapi.close()
            self._dbapi = None

    def _wait_for(self, target: int) -> None:
        while self._written < target and self._failure is None:
            self._cond.wait()
        self._raise_failure()

    def _raise_failure(self) -> None:
        if self._failure is not None:
            raise StoreError(f"the run record could not be written: {self._failure}") from self._failure

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._closing:
                    self._cond.wait()
                if not self._queue:
                    return
                batch = [self._queue.popleft() for _ in range(min(MAX_BATCH, len(self._queue)))]
            try:
                self._apply(batch)
            except BaseException as exc:  # noqa: BLE001 - handed to the emitters
                with self._cond:
                    self._failure = exc
                    self._queue.clear()
                    self._cond.notify_all()
                return
            with self._cond:
                self._written += len(batch)
                self._cond.notify_all()
            if self._on_run_finished is not None and any(type(e) is RunFinished for _, e in batch):
                self._on_run_finished()

    def _apply(self, batch: list[tuple[Any, Event]]) -> None:
        if self._dbapi is None:
            self._dbapi = self._engine.raw_connection()
        cursor = self._dbapi.cursor()
        try:
            for handler, event in batch:
                handler(self._sql, cursor, event)
            self._dbapi.commit()
        except Exception:
            self._dbapi.rollback()
            raise
        finally:
            cursor.close()


# Each handler adds its rows; the writer commits the batch.

def _run_started(sql: _Statements, cur: Any, event: RunStarted) -> None:
    r = event.record
    sql.run.execute(cur, {
        "id": r.run_id, "station": r.station, "slot": r.slot, "operator": r.operator, "serial": r.serial,
        "device_id": r.device_id, "mac": r.mac, "variant": r.variant, "zone": r.zone,
        "fixture_group": r.fixture_group, "dut_target": r.dut_target, "production_target": r.production_target,
        "product": r.product, "script_name": r.script_name, "script_version": r.script_version,
        "script_path": r.script_path, "script_sha256": r.script_sha256, "limits_path": r.limits_path,
        "limits_sha256": r.limits_sha256, "started_at": r.started_at, "hostname": event.hostname, "pid": event.pid,
    })
    _seen(cur, sql.station_seen, sql.station_new,
          {"hostname": event.hostname, "last_seen": event.ts, "where_name": r.station},
          {"name": r.station, "hostname": event.hostname, "first_seen": event.ts, "last_seen": event.ts})
    if r.operator:
        _seen(cur, sql.operator_seen, sql.operator_new, {"last_seen": event.ts, "where_badge": r.operator},
              {"badge": r.operator, "name": "", "first_seen": event.ts, "last_seen": event.ts})


def _seen(cur: Any, refresh: Prepared, create: Prepared, refresh_values: dict, create_values: dict) -> None:
    """Insert or refresh a station/operator row (portable: UPDATE, then INSERT if nothing matched)."""
    refresh.execute(cur, refresh_values)
    if cur.rowcount == 0:
        create.execute(cur, create_values)


def _step_finished(sql: _Statements, cur: Any, event: StepFinished) -> None:
    s = event.result
    sql.step.execute(cur, {
        "run_id": event.run_id, "idx": s.index, "name": s.name, "outcome": s.outcome.value,
        "started_at": s.started_at, "finished_at": s.finished_at, "attempts": s.attempts, "error": s.error,
        "teardown": s.teardown, "group_path": s.group, "role": s.role,
        "subtests_json": to_json([t.to_dict() for t in s.subtests]) if s.subtests else "[]",
    })
    step_id = cur.fetchone()[0]
    if len(s.measurements) == 1:
        sql.measurement.execute(cur, measurement_row(event.run_id, step_id, s.name, s.measurements[0]))
    elif s.measurements:
        sql.measurement.execute_many(cur, [measurement_row(event.run_id, step_id, s.name, m) for m in s.measurements])


def _log(sql: _Statements, cur: Any, event: LogRecorded) -> None:
    line = event.line
    sql.log.execute(cur, {"run_id": event.run_id, "ts": line.ts, "level": line.level, "step": line.step,
                          "message": line.message})


def _attachment(sql: _Statements, cur: Any, event: AttachmentAdded) -> None:
    a = event.attachment
    sql.attachment.execute(cur, {"run_id": event.run_id, "step": a.step, "name": a.name, "mimetype": a.mimetype,
                                 "sha256": a.sha256, "size": len(a.data), "data": a.data})


def _identity(sql: _Statements, cur: Any, event: IdentitySet) -> None:
    sql.identity.execute(cur, {"device_id": event.device_id, "mac": event.mac, "where_id": event.run_id})


def _cloud_call(sql: _Statements, cur: Any, event: CloudCallRecorded) -> None:
    c = event.call
    sql.cloud_call.execute(cur, {
        "run_id": event.run_id, "ts": event.ts, "method": c.method, "path": c.path,
        "status": c.status, "idempotency_key": c.idempotency_key, "data_json": to_json(c.to_dict()),
    })


def _bless_intended(sql: _Statements, cur: Any, event: BlessIntended) -> None:
    i = event.intent
    sql.bless_intent.execute(cur, {
        "run_id": event.run_id, "ts": event.ts, "device_id": i.device_id, "fixture_group": i.fixture_group_id,
        "idempotency_key": i.idempotency_key, "request_json": to_json(i.to_dict()),
    })


def _blessed(sql: _Statements, cur: Any, event: Blessed) -> None:
    sql.blessing.execute(cur, {
        "run_id": event.run_id, "ts": event.ts, "device_id": event.device_id,
        "production_group": event.production_target, "zone": event.zone, "replayed": event.replayed,
    })


def _label_job(sql: _Statements, cur: Any, event: LabelJobRecorded) -> None:
    j = event.job
    sql.label_job.execute(cur, {"run_id": event.run_id, "ts": event.ts, "job_id": j.job_id,
                                "status": j.status, "data_json": to_json(j.to_dict())})


def _run_finished(sql: _Statements, cur: Any, event: RunFinished) -> None:
    sql.finish.execute(cur, {"outcome": event.outcome.value, "failure_code": event.failure_code,
                             "failure_reason": event.failure_reason, "finished_at": event.finished_at,
                             "where_id": event.run_id})


_HANDLERS: dict[type, Any] = {
    RunStarted: _run_started,
    StepFinished: _step_finished,
    LogRecorded: _log,
    AttachmentAdded: _attachment,
    IdentitySet: _identity,
    CloudCallRecorded: _cloud_call,
    BlessIntended: _bless_intended,
    Blessed: _blessed,
    LabelJobRecorded: _label_job,
    RunFinished: _run_finished,
}
