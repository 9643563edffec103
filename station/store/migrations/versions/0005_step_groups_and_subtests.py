"""Steps remember their step group, their role in it and their subtests (issue 15)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 17:30:00

A step of a group (``script.group("load")``) records the group's path and whether it is the group's
setup, an ordinary step or its teardown; a step with ``ctx.subtest(...)`` records each subtest's
outcome as JSON (a list of {name, outcome, error, measurements}). Existing rows get the values a
step outside any group, without subtests, has. Series values and validator descriptions need no
schema change: they travel in ``value_json`` and ``limits_json``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("steps") as batch:
        batch.add_column(sa.Column("group_path", sa.String(length=255), nullable=False, server_default=""))
        batch.add_column(sa.Column("role", sa.String(length=8), nullable=False, server_default="step"))
        batch.add_column(sa.Column("subtests_json", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("steps") as batch:
        batch.drop_column("subtests_json")
        batch.drop_column("role")
        batch.drop_column("group_path")
