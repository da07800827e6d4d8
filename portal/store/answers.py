"""What readers send, kept: votes, searches, clicks, the daily visitor-key secret, retention
(which covers lessons' answers and progress and troubleshooters' steps too; completion records
are kept until deleted)."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import (
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from portal.store.connection import Database, StoreUnavailable, new_token, to_hour, utc_now
from portal.store.schema import (
    check_answers,
    clicks,
    feedback,
    lesson_progress,
    salts,
    searches,
    troubleshooter_steps,
)


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


class Answers(Database):
    """Readers' answers and search counts; each call is one transaction."""

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
            gone_answers = connection.execute(
                delete(check_answers).where(check_answers.c.day < first_day)
            )
            gone_progress = connection.execute(
                delete(lesson_progress).where(lesson_progress.c.day < first_day)
            )
            gone_steps = connection.execute(
                delete(troubleshooter_steps).where(troubleshooter_steps.c.day < first_day)
            )
            connection.execute(delete(salts).where(salts.c.day < today))
        return {
            "feedback": gone_feedback.rowcount,
            "searches": gone_searches.rowcount,
            "clicks": gone_clicks.rowcount,
            "check_answers": gone_answers.rowcount,
            "progress": gone_progress.rowcount,
            "troubleshooter_steps": gone_steps.rowcount,
        }
