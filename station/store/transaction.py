"""What the store knows about the unit transaction: interrupted runs and the evidence to settle them,
and which serials one of our runs already blessed.

Crash recovery (:mod:`station.flow.recovery`) decides from these typed facts, never from a guess:
a run with a bless intent may have been blessed (replay the intent), a run without one was not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Engine, and_, select

from station.labels.fields import unit_label_fields
from station.records import BlessIntent, BlessResult
from station.store import models
from station.store.database import HOSTNAME, process_alive

_runs = models.runs_table
_intents = models.bless_intents_table
_blessings = models.blessings_table
_audit = models.AuditEvent.__table__


@dataclass(frozen=True, slots=True)
class InterruptedRun:
    """A run a dead station process left open, with what it had durably recorded about its bless."""

    run_id: str
    station: str
    slot: int | None
    serial: str
    operator: str
    device_id: str | None
    mac: str | None
    product: str
    script_version: str
    started_at: float
    pid: int | None
    intent: BlessIntent | None
    blessed: BlessResult | None

    def label_fields(self) -> dict[str, str]:
        return unit_label_fields(self.serial, self.device_id, self.mac, self.product, self.script_version)


@dataclass(frozen=True, slots=True)
class BlessedUnit:
    """A serial one of our runs got blessed (and nobody unblessed since)."""

    serial: str
    run_id: str
    device_id: str
    zone: str
    blessed_at: float


def interrupted_runs(engine: Engine, *, station: str | None = None) -> list[InterruptedRun]:
    """Open runs of this host whose process is gone (optionally of one station), oldest first."""
    query = (
        select(_runs, _intents.c.device_id.label("intent_device"), _intents.c.fixture_group,
               _intents.c.idempotency_key, _intents.c.request_json,
               _blessings.c.device_id.label("blessed_device"), _blessings.c.production_group, _blessings.c.zone.label(
                   "blessed_zone"), _blessings.c.replayed)
        .select_from(_runs.outerjoin(_intents, _intents.c.run_id == _runs.c.id)
                     .outerjoin(_blessings, _blessings.c.run_id == _runs.c.id))
        .where(and_(_runs.c.outcome.is_(None), _runs.c.hostname == HOSTNAME))
        .order_by(_runs.c.started_at)
    )
    if station is not None:
        query = query.where(_runs.c.station == station)
    found: list[InterruptedRun] = []
    with engine.connect() as conn:
        for row in conn.execute(query).mappings():
            if row["pid"] is not None and process_alive(row["pid"]):
                continue
            intent = None
            if row["idempotency_key"] is not None:
                request = json.loads(row["request_json"] or "{}")
                intent = BlessIntent(device_id=row["intent_device"], fixture_group_id=row["fixture_group"],
                                     idempotency_key=row["idempotency_key"],
                                     test_record=request.get("test_record") or {})
            blessed = None
            if row["blessed_device"] is not None:
                blessed = BlessResult(device_id=row["blessed_device"], production_group_id=row["production_group"],
                                      zone=row["blessed_zone"], replayed=bool(row["replayed"]))
            found.append(InterruptedRun(
                run_id=row["id"], station=row["station"], slot=row["slot"], serial=row["serial"],
                operator=row["operator"] or "", device_id=row["device_id"], mac=row["mac"], product=row["product"],
                script_version=row["script_version"], started_at=row["started_at"], pid=row["pid"],
                intent=intent, blessed=blessed,
            ))
    return found


def blessed_unit(engine: Engine, serial: str) -> BlessedUnit | None:
    """The latest blessing of ``serial`` by one of our runs, unless the device was unblessed after it."""
    with engine.connect() as conn:
        row = conn.execute(
            select(_blessings.c.run_id, _blessings.c.device_id, _blessings.c.zone, _blessings.c.ts)
            .select_from(_blessings.join(_runs, _runs.c.id == _blessings.c.run_id))
            .where(_runs.c.serial == serial)
            .order_by(_blessings.c.ts.desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        unblessed = conn.execute(
            select(_audit.c.id).where(and_(_audit.c.action == "unbless", _audit.c.subject == row.device_id,
                                           _audit.c.ts > row.ts)).limit(1)
        ).first()
    if unblessed is not None:
        return None
    return BlessedUnit(serial=serial, run_id=row.run_id, device_id=row.device_id, zone=row.zone, blessed_at=row.ts)


def audited_blessing(engine: Engine, run_id: str, device_id: str) -> bool:
    """Whether the audit trail already holds the ``bless`` event of this run."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(_audit.c.details_json).where(and_(_audit.c.action == "bless", _audit.c.subject == device_id))
        ).all()
    return any(json.loads(r.details_json or "{}").get("run_id") == run_id for r in rows)
