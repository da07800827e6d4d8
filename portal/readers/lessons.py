"""Check one answer to a lesson's check question, or one progress mark, before anything is
stored; the portal works out whether an answer is right from the course itself.

Every refusal is a plain sentence and a 4xx. Nothing a reader sends is free text: the lesson
and question must exist, the options must be ones the question has.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from portal.errors import PlainhelpError
from portal.guides.courses import Check, Course, Lesson, find_lesson
from portal.store.schema import PERSON_CHARS, PROGRESS_EVENTS

MAX_BODY_BYTES = 1024  # an answer is a lesson path, a question, a few numbers and a flag
ANSWER_FIELDS = frozenset({"lesson", "question", "chosen", "first_try"})
PROGRESS_FIELDS = frozenset({"lesson", "event"})
LESSON_CHARS = 300
_QUESTION = re.compile(r"q[1-9][0-9]{0,4}")
# What a proxy may call a person: printable, no control characters, no line breaks.
_PERSON = re.compile(rf"[^\x00-\x1f\x7f\u2028\u2029]{{1,{PERSON_CHARS}}}")


class LessonError(PlainhelpError, ValueError):
    """The answer or progress mark cannot be stored; `status` is the HTTP status (4xx)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class CheckedAnswer:
    """An answer that fits its question, with `right` worked out from the course."""

    lesson: str
    question: str
    chosen: tuple[int, ...]
    right: bool
    first_try: bool


@dataclass(frozen=True)
class ProgressMark:
    """A lesson opened or finished; `course` is set when it is the course's last lesson."""

    lesson: str
    event: str
    finishes: Course | None


def _object(payload: Any, fields: frozenset[str], example: str) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise LessonError(f"Send one JSON object, such as {example}.")
    unknown = sorted(set(payload) - fields)
    if unknown:
        raise LessonError(
            f"This request has fields we do not accept: {', '.join(unknown)}. "
            f"Send only {', '.join(sorted(fields))}."
        )
    return payload


def _lesson(payload: dict[str, Any], courses: Iterable[Course]) -> Lesson:
    path = payload.get("lesson")
    if not isinstance(path, str) or not path.strip():
        raise LessonError('Say which lesson this is about in "lesson", such as "learn/…/…".')
    lesson = find_lesson(courses, path) if len(path) <= LESSON_CHARS else None
    if lesson is None:
        raise LessonError("There is no lesson at that address, so nothing was saved.")
    return lesson


def _check(lesson: Lesson, question: Any) -> Check:
    if not isinstance(question, str) or not _QUESTION.fullmatch(question):
        raise LessonError('"question" must name a question of the lesson, such as "q1".')
    for check in lesson.checks:
        if check.id == question:
            return check
    raise LessonError("That lesson has no such question, so nothing was saved.")


def _chosen(check: Check, chosen: Any) -> tuple[int, ...]:
    if not isinstance(chosen, list) or not chosen:
        raise LessonError('"chosen" must list the options chosen, by number, such as [1].')
    last = len(check.options) - 1
    if any(isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= last for n in chosen):
        raise LessonError(f'"chosen" must hold option numbers from 0 to {last}.')
    if len(set(chosen)) != len(chosen):
        raise LessonError('"chosen" names the same option twice.')
    if check.choose == "one" and len(chosen) != 1:
        raise LessonError("This question takes one answer, so choose exactly one option.")
    return tuple(sorted(chosen))


def parse_check_answer(payload: Any, courses: Iterable[Course]) -> CheckedAnswer:
    """Validate the JSON body and work out whether the answer is right."""
    body = _object(
        payload, ANSWER_FIELDS, '{"lesson": …, "question": "q1", "chosen": [1], "first_try": true}'
    )
    lesson = _lesson(body, courses)
    check = _check(lesson, body.get("question"))
    chosen = _chosen(check, body.get("chosen"))
    first_try = body.get("first_try")
    if not isinstance(first_try, bool):
        raise LessonError('"first_try" must be true or false.')
    right = {n for n, option in enumerate(check.options) if option.right} == set(chosen)
    return CheckedAnswer(lesson.path, check.id, chosen, right, first_try)


def parse_progress(payload: Any, courses: Iterable[Course]) -> ProgressMark:
    """Validate the JSON body; a finished last lesson names the course it finishes."""
    courses = list(courses)
    body = _object(payload, PROGRESS_FIELDS, '{"lesson": …, "event": "opened"}')
    lesson = _lesson(body, courses)
    event = body.get("event")
    if not isinstance(event, str) or event not in PROGRESS_EVENTS:
        raise LessonError(f'"event" must be one of: {", ".join(PROGRESS_EVENTS)}.')
    finishes = None
    if event == "finished":
        for course in courses:
            if course.path == lesson.course and course.lessons[-1].path == lesson.path:
                finishes = course
    return ProgressMark(lesson.path, event, finishes)


def person_from_header(value: str | None) -> str | None:
    """The person the trusted proxy named, as kept; None when absent, empty or unusable."""
    if value is None:
        return None
    person = value.strip()
    return person if _PERSON.fullmatch(person) else None
