"""The station's results store: open (migrate, recover), write through events, read records back."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, and_, select, update
from sqlalchemy.exc import SQLAlchemyError

from station.records import BlessIntent, BlessResult, CloudCall, LabelJob
from station.store import models
from station.store.checkpoint import Checkpointer
from station.store.database import (
    HOSTNAME,
    StoreError,
    create_station_engine,
    migrate,
    normalise_url,
    process_alive,
)
from station.store.queries import QA, RunQuery, RunRow
from station.store.writer import RecordWriter, to_json
from station.testkit.checks import Check, Outcome
from station.testkit.record import Attachment, LogLine, MeasurementResult, RunRecord, StepResult, SubtestResult
from station.testkit.series import revive

_runs = models.runs_table
_steps = models.steps_table
_measurements = models.measurements_table
_logs = models.logs_table
_attachments = models.attachments_table
_cloud_calls = models.cloud_calls_table
_label_jobs = models.label_jobs_table
_state = models.state_table
_intents = models.bless_intents_table
_blessings = models.blessings_table


def _cloud_call(data: dict[str, Any]) -> CloudCall:
    """A stored cloud call; fields this version does not know (older rows) are dropped."""
    known = {k: data[k] for k in CloudCall.__dataclass_fields__ if k in data}
    return CloudCall(**{"method": "", "path": "", "status": None, "duration_ms": 0.0, "request_id": None,
                        "idempotency_key": None, "ok": False, "error": None, **known})


class Store:
    """One station database. ``Store.open(url)`` migrates and recovers interrupted runs."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self.checkpointer = Checkpointer(engine) if engine.dialect.name == "sqlite" else None
        self.writer = RecordWriter(engine, on_run_finished=self.checkpointer.poke if self.checkpointer else None)

    @classmethod
    def open(cls, url: str | None = None, *, recover: bool = True) -> Store:
        url = normalise_url(url)
        engine = create_station_engine(url)
        migrate(engine)
        store = cls(engine, url)
        if recover:
            store.recover_interrupted()
        return store

    def close(self) -> None:
        self.writer.close()
        if self.checkpointer is not None:
            self.checkpointer.close()
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- crash recovery -------------------------------------------------------------------------
    def recover_interrupted(self) -> list[str]:
        """Mark runs left in progress by a dead station process on this host, that never stored a bless
        intent, as ABORTED: they cannot have been blessed, and their units may be retested.

        Only runs of this host are judged: a run of another station on a shared database may be
        very much alive. A run with a bless intent is left for the station to settle from evidence
        (:mod:`station.flow.recovery` replays the intent). Every step that finished before the crash
        stays as it was committed.
        """
        recovered: list[str] = []
        try:
            with self.engine.begin() as conn:
                rows = conn.execute(
                    select(_runs.c.id, _runs.c.pid, _runs.c.started_at)
                    .select_from(_runs.outerjoin(_intents, _intents.c.run_id == _runs.c.id))
                    .where(and_(_runs.c.outcome.is_(None), _runs.c.hostname == HOSTNAME,
                                _intents.c.run_id.is_(None)))
                ).all()
                for run_id, pid, started_at in rows:
                    if pid is not None and process_alive(pid):
                        continue
                    last = conn.execute(
                        select(_steps.c.name, _steps.c.finished_at)
                        .where(_steps.c.run_id == run_id)
                        .order_by(_steps.c.idx.desc(), _steps.c.id.desc())
                        .limit(1)
                    ).first()
                    after = f"after step {last.name!r}" if last else "before its first step finished"
                    reason = (
                        f"the station process (pid {pid}) stopped {after} without finishing the run "
                        "(killed, crashed or powered off); marked at the next start"
                    )
                    conn.execute(
                        update(_runs)
                        .where(_runs.c.id == run_id)
                        .values(outcome=Outcome.ABORTED.value, failure_code="aborted:station-stopped",
                                failure_reason=reason, finished_at=last.finished_at if last else started_at)
                    )
                    recovered.append(run_id)
        except SQLAlchemyError as exc:
            raise StoreError(f"recovering interrupted runs failed: {exc}") from None
        return recovered

    # -- queries -------------------------------------------------------------------------------
    def list_runs(self, query: RunQuery = RunQuery()) -> list[RunRow]:
        """Runs matching ``query``, newest first by default (the same query the QA window pages with)."""
        return QA(self.engine).runs(query)

    def find_run_id(self, prefix: str) -> str:
        """Resolve a full run id or a unique prefix of one (as people copy the first 8 characters)."""
        with self.engine.connect() as conn:
            ids = conn.execute(select(_runs.c.id).where(_runs.c.id.startswith(prefix)).limit(2)).scalars().all()
        if not ids:
            raise StoreError(f"no run with id {prefix!r}")
        if len(ids) > 1:
            raise StoreError(f"run id {prefix!r} is ambiguous; give more characters")
        return ids[0]

    def load_record(self, run_id: str) -> RunRecord:
        with self.engine.connect() as conn:
            run = conn.execute(select(_runs).where(_runs.c.id == run_id)).mappings().first()
            if run is None:
                raise StoreError(f"no run with id {run_id!r}")
            record = RunRecord(
                run_id=run["id"], serial=run["serial"], station=run["station"], slot=run["slot"],
                operator=run["operator"], script_name=run["script_name"], script_version=run["script_version"],
                product=run["product"], script_path=run["script_path"], script_sha256=run["script_sha256"],
                limits_path=run["limits_path"], limits_sha256=run["limits_sha256"], variant=run["variant"],
                started_at=run["started_at"], finished_at=run["finished_at"],
                outcome=Outcome(run["outcome"]) if run["outcome"] else None,
                failure_code=run["failure_code"], failure_reason=run["failure_reason"],
                device_id=run["device_id"], mac=run["mac"], zone=run["zone"], fixture_group=run["fixture_group"],
                dut_target=run["dut_target"], production_target=run["production_target"],
            )
            by_step: dict[int, list[MeasurementResult]] = {}
            for m in conn.execute(
                select(_measurements).where(_measurements.c.run_id == run_id).order_by(_measurements.c.id)
            ).mappings():
                by_step.setdefault(m["step_id"], []).append(
                    MeasurementResult(
                        name=m["name"], value=revive(json.loads(m["value_json"])), unit=m["unit"],
                        check=Check(**json.loads(m["limits_json"])), outcome=Outcome(m["outcome"]),
                        marginal=bool(m["marginal"]), reason=m["reason"],
                    )
                )
            for s in conn.execute(
                select(_steps).where(_steps.c.run_id == run_id).order_by(_steps.c.idx, _steps.c.id)
            ).mappings():
                record.steps.append(
                    StepResult(
                        name=s["name"], index=s["idx"], outcome=Outcome(s["outcome"]), started_at=s["started_at"],
                        finished_at=s["finished_at"], attempts=s["attempts"], error=s["error"],
                        teardown=bool(s["teardown"]), measurements=by_step.get(s["id"], []),
                        group=s["group_path"], role=s["role"],
                        subtests=[SubtestResult(t["name"], Outcome(t["outcome"]), t.get("error", ""),
                                                tuple(t.get("measurements", ())))
                                  for t in json.loads(s["subtests_json"] or "[]")],
                    )
                )
            record.logs = [
                LogLine(ts=r.ts, level=r.level, message=r.message, step=r.step)
                for r in conn.execute(select(_logs).where(_logs.c.run_id == run_id).order_by(_logs.c.id))
            ]
            record.attachments = [
                Attachment(name=r.name, mimetype=r.mimetype, sha256=r.sha256, data=r.data, step=r.step)
                for r in conn.execute(
                    select(_attachments).where(_attachments.c.run_id == run_id).order_by(_attachments.c.id)
                )
            ]
            record.cloud_calls = [
                _cloud_call(json.loads(r.data_json))
                for r in conn.execute(
                    select(_cloud_calls.c.data_json).where(_cloud_calls.c.run_id == run_id).order_by(_cloud_calls.c.id)
                )
            ]
            record.label_jobs = [
                LabelJob.from_mapping({"run_id": run_id, **json.loads(r.data_json)})
                for r in conn.execute(
                    select(_label_jobs.c.data_json).where(_label_jobs.c.run_id == run_id).order_by(_label_jobs.c.id)
                )
            ]
            intent = conn.execute(select(_intents).where(_intents.c.run_id == run_id)).first()
            if intent is not None:
                request = json.loads(intent.request_json)
                record.bless_intent = BlessIntent(intent.device_id, intent.fixture_group, intent.idempotency_key,
                                                  request.get("test_record") or {})
            blessing = conn.execute(select(_blessings).where(_blessings.c.run_id == run_id)).first()
            if blessing is not None:
                record.blessing = BlessResult(blessing.device_id, blessing.production_group, blessing.zone,
                                              replayed=bool(blessing.replayed))
        return record

    def iter_records(self, query: RunQuery) -> Iterator[RunRecord]:
        for row in self.list_runs(query):
            yield self.load_record(row.id)

    # -- small named state ------------------------------------------------------------------
    def get_state(self, key: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            raw = conn.execute(select(_state.c.value_json).where(_state.c.key == key)).scalar()
        return None if raw is None else json.loads(raw)

    def put_state(self, key: str, value: dict[str, Any]) -> None:
        now = time.time()
        with self.engine.begin() as conn:
            result = conn.execute(update(_state).where(_state.c.key == key).values(value_json=to_json(value),
                                                                                    updated_at=now))
            if result.rowcount == 0:
                conn.execute(_state.insert().values(key=key, value_json=to_json(value), updated_at=now))
