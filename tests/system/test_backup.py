"""`kb backup` and `kb restore` on real stores: a running portal taking votes, and bad paths."""

from __future__ import annotations

import hashlib
import shlex
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from portal.store.database import Store, Vote, utc_now
from tests.support.http import http_post
from tests.support.kb import Built, run_kb
from tests.support.servers import NO_VOTE_LIMITS, Server, start_server, stop_server

GUIDE = "printing/printer-not-printing"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("backup-store") / "store.sqlite3"


@pytest.fixture(scope="module")
def portal(built: Built, database: Path) -> Iterator[Server]:
    env = {
        "KB_DATABASE_URL": f"sqlite:///{database}",
        **NO_VOTE_LIMITS,
    }
    running = start_server(built.site, env, var_dir=built.var)
    yield running
    stop_server(running)


def kb(database: Path | str, *args: str) -> subprocess.CompletedProcess[str]:
    url = database if isinstance(database, str) else f"sqlite:///{database}"
    return run_kb(*args, env={"KB_DATABASE_URL": url})


def answers(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        return connection.execute("SELECT count(*) FROM feedback").fetchone()[0]
    finally:
        connection.close()


def vote(server: Server, visitor: str) -> int:
    """One answer from its own visitor (its own browser name), so every answer is a new row."""
    reply = http_post(
        f"{server.url}/api/feedback",
        {"page": GUIDE, "helpful": True},
        headers={"User-Agent": f"backup-test {visitor}"},
    )
    return reply.status


class Voter(threading.Thread):
    """Sends answers one after another until stopped, counting those answered 201."""

    def __init__(self, server: Server, name: str) -> None:
        super().__init__(daemon=True)
        self.server, self.prefix = server, name
        self.saved = 0
        self.failed: list[int] = []
        self.stop = threading.Event()
        self.progress = threading.Condition()

    def run(self) -> None:
        number = 0
        while not self.stop.is_set():
            number += 1
            status = vote(self.server, f"{self.prefix}-{number}")
            with self.progress:
                if status == 201:
                    self.saved += 1
                else:
                    self.failed.append(status)
                self.progress.notify_all()

    def wait_for(self, saved: int) -> None:
        with self.progress:
            assert self.progress.wait_for(lambda: self.saved >= saved, timeout=60), self.failed


def test_backup_while_the_portal_takes_votes_has_every_vote_answered_before_it(
    portal: Server, database: Path, tmp_path: Path
) -> None:
    voter = Voter(portal, "during-backup")
    voter.start()
    try:
        voter.wait_for(20)
        with voter.progress:
            answered_before = voter.saved  # each of these was committed before its 201
        result = kb(database, "backup", str(tmp_path / "copy.sqlite3"))
        with voter.progress:
            answered_by_end = voter.saved
        voter.wait_for(answered_by_end + 5)  # the portal kept taking votes after the backup
    finally:
        voter.stop.set()
        voter.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert "Backed up" in result.stdout
    copied = answers(tmp_path / "copy.sqlite3")
    assert copied >= answered_before
    assert voter.failed == []
    assert answers(database) >= voter.saved  # nothing was lost in the live store either
    assert (tmp_path / "copy.sqlite3").stat().st_mode & 0o077 == 0  # readers' words: owner only
    assert [p.name for p in tmp_path.iterdir()] == ["copy.sqlite3"]  # no partial file left


def test_restore_round_trip_on_a_running_portal(
    portal: Server, database: Path, tmp_path: Path
) -> None:
    for number in range(3):
        assert vote(portal, f"before-{number}") == 201
    copy = tmp_path / "copy.sqlite3"
    copy.write_text("an old copy")
    assert kb(database, "backup", str(copy)).returncode == 1  # no --force: refused
    assert copy.read_text() == "an old copy"
    assert kb(database, "backup", "--force", str(copy)).returncode == 0
    in_backup = answers(copy)
    for number in range(4):
        assert vote(portal, f"after-{number}") == 201
    assert answers(database) == in_backup + 4

    result = kb(database, "restore", str(copy))

    assert result.returncode == 0, result.stderr
    assert answers(database) == in_backup
    kept = list(database.parent.glob(f"{database.name}.*.bak"))
    assert len(kept) == 1, kept
    assert answers(kept[0]) == in_backup + 4
    assert str(kept[0]) in result.stdout.replace("\n", "")
    assert vote(portal, "after-restore") == 201  # the running portal writes to the restored store
    assert answers(database) == in_backup + 1


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


def test_bad_paths_get_a_plain_error_and_change_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "var"
    folder.mkdir()
    database = folder / "plainhelp.sqlite3"
    store = Store(f"sqlite:///{database}")
    store.save_vote(
        Vote(GUIDE, "v1", utc_now().date(), True, None, "fine", utc_now().replace(microsecond=0))
    )
    store.dispose()
    other = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.commit()
    connection.close()
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    existing = tmp_path / "existing.sqlite3"
    existing.write_text("keep me")
    assert kb(database, "backup", str(tmp_path / "good.sqlite3")).returncode == 0
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes((tmp_path / "good.sqlite3").read_bytes()[:4096])
    before, outside = fingerprint(folder), fingerprint(tmp_path)

    cases = [
        (("backup", str(existing)), "already exists; add --force"),
        (("backup", str(tmp_path / "missing" / "copy.sqlite3")), "does not exist"),
        (("backup", str(tmp_path)), "is a folder"),
        (("backup", "--force", str(database)), "is the store itself"),
        (("restore", str(tmp_path / "missing.sqlite3")), "There is no file at"),
        (("restore", str(text)), "is not a SQLite database"),
        (("restore", str(other)), "not a Plainhelp store (it has no feedback"),
        (("restore", str(damaged)), str(damaged)),
    ]
    for args, says in cases:
        result = kb(database, *args)
        assert result.returncode == 1, (args, result.stdout)
        assert says in result.stderr.replace("\n", " "), (args, result.stderr)
        assert "Traceback" not in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = kb(empty / "plainhelp.sqlite3", "backup", str(tmp_path / "copy.sqlite3"))
    assert nothing.returncode == 1
    assert "nothing to back up" in nothing.stderr

    assert fingerprint(folder) == before
    assert fingerprint(tmp_path) == outside
    assert not (empty / "plainhelp.sqlite3").exists()


def test_postgresql_gets_the_exact_pg_dump_and_pg_restore_lines(
    postgres_url: str, postgres_server, tmp_path: Path
) -> None:
    store = Store(postgres_url)
    store.save_vote(
        Vote(GUIDE, "v1", utc_now().date(), True, None, None, utc_now().replace(microsecond=0))
    )
    store.dispose()
    dump = tmp_path / "plainhelp.dump"

    told = kb(postgres_url, "backup", str(dump))

    assert told.returncode == 1
    assert "kb-test-password" not in told.stderr
    line = next(s.strip() for s in told.stderr.splitlines() if s.strip().startswith("pg_dump "))
    subprocess.run(shlex.split(line), check=True, capture_output=True, timeout=60)
    assert dump.stat().st_size > 0

    fresh = postgres_server.create_database()
    told = kb(fresh, "restore", str(dump))
    assert told.returncode == 1
    assert "kb-test-password" not in told.stderr
    line = next(s.strip() for s in told.stderr.splitlines() if s.strip().startswith("pg_restore "))
    subprocess.run(shlex.split(line), check=True, capture_output=True, timeout=60)
    restored = Store(fresh)
    try:
        with restored.begin() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM feedback").scalar() == 1
        assert restored.version() == store.version()
    finally:
        restored.dispose()
        store.dispose()
