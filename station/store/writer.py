"""Persisting the event stream as it comes, so a crash loses at most the step in flight.

Rows are inserted as events arrive and committed at the boundaries that matter: the run's start,
every finished step, every cloud call and label job, the run's end. Writes use SQLAlchemy Core
(not ORM objects): a step commit is a handful of INSERTs, which keeps the runner fast.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from sqlalchemy import Connection, Engine, insert, update

from station.events import (
    AttachmentAdded,
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
from station.testkit.record import LogLine, MeasurementResult

_runs = models.Run.__table__
_steps = models.Step.__table__
_measurements = models.Measurement.__table__
_logs = models.LogEntry.__table__
_attachments = models.AttachmentRow.__table__
_cloud_calls = models.CloudCallRow.__table__
_label_jobs = models.LabelJobRow.__table__
_stations = models.StationRow.__table__
_operators = models.OperatorRow.__table__


def to_json(value: Any) -> str:
    return json.dumps(value, default=repr, ensure_ascii=False)


def numeric(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


class RecordWriter:
    """An event-bus subscriber that writes runs into the database. Thread-safe."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._conn: Connection | None = None
        self._lock = threading.Lock()

    def _connection(self) -> Connection:
        if self._conn is None:
            self._conn = self._engine.connect()
        return self._conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __call__(self, event: Event) -> None:
        handler = _HANDLERS.get(type(event))
        if handler is None:
            return
        with self._lock:
            conn = self._connection()
            try:
                handler(conn, event)
            except Exception:
                conn.rollback()
                raise


def _commit(conn: Connection) -> None:
    conn.commit()


def _run_started(conn: Connection, event: RunStarted) -> None:
    r = event.record
    conn.execute(
        insert(_runs).values(
            id=r.run_id, station=r.station, slot=r.slot, operator=r.operator, serial=r.serial,
            device_id=r.device_id, mac=r.mac, variant=r.variant, zone=r.zone, fixture_group=r.fixture_group,
            dut_target=r.dut_target, production_target=r.production_target, product=r.product,
            script_name=r.script_name, script_version=r.script_version, script_path=r.script_path,
            script_sha256=r.script_sha256, limits_path=r.limits_path, limits_sha256=r.limits_sha256,
            started_at=r.started_at, hostname=event.hostname, pid=event.pid,
        )
    )
    _touch(conn, _stations, _stations.c.name, r.station, {"hostname": event.hostname}, event.ts)
    if r.operator:
        _touch(conn, _operators, _operators.c.badge, r.operator, {}, event.ts)
    _commit(conn)


def _touch(conn: Connection, table: Any, key_column: Any, key: str, values: dict[str, Any], ts: float) -> None:
    """Insert or refresh a station/operator row (portable: UPDATE, then INSERT if nothing matched)."""
    result = conn.execute(update(table).where(key_column == key).values(last_seen=ts, **values))
    if result.rowcount == 0:
        conn.execute(insert(table).values({key_column.name: key, "first_seen": ts, "last_seen": ts, **values}))


def measurement_row(run_id: str, step_id: int, step_name: str, m: MeasurementResult) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "step_id": step_id,
        "step_name": step_name,
        "name": m.name,
        "value_json": to_json(m.value),
        "value_num": numeric(m.value),
        "unit": m.unit,
        "limits_json": to_json(m.check.to_dict()),
        "low": m.check.low,
        "high": m.check.high,
        "outcome": m.outcome.value,
        "marginal": m.marginal,
        "reason": m.reason,
    }


def _step_finished(conn: Connection, event: StepFinished) -> None:
    s = event.result
    step_id = conn.execute(
        insert(_steps).values(
            run_id=event.run_id, idx=s.index, name=s.name, outcome=s.outcome.value, started_at=s.started_at,
            finished_at=s.finished_at, attempts=s.attempts, error=s.error, teardown=s.teardown,
        )
    ).inserted_primary_key[0]
    if s.measurements:
        conn.execute(insert(_measurements), [measurement_row(event.run_id, step_id, s.name, m) for m in s.measurements])
    _commit(conn)


def log_row(run_id: str, line: LogLine) -> dict[str, Any]:
    return {"run_id": run_id, "ts": line.ts, "level": line.level, "step": line.step, "message": line.message}


def _log(conn: Connection, event: LogRecorded) -> None:
    conn.execute(insert(_logs).values(log_row(event.run_id, event.line)))


def _attachment(conn: Connection, event: AttachmentAdded) -> None:
    a = event.attachment
    conn.execute(
        insert(_attachments).values(
            run_id=event.run_id, step=a.step, name=a.name, mimetype=a.mimetype, sha256=a.sha256,
            size=len(a.data), data=a.data,
        )
    )


def _identity(conn: Connection, event: IdentitySet) -> None:
    conn.execute(update(_runs).where(_runs.c.id == event.run_id).values(device_id=event.device_id, mac=event.mac))


def _cloud_call(conn: Connection, event: CloudCallRecorded) -> None:
    c = event.call
    conn.execute(
        insert(_cloud_calls).values(
            run_id=event.run_id, ts=event.ts, method=str(c.get("method", "")), path=str(c.get("path", "")),
            status=c.get("status"), idempotency_key=c.get("idempotency_key"), data_json=to_json(c),
        )
    )
    _commit(conn)


def _label_job(conn: Connection, event: LabelJobRecorded) -> None:
    j = event.job
    conn.execute(
        insert(_label_jobs).values(
            run_id=event.run_id, ts=event.ts, job_id=str(j.get("job_id", "")), status=str(j.get("status", "")),
            data_json=to_json(j),
        )
    )
    _commit(conn)


def _run_finished(conn: Connection, event: RunFinished) -> None:
    conn.execute(
        update(_runs)
        .where(_runs.c.id == event.run_id)
        .values(outcome=event.outcome.value, failure_code=event.failure_code,
                failure_reason=event.failure_reason, finished_at=event.finished_at)
    )
    _commit(conn)


_HANDLERS: dict[type, Any] = {
    RunStarted: _run_started,
    StepFinished: _step_finished,
    LogRecorded: _log,
    AttachmentAdded: _attachment,
    IdentitySet: _identity,
    CloudCallRecorded: _cloud_call,
    LabelJobRecorded: _label_job,
    RunFinished: _run_finished,
}
