"""The lessons' part of the report: per question the share right on the first try and the
wrong option most chosen, per course where readers stop, and the questions most people miss.

A first try counts once per visitor key, question and day (the earliest), so sending the same
first try again cannot change a share. Reads use SQLAlchemy Core only, as `data.py` does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable

from sqlalchemy import ColumnElement, Connection, Subquery, and_, case, func, select

from portal.guides.courses import Check, Course, Lesson
from portal.report.model import CourseProgress, Learning, LessonStops, QuestionResult
from portal.store.learning import chosen_numbers
from portal.store.schema import check_answers, lesson_progress

# "Most people miss it": fewer than half right on the first try, from at least MIN_ANSWERS
# first tries, so two unlucky answers never put a lesson on the list.
MISS_SHARE = 0.5
MIN_ANSWERS = 10
_RIGHT = case((check_answers.c.right, 1), else_=0)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")


def plain_option(text: str) -> str:
    """An option as a reader saw it: Markdown links and emphasis reduced to their words."""
    return _EMPHASIS.sub("", _LINK.sub(r"\1", text)).strip()


def read_learning(
    connection: Connection,
    courses: list[Course],
    since: dt.date,
    until: dt.date,
    *,
    min_answers: int = MIN_ANSWERS,
    limit: int = 20,
) -> Learning:
    """Everything the lessons tell writers over the period (dates included)."""
    in_period = and_(check_answers.c.day >= since, check_answers.c.day <= until)
    lessons = {lesson.path: (course, lesson) for course in courses for lesson in course.lessons}

    totals = connection.execute(select(func.count()).where(in_period)).scalar_one()
    answers: dict[tuple[str, str], int] = {
        (lesson, question): int(count)
        for lesson, question, count in connection.execute(
            select(check_answers.c.lesson, check_answers.c.question, func.count())
            .where(in_period)
            .group_by(check_answers.c.lesson, check_answers.c.question)
        )
    }
    first = _first_tries(in_period)
    shares: dict[tuple[str, str], tuple[int, int]] = {
        (lesson, question): (int(count), int(right or 0))
        for lesson, question, count, right in connection.execute(
            select(
                first.c.lesson, first.c.question, func.count(), func.sum(first.c.right_n)
            ).group_by(first.c.lesson, first.c.question)
        )
    }
    wrong: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
    for lesson, question, chosen, count in connection.execute(
        select(first.c.lesson, first.c.question, first.c.chosen, func.count())
        .where(first.c.right_n == 0)
        .group_by(first.c.lesson, first.c.question, first.c.chosen)
    ):
        for number in chosen_numbers(chosen):
            wrong[(lesson, question)][number] += int(count)

    questions = [
        _question(key, answers[key], shares.get(key, (0, 0)), wrong.get(key), lessons)
        for key in answers
    ]
    questions.sort(key=_question_order(courses))
    missed = [
        q
        for q in questions
        if q.known and q.share is not None and q.first_tries >= min_answers and q.share < MISS_SHARE
    ]
    missed.sort(key=lambda q: (q.share or 0.0, -q.first_tries, q.lesson, q.question))
    return Learning(
        answers=int(totals or 0),
        first_tries=sum(count for count, _ in shares.values()),
        right_first=sum(right for _, right in shares.values()),
        questions=questions,
        missed=missed[:limit],
        courses=_progress(connection, courses, since, until),
        min_answers=min_answers,
        miss_share=MISS_SHARE,
    )


def _first_tries(in_period: ColumnElement[bool]) -> Subquery:
    """The period's first tries, the earliest of each visitor, question and day."""
    rank = (
        func.row_number()
        .over(
            partition_by=(
                check_answers.c.day,
                check_answers.c.visitor,
                check_answers.c.lesson,
                check_answers.c.question,
            ),
            order_by=check_answers.c.id,
        )
        .label("rank")
    )
    ranked = (
        select(
            check_answers.c.lesson,
            check_answers.c.question,
            check_answers.c.chosen,
            _RIGHT.label("right_n"),
            rank,
        )
        .where(in_period, check_answers.c.first_try)
        .subquery()
    )
    return (
        select(ranked.c.lesson, ranked.c.question, ranked.c.chosen, ranked.c.right_n)
        .where(ranked.c.rank == 1)
        .subquery()
    )


def _find_check(lesson: Lesson | None, question: str) -> Check | None:
    if lesson is None:
        return None
    return next((check for check in lesson.checks if check.id == question), None)


def _question(
    key: tuple[str, str],
    answers: int,
    first: tuple[int, int],
    wrong: Counter[int] | None,
    lessons: dict[str, tuple[Course, Lesson]],
) -> QuestionResult:
    path, question = key
    course, lesson = lessons.get(path, (None, None))
    check = _find_check(lesson, question)
    tries, right = first
    result = QuestionResult(
        course=course.path if course else path.rsplit("/", 1)[0],
        lesson=path,
        lesson_title=lesson.title if lesson else path,
        lesson_url=lesson.url if lesson else f"/{path}/",
        question=question,
        text=check.question if check else question,
        first_tries=tries,
        right_first=right,
        share=right / tries if tries else None,
        answers=answers,
        known=check is not None,
    )
    if check is not None and wrong:
        counts = [(n, c) for n, c in wrong.items() if 0 <= n < len(check.options)]
        counts = [(n, c) for n, c in counts if not check.options[n].right]
        if counts:
            number, chosen = min(counts, key=lambda nc: (-nc[1], nc[0]))
            result.wrong_option = plain_option(check.options[number].text)
            result.wrong_chosen = chosen
    return result


def _question_order(
    courses: list[Course],
) -> Callable[[QuestionResult], tuple[int, int, str, int]]:
    """Courses in order, lessons in their course's order, questions in the lesson's order."""
    place = {
        lesson.path: (n, lesson.number)
        for n, course in enumerate(courses)
        for lesson in course.lessons
    }

    def key(q: QuestionResult) -> tuple[int, int, str, int]:
        course, number = place.get(q.lesson, (len(courses), 0))
        digits = q.question[1:]
        return course, number, q.lesson, int(digits) if digits.isdigit() else 0

    return key


def _progress(
    connection: Connection, courses: list[Course], since: dt.date, until: dt.date
) -> list[CourseProgress]:
    """Per course, how many opened and finished each lesson; courses nobody opened are left out."""
    counts: dict[tuple[str, str], int] = {
        (lesson, event): int(count)
        for lesson, event, count in connection.execute(
            select(lesson_progress.c.lesson, lesson_progress.c.event, func.count())
            .where(lesson_progress.c.day >= since, lesson_progress.c.day <= until)
            .group_by(lesson_progress.c.lesson, lesson_progress.c.event)
        )
    }
    found: list[CourseProgress] = []
    for course in courses:
        stops = [
            LessonStops(
                path=lesson.path,
                title=lesson.title,
                url=lesson.url,
                number=lesson.number,
                opened=counts.get((lesson.path, "opened"), 0),
                finished=counts.get((lesson.path, "finished"), 0),
            )
            for lesson in course.lessons
        ]
        if not any(stop.opened or stop.finished for stop in stops):
            continue
        left = [stop for stop in stops if stop.opened > stop.finished]
        stop = max(left, key=lambda s: (s.opened - s.finished, -s.number), default=None)
        found.append(CourseProgress(course.path, course.title, course.url, stops, stop))
    return found
