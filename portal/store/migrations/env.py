"""Alembic runs migrations on the connection the store hands it (see portal.store.database)."""

from __future__ import annotations

from alembic import context

from portal.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
