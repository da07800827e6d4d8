"""The store on a real SQLite file and a real PostgreSQL server: migrations, votes, purge."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from portal.store.database import Store, StoreUnavailable, Vote, to_hour
from portal.store.schema import clicks, feedback, salts, searches

DAY = dt.date(2026, 11, 2)
MOMENT = dt.datetime(2026, 11, 2, 14, 37, 12)


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


def count(store: Store, table) -> int:  # type: ignore[no-untyped-def]
    with store.begin() as connection:
        return connection.scalar(select(func.count()).select_from(table))


def test_migrations_create_every_table_once(store: Store) -> None:
    assert store.version() == "0004"
    assert store.migrate() == []  # a second start changes nothing
    names = set(inspect(store.engine).get_table_names())
    expected = {"feedback", "searches", "clicks", "salts", "announcements", "ended_sessions"}
    assert expected | {"alembic_version"} <= names


def test_a_later_vote_the_same_day_replaces_the_first(store: Store) -> None:
    assert store.save_vote(vote(helpful=True)) is False
    assert store.save_vote(vote(helpful=False, reason="out-of-date", comment="old menu")) is True
    with store.begin() as connection:
        rows = connection.execute(select(feedback)).mappings().all()
    assert len(rows) == 1
    assert rows[0]["helpful"] is False
    assert (rows[0]["reason"], rows[0]["comment"]) == ("out-of-date", "old menu")
    store.save_vote(vote(visitor="v2"))
    store.save_vote(vote(day=DAY + dt.timedelta(days=1)))
    assert count(store, feedback) == 3


def test_clicks_belong_to_a_known_search(store: Store) -> None:
    token = store.add_search("printer offline", 4, "page", MOMENT)
    assert store.add_click(token, 2, "printing/printer-not-printing", MOMENT)
    assert not store.add_click("no-such-search", 1, "printing/printer-not-printing", MOMENT)
    store.refine_search(token, "printer offline again", 2, "page", MOMENT)
    with store.begin() as connection:
        search = connection.execute(select(searches)).mappings().one()
        click = connection.execute(select(clicks)).mappings().one()
    assert (search["query"], search["results"]) == ("printer offline again", 2)
    assert search["hour"] == to_hour(MOMENT) == dt.datetime(2026, 11, 2, 14)
    assert (click["search_id"], click["position"]) == (search["id"], 2)


def test_purge_keeps_only_the_retention_period(store: Store) -> None:
    old = MOMENT - dt.timedelta(days=40)
    store.save_vote(vote(day=old.date()))
    store.save_vote(vote(visitor="recent"))
    old_search = store.add_search("vpn", 3, "api", old)
    store.add_click(old_search, 1, "network/vpn", old)
    store.add_search("wifi", 5, "api", MOMENT)
    store.salt_for(DAY - dt.timedelta(days=1))
    removed = store.purge(30, today=DAY)
    assert removed == {"feedback": 1, "searches": 1, "clicks": 1}
    assert (count(store, feedback), count(store, searches), count(store, clicks)) == (1, 1, 0)
    assert count(store, salts) == 0  # yesterday's secret is gone: old keys cannot be redone


def test_the_daily_secret_is_shared_and_changes_each_day(store: Store, tmp_path: Path) -> None:
    today = store.salt_for(DAY)
    other = Store(store.url)  # a second worker
    assert other.salt_for(DAY) == today
    tomorrow = other.salt_for(DAY + dt.timedelta(days=1))
    assert tomorrow != today and len(tomorrow) == 32
    assert count(store, salts) == 1
    other.dispose()


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


def test_workers_starting_together_migrate_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/store.sqlite3"
    code = (
        "import sys; from portal.store.database import Store; "
        "print(','.join(Store(sys.argv[1]).migrate()) or '-')"
    )
    workers = [
        subprocess.Popen([sys.executable, "-c", code, url], stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    applied = sorted(worker.communicate(timeout=60)[0].strip() for worker in workers)
    assert all(worker.returncode == 0 for worker in workers)
    assert applied == ["-", "-", "-", "0001,0002,0003,0004"]


def test_an_unreachable_database_is_a_plain_error_and_fails_fast(tmp_path: Path) -> None:
    store = Store("postgresql://kb:wrong@127.0.0.1:9/nothing")
    with pytest.raises(StoreUnavailable):
        store.save_vote(vote())
    with pytest.raises(StoreUnavailable, match="unreachable a moment ago"):
        store.add_search("printer", 1, "api", MOMENT)
    assert "wrong" not in store.describe()


def test_the_rate_limit_counts_per_key_and_only_what_was_recorded() -> None:
    from portal.readers.ratelimit import RateLimiter, open_storage

    shared = open_storage("memory://")
    limiter = RateLimiter(2, window=60, name="votes", storage=shared)
    assert [limiter.allow("a"), limiter.allow("a"), limiter.allow("a")] == [True, True, False]
    assert limiter.allow("b")  # someone else is not affected
    assert 1 <= limiter.retry_after("a") <= 61
    # A vote is tested first and counted once stored: a failed store costs nothing.
    assert limiter.would_allow("c") and limiter.would_allow("c") and limiter.would_allow("c")
    limiter.record("c")
    limiter.record("c")
    assert not limiter.would_allow("c")
    # Another limiter on the same storage keeps its own counts.
    assert RateLimiter(2, window=60, name="clicks", storage=shared).allow("a")


def test_the_rate_limit_is_off_not_broken_when_redis_cannot_be_reached(caplog) -> None:  # type: ignore[no-untyped-def]
    from portal.readers.ratelimit import RateLimiter, open_storage

    limiter = RateLimiter(1, window=60, storage=open_storage("redis://127.0.0.1:9/0"))
    assert [limiter.allow("a"), limiter.allow("a"), limiter.would_allow("a")] == [True] * 3
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
    assert upgraded.migrate() == ["0002", "0003", "0004"]
    indexes = {index["name"] for index in inspect(upgraded.engine).get_indexes("searches")}
    assert "ix_searches_hour_query" in indexes and "ix_searches_hour" not in indexes
    assert count(upgraded, searches) == 1  # rows survive the upgrade
    upgraded.dispose()
