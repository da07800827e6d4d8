"""The IT team's announcement, and the dashboard's ended sessions, shared by every worker."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import (
    delete,
    insert,
    select,
    update,
)

from portal.guides.vocabulary import ANNOUNCEMENT_CHARS
from portal.store.connection import Database, utc_now
from portal.store.schema import (
    announcements,
    ended_sessions,
)


@dataclass(frozen=True)
class Announcement:
    """The banner on every page: plain text, when it was posted (naive UTC) and from where."""

    message: str
    posted_at: dt.datetime
    source: str  # "dashboard" (the store, also `kb status set`) or "file"


class Notices(Database):
    """The banner on every page and the dashboard's logouts, read by every worker and machine."""

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
