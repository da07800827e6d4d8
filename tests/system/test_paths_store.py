"""Troubleshooters' steps in a real SQLite file and a real PostgreSQL database: migration 0006
on a store made by the version before (its rows kept) and back, a step kept once per visitor and
day, the retention period, the report's figures on both databases, and `kb backup` copying the
steps with everything else."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, select

from portal.guides.articles import load_content
from portal.report.data import build_report
from portal.store.database import Step, Store
from portal.store.schema import feedback, troubleshooter_steps
from tests.support.kb import run_kb
from tests.support.paths import JAM, SLOW, SLOW_SECTION, TREE, write_content
from tests.support.store import DAY, count, rows, vote


def kept(visitor: str, questions: tuple[str, ...], ending: str = "shown", guide: str = "",
         day: dt.date = DAY) -> Step:  # fmt: skip
    return Step(day, visitor, TREE, questions, ending, guide)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/store.sqlite3"
    return str(request.getfixturevalue("postgres_url"))


def test_a_store_of_the_version_before_gets_the_steps_table_and_keeps_its_rows(url: str) -> None:
    old = Store(url)
    with old.begin() as connection:
        command.upgrade(old._alembic(connection), "0005")
    with old.begin() as connection:  # written as that version did (save_vote would migrate)
        connection.execute(feedback.insert().values(**vars(vote())))
    old.dispose()

    upgraded = Store(url)
    assert upgraded.migrate() == ["0006"]
    assert upgraded.version() == "0006"
    assert "troubleshooter_steps" in inspect(upgraded.engine).get_table_names()
    unique = inspect(upgraded.engine).get_unique_constraints("troubleshooter_steps")
    assert [u["column_names"] for u in unique] == [
        ["day", "visitor", "troubleshooter", "questions", "ending", "guide"]
    ]
    assert count(upgraded, feedback) == 1  # rows survive the upgrade
    assert upgraded.save_step(kept("v1", ("start",))) is True

    # And back: the version before can run again on the same database.
    with upgraded.begin() as connection:
        command.downgrade(upgraded._alembic(connection), "0005")
    assert "troubleshooter_steps" not in inspect(upgraded.engine).get_table_names()
    assert count(upgraded, feedback) == 1
    upgraded.dispose()


def test_a_step_is_kept_once_per_visitor_and_day(store: Store) -> None:
    assert store.save_step(kept("v1", ("start",))) is True
    assert store.save_step(kept("v1", ("start",))) is False  # the page opened again
    assert store.save_step(kept("v2", ("start",))) is True
    assert store.save_step(kept("v1", ("start",), day=DAY + dt.timedelta(days=1))) is True
    assert store.save_step(kept("v1", ("start", "computer"))) is True
    guide = f"{SLOW}#{SLOW_SECTION}"
    assert store.save_step(kept("v1", ("start", "computer"), "guide", guide)) is True
    assert store.save_step(kept("v1", ("start", "computer"), "desk", guide)) is True
    assert store.save_step(kept("v1", ("start", "computer"), "desk", guide)) is False
    assert store.save_step(kept("v1", ("start",), "desk")) is True
    with store.begin() as connection:
        found = connection.execute(
            select(troubleshooter_steps).order_by(troubleshooter_steps.c.id)
        ).all()
    assert [(r.visitor, r.questions, r.ending, r.guide) for r in found] == [
        ("v1", "start", "shown", ""),
        ("v2", "start", "shown", ""),
        ("v1", "start", "shown", ""),
        ("v1", "start.computer", "shown", ""),
        ("v1", "start.computer", "guide", guide),
        ("v1", "start.computer", "desk", guide),
        ("v1", "start", "desk", ""),
    ]


def test_the_longest_step_fits(store: Store) -> None:
    """Eight ids of 64 characters each, a 200-character tree and a 300-character guide."""
    questions = tuple(f"{n}" + "q" * 63 for n in range(8))
    step = Step(DAY, "v" * 48, "t" * 200, questions, "guide", "g" * 300)
    assert store.save_step(step) is True
    with store.begin() as connection:
        stored = connection.scalar(select(troubleshooter_steps.c.questions))
    assert stored is not None and len(stored) == 8 * 64 + 7


def test_retention_deletes_old_steps_with_the_rest(store: Store) -> None:
    store.save_step(kept("old", ("start",), day=DAY - dt.timedelta(days=40)))
    store.save_step(kept("new", ("start",)))
    removed = store.purge(30, today=DAY)
    assert removed["troubleshooter_steps"] == 1
    assert count(store, troubleshooter_steps) == 1


def test_the_report_counts_readers_on_either_database(store: Store, tmp_path: Path) -> None:
    content = load_content(write_content(tmp_path / "content"), today=DAY)
    for visitor in ("v1", "v2", "v3"):
        store.save_step(kept(visitor, ("start",)))
        store.save_step(kept(visitor, ("start", "printer")))
    store.save_step(kept("v1", ("start", "printer"), "guide", JAM))
    store.save_step(kept("v1", ("start", "printer"), "desk", JAM))
    store.save_step(kept("v4", ("start",)))
    store.save_step(kept("v4", ("start",), "desk"))
    report = build_report(store, content, today=DAY, min_readers=1)
    [tree] = report.troubleshooting.trees
    assert (tree.started, tree.desk) == (4, 2)
    assert [(r.kind, r.readers, r.went_on, r.stopped, r.desk) for r in tree.rows] == [
        ("question", 4, 4, 0, 0),
        ("question", 3, 1, 2, 0),
        ("guide", 1, 0, 0, 1),
        ("desk", 1, 0, 0, 1),
    ]
    assert [f.kind for f in report.troubleshooting.findings] == ["stop", "desk", "still-stuck"]


def test_kb_backup_copies_the_steps(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/store.sqlite3"
    store = Store(url)
    store.migrate()
    store.save_step(kept("v1", ("start",)))
    store.save_step(kept("v1", ("start", "printer"), "guide", JAM))
    store.dispose()
    copy = tmp_path / "backup.sqlite3"
    result = run_kb("backup", str(copy), env={"KB_DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    assert [tuple(r) for r in rows(copy, "SELECT questions, guide FROM troubleshooter_steps")] == [
        ("start", ""),
        ("start.printer", JAM),
    ]
