"""Open the database, run transactions, migrate: every failure becomes StoreUnavailable."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Connection,
    Engine,
    Table,
    create_engine,
    event,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from portal.config import hide_credentials
from portal.errors import Unavailable
from portal.store.sqlite_files import FileId, FilesChanged, FilesUnwritable, SqliteFiles, file_id

MIGRATIONS = Path(__file__).parent / "migrations"
log = logging.getLogger("portal.store")
RETRY_SECONDS = 5.0
OPENED_FILE = "plainhelp_opened_file"  # in each SQLite connection's info: the file it opened


class StoreUnavailable(Unavailable, RuntimeError):
    """The database cannot be reached or refused a write; the message is for the log."""

    reader_message = "Your answer could not be saved just now. Please try again in a few minutes."
    retry_after = 60


def new_token() -> str:
    """A search's public name: random, so nobody can guess another person's search."""
    return secrets.token_urlsafe(12)


def utc_now() -> dt.datetime:
    """Naive UTC, as stored: the store never keeps local times."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def to_hour(moment: dt.datetime) -> dt.datetime:
    """Searches and clicks are kept to the hour, which is all the report needs."""
    return moment.replace(minute=0, second=0, microsecond=0)


def engine_for(url: str) -> Engine:
    """An engine with the settings each database needs (WAL and foreign keys for SQLite)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(
            parsed,
            pool_pre_ping=True,
            hide_parameters=True,  # a failed statement's error must not carry a reader's words
            pool_size=5,
            max_overflow=10,
            pool_timeout=5,
            connect_args={"connect_timeout": 3},
        )
    if parsed.database and parsed.database != ":memory:":
        # A folder that cannot be made is reported by the first connection, as StoreUnavailable.
        with contextlib.suppress(OSError):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, hide_parameters=True, connect_args={"timeout": 10})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        # Read the database with read(), never through a memory map: a file cut short or
        # unwritable under a map kills the process (SIGBUS) instead of raising an error.
        cursor.execute("PRAGMA mmap_size=0")
        cursor.close()

    return engine


def sqlite_files(url: str) -> SqliteFiles | None:
    """The files of a SQLite database on disk; None for PostgreSQL or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return SqliteFiles(Path(parsed.database))


class Database:
    """The connection every part of the store shares: one engine, transactions, migrations."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = engine_for(url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self.files = sqlite_files(url)
        self._pool_file: FileId | None = None  # the file the pooled connections opened
        if self.files is not None:
            # Whether -shm can be written is asked again right before SQLite could touch it:
            # before a new connection's first statement and before every statement.
            event.listen(self.engine, "connect", self._check_writable, insert=True)
            event.listen(self.engine, "before_cursor_execute", self._check_writable)
            event.listen(self.engine, "connect", self._note_file)
        self._salts: dict[dt.date, bytes] = {}
        self._ready = False
        self._down_until = 0.0
        self._ready_lock = threading.Lock()

    def ensure_ready(self) -> None:
        """Migrate once before the first write; a database that was down is tried again later.

        A SQLite file deleted or replaced under the running portal is opened again here, and
        created and migrated if it is gone, so the next answer is kept in the file at the path.
        """
        if self._ready and not self._file_moved():
            return
        with self._ready_lock:
            if self._file_moved():
                self._reopen()
            if not self._ready:
                self.migrate()
                self._ready = True

    def _check_writable(self, *_event: Any) -> None:
        assert self.files is not None
        self.files.check_writable()

    def _note_file(self, _dbapi_connection: Any, record: Any) -> None:
        """Each new SQLite connection remembers which file it opened (device and inode)."""
        assert self.files is not None
        record.info[OPENED_FILE] = self._pool_file = self.files.opened()

    def _file_moved(self) -> bool:
        """True when the pooled connections use a file that is no longer the one at the path."""
        opened, files = self._pool_file, self.files
        return files is not None and opened is not None and file_id(files.database) != opened

    def describe(self) -> str:
        """The database without its password, for messages and logs."""
        return hide_credentials(self.url)

    @contextlib.contextmanager
    def begin(self) -> Iterator[Connection]:
        """A transaction; any database error becomes StoreUnavailable.

        After a lost connection, calls fail at once for a few seconds instead of each waiting
        for a timeout, so searches stay fast while the database is down.
        """
        if time.monotonic() < self._down_until:
            raise StoreUnavailable(f"{self.describe()} was unreachable a moment ago")
        try:
            if self.files is None:
                with self.engine.begin() as connection:
                    yield connection
            else:
                with self._watched_transaction() as connection:
                    yield connection
        except (FilesUnwritable, FilesChanged) as error:
            raise StoreUnavailable(f"{self.describe()}: {error}") from None
        except SQLAlchemyError as error:
            if isinstance(error, OperationalError | InterfaceError):
                self._down_until = time.monotonic() + RETRY_SECONDS
            raise StoreUnavailable(
                f"{self.describe()}: {error.__class__.__name__}: {error}"
            ) from None

    def insert_once(self, table: Table, **row: object) -> bool:
        """Add `row` unless the same one is there (its columns are the table's unique key, so
        a repeat adds nothing); True when it was new."""
        dialect = sqlite if self.is_sqlite else postgresql
        statement = (
            dialect.insert(table)
            .values(**row)
            .on_conflict_do_nothing(index_elements=list(row))
            .returning(table.c.id)
        )
        with self.begin() as connection:
            added = connection.execute(statement).scalar()
        return added is not None

    @contextlib.contextmanager
    def _watched_transaction(self) -> Iterator[Connection]:
        """A SQLite transaction that is refused unless it lands in the file at the path.

        Checked before it starts and after it commits (a few microseconds each), so a vote is
        never answered as saved when it went into a deleted file (see `sqlite_files`).
        """
        assert self.files is not None
        self.files.check_writable()  # before SQLite touches its memory-mapped -shm file
        with self.engine.connect() as connection:
            opened = connection.info.get(OPENED_FILE)
            try:
                self.files.check_same(opened)
                with connection.begin():
                    yield connection
                self.files.check_same(opened)
            except FilesChanged:
                connection.invalidate()
                self._reopen()
                raise

    def _reopen(self) -> None:
        """Drop every connection to the old file; the next call opens (and migrates) the new one."""
        log.warning(
            "The database file of %s was deleted or replaced while the portal was running; "
            "it is opened again (created and migrated if it is gone).",
            self.describe(),
        )
        self.engine.dispose()
        self._pool_file = None
        self._salts = {}  # today's secret is read again from the database now at the path
        self._ready = False

    def _alembic(self, connection: Connection) -> AlembicConfig:
        config = AlembicConfig()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        return config

    def migrate(self) -> list[str]:
        """Bring the schema to the newest version; returns the versions applied.

        Several workers may start at once: a file lock (SQLite) or an advisory lock
        (PostgreSQL) lets one migrate while the others wait.
        """
        try:
            with self._migration_lock(), self.begin() as connection:
                if not self.is_sqlite:
                    connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7311200501)")
                before = MigrationContext.configure(connection).get_current_revision()
                command.upgrade(self._alembic(connection), "head")
                script = ScriptDirectory.from_config(self._alembic(connection))
                applied = [
                    revision.revision
                    for revision in script.iterate_revisions("head", before or "base")
                    if revision.revision != before
                ]
        except StoreUnavailable:
            raise
        # Alembic's own errors (a version it does not know: a newer Plainhelp's database, or
        # another program's) are not database errors, but mean the same: nothing can be kept.
        except Exception as error:
            raise StoreUnavailable(
                f"{self.describe()} cannot be brought to this version's schema "
                f"({error.__class__.__name__}: {error})"
            ) from None
        return list(reversed(applied))

    @property
    def seems_down(self) -> bool:
        """True for a few seconds after the database was unreachable."""
        return time.monotonic() < self._down_until

    def status(self) -> tuple[bool, str]:
        """For /healthz: can answers be stored right now?"""
        if self._file_moved():  # opened again by the next answer, not by a health check
            return False, (
                f"the database file of {self.describe()} was deleted or replaced while the "
                "portal was running; the next answer opens it again"
            )
        try:
            self.ensure_ready()
            with self.begin() as connection:
                connection.exec_driver_sql("SELECT 1")
        except StoreUnavailable:
            return False, f"the store at {self.describe()} cannot be reached; answers get 503"
        return True, f"ok: {self.engine.dialect.name}"

    def version(self) -> str | None:
        with self.begin() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    @contextlib.contextmanager
    def _migration_lock(self) -> Iterator[None]:
        database = make_url(self.url).database if self.is_sqlite else None
        if not database or database == ":memory:":
            yield
            return
        lock_path = Path(database).with_suffix(".migrate-lock")
        try:
            lock = lock_path.open("a")
        except OSError as error:  # a read-only folder: the database there cannot be written
            raise StoreUnavailable(
                f"{self.describe()}: the migration lock {lock_path} cannot be made "
                f"({error.strerror or error})"
            ) from None
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def dispose(self) -> None:
        self.engine.dispose()
