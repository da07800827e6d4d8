"""Feedback, searches, clicks and the daily salts for visitor keys.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("guide", sa.String(300), nullable=False),
        sa.Column("visitor", sa.String(64), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("helpful", sa.Boolean, nullable=False),
        sa.Column("reason", sa.String(40), nullable=True),
        sa.Column("comment", sa.Text, nullable=True),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.UniqueConstraint("guide", "visitor", "day", name="uq_feedback_guide"),
    )
    op.create_index("ix_feedback_day", "feedback", ["day"])
    op.create_table(
        "searches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token", sa.String(32), nullable=False),
        sa.Column("query", sa.String(200), nullable=False),
        sa.Column("results", sa.Integer, nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("hour", sa.DateTime, nullable=False),
        sa.UniqueConstraint("token", name="uq_searches_token"),
    )
    op.create_index("ix_searches_hour", "searches", ["hour"])
    op.create_table(
        "clicks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "search_id",
            sa.Integer,
            sa.ForeignKey("searches.id", ondelete="CASCADE", name="fk_clicks_search_id_searches"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("guide", sa.String(300), nullable=False),
        sa.Column("hour", sa.DateTime, nullable=False),
    )
    op.create_index("ix_clicks_search_id", "clicks", ["search_id"])
    op.create_table(
        "salts",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("secret", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("salts")
    op.drop_table("clicks")
    op.drop_table("searches")
    op.drop_table("feedback")
