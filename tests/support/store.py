"""A vote and a row count for the store tests (SQLite files and PostgreSQL databases)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sqlalchemy import Table, func, select

from portal.store.database import Store, Vote

DAY = dt.date(2026, 11, 2)
MOMENT = dt.datetime(2026, 11, 2, 14, 37, 12)


def rows(database: Path, sql: str) -> list[sqlite3.Row]:
    """The rows a query finds in a SQLite store file, read as the portal left it."""
    connection = sqlite3.connect(database)
    connection.row_factory = sqlite3.Row
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def vote(visitor: str = "v1", helpful: bool = True, **changes: object) -> Vote:
    values: dict[str, object] = {
        "guide": "printing/clear-paper-jam",
        "visitor": visitor,
        "day": DAY,
        "helpful": helpful,
        "reason": None,
        "comment": None,
        "created": MOMENT,
    }
    values.update(changes)
    return Vote(**values)  # type: ignore[arg-type]


def count(store: Store, table: Table) -> int:
    with store.begin() as connection:
        return int(connection.scalar(select(func.count()).select_from(table)) or 0)


def replace_by_copy(database: Path) -> None:
    """The SQLite file swapped for a copy of itself: the same rows, another file (inode)."""
    if not database.exists():
        return
    copy = database.with_name("copy.sqlite3")
    source, target = sqlite3.connect(database), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    copy.replace(database)
