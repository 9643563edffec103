"""The CFX stream of the store's outbox: messages queued in the order they happen, sent once.

Two writers fill ``cfx_outbox`` (migration 0004): the trigger that finishes a run queues its
UnitsTested and WorkCompleted in the same transaction (so a station killed right after a run
still reports it), and :class:`CfxRecorder`, an event-bus subscriber, queues whole envelopes for
what only the event stream knows (WorkStarted, station faults) plus the endpoint's own messages
(EndpointConnected, Heartbeat). :class:`CfxQueue` reads them back in ``seq`` order and removes
them only once the broker has accepted them.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select

from station.cfx import messages
from station.events import DeviceStatus, Event, RunFinished, RunStarted
from station.store import Store, models
from station.store.database import StoreError
from station.testkit.record import RunRecord

_table = models.CfxOutboxRow.__table__
ENDPOINT_STATE = "cfx.endpoint"  # the state row the run-finishing trigger looks for


@dataclass(frozen=True, slots=True)
class Queued:
    """One message waiting for the broker: its place in the stream and its envelope."""

    seq: int
    kind: str
    envelope: dict[str, Any]


class CfxQueue:
    """The CFX outbox of one station database, for one CFX handle (``source``)."""

    def __init__(self, store: Store, source: str) -> None:
        self.store = store
        self.source = source

    def enable(self, details: dict[str, Any]) -> None:
        """This database belongs to a CFX endpoint: finishing a run now queues its reports (migration 0004)."""
        self.store.put_state(ENDPOINT_STATE, details)

    @staticmethod
    def disable(store: Store) -> int:
        """No longer a CFX endpoint (``[cfx]`` removed): stop queueing and drop what waits; returns how many."""
        with store.engine.begin() as conn:
            conn.execute(delete(models.state_table).where(models.state_table.c.key == ENDPOINT_STATE))
            return int(conn.execute(delete(_table)).rowcount or 0)

    def put(self, kind: str, envelope: dict[str, Any], key: str = "") -> None:
        with self.store.engine.begin() as conn:
            conn.execute(insert(_table).values(kind=kind, key=key, created_at=time.time(),
                                               envelope_json=json.dumps(envelope, ensure_ascii=False)))

    def pending(self, kind: str | None = None) -> int:
        query = select(func.count()).select_from(_table)
        if kind is not None:
            query = query.where(_table.c.kind == kind)
        with self.store.engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    def head(self, limit: int) -> list[Queued]:
        """The oldest ``limit`` messages, envelopes built (runs are read from their stored record)."""
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(_table.c.seq, _table.c.kind, _table.c.key, _table.c.envelope_json)
                                .order_by(_table.c.seq).limit(limit)).all()
        out: list[Queued] = []
        records: dict[str, RunRecord | None] = {}  # a run's two messages come from one read of it
        for seq, kind, key, raw in rows:
            if raw is not None:
                out.append(Queued(seq, kind, json.loads(raw)))
                continue
            if key not in records:
                try:
                    records[key] = self.store.load_record(key)
                except StoreError:  # the run was purged before it could be reported: nothing to say
                    records[key] = None
            record = records[key]
            if record is None:
                out.append(Queued(seq, "", {}))
                continue
            build = messages.tested if kind == "UnitsTested" else messages.work_completed
            out.append(Queued(seq, kind, build(self.source, record)))
        return out

    def remove_through(self, seq: int) -> None:
        with self.store.engine.begin() as conn:
            conn.execute(delete(_table).where(_table.c.seq <= seq))


class CfxRecorder:
    """Event-bus subscriber: queues WorkStarted per run and FaultOccurred/FaultCleared per station peer.

    A peer (fixture, printer, camera, cloud) that reports not-ok opens one fault occurrence; the
    next ok report of the same peer clears it. Repeated reports of the same state queue nothing.
    """

    def __init__(self, queue: CfxQueue) -> None:
        self.queue = queue
        self._faults: dict[str, messages.Fault] = {}
        self._lock = threading.Lock()

    def __call__(self, event: Event) -> bool:
        """Queue what ``event`` means for the MES; True when something was queued (or will be: a run
        finished, and the trigger queued its reports)."""
        source = self.queue.source
        if isinstance(event, RunStarted):
            record = event.record
            self.queue.put("WorkStarted", messages.work_started(source, record.started_at, run_id=record.run_id,
                                                                serial=record.serial, slot=record.slot),
                           key=record.run_id)
            return True
        if isinstance(event, RunFinished):
            return True
        if isinstance(event, DeviceStatus) and event.device:
            with self._lock:
                open_fault = self._faults.get(event.device)
                if not event.ok and open_fault is None:
                    fault = messages.Fault(str(uuid.uuid4()), event.device, event.detail, event.ts)
                    self._faults[event.device] = fault
                    self.queue.put("FaultOccurred", messages.fault_occurred(source, fault))
                    return True
                if event.ok and open_fault is not None:
                    del self._faults[event.device]
                    self.queue.put("FaultCleared", messages.fault_cleared(source, open_fault, event.ts))
                    return True
        return False
