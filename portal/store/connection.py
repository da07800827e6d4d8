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
    create_engine,
    event,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from portal.errors import Unavailable

MIGRATIONS = Path(__file__).parent / "migrations"
log = logging.getLogger("portal.store")
RETRY_SECONDS = 5.0


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
            pool_size=5,
            max_overflow=10,
            pool_timeout=5,
            connect_args={"connect_timeout": 3},
        )
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, connect_args={"timeout": 10})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    return engine


class Database:
    """The connection every part of the store shares: one engine, transactions, migrations."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = engine_for(url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._salts: dict[dt.date, bytes] = {}
        self._ready = False
        self._down_until = 0.0
        self._ready_lock = threading.Lock()

    def ensure_ready(self) -> None:
        """Migrate once before the first write; a database that was down is tried again later."""
        if self._ready:
            return
        with self._ready_lock:
            if not self._ready:
                self.migrate()
                self._ready = True

    def describe(self) -> str:
        """The database without its password, for messages and logs."""
        return make_url(self.url).render_as_string(hide_password=True)

    @contextlib.contextmanager
    def begin(self) -> Iterator[Connection]:
        """A transaction; any database error becomes StoreUnavailable.

        After a lost connection, calls fail at once for a few seconds instead of each waiting
        for a timeout, so searches stay fast while the database is down.
        """
        if time.monotonic() < self._down_until:
            raise StoreUnavailable(f"{self.describe()} was unreachable a moment ago")
        try:
            with self.engine.begin() as connection:
                yield connection
        except SQLAlchemyError as error:
            if isinstance(error, OperationalError | InterfaceError):
                self._down_until = time.monotonic() + RETRY_SECONDS
            raise StoreUnavailable(
                f"{self.describe()}: {error.__class__.__name__}: {error}"
            ) from None

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
        return list(reversed(applied))

    @property
    def seems_down(self) -> bool:
        """True for a few seconds after the database was unreachable."""
        return time.monotonic() < self._down_until

    def status(self) -> tuple[bool, str]:
        """For /healthz: can answers be stored right now?"""
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
        with lock_path.open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def dispose(self) -> None:
        self.engine.dispose()
