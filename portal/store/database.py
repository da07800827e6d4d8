"""Open the store, migrate it, and write to it; every failure becomes StoreUnavailable."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from portal.errors import Unavailable
from portal.store.schema import (
    ANNOUNCEMENT_CHARS,
    announcements,
    clicks,
    ended_sessions,
    feedback,
    salts,
    searches,
)

MIGRATIONS = Path(__file__).parent / "migrations"
log = logging.getLogger("portal.store")
RETRY_SECONDS = 5.0


class StoreUnavailable(Unavailable, RuntimeError):
    """The database cannot be reached or refused a write; the message is for the log."""

    reader_message = "Your answer could not be saved just now. Please try again in a few minutes."
    retry_after = 60


@dataclass(frozen=True)
class Vote:
    """One answer to "Was this helpful?", already checked and screened."""

    guide: str
    visitor: str
    day: dt.date
    helpful: bool
    reason: str | None
    comment: str | None
    created: dt.datetime


@dataclass(frozen=True)
class Announcement:
    """The banner on every page: plain text, when it was posted (naive UTC) and from where."""

    message: str
    posted_at: dt.datetime
    source: str  # "dashboard" (the store, also `kb status set`) or "file"


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
    def _pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    return engine


class Store:
    """The one way the portal and `kb` reach the database."""

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

    # -- schema ------------------------------------------------------------------------------

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

    # -- visitor keys ------------------------------------------------------------------------

    def salt_for(self, day: dt.date) -> bytes:
        """Today's random secret, shared by every worker; older ones are deleted."""
        self.ensure_ready()
        if day in self._salts:
            return self._salts[day]
        with self.begin() as connection:
            found = connection.scalar(select(salts.c.secret).where(salts.c.day == day))
        if found is None:
            try:
                with self.begin() as connection:
                    connection.execute(insert(salts).values(day=day, secret=secrets.token_hex(32)))
                    connection.execute(delete(salts).where(salts.c.day < day))
            except StoreUnavailable:
                pass  # another worker made today's salt first; read theirs
            with self.begin() as connection:
                found = connection.scalar(select(salts.c.secret).where(salts.c.day == day))
            if found is None:
                raise StoreUnavailable("today's visitor-key secret could not be made")
        self._salts = {day: bytes.fromhex(found)}
        return self._salts[day]

    # -- writes ------------------------------------------------------------------------------

    def save_vote(self, vote: Vote) -> bool:
        """Store an answer; a second one the same day replaces the first. True if replaced."""
        self.ensure_ready()
        values = {
            "guide": vote.guide,
            "visitor": vote.visitor,
            "day": vote.day,
            "helpful": vote.helpful,
            "reason": vote.reason,
            "comment": vote.comment,
            "created": vote.created,
        }
        dialect = sqlite if self.is_sqlite else postgresql
        statement = dialect.insert(feedback).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=["guide", "visitor", "day"],
            set_={
                key: statement.excluded[key] for key in ("helpful", "reason", "comment", "created")
            },
        )
        with self.begin() as connection:
            existed = connection.scalar(
                select(func.count())
                .select_from(feedback)
                .where(
                    feedback.c.guide == vote.guide,
                    feedback.c.visitor == vote.visitor,
                    feedback.c.day == vote.day,
                )
            )
            connection.execute(statement)
        return bool(existed)

    def add_search(
        self, query: str, results: int, source: str, moment: dt.datetime, token: str | None = None
    ) -> str:
        """Record one search; returns the token a later click refers to."""
        self.ensure_ready()
        token = token or new_token()
        with self.begin() as connection:
            connection.execute(
                insert(searches).values(
                    token=token, query=query, results=results, source=source, hour=to_hour(moment)
                )
            )
        return token

    def refine_search(
        self, token: str, query: str, results: int, source: str, moment: dt.datetime
    ) -> None:
        """The same person kept typing: the search they ended with replaces the one before.

        Writes the row when the first search's own write has not landed yet.
        """
        self.ensure_ready()
        with self.begin() as connection:
            changed = connection.execute(
                update(searches)
                .where(searches.c.token == token)
                .values(query=query, results=results, hour=to_hour(moment))
            )
        if changed.rowcount == 0:
            self.add_search(query, results, source, moment, token=token)

    def add_click(self, token: str, position: int, guide: str, moment: dt.datetime) -> bool:
        """Record which result was opened; False when the search is not known."""
        self.ensure_ready()
        with self.begin() as connection:
            search_id = connection.scalar(select(searches.c.id).where(searches.c.token == token))
            if search_id is None:
                return False
            connection.execute(
                insert(clicks).values(
                    search_id=search_id, position=position, guide=guide, hour=to_hour(moment)
                )
            )
        return True

    # -- announcements -----------------------------------------------------------------------

    def post_announcement(self, message: str, moment: dt.datetime | None = None) -> Announcement:
        """Show `message` (already cleaned) on every page; it replaces the one shown before."""
        if not message.strip() or len(message) > ANNOUNCEMENT_CHARS:
            raise ValueError(f"an announcement has 1 to {ANNOUNCEMENT_CHARS} characters")
        self.ensure_ready()
        moment = moment or utc_now()
        with self.begin() as connection:
            connection.execute(
                update(announcements)
                .where(announcements.c.cleared_at.is_(None))
                .values(cleared_at=moment)
            )
            connection.execute(insert(announcements).values(message=message, posted_at=moment))
        return Announcement(message, moment, "dashboard")

    def clear_announcement(self, moment: dt.datetime | None = None) -> bool:
        """Take the announcement down; False when there was none."""
        self.ensure_ready()
        with self.begin() as connection:
            changed = connection.execute(
                update(announcements)
                .where(announcements.c.cleared_at.is_(None))
                .values(cleared_at=moment or utc_now())
            )
        return changed.rowcount > 0

    def current_announcement(self) -> Announcement | None:
        """The announcement shown now, if any (the newest one not cleared)."""
        self.ensure_ready()
        with self.begin() as connection:
            row = connection.execute(
                select(announcements.c.message, announcements.c.posted_at)
                .where(announcements.c.cleared_at.is_(None))
                .order_by(announcements.c.posted_at.desc(), announcements.c.id.desc())
                .limit(1)
            ).first()
        return Announcement(row.message, row.posted_at, "dashboard") if row else None

    # -- dashboard sessions --------------------------------------------------------------------

    def end_session(self, sid: str, until: dt.datetime) -> None:
        """Remember a logged-out session until it would have expired; forget expired ones."""
        with self.begin() as connection:
            connection.execute(delete(ended_sessions).where(ended_sessions.c.until < utc_now()))
            known = connection.execute(
                select(ended_sessions.c.sid).where(ended_sessions.c.sid == sid)
            ).first()
            if known is None:
                connection.execute(insert(ended_sessions).values(sid=sid, until=until))

    def session_ended(self, sid: str) -> bool:
        with self.begin() as connection:
            row = connection.execute(
                select(ended_sessions.c.sid).where(ended_sessions.c.sid == sid)
            ).first()
        return row is not None

    def purge(self, keep_days: int, today: dt.date | None = None) -> dict[str, int]:
        """Delete what is older than the retention period; returns rows deleted per table."""
        self.ensure_ready()
        today = today or utc_now().date()
        first_day = today - dt.timedelta(days=keep_days)
        first_hour = dt.datetime.combine(first_day, dt.time())
        with self.begin() as connection:
            gone_clicks = connection.execute(delete(clicks).where(clicks.c.hour < first_hour))
            gone_searches = connection.execute(delete(searches).where(searches.c.hour < first_hour))
            gone_feedback = connection.execute(delete(feedback).where(feedback.c.day < first_day))
            connection.execute(delete(salts).where(salts.c.day < today))
        return {
            "feedback": gone_feedback.rowcount,
            "searches": gone_searches.rowcount,
            "clicks": gone_clicks.rowcount,
        }

    def dispose(self) -> None:
        self.engine.dispose()
