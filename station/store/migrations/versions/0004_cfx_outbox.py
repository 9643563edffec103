"""CFX outbox: the messages for the factory's MES (IPC-CFX over AMQP 1.0), in the order they happened

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-30 17:00:00

A stream apart from ``outbox`` (which the central-database replicator trims as it goes): the CFX
publisher has its own cursor and its own peer. Messages that come from events (WorkStarted,
faults, heartbeats) are stored whole in ``envelope_json``; the two that report a finished run
(UnitsTested, WorkCompleted) are queued by a trigger in the same transaction that finishes the
run, so no path that finishes a run (the writer, crash recovery) can finish it without its CFX
report, and are built from the stored record when they are sent. Only a run that *becomes*
finished is queued: a finished run arriving by replication or bulk import is someone else's to
report.

Integration note: this branch revises 0002; when merged after another 0003, set
``down_revision = "0003"``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_QUEUE = (
    "INSERT INTO cfx_outbox (kind, key, envelope_json, created_at) VALUES "
    "('UnitsTested', NEW.id, NULL, NEW.finished_at); "
    "INSERT INTO cfx_outbox (kind, key, envelope_json, created_at) VALUES "
    "('WorkCompleted', NEW.id, NULL, NEW.finished_at)"
)


_ENDPOINT = "EXISTS (SELECT 1 FROM state WHERE key = 'cfx.endpoint')"


def upgrade() -> None:
    op.create_table(
        "cfx_outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("envelope_json", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Double(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_cfx_outbox")),
        sqlite_autoincrement=True,  # seq is never reused after the queue is trimmed
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION cfx_run_finished() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN "
            f"IF {_ENDPOINT} THEN {_QUEUE}; END IF; RETURN NULL; END $body$"
        )
        op.execute(
            "CREATE TRIGGER cfx_run_finished_upd AFTER UPDATE OF outcome ON runs FOR EACH ROW "
            "WHEN (OLD.outcome IS NULL AND NEW.outcome IS NOT NULL) EXECUTE FUNCTION cfx_run_finished()"
        )
    else:
        op.execute(
            "CREATE TRIGGER cfx_run_finished_upd AFTER UPDATE OF outcome ON runs "
            f"WHEN OLD.outcome IS NULL AND NEW.outcome IS NOT NULL AND {_ENDPOINT} BEGIN {_QUEUE}; END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS cfx_run_finished_upd ON runs")
        op.execute("DROP FUNCTION IF EXISTS cfx_run_finished()")
    else:
        op.execute("DROP TRIGGER IF EXISTS cfx_run_finished_upd")
    op.drop_table("cfx_outbox")
