"""Degraded, not dead: a real portal on a damaged index, a read-only var/, a store whose files
become unwritable or are deleted, a secret-key file of any bytes. Pages and search keep
answering, votes get a plain 503 (never a 201 that is not on disk), /healthz says what is wrong.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.support.http import http_get, http_post
from tests.support.kb import Built
from tests.support.privileges import as_ordinary_user, read_only
from tests.support.servers import NO_VOTE_LIMITS, Server, start_server, stop_server, wait_for
from tests.support.store import replace_by_copy

GUIDE = "printing/printer-not-printing"


@pytest.fixture
def var_copy(built: Built, tmp_path: Path) -> Path:
    """A copy of the built var folder (index builds and the link to the current one)."""
    var = tmp_path / "var"
    shutil.copytree(built.var, var, symlinks=True, ignore=shutil.ignore_patterns("*.sqlite3*"))
    return var


def damage_current_build(var: Path, keep_good: bool) -> Path:
    """A copy of the current build, cut short and with garbage metadata, made current."""
    good = (var / "index").resolve()
    broken = good.parent / "99999999T999999999999Z-broken"
    shutil.copytree(good, broken)
    terms = next((broken / "guides.tantivy").glob("*.term"))
    terms.write_bytes(terms.read_bytes()[: terms.stat().st_size // 2])  # an index file cut short
    (broken / "plainhelp-meta.json.gz").write_text('{"format": 3, "guides": "many"}')
    link = var / "index"
    link.unlink()
    link.symlink_to(os.path.relpath(broken, var))
    if not keep_good:
        shutil.rmtree(good)
    return broken


def search(server: Server, query: str = "printer offline") -> tuple[int, dict]:
    reply = http_get(f"{server.url}/api/search?q={query.replace(' ', '+')}")
    assert "Traceback" not in reply.text
    return reply.status, json.loads(reply.body)


def health(server: Server) -> tuple[int, dict]:
    reply = http_get(f"{server.url}/healthz")
    return reply.status, json.loads(reply.body)


@pytest.mark.parametrize("workers", [1, 2], ids=["waitress", "gunicorn"])
def test_a_portal_started_on_a_damaged_build_answers_from_the_previous_one(
    built: Built, var_copy: Path, workers: int
) -> None:
    damage_current_build(var_copy, keep_good=True)
    server = start_server(built.site, {"KB_WORKERS": str(workers)}, var_dir=var_copy)
    try:
        for _ in range(6):  # every worker
            status, body = search(server)
            assert status == 200 and body["results"]
        assert http_get(f"{server.url}/{GUIDE}/").status == 200
        status, body = health(server)
        assert status == 200 and body["status"] == "degraded"
        assert "earlier build" in body["checks"]["search"]
    finally:
        stop_server(server)


def test_a_portal_started_on_only_a_damaged_build_serves_pages_and_refuses_search_plainly(
    built: Built, var_copy: Path
) -> None:
    damage_current_build(var_copy, keep_good=False)
    server = start_server(built.site, {"KB_WORKERS": "2"}, var_dir=var_copy)
    try:
        assert http_get(f"{server.url}/").status == 200
        assert http_get(f"{server.url}/{GUIDE}/").status == 200
        for _ in range(4):
            status, body = search(server)
            assert status == 503
            assert body == {
                "error": "Search is starting up or being rebuilt. Please try again in a minute."
            }
        page = http_get(f"{server.url}/search?q=printer")
        assert page.status in (200, 503) and "Traceback" not in page.text
        status, body = health(server)
        assert status == 200 and body["status"] == "degraded"
        assert "cannot be opened" in body["checks"]["search"]
    finally:
        stop_server(server)


# --- The store's files and var/ -----------------------------------------------------------

VOTE_LIMITS = NO_VOTE_LIMITS
_numbers = iter(range(1_000_000))


def vote(server: Server) -> tuple[int, int]:
    """One vote from a visitor of its own, numbered in its comment: (number, status)."""
    number = next(_numbers)
    body = {"page": GUIDE, "helpful": True, "comment": f"degraded vote {number}"}
    reply = http_post(f"{server.url}/api/feedback", body, {"User-Agent": f"reader-{number}"})
    assert "Traceback" not in reply.text
    if reply.status == 503:
        assert json.loads(reply.body)["error"].startswith("Your answer could not be saved")
    return number, reply.status


def votes(server: Server, count: int, threads: int = 4) -> dict[int, int]:
    """`count` votes from several threads at once: number -> status."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(threads) as pool:
        return dict(pool.map(lambda _: vote(server), range(count)))


def stored(database: Path) -> set[int]:
    """The vote numbers in the file at the path now (and the file is a sound database)."""
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = connection.execute("SELECT comment FROM feedback").fetchall()
    finally:
        connection.close()
    return {int(c.rsplit(" ", 1)[1]) for (c,) in rows if c and c.startswith("degraded vote")}


def still_serving(server: Server) -> None:
    assert server.process.poll() is None, "the portal died"
    log = server.output()
    assert "was sent SIG" not in log and "exited with code" not in log, "a worker died"
    assert http_get(f"{server.url}/{GUIDE}/").status == 200
    status, body = search(server)
    assert status == 200 and body["results"]


def answering_workers(server: Server) -> set[int]:
    """The processes that have answered a request so far, from the access log."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:  # several at once, so more than one worker answers
        list(pool.map(lambda _: http_get(f"{server.url}/healthz"), range(8)))
    found = set()
    for line in server.output().splitlines():
        if line.startswith("{") and '"pid"' in line:
            with contextlib.suppress(ValueError):
                found.add(json.loads(line)["pid"])
    return found


def every_worker_ready(server: Server, workers: int) -> None:
    """Wait until each worker has started (opened the store) and answered."""
    wait_for(lambda: len(answering_workers(server)) >= workers, what="every worker to answer")


@pytest.fixture
def ordinary_user(monkeypatch: pytest.MonkeyPatch) -> None:
    """`kb serve` started by start_server runs without root's power over file modes."""
    from tests.support import servers

    monkeypatch.setattr(servers, "KB", [*as_ordinary_user(), *servers.KB])


def immutable_supported(folder: Path) -> bool:
    probe = folder / "immutable-probe"
    probe.write_text("x")
    done = shutil.which("chattr") is not None and (
        os.system(f"chattr +i '{probe}' 2>/dev/null") == 0
    )
    if done:
        os.system(f"chattr -i '{probe}'")
    probe.unlink()
    return done


def sqlite_files_of(database: Path) -> list[Path]:
    return [database.with_name(database.name + suffix) for suffix in ("", "-wal", "-shm")]


def make_unwritable(way: str, database: Path) -> None:
    files = [f for f in sqlite_files_of(database) if f.exists()]
    if way == "files read-only":
        for file in files:
            file.chmod(0o444)
    elif way == "files and folder read-only":
        for file in files:
            file.chmod(0o444)
        database.parent.chmod(0o555)
    elif way == "folder read-only":
        database.parent.chmod(0o555)
    elif way == "files immutable":  # chattr +i: even root cannot write (and SIGBUS followed)
        for file in files:
            assert os.system(f"chattr +i '{file}'") == 0
    elif way == "replaced by read-only copies":
        for file in files:
            copy = file.with_name(file.name + ".copy")
            shutil.copy(file, copy)
            copy.chmod(0o444)
            copy.replace(file)


def make_writable(database: Path) -> None:
    database.parent.chmod(0o755)
    for file in sqlite_files_of(database):
        if file.exists():
            os.system(f"chattr -i '{file}' 2>/dev/null")
            file.chmod(0o644)


UNWRITABLE = [
    "files read-only",
    "files and folder read-only",
    "folder read-only",
    "files immutable",
    "replaced by read-only copies",
]


@pytest.mark.parametrize("way", UNWRITABLE)
def test_store_files_made_unwritable_while_running_never_kill_the_portal(
    built: Built, tmp_path: Path, ordinary_user: None, way: str
) -> None:
    if way == "files immutable" and not immutable_supported(tmp_path):
        pytest.skip("chattr +i needs root and a file system that supports it")
    database = tmp_path / "store" / "plainhelp.sqlite3"
    database.parent.mkdir()
    env = {"KB_WORKERS": "2", "KB_DATABASE_URL": f"sqlite:///{database}", **VOTE_LIMITS}
    server = start_server(built.site, env, var_dir=built.var)
    answered: dict[int, int] = {}
    try:
        # Files that change while a worker is still starting could still be caught mid-query
        # (the check and the query are microseconds apart, a worker's start is longer).
        every_worker_ready(server, 2)
        answered |= votes(server, 8)
        assert set(answered.values()) == {201}
        make_unwritable(way, database)
        during = votes(server, 12)
        answered |= during
        assert set(during.values()) <= {201, 503}
        still_serving(server)
        if set(during.values()) == {503}:
            status, body = health(server)
            assert status == 200 and body["status"] == "degraded"
        make_writable(database)
        after = votes(server, 12)  # the very next votes work again, in every worker
        answered |= after
        assert set(after.values()) == {201}
        still_serving(server)
    finally:
        make_writable(database)
        stop_server(server)
    acknowledged = {number for number, status in answered.items() if status == 201}
    assert acknowledged - stored(database) == set(), "a vote answered 201 is not in the file"


def change_files(way: str, database: Path) -> None:
    """The store's files at the path change under the running portal."""
    files = sqlite_files_of(database)
    if way == "all deleted":
        for file in files:
            file.unlink(missing_ok=True)
    elif way == "database deleted, -wal and -shm left":
        database.unlink()
    elif way == "moved away":
        for file in files:
            if file.exists():
                file.rename(file.with_name(file.name + ".moved"))
    elif way == "replaced by a copy":
        replace_by_copy(database)
    elif way == "replaced by an empty file":
        for file in files:
            file.unlink(missing_ok=True)
        database.write_bytes(b"")


CHANGES = [
    "all deleted",
    "database deleted, -wal and -shm left",
    "moved away",
    "replaced by a copy",
    "replaced by an empty file",
]


@pytest.mark.parametrize("workers", [1, 2], ids=["waitress", "gunicorn"])
@pytest.mark.parametrize("way", CHANGES)
def test_no_vote_is_answered_201_unless_it_is_in_the_file_at_the_path(
    built: Built, tmp_path: Path, way: str, workers: int
) -> None:
    """The tester's case ("all deleted"): 5 votes got 201 and were lost; /healthz said ok."""
    database = tmp_path / "plainhelp.sqlite3"
    env = {"KB_WORKERS": str(workers), "KB_DATABASE_URL": f"sqlite:///{database}", **VOTE_LIMITS}
    server = start_server(built.site, env, var_dir=built.var)
    try:
        every_worker_ready(server, workers)
        assert set(votes(server, 6).values()) == {201}
        change_files(way, database)
        for _ in range(2 * workers):  # every worker: its connections use a file no longer there
            status, body = health(server)
            assert status == 200 and body["status"] == "degraded"
            assert "deleted or replaced" in body["checks"]["store"]
        after = votes(server, 16)
        assert set(after.values()) <= {201, 503}
        assert list(after.values()).count(201) >= 12  # opened again: at most one 503 a worker
        still_serving(server)
        status, body = health(server)
        assert body["checks"]["store"].startswith("ok")
    finally:
        stop_server(server)
    acknowledged = {number for number, status in after.items() if status == 201}
    assert acknowledged - stored(database) == set(), "a vote answered 201 is not in the file"


def replace_with_unusable(way: str, database: Path) -> None:
    for file in sqlite_files_of(database):
        file.unlink(missing_ok=True)
    if way == "garbage":
        database.write_bytes(b"this is not a database\n" * 100)
    else:  # a database from a newer Plainhelp (or another program using Alembic)
        other = sqlite3.connect(database)
        other.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        other.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
        other.commit()
        other.close()


@pytest.mark.parametrize("way", ["garbage", "unknown version"])
def test_a_store_file_replaced_by_one_that_cannot_be_used_answers_503_plainly(
    built: Built, tmp_path: Path, way: str
) -> None:
    database = tmp_path / "plainhelp.sqlite3"
    env = {"KB_WORKERS": "2", "KB_DATABASE_URL": f"sqlite:///{database}", **VOTE_LIMITS}
    server = start_server(built.site, env, var_dir=built.var)
    try:
        every_worker_ready(server, 2)
        assert set(votes(server, 4).values()) == {201}
        replace_with_unusable(way, database)
        assert set(votes(server, 10).values()) == {503}
        still_serving(server)
        for _ in range(4):
            status, body = health(server)
            assert status == 200 and body["status"] == "degraded"
        assert set(votes(server, 4).values()) == {503}
    finally:
        stop_server(server)


@pytest.mark.parametrize("workers", [1, 2], ids=["waitress", "gunicorn"])
@pytest.mark.parametrize("database", ["in var", "elsewhere"])
def test_a_read_only_var_folder_serves_pages_and_search(
    built: Built, var_copy: Path, tmp_path: Path, ordinary_user: None, workers: int, database: str
) -> None:
    env = {"KB_WORKERS": str(workers), **VOTE_LIMITS}
    if database == "elsewhere":
        env["KB_DATABASE_URL"] = f"sqlite:///{tmp_path / 'elsewhere' / 'store.sqlite3'}"
    before = sorted(p.name for p in var_copy.iterdir())
    with read_only(var_copy):
        server = start_server(built.site, env, var_dir=var_copy)
        try:
            still_serving(server)
            statuses = set(votes(server, 6).values())
            status, body = health(server)
            assert status == 200
            if database == "elsewhere":
                assert statuses == {201} and body["status"] == "ok"
            else:
                assert statuses == {503} and body["status"] == "degraded"
            assert "Traceback" not in server.output()
        finally:
            stop_server(server)
    assert sorted(p.name for p in var_copy.iterdir()) == before  # nothing written there


# --- The secret-key file ------------------------------------------------------------------

KEY_FILES = {
    "non-ASCII (reported)": "clé secrète\n".encode(),
    "binary": bytes(range(256)),
    "empty": b"",
    "whitespace only": b" \n\t\r\n",
    "NUL bytes": b"\0" * 64,
    "huge": b"k" * (1024 * 1024),
}


@pytest.mark.parametrize("content", list(KEY_FILES.values()), ids=list(KEY_FILES))
def test_any_secret_key_file_starts_the_portal_and_every_worker_shares_the_key(
    built: Built, admin_setup, tmp_path: Path, content: bytes
) -> None:
    from tests.support.admin import PASSWORD, logged_in, serve_dashboard

    var = tmp_path / "var"
    shutil.copytree(built.var, var, symlinks=True, ignore=shutil.ignore_patterns("*.sqlite3*"))
    key_file = var / "secret-key"
    key_file.write_bytes(content)
    server = serve_dashboard(built, admin_setup, var, KB_ADMIN_PASSWORD=PASSWORD, KB_WORKERS="2")
    try:
        person = logged_in(server)
        for _ in range(8):  # whichever worker answers, the login cookie is good
            assert person.get("/admin").status == 200
        assert "Traceback" not in server.output()
    finally:
        stop_server(server)
    if content.strip(b" \n\t\r\0"):
        assert key_file.read_bytes() == content  # an operator's key is never overwritten
    else:
        assert len(key_file.read_text().strip()) == 64
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
