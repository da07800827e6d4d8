"""Learning: answers to lessons' check questions, where readers stop, and completion records.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "check_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("visitor", sa.String(64), nullable=False),
        sa.Column("lesson", sa.String(300), nullable=False),
        sa.Column("question", sa.String(8), nullable=False),
        sa.Column("chosen", sa.String(40), nullable=False),
        sa.Column("right", sa.Boolean, nullable=False),
        sa.Column("first_try", sa.Boolean, nullable=False),
    )
    op.create_index("ix_check_answers_day", "check_answers", ["day"])
    op.create_table(
        "lesson_progress",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("visitor", sa.String(64), nullable=False),
        sa.Column("lesson", sa.String(300), nullable=False),
        sa.Column("event", sa.String(10), nullable=False),
        sa.UniqueConstraint("day", "visitor", "lesson", "event", name="uq_lesson_progress_day"),
    )
    op.create_table(
        "completions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person", sa.String(200), nullable=False),
        sa.Column("course", sa.String(300), nullable=False),
        sa.Column("finished_on", sa.Date, nullable=False),
        sa.UniqueConstraint("person", "course", name="uq_completions_person"),
    )


def downgrade() -> None:
    op.drop_table("completions")
    op.drop_table("lesson_progress")
    op.drop_index("ix_check_answers_day", table_name="check_answers")
    op.drop_table("check_answers")
