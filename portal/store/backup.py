"""`kb backup` and `kb restore`: a consistent copy of the SQLite store, even while it is in use.

SQLite's online backup API copies a snapshot while the portal keeps writing. PostgreSQL has its
own tools, so for it both commands print the exact `pg_dump` or `pg_restore` line instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shlex
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from alembic.config import Config as AlembicConfig
from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL, make_url

from portal.errors import PlainhelpError
from portal.store.database import MIGRATIONS, Store, StoreUnavailable
from portal.words import plural

TABLES = ["feedback", "searches", "clicks", "salts", "alembic_version"]
COUNTED = {"feedback": "answer", "searches": "search", "clicks": "click"}
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_SECONDS = 30


class BackupError(PlainhelpError, RuntimeError):
    """Nothing was copied or replaced; the message is one plain sentence for the operator."""


@dataclass(frozen=True)
class Copied:
    """What a backup or a restore wrote, for the message to the operator."""

    path: Path
    rows: dict[str, int]
    size: int
    kept: Path | None = None  # the store as it was before a restore

    def summary(self) -> str:
        return ", ".join(plural(self.rows.get(table, 0), word) for table, word in COUNTED.items())


def sqlite_path(url: str) -> Path | None:
    """The store's file when it is SQLite; None for PostgreSQL."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("The store is an in-memory SQLite database, which has nothing to keep.")
    return Path(parsed.database)


def _postgres_url(url: str) -> str:
    """The URL for PostgreSQL's own tools: no driver name, and never the password."""
    parsed = make_url(url)
    bare = URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        # A password may also be given as ?password=...: left out like the one before the @.
        query={k: v for k, v in parsed.query.items() if k.lower() != "password"},
    )
    return bare.render_as_string(hide_password=False)


def pg_dump_command(url: str, path: Path) -> str:
    return (
        f"pg_dump --format=custom --no-owner --file={shlex.quote(str(path))} "
        f"--dbname={shlex.quote(_postgres_url(url))}"
    )


def pg_restore_command(url: str, path: Path) -> str:
    return (
        "pg_restore --clean --if-exists --no-owner --single-transaction "
        f"--dbname={shlex.quote(_postgres_url(url))} {shlex.quote(str(path))}"
    )


PASSWORD_NOTE = (
    "It reads the password from PGPASSWORD or ~/.pgpass, or asks for it; "
    "the password is left out here on purpose."
)


@contextlib.contextmanager
def _connect(path: Path, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection that waits for writers instead of failing, always closed."""
    if read_only:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    else:
        connection = sqlite3.connect(path, timeout=BUSY_SECONDS)
    try:
        connection.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
        yield connection
    finally:
        connection.close()


def _rows(connection: sqlite3.Connection) -> dict[str, int]:
    names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    return {
        table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        for table in COUNTED
        if table in names
    }


def _copy(source: Path, target: Path) -> dict[str, int]:
    """Snapshot `source` into a new file `target` in one backup step; returns its row counts."""
    with _connect(source) as reader, _connect(target) as writer:
        reader.backup(writer)  # one step: a consistent snapshot, even while others write
        writer.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        checked = writer.execute("PRAGMA quick_check").fetchone()[0]
        if checked != "ok":
            raise BackupError(f"The copy did not pass SQLite's check ({checked}).")
        return _rows(writer)


def _same_file(first: Path, second: Path) -> bool:
    return first.exists() and second.exists() and os.path.samefile(first, second)


def _writable_target(target: Path, store: Path, force: bool) -> None:
    """Refuse a folder, a missing folder, the store itself, or an existing file without force."""
    if target.is_dir():
        raise BackupError(
            f"{target} is a folder; give a file name, such as {target / 'plainhelp.sqlite3'}."
        )
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist; create it first.")
    if _same_file(target, store):
        raise BackupError(f"{target} is the store itself; choose another file for the backup.")
    if target.exists() and not force:
        raise BackupError(f"{target} already exists; add --force to replace it.")


def backup_sqlite(store: Path, target: Path, force: bool = False) -> Copied:
    """Copy the store to `target` while the portal may be writing; a failure leaves no file."""
    if not store.is_file():
        raise BackupError(f"There is no store at {store} yet, so there is nothing to back up.")
    _writable_target(target, store, force)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        partial.touch(mode=0o600)  # the comments in it are readers' words: owner only
        rows = _copy(store, partial)
        os.replace(partial, target)
    except sqlite3.Error as error:
        raise BackupError(f"The store at {store} could not be copied: {error}.") from None
    finally:
        partial.unlink(missing_ok=True)
    return Copied(target, rows, target.stat().st_size)


def _known_versions() -> set[str]:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    return {revision.revision for revision in ScriptDirectory.from_config(config).walk_revisions()}


def check_store_file(path: Path) -> dict[str, int]:
    """Is `path` a healthy Plainhelp store this version can use? Returns its row counts."""
    if not path.is_file():
        raise BackupError(f"There is no file at {path}.")
    with path.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(
                f"{path} is not a SQLite database, so it cannot be a Plainhelp store."
            )
    try:
        with _connect(path, read_only=True) as connection:
            checked = connection.execute("PRAGMA quick_check").fetchone()[0]
            if checked != "ok":
                raise BackupError(f"{path} is damaged (SQLite's check says: {checked}).")
            names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            missing = [table for table in TABLES if table not in names]
            if missing:
                raise BackupError(
                    f"{path} is a SQLite database but not a Plainhelp store "
                    f"(it has no {', '.join(missing)} table)."
                )
            version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            rows = _rows(connection)
    except sqlite3.Error as error:
        raise BackupError(f"{path} cannot be read as a SQLite database: {error}.") from None
    if version is None or version[0] not in _known_versions():
        raise BackupError(
            f"{path} was made by a newer or unknown version of Plainhelp "
            f"(schema {version[0] if version else 'none'}); upgrade Plainhelp first."
        )
    return rows


def restore_sqlite(source: Path, store: Path, url: str) -> Copied:
    """Replace the store's content with a checked backup; the old content is kept as .bak."""
    rows = check_store_file(source)
    if _same_file(source, store):
        raise BackupError(f"{source} is the store itself, so there is nothing to restore.")
    if not store.parent.is_dir():
        raise BackupError(f"The folder {store.parent} does not exist; create it first.")
    kept = None
    if store.is_file():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = store.with_name(f"{store.name}.{stamp}.bak")
        backup_sqlite(store, kept)
    try:
        # Through the backup API, like sqlite3's .restore: connections still open on the store
        # (a running portal) wait for it, then see the restored content.
        with _connect(source, read_only=True) as reader, _connect(store) as writer:
            reader.backup(writer)
    except sqlite3.Error as error:
        raise BackupError(
            f"{store} could not be replaced: {error}."
            + (f" Its previous content is in {kept}." if kept else "")
        ) from None
    opened = Store(url)
    try:
        opened.migrate()  # a backup from an older version gets the newer tables
    except StoreUnavailable as error:
        raise BackupError(f"The restored store could not be brought up to date: {error}.") from None
    finally:
        opened.dispose()
    return Copied(store, rows, store.stat().st_size, kept)
