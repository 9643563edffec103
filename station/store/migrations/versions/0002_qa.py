"""QA: audit trail, outbox, per-unit summary (trigger-kept), central ingest log, QA indexes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:00:00

The trigger on ``runs`` does two jobs the moment a run finishes (its outcome goes from NULL to
a value, or a row arrives already finished, as on the central database): it queues the run in
the outbox for the central database, and it upserts the serial's first/last run into
``qa_units``. A trigger rather than code in the writer: every path that finishes a run (the
writer, crash recovery, replication, a bulk import) is covered, and in the same transaction.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_UNIT_UPSERT = """
INSERT INTO qa_units (serial, first_run_id, first_started_at, first_outcome, first_station, first_script,
                      last_run_id, last_started_at, last_outcome, run_count)
VALUES (NEW.serial, NEW.id, NEW.started_at, NEW.outcome, NEW.station, NEW.script_name || ' ' || NEW.script_version,
        NEW.id, NEW.started_at, NEW.outcome, 1)
ON CONFLICT (serial) DO UPDATE SET
    first_run_id = CASE WHEN excluded.first_started_at < qa_units.first_started_at
                        THEN excluded.first_run_id ELSE qa_units.first_run_id END,
    first_outcome = CASE WHEN excluded.first_started_at < qa_units.first_started_at
                         THEN excluded.first_outcome ELSE qa_units.first_outcome END,
    first_station = CASE WHEN excluded.first_started_at < qa_units.first_started_at
                         THEN excluded.first_station ELSE qa_units.first_station END,
    first_script = CASE WHEN excluded.first_started_at < qa_units.first_started_at
                        THEN excluded.first_script ELSE qa_units.first_script END,
    first_started_at = CASE WHEN excluded.first_started_at < qa_units.first_started_at
                            THEN excluded.first_started_at ELSE qa_units.first_started_at END,
    last_run_id = CASE WHEN excluded.last_started_at >= qa_units.last_started_at
                       THEN excluded.last_run_id ELSE qa_units.last_run_id END,
    last_outcome = CASE WHEN excluded.last_started_at >= qa_units.last_started_at
                        THEN excluded.last_outcome ELSE qa_units.last_outcome END,
    last_started_at = CASE WHEN excluded.last_started_at >= qa_units.last_started_at
                           THEN excluded.last_started_at ELSE qa_units.last_started_at END,
    run_count = qa_units.run_count + 1
"""
_OUTBOX = "INSERT INTO outbox (kind, key, created_at) VALUES ('run', NEW.id, COALESCE(NEW.finished_at, NEW.started_at))"

_REBUILD = """
INSERT INTO qa_units (serial, first_run_id, first_started_at, first_outcome, first_station, first_script,
                      last_run_id, last_started_at, last_outcome, run_count)
WITH ordered AS (
    SELECT id, serial, started_at, outcome, station, script_name || ' ' || script_version AS script,
           ROW_NUMBER() OVER (PARTITION BY serial ORDER BY started_at, id) AS rn,
           ROW_NUMBER() OVER (PARTITION BY serial ORDER BY started_at DESC, id DESC) AS rd,
           COUNT(*) OVER (PARTITION BY serial) AS n
    FROM runs WHERE outcome IS NOT NULL
)
SELECT f.serial, f.id, f.started_at, f.outcome, f.station, f.script, l.id, l.started_at, l.outcome, f.n
FROM ordered f JOIN ordered l ON l.serial = f.serial AND l.rd = 1
WHERE f.rn = 1
"""


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("ts", sa.Double(), nullable=False),
        sa.Column("station", sa.String(length=128), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("details_json", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index("ix_audit_events_source_seq", "audit_events", ["source", "seq"], unique=True)
    op.create_index("ix_audit_events_subject", "audit_events", ["subject"])
    op.create_index("ix_audit_events_ts", "audit_events", ["ts"])
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
        sqlite_autoincrement=True,  # seq must never be reused after the queue is trimmed
    )
    op.create_table(
        "qa_units",
        sa.Column("serial", sa.String(length=128), nullable=False),
        sa.Column("first_run_id", sa.String(length=36), nullable=False),
        sa.Column("first_started_at", sa.Double(), nullable=False),
        sa.Column("first_outcome", sa.String(length=8), nullable=False),
        sa.Column("first_station", sa.String(length=128), nullable=False),
        sa.Column("first_script", sa.String(length=200), nullable=False),
        sa.Column("last_run_id", sa.String(length=36), nullable=False),
        sa.Column("last_started_at", sa.Double(), nullable=False),
        sa.Column("last_outcome", sa.String(length=8), nullable=False),
        sa.Column("run_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("serial", name=op.f("pk_qa_units")),
    )
    op.create_index("ix_qa_units_first", "qa_units", ["first_started_at", "first_outcome", "last_outcome"])
    op.create_table(
        "central_ingest",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_ingest")),
    )
    op.create_index("ix_central_ingest_source_seq", "central_ingest", ["source", "seq"], unique=True)
    op.create_index("ix_runs_outcome_started_code", "runs", ["outcome", "started_at", "failure_code"])
    op.create_index("ix_measurements_hist", "measurements", ["step_name", "name", "value_num"])

    op.execute(sa.text(_REBUILD))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION qa_run_finished() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN "
            f"{_OUTBOX}; {_UNIT_UPSERT}; RETURN NULL; END $body$"
        )
        op.execute(
            "CREATE TRIGGER qa_run_finished_upd AFTER UPDATE OF outcome ON runs FOR EACH ROW "
            "WHEN (OLD.outcome IS NULL AND NEW.outcome IS NOT NULL) EXECUTE FUNCTION qa_run_finished()"
        )
        op.execute(
            "CREATE TRIGGER qa_run_finished_ins AFTER INSERT ON runs FOR EACH ROW "
            "WHEN (NEW.outcome IS NOT NULL) EXECUTE FUNCTION qa_run_finished()"
        )
    else:
        op.execute(
            "CREATE TRIGGER qa_run_finished_upd AFTER UPDATE OF outcome ON runs "
            f"WHEN OLD.outcome IS NULL AND NEW.outcome IS NOT NULL BEGIN {_OUTBOX}; {_UNIT_UPSERT}; END"
        )
        op.execute(
            "CREATE TRIGGER qa_run_finished_ins AFTER INSERT ON runs "
            f"WHEN NEW.outcome IS NOT NULL BEGIN {_OUTBOX}; {_UNIT_UPSERT}; END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS qa_run_finished_upd ON runs")
        op.execute("DROP TRIGGER IF EXISTS qa_run_finished_ins ON runs")
        op.execute("DROP FUNCTION IF EXISTS qa_run_finished()")
    else:
        op.execute("DROP TRIGGER IF EXISTS qa_run_finished_upd")
        op.execute("DROP TRIGGER IF EXISTS qa_run_finished_ins")
    op.drop_index("ix_measurements_hist", table_name="measurements")
    op.drop_index("ix_runs_outcome_started_code", table_name="runs")
    op.drop_table("central_ingest")
    op.drop_table("qa_units")
    op.drop_table("outbox")
    op.drop_table("audit_events")
