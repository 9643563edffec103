"""The audit trail: append-only events with actor and reason, hash-chained so an edit shows.

Every act QA must be able to account for — bless, unbless, reassign, reprint, a script or limits
change, a config change, a sign-in — is one :class:`AuditEvent`. Each event's ``hash`` is
SHA-256 over the previous event's hash and a canonical JSON of the event's own fields, so
changing any field of any row, deleting a row or swapping two rows breaks the chain at a row
:meth:`Audit.verify` can name. The newest (seq, hash) is also kept in the ``state`` table
(the *head*), so deleting the newest rows shows too; someone who rewrites the whole chain and
the head can only be caught by a copy elsewhere — which is what the central database is for.

A chain belongs to one *source* (one station database); the central database holds the chains
of every station side by side and verifies each one.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from station.errors import InputError
from station.store.database import HOSTNAME, StoreError

ACTIONS = frozenset({
    "bless", "unbless", "reassign", "reprint", "script_change", "limits_change", "config_change",
    "sign_in", "sign_out",
    "engineering_override",
})
GENESIS = "0" * 64
SOURCE_KEY = "audit_source"
HEAD_KEY = "audit_head:"
FIELDS = ("source", "seq", "ts", "station", "actor", "action", "subject", "reason", "details_json")


@dataclass(frozen=True, slots=True)
class AuditEvent:
    id: int
    source: str
    seq: int
    ts: float
    station: str
    actor: str
    action: str
    subject: str
    reason: str
    details_json: str
    prev_hash: str
    hash: str

    @property
    def details(self) -> dict[str, Any]:
        return json.loads(self.details_json)

    def to_dict(self) -> dict[str, Any]:
        from station.testkit.record import iso

        return {"id": self.id, "source": self.source, "seq": self.seq, "ts": iso(self.ts), "station": self.station,
                "actor": self.actor, "action": self.action, "subject": self.subject, "reason": self.reason,
                "details": self.details, "prev_hash": self.prev_hash, "hash": self.hash}


@dataclass(frozen=True, slots=True)
class Problem:
    """One break in a chain: which row (by id and seq), what kind, and a sentence for a person."""

    source: str
    seq: int
    row_id: int | None
    kind: str  # edited | deleted | reordered | head
    message: str


@dataclass(frozen=True, slots=True)
class Verification:
    checked: int
    sources: int
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def canonical(values: dict[str, Any]) -> str:
    """The event's fields as canonical JSON: sorted keys, no spaces, floats as Python's repr."""
    return json.dumps({k: values[k] for k in FIELDS}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, values: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(values)).encode("utf-8")).hexdigest()


class Audit:
    """Record and verify audit events in one database (a station's, or the central one)."""

    def __init__(self, store_or_engine: Any, *, station: str = "", source: str | None = None) -> None:
        self.engine: Engine = getattr(store_or_engine, "engine", store_or_engine)
        self.station = station
        self._source = source

    # -- writing ------------------------------------------------------------------------------
    @property
    def source(self) -> str:
        """This database's chain name: made once (host + random) and kept in ``state``."""
        if self._source is None:
            with self.engine.begin() as conn:
                raw = conn.execute(text("SELECT value_json FROM state WHERE key = :k"), {"k": SOURCE_KEY}).scalar()
                if raw is None:
                    name = f"{HOSTNAME[:40]}-{uuid.uuid4().hex[:8]}"
                    conn.execute(text("INSERT INTO state (key, value_json, updated_at) VALUES (:k, :v, :t)"),
                                 {"k": SOURCE_KEY, "v": json.dumps({"source": name}), "t": time.time()})
                    self._source = name
                else:
                    self._source = str(json.loads(raw)["source"])
        return self._source

    def record(
        self,
        actor: str,
        action: str,
        subject: str,
        reason: str,
        details: dict[str, Any] | None = None,
    ) -> AuditEvent:
        """Append one event (and queue it for the central database) in one transaction."""
        if action not in ACTIONS:
            raise InputError(f"unknown audit action {action!r}; one of {', '.join(sorted(ACTIONS))}")
        if not actor.strip():
            raise InputError("an audit event needs an actor (who did it)")
        if not reason.strip():
            raise InputError(f"{action} of {subject!r} needs a reason")
        details_json = json.dumps(details or {}, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                                  default=repr)
        source = self.source
        for attempt in range(5):
            try:
                with self.engine.begin() as conn:
                    return self._append(conn, source, actor, action, subject, reason, details_json)
            except IntegrityError:  # another writer took the same seq; read the new head and retry
                if attempt == 4:
                    raise StoreError("could not append to the audit trail: the sequence kept changing") from None
                time.sleep(0.01 * (attempt + 1))
            except SQLAlchemyError as exc:
                raise StoreError(f"could not append to the audit trail: {exc}") from None
        raise AssertionError("unreachable")

    def _append(
        self, conn: Connection, source: str, actor: str, action: str, subject: str, reason: str, details_json: str
    ) -> AuditEvent:
        last = conn.execute(
            text("SELECT seq, hash FROM audit_events WHERE source = :s ORDER BY seq DESC LIMIT 1"), {"s": source}
        ).first()
        seq, prev = (int(last[0]) + 1, str(last[1])) if last else (1, GENESIS)
        values = {"source": source, "seq": seq, "ts": time.time(), "station": self.station, "actor": actor,
                  "action": action, "subject": subject, "reason": reason, "details_json": details_json}
        digest = chain_hash(prev, values)
        row_id = conn.execute(
            text("INSERT INTO audit_events (source, seq, ts, station, actor, action, subject, reason, details_json, "
                 "prev_hash, hash) VALUES (:source, :seq, :ts, :station, :actor, :action, :subject, :reason, "
                 ":details_json, :prev_hash, :hash) RETURNING id"),
            {**values, "prev_hash": prev, "hash": digest},
        ).scalar_one()
        conn.execute(text("INSERT INTO outbox (kind, key, created_at) VALUES ('audit', :k, :t)"),
                     {"k": f"{source}:{seq}", "t": values["ts"]})
        put_head(conn, source, seq, digest)
        return AuditEvent(int(row_id), prev_hash=prev, hash=digest, **values)

    # -- reading ------------------------------------------------------------------------------
    def events(
        self,
        *,
        subject: str | None = None,
        action: str | None = None,
        since: float | None = None,
        limit: int | None = 200,
    ) -> list[AuditEvent]:
        """Events, newest first, optionally for one subject (a serial, device ID, run id) or action."""
        conds, params = [], {}
        for name, value in (("subject", subject), ("action", action)):
            if value:
                conds.append(f"{name} = :{name}")
                params[name] = value
        if since is not None:
            conds.append("ts >= :since")
            params["since"] = since
        where = (" WHERE " + " AND ".join(conds)) if conds else ""
        sql = f"SELECT * FROM audit_events{where} ORDER BY ts DESC, id DESC"
        if limit is not None:
            sql += " LIMIT :limit"
            params["limit"] = limit
        with self.engine.connect() as conn:
            return [_event(row) for row in conn.execute(text(sql), params).mappings()]

    # -- verifying ----------------------------------------------------------------------------
    def verify(self) -> Verification:
        """Walk every chain in seq order; name each row that was edited, deleted or reordered."""
        problems: list[Problem] = []
        checked = 0
        with self.engine.connect() as conn:
            heads = {
                key[len(HEAD_KEY):]: json.loads(raw)
                for key, raw in conn.execute(
                    text("SELECT key, value_json FROM state WHERE key LIKE :p"), {"p": HEAD_KEY + "%"})
            }
            sources = [s for (s,) in conn.execute(text("SELECT DISTINCT source FROM audit_events ORDER BY 1"))]
            for source in sorted(set(sources) | set(heads)):
                rows = conn.execute(
                    text("SELECT * FROM audit_events WHERE source = :s ORDER BY seq"), {"s": source}
                ).mappings()
                checked += _verify_chain(source, (_event(r) for r in rows), heads.get(source), problems)
        return Verification(checked=checked, sources=len(set(sources) | set(heads)), problems=problems)


def put_head(conn: Connection, source: str, seq: int, digest: str) -> None:
    """Remember the newest (seq, hash) of a chain, so deleting the newest rows is caught too."""
    value = json.dumps({"seq": seq, "hash": digest})
    key = HEAD_KEY + source
    if conn.execute(text("UPDATE state SET value_json = :v, updated_at = :t WHERE key = :k"),
                    {"k": key, "v": value, "t": time.time()}).rowcount == 0:
        conn.execute(text("INSERT INTO state (key, value_json, updated_at) VALUES (:k, :v, :t)"),
                     {"k": key, "v": value, "t": time.time()})


def _event(row: Any) -> AuditEvent:
    return AuditEvent(**{k: row[k] for k in AuditEvent.__slots__})  # type: ignore[attr-defined]


def _verify_chain(source: str, events: Any, head: dict[str, Any] | None, problems: list[Problem]) -> int:
    expected_seq = 1
    prev_hash = GENESIS
    prev_id: int | None = None
    count = 0
    last: AuditEvent | None = None
    for ev in events:
        count += 1
        values = {k: getattr(ev, k) for k in FIELDS}
        if ev.seq > expected_seq:
            missing = f"seq {expected_seq}" if ev.seq == expected_seq + 1 else f"seq {expected_seq}–{ev.seq - 1}"
            problems.append(Problem(source, expected_seq, None, "deleted",
                                    f"audit event {missing} of {source} is missing (deleted) before row id {ev.id}"))
        elif ev.prev_hash != prev_hash:
            problems.append(Problem(source, ev.seq, ev.id, "reordered",
                                    f"audit event seq {ev.seq} (row id {ev.id}) does not follow the event before "
                                    "it: rows were reordered or replaced"))
        if chain_hash(ev.prev_hash, values) != ev.hash:
            problems.append(Problem(source, ev.seq, ev.id, "edited",
                                    f"audit event seq {ev.seq} (row id {ev.id}, {ev.action} of {ev.subject!r}) was "
                                    "edited: its content no longer matches its hash"))
        if prev_id is not None and ev.id < prev_id:
            problems.append(Problem(source, ev.seq, ev.id, "reordered",
                                    f"audit event seq {ev.seq} (row id {ev.id}) was written before seq {ev.seq - 1} "
                                    f"(row id {prev_id}): rows were reordered"))
        expected_seq = ev.seq + 1
        prev_hash = ev.hash
        prev_id = ev.id
        last = ev
    if head is not None:
        head_seq = int(head["seq"])
        if last is None or last.seq < head_seq:
            first_missing = 1 if last is None else last.seq + 1
            span = f"seq {first_missing}" if first_missing == head_seq else f"seq {first_missing}–{head_seq}"
            problems.append(Problem(source, first_missing, None, "deleted",
                                    f"audit event {span} of {source} is missing (deleted): the chain's head says "
                                    f"it reached seq {head_seq}"))
        elif last.seq == head_seq and last.hash != head["hash"]:
            problems.append(Problem(source, last.seq, last.id, "head",
                                    f"audit event seq {last.seq} (row id {last.id}) is not the one the chain's head "
                                    "recorded: it was replaced"))
    return count
