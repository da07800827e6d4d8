"""Indexes for the report: searches by hour and query, clicks by hour.

Measured on 200,000 simulated searches over 90 days (tests/benchmarks/report_speed.py):
the 90-day report went from about 8 s to 2.5 s on SQLite.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_searches_hour_query", "searches", ["hour", "query", "results"])
    op.drop_index("ix_searches_hour", table_name="searches")
    op.create_index("ix_clicks_hour", "clicks", ["hour"])


def downgrade() -> None:
    op.drop_index("ix_clicks_hour", table_name="clicks")
    op.create_index("ix_searches_hour", "searches", ["hour"])
    op.drop_index("ix_searches_hour_query", table_name="searches")
