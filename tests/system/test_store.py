"""The store on a real SQLite file and a real PostgreSQL server: migrations, votes, purge, and
workers in separate processes migrating together."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from sqlalchemy import inspect, select

from portal.store.database import Store, to_hour
from portal.store.schema import clicks, feedback, salts, searches
from tests.support.store import DAY, MOMENT, count, vote


def test_migrations_create_every_table_once(store: Store) -> None:
    assert store.version() == "0006"
    assert store.migrate() == []  # a second start changes nothing
    names = set(inspect(store.engine).get_table_names())
    expected = {"feedback", "searches", "clicks", "salts", "announcements", "ended_sessions"}
    expected |= {"check_answers", "lesson_progress", "completions", "troubleshooter_steps"}
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
    assert removed == {
        "feedback": 1,
        "searches": 1,
        "clicks": 1,
        "check_answers": 0,
        "progress": 0,
        "troubleshooter_steps": 0,
    }
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
    assert applied == ["-", "-", "-", "0001,0002,0003,0004,0005,0006"]
