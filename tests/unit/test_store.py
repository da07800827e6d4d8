"""The store in-process, without a database server: SQLite's settings, an unreachable database,
the rate limits in memory, and an old store upgraded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect

from portal.store.database import Store, StoreUnavailable, to_hour
from portal.store.schema import searches
from tests.support.store import MOMENT, count, vote


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path}/store.sqlite3")
    store.migrate()
    with store.begin() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.dispose()
    raw = sqlite3.connect(tmp_path / "store.sqlite3")
    raw.execute("PRAGMA foreign_keys=ON")
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute("INSERT INTO clicks (search_id, position, guide, hour) VALUES (99, 1, 'x', '')")
    raw.close()


def test_an_unreachable_database_is_a_plain_error_and_fails_fast(tmp_path: Path) -> None:
    store = Store("postgresql://kb:wrong@127.0.0.1:9/nothing")
    with pytest.raises(StoreUnavailable):
        store.save_vote(vote())
    with pytest.raises(StoreUnavailable, match="unreachable a moment ago"):
        store.add_search("printer", 1, "api", MOMENT)
    assert "wrong" not in store.describe()


def test_the_rate_limit_counts_per_key() -> None:
    from portal.readers.ratelimit import RateLimiter, open_storage

    shared = open_storage("memory://")
    limiter = RateLimiter(2, window=60, name="votes", storage=shared)
    assert [limiter.allow("a"), limiter.allow("a"), limiter.allow("a")] == [True, True, False]
    assert limiter.allow("b")  # someone else is not affected
    assert 1 <= limiter.retry_after("a") <= 61
    # Another limiter on the same storage keeps its own counts.
    assert RateLimiter(2, window=60, name="clicks", storage=shared).allow("a")


def test_the_rate_limit_is_off_not_broken_when_redis_cannot_be_reached(caplog) -> None:
    from portal.readers.ratelimit import RateLimiter, open_storage

    limiter = RateLimiter(1, window=60, storage=open_storage("redis://127.0.0.1:9/0"))
    assert [limiter.allow("a"), limiter.allow("a"), limiter.allow("a")] == [True] * 3
    assert limiter.retry_after("a") == 1
    assert "limits are off" in caplog.text


def test_a_store_made_by_an_older_version_is_upgraded_at_start(tmp_path: Path) -> None:
    from alembic import command

    url = f"sqlite:///{tmp_path}/store.sqlite3"
    old = Store(url)
    with old.begin() as connection:
        command.upgrade(old._alembic(connection), "0001")
    with old.begin() as connection:
        connection.execute(
            searches.insert().values(
                token="t1", query="printer", results=2, source="api", hour=to_hour(MOMENT)
            )
        )
    old.dispose()
    upgraded = Store(url)
    assert upgraded.migrate() == ["0002", "0003", "0004", "0005", "0006"]
    indexes = {index["name"] for index in inspect(upgraded.engine).get_indexes("searches")}
    assert "ix_searches_hour_query" in indexes and "ix_searches_hour" not in indexes
    assert count(upgraded, searches) == 1  # rows survive the upgrade
    upgraded.dispose()
