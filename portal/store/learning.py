"""What lessons' readers send, kept: answers to check questions, where they stop, completions.

Answers and progress carry only the daily visitor key, like feedback. Completion records name a
person, so they are written only when the portal was told to keep them (KB_COMPLETION_HEADER).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from portal.store.connection import Database
from portal.store.schema import check_answers, completions, lesson_progress


@dataclass(frozen=True)
class CheckAnswer:
    """One answer to a check question, already checked against the course."""

    day: dt.date
    visitor: str
    lesson: str
    question: str
    chosen: tuple[int, ...]
    right: bool
    first_try: bool


@dataclass(frozen=True)
class Completion:
    """A person finished a course on a day (kept only with completion records on)."""

    person: str
    course: str
    finished_on: dt.date


def chosen_text(chosen: Iterable[int]) -> str:
    """Option numbers as stored: "0,2"."""
    return ",".join(str(number) for number in sorted(set(chosen)))


def chosen_numbers(text: str) -> tuple[int, ...]:
    """The stored text back as option numbers; anything else in it is skipped."""
    return tuple(int(part) for part in text.split(",") if part.strip().isdigit())


class Learning(Database):
    """Lessons' answers, progress and completion records; each call is one transaction."""

    def save_check_answer(self, answer: CheckAnswer) -> None:
        """Keep one answer; every try is a row, the report counts first tries once."""
        self.ensure_ready()
        with self.begin() as connection:
            connection.execute(
                insert(check_answers).values(
                    day=answer.day,
                    visitor=answer.visitor,
                    lesson=answer.lesson,
                    question=answer.question,
                    chosen=chosen_text(answer.chosen),
                    right=answer.right,
                    first_try=answer.first_try,
                )
            )

    def save_progress(self, day: dt.date, visitor: str, lesson: str, event: str) -> bool:
        """Note that a lesson was opened or finished; True when this visitor's day is new."""
        self.ensure_ready()
        return self.insert_once(
            lesson_progress, day=day, visitor=visitor, lesson=lesson, event=event
        )

    def record_completion(self, completion: Completion) -> None:
        """One row per person and course: finishing again moves the date to the latest."""
        self.ensure_ready()
        dialect = sqlite if self.is_sqlite else postgresql
        statement = dialect.insert(completions).values(
            person=completion.person,
            course=completion.course,
            finished_on=completion.finished_on,
        )
        statement = statement.on_conflict_do_update(
            index_elements=["person", "course"],
            set_={"finished_on": statement.excluded.finished_on},
        )
        with self.begin() as connection:
            connection.execute(statement)

    def completion_records(self) -> list[Completion]:
        """Every completion record, by course, then person."""
        self.ensure_ready()
        with self.begin() as connection:
            rows = connection.execute(
                select(
                    completions.c.person, completions.c.course, completions.c.finished_on
                ).order_by(completions.c.course, completions.c.person)
            ).all()
        return [Completion(person, course, _as_date(day)) for person, course, day in rows]

    def delete_completions(self) -> int:
        """Delete every completion record (`kb purge --completions`); returns how many."""
        self.ensure_ready()
        with self.begin() as connection:
            return int(connection.execute(delete(completions)).rowcount)


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
