"""The store's schema: one table per part of the record, indexed for QA's questions.

Timestamps are POSIX seconds (double precision): portable between SQLite and PostgreSQL, exact
enough for microsecond step timings, and cheap to index and bucket by day. Values are kept both
as JSON (exact round trip) and, when numeric, as a number (for histograms and Cpk).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Run(Base):
    __tablename__ = "runs"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station: Mapped[str] = mapped_column(String(128))
    slot: Mapped[int] = mapped_column(Integer)
    operator: Mapped[str] = mapped_column(String(128), default="")
    serial: Mapped[str] = mapped_column(String(128))
    device_id: Mapped[str | None] = mapped_column(String(64))
    mac: Mapped[str | None] = mapped_column(String(17))
    variant: Mapped[str | None] = mapped_column(String(64))
    zone: Mapped[str | None] = mapped_column(String(16))
    fixture_group: Mapped[str | None] = mapped_column(String(64))
    dut_target: Mapped[str | None] = mapped_column(String(64))
    production_target: Mapped[str | None] = mapped_column(String(64))
    product: Mapped[str] = mapped_column(String(128))
    script_name: Mapped[str] = mapped_column(String(128))
    script_version: Mapped[str] = mapped_column(String(64))
    script_path: Mapped[str] = mapped_column(Text)
    script_sha256: Mapped[str] = mapped_column(String(64))
    limits_path: Mapped[str | None] = mapped_column(Text)
    limits_sha256: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[float] = mapped_column(Double)
    finished_at: Mapped[float | None] = mapped_column(Double)
    outcome: Mapped[str | None] = mapped_column(String(8))  # NULL while the run is in progress
    failure_code: Mapped[str | None] = mapped_column(String(200))
    failure_reason: Mapped[str | None] = mapped_column(Text)
    hostname: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_runs_serial_started", "serial", "started_at"),
        Index("ix_runs_started", "started_at"),
        Index("ix_runs_outcome_started", "outcome", "started_at"),
        Index("ix_runs_failure_code", "failure_code"),
        Index("ix_runs_device_id", "device_id"),
        Index("ix_runs_mac", "mac"),
    )


class Step(Base):
    __tablename__ = "steps"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(128))
    outcome: Mapped[str] = mapped_column(String(8))
    started_at: Mapped[float] = mapped_column(Double)
    finished_at: Mapped[float] = mapped_column(Double)
    attempts: Mapped[int] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(Text, default="")
    teardown: Mapped[bool] = mapped_column(Boolean, default=False)
    # migration 0005: step groups and subtests
    group_path: Mapped[str] = mapped_column(String(255), default="", server_default="")
    role: Mapped[str] = mapped_column(String(8), default="step", server_default="step")
    subtests_json: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")


class Measurement(Base):
    __tablename__ = "measurements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("steps.id", ondelete="CASCADE"))
    step_name: Mapped[str] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(String(128))
    value_json: Mapped[str] = mapped_column(Text)
    value_num: Mapped[float | None] = mapped_column(Double)
    unit: Mapped[str] = mapped_column(String(32), default="")
    limits_json: Mapped[str] = mapped_column(Text)
    low: Mapped[float | None] = mapped_column(Double)
    high: Mapped[float | None] = mapped_column(Double)
    outcome: Mapped[str] = mapped_column(String(8))
    marginal: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_measurements_step_name", "step_name", "name"),)


class LogEntry(Base):
    __tablename__ = "logs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    ts: Mapped[float] = mapped_column(Double)
    level: Mapped[str] = mapped_column(String(8))
    step: Mapped[str | None] = mapped_column(String(128))
    message: Mapped[str] = mapped_column(Text)


class AttachmentRow(Base):
    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    step: Mapped[str | None] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(String(255))
    mimetype: Mapped[str] = mapped_column(String(128))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class CloudCallRow(Base):
    __tablename__ = "cloud_calls"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    ts: Mapped[float] = mapped_column(Double)
    method: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(Text)
    status: Mapped[int | None] = mapped_column(Integer)
    idempotency_key: Mapped[str | None] = mapped_column(String(64))
    data_json: Mapped[str] = mapped_column(Text)


class LabelJobRow(Base):
    __tablename__ = "label_jobs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    ts: Mapped[float] = mapped_column(Double)
    job_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(32))
    data_json: Mapped[str] = mapped_column(Text)


class BlessIntentRow(Base):
    """A bless about to be asked (migration 0003): written and committed before the call, so a station
    killed at any instant can replay the same request with the same idempotency key."""

    __tablename__ = "bless_intents"
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    ts: Mapped[float] = mapped_column(Double)
    device_id: Mapped[str] = mapped_column(String(64))
    fixture_group: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str] = mapped_column(String(64))
    request_json: Mapped[str] = mapped_column(Text)


class BlessingRow(Base):
    """The cloud's answer to a run's bless (migration 0003): committed before its label may print."""

    __tablename__ = "blessings"
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    ts: Mapped[float] = mapped_column(Double)
    device_id: Mapped[str] = mapped_column(String(64), index=True)
    production_group: Mapped[str] = mapped_column(String(64))
    zone: Mapped[str] = mapped_column(String(32))
    replayed: Mapped[bool] = mapped_column(Boolean, default=False)


class StationRow(Base):
    __tablename__ = "stations"
    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    hostname: Mapped[str] = mapped_column(String(255))
    first_seen: Mapped[float] = mapped_column(Double)
    last_seen: Mapped[float] = mapped_column(Double)


class OperatorRow(Base):
    __tablename__ = "operators"
    badge: Mapped[str] = mapped_column(String(128), primary_key=True)
    name: Mapped[str] = mapped_column(String(128), default="")
    first_seen: Mapped[float] = mapped_column(Double)
    last_seen: Mapped[float] = mapped_column(Double)


class StateRow(Base):
    """Small named state the station keeps between starts (cloud targets, printer queue cursor)."""

    __tablename__ = "state"
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[float] = mapped_column(Double)


# The Core tables, for the hot paths that write and read runs without the ORM (writer, store).
runs_table = Run.__table__
steps_table = Step.__table__
measurements_table = Measurement.__table__
logs_table = LogEntry.__table__
attachments_table = AttachmentRow.__table__
cloud_calls_table = CloudCallRow.__table__
label_jobs_table = LabelJobRow.__table__
stations_table = StationRow.__table__
bless_intents_table = BlessIntentRow.__table__
blessings_table = BlessingRow.__table__
operators_table = OperatorRow.__table__
state_table = StateRow.__table__


# -- QA: audit trail, outbox, unit summary, central ingest log (migration 0002) -----------------------


class AuditEvent(Base):
    """One append-only audit event; ``hash`` chains it to the previous event of the same source.

    ``source`` names the database that wrote the chain (a station's own SQLite), so the central
    database can hold every station's chain side by side and still verify each one.
    """

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(Integer)
    ts: Mapped[float] = mapped_column(Double)
    station: Mapped[str] = mapped_column(String(128), default="")
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(255))
    reason: Mapped[str] = mapped_column(Text)
    details_json: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_audit_events_source_seq", "source", "seq", unique=True),
        Index("ix_audit_events_subject", "subject"),
        Index("ix_audit_events_ts", "ts"),
    )


class OutboxRow(Base):
    """Work for the central database, in the order it happened (filled by triggers and the audit)."""

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(8))  # "run" | "audit"
    key: Mapped[str] = mapped_column(String(64))  # run id | audit event "source:seq"
    created_at: Mapped[float] = mapped_column(Double)

    __table_args__ = {"sqlite_autoincrement": True}  # seq is never reused after the queue is trimmed


class CfxOutboxRow(Base):
    """Messages for the factory's MES (IPC-CFX), in order (migration 0004; see station/cfx)."""

    __tablename__ = "cfx_outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))  # the CFX message's short name, e.g. "UnitsTested"
    key: Mapped[str] = mapped_column(String(64))  # the run id, or "" for station-wide messages
    envelope_json: Mapped[str | None] = mapped_column(Text)  # the whole envelope, or NULL: built from the run
    created_at: Mapped[float | None] = mapped_column(Double)

    __table_args__ = {"sqlite_autoincrement": True}


class QaUnit(Base):
    """One row per serial: its first and last finished run, kept by a trigger for fast yield queries."""

    __tablename__ = "qa_units"
    serial: Mapped[str] = mapped_column(String(128), primary_key=True)
    first_run_id: Mapped[str] = mapped_column(String(36))
    first_started_at: Mapped[float] = mapped_column(Double)
    first_outcome: Mapped[str] = mapped_column(String(8))
    first_station: Mapped[str] = mapped_column(String(128))
    first_script: Mapped[str] = mapped_column(String(200))
    last_run_id: Mapped[str] = mapped_column(String(36))
    last_started_at: Mapped[float] = mapped_column(Double)
    last_outcome: Mapped[str] = mapped_column(String(8))
    run_count: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_qa_units_first", "first_started_at", "first_outcome", "last_outcome"),
    )


class CentralIngest(Base):
    """On the central database: every outbox item received, once, in arrival order, per source."""

    __tablename__ = "central_ingest"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8))
    key: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[float] = mapped_column(Double)

    __table_args__ = (Index("ix_central_ingest_source_seq", "source", "seq", unique=True),)


# Indexes QA needs on the run tables (also created by migration 0002).
Index("ix_runs_outcome_started_code", Run.outcome, Run.started_at, Run.failure_code)
Index("ix_measurements_hist", Measurement.step_name, Measurement.name, Measurement.value_num)
