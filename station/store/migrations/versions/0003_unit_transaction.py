"""Unit transaction: bless intents and blessings, so a killed station settles its runs from evidence

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 17:00:00

``bless_intents`` holds the exact bless request (device, fixture group, idempotency key, body) of a
run, committed before the call; ``blessings`` holds the cloud's answer, committed before the unit's
label may reach a printer. Crash recovery reads both: an intent without a blessing is replayed
with its key; a run with neither was never blessed and is ABORTED.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bless_intents",
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("ts", sa.Double(), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("fixture_group", sa.String(length=64), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("request_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_bless_intents_run_id_runs"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_bless_intents")),
    )
    op.create_table(
        "blessings",
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("ts", sa.Double(), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("production_group", sa.String(length=64), nullable=False),
        sa.Column("zone", sa.String(length=32), nullable=False),
        sa.Column("replayed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_blessings_run_id_runs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_blessings")),
    )
    op.create_index(op.f("ix_blessings_device_id"), "blessings", ["device_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_blessings_device_id"), table_name="blessings")
    op.drop_table("blessings")
    op.drop_table("bless_intents")
