"""Troubleshooters: the steps readers take through a question tree, once per visitor and day.

The unique constraint's index starts with `day`: the report reads a period by it, and the
retention period deletes by it, so no other index is needed.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "troubleshooter_steps",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("visitor", sa.String(64), nullable=False),
        sa.Column("troubleshooter", sa.String(200), nullable=False),
        sa.Column("questions", sa.String(519), nullable=False),
        sa.Column("ending", sa.String(5), nullable=False),
        sa.Column("guide", sa.String(300), nullable=False, server_default=""),
        sa.UniqueConstraint(
            "day",
            "visitor",
            "troubleshooter",
            "questions",
            "ending",
            "guide",
            name="uq_troubleshooter_steps_day",
        ),
    )


def downgrade() -> None:
    op.drop_table("troubleshooter_steps")
