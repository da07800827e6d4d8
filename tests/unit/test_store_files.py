"""The store on a SQLite file whose files change under it: deleted, moved, replaced, emptied,
before a transaction or while it commits. An answer is only ever reported as kept when it is
in the file at the configured path; and watching the files never disturbs SQLite's own locks."""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from portal.store.database import Store, StoreUnavailable
from tests.support.store import replace_by_copy, vote

SHM_DMS_BYTE = 128  # SQLite's "dead man switch" lock in the -shm file (120 + 8 lock bytes)


def files_of(database: Path) -> list[Path]:
    return [database.with_name(database.name + suffix) for suffix in ("", "-wal", "-shm")]


def delete_all(database: Path) -> None:
    for file in files_of(database):
        file.unlink(missing_ok=True)


def delete_database_only(database: Path) -> None:
    database.unlink(missing_ok=True)


def move_away(database: Path) -> None:
    for file in files_of(database):
        if file.exists():
            file.rename(file.with_name(file.name + ".moved"))


def replace_by_empty_file(database: Path) -> None:
    delete_all(database)
    database.write_bytes(b"")


# Each change, and what is in the file at the path afterwards: the same votes, or none.
CHANGES: dict[str, tuple[Callable[[Path], None], bool]] = {
    "delete all": (delete_all, False),
    "delete the database only": (delete_database_only, False),
    "move away": (move_away, False),
    "replace by a copy": (replace_by_copy, True),
    "replace by an empty file": (replace_by_empty_file, False),
}
STEPS = st.lists(
    st.one_of(
        st.just(("vote", "")),
        st.tuples(
            st.sampled_from(["before", "while committing"]), st.sampled_from(sorted(CHANGES))
        ),
    ),
    min_size=1,
    max_size=12,
)


def visitors_in(database: Path) -> set[str]:
    if not database.exists():
        return set()
    connection = sqlite3.connect(database)
    try:
        return {v for (v,) in connection.execute("SELECT visitor FROM feedback")}
    except sqlite3.OperationalError:  # an empty file: no table yet
        return set()
    finally:
        connection.close()


@settings(max_examples=40, deadline=None)
@given(steps=STEPS)
def test_a_vote_reported_kept_is_in_the_file_at_the_path(steps: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        database = Path(scratch) / "store.sqlite3"
        store = Store(f"sqlite:///{database}")
        store.migrate()
        pending: list[Callable[[Path], None]] = []
        voting: list[bool] = []  # set while a vote's transaction is under way

        @event.listens_for(store.engine, "before_cursor_execute")
        def note_a_vote(_connection: object, _cursor: object, statement: str, *_: object) -> None:
            if statement.lstrip().upper().startswith("INSERT INTO FEEDBACK"):
                voting.append(True)

        @event.listens_for(store.engine, "rollback")
        def forget_the_vote(_connection: object) -> None:
            voting.clear()

        @event.listens_for(store.engine, "commit")
        def change_while_committing(_connection: object) -> None:
            if voting:  # while a vote commits (not while a migration does)
                voting.clear()
                while pending:
                    pending.pop()(database)

        expected: set[str] = set()  # what must be in the file at the path
        attempted: set[str] = set()
        try:
            for number, (step, change) in enumerate(steps):
                if step == "vote":
                    visitor = f"visitor-{number}"
                    attempted.add(visitor)
                    try:
                        store.save_vote(vote(visitor=visitor))
                    except StoreUnavailable:
                        continue
                    expected.add(visitor)
                    continue
                apply, keeps = CHANGES[change]
                if step == "before":
                    apply(database)
                    expected = expected if keeps else set()
                else:  # during the next transaction's commit: that vote must not count
                    pending.append(apply)
                    expected = expected if keeps else set()
            pending.clear()
            store._down_until = 0.0  # the 5-second pause after a database error is not tested here
            store.save_vote(vote(visitor="last"))  # the store works again
            expected.add("last")
        finally:
            store.dispose()
        found = visitors_in(database)
        assert expected <= found, "a vote reported as kept is not in the file at the path"
        assert found <= attempted | {"last"}


def test_the_reported_case_votes_after_the_files_are_deleted_are_kept(tmp_path: Path) -> None:
    database = tmp_path / "store.sqlite3"
    store = Store(f"sqlite:///{database}")
    store.migrate()
    store.save_vote(vote(visitor="before"))
    delete_all(database)
    assert store.status()[0] is False  # /healthz: the store is not ok while this is the case
    for number in range(5):
        store.save_vote(vote(visitor=f"after-{number}"))
    assert visitors_in(database) == {f"after-{number}" for number in range(5)}
    assert store.status()[0] is True
    store.dispose()


DMS_PROBE = """
import fcntl, os, sys
descriptor = os.open(sys.argv[1], os.O_RDWR)
try:
    fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, int(sys.argv[2]))
    print("free")
except OSError:
    print("held")
"""


def test_watching_the_files_keeps_sqlites_own_locks(tmp_path: Path) -> None:
    """Closing any descriptor of a file drops every POSIX lock the process holds on it: a check
    that opened and closed `-shm` let a new worker reset the shared memory under a live one,
    and votes answered 201 were lost (seen in test_faults' kill -9 test)."""
    database = tmp_path / "store.sqlite3"
    store = Store(f"sqlite:///{database}")
    store.migrate()
    store.save_vote(vote())
    with store.begin() as connection:  # a connection stays open, holding SQLite's shm lock
        connection.exec_driver_sql("SELECT 1")
    shm = str(database) + "-shm"

    def lock_state() -> str:
        probe = [sys.executable, "-c", DMS_PROBE, shm, str(SHM_DMS_BYTE)]
        return subprocess.run(probe, capture_output=True, text=True, check=True).stdout.strip()

    assert lock_state() == "held"
    for _ in range(3):
        store.save_vote(vote())
        store.status()
    assert lock_state() == "held"
    store.dispose()


@pytest.mark.skipif(shutil.which("chattr") is None, reason="needs chattr")
def test_an_immutable_shm_file_is_refused_before_sqlite_touches_it(tmp_path: Path) -> None:
    """The SIGBUS case: SQLite writes into its memory map of -shm, which cannot be written."""
    database = tmp_path / "store.sqlite3"
    store = Store(f"sqlite:///{database}")
    store.migrate()
    store.save_vote(vote())
    shm = Path(str(database) + "-shm")
    if os.system(f"chattr +i '{shm}' 2>/dev/null") != 0:
        store.dispose()
        pytest.skip("chattr +i needs root and a file system that supports it")
    try:
        with pytest.raises(StoreUnavailable, match="cannot be written"):
            store.save_vote(vote(visitor="while immutable"))
        assert store.status()[0] is False
    finally:
        os.system(f"chattr -i '{shm}'")
    store.save_vote(vote(visitor="writable again"))  # the very next vote works
    assert "writable again" in visitors_in(database)
    store.dispose()


def test_locks_probe_sees_a_lock_it_does_not_hold(tmp_path: Path) -> None:
    """The probe above can tell: a lock held by this process is seen as held by another."""
    path = tmp_path / "file"
    path.write_bytes(b"\0" * 256)
    with open(path, "r+b") as handle:
        fcntl.lockf(handle, fcntl.LOCK_SH, 1, SHM_DMS_BYTE)
        probe = [sys.executable, "-c", DMS_PROBE, str(path), str(SHM_DMS_BYTE)]
        assert subprocess.run(probe, capture_output=True, text=True).stdout.strip() == "held"
