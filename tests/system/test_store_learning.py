"""Lessons' answers, progress and completion records in a real SQLite file and a real
PostgreSQL database: kept as sent, progress once a day, one completion per person and course,
retention for answers and progress (completions stay until deleted), and the report's first
tries counted once per reader, question and day on both databases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from portal.guides.articles import load_content
from portal.report.data import build_report
from portal.store.database import CheckAnswer, Completion, Store
from portal.store.schema import check_answers, completions, lesson_progress
from tests.support.courses import write_course
from tests.support.store import DAY, count

LESSON = "learn/staying-safe-online/spot-a-fake-email"
COURSE = "learn/staying-safe-online"


def answer(visitor: str, chosen: tuple[int, ...], right: bool, **changes: object) -> CheckAnswer:
    values: dict[str, object] = {
        "day": DAY,
        "visitor": visitor,
        "lesson": LESSON,
        "question": "q1",
        "chosen": chosen,
        "right": right,
        "first_try": True,
    }
    values.update(changes)
    return CheckAnswer(**values)  # type: ignore[arg-type]


def test_answers_are_kept_as_sent(store: Store) -> None:
    store.save_check_answer(answer("v1", (2, 0), False))
    store.save_check_answer(answer("v1", (1,), True, first_try=False))
    with store.begin() as connection:
        found = connection.execute(select(check_answers).order_by(check_answers.c.id)).all()
    assert [(r.chosen, r.right, r.first_try, r.day) for r in found] == [
        ("0,2", False, True, DAY),
        ("1", True, False, DAY),
    ]


def test_progress_is_kept_once_per_visitor_lesson_event_and_day(store: Store) -> None:
    assert store.save_progress(DAY, "v1", LESSON, "opened") is True
    assert store.save_progress(DAY, "v1", LESSON, "opened") is False
    assert store.save_progress(DAY, "v1", LESSON, "finished") is True
    assert store.save_progress(DAY + dt.timedelta(days=1), "v1", LESSON, "opened") is True
    assert count(store, lesson_progress) == 3


def test_one_completion_per_person_and_course_with_the_latest_day(store: Store) -> None:
    store.record_completion(Completion("alex", COURSE, DAY))
    store.record_completion(Completion("alex", COURSE, DAY + dt.timedelta(days=3)))
    store.record_completion(Completion("sam", COURSE, DAY))
    assert store.completion_records() == [
        Completion("alex", COURSE, DAY + dt.timedelta(days=3)),
        Completion("sam", COURSE, DAY),
    ]
    assert store.delete_completions() == 2
    assert count(store, completions) == 0


def test_retention_deletes_old_answers_and_progress_but_not_completions(store: Store) -> None:
    old = DAY - dt.timedelta(days=40)
    store.save_check_answer(answer("old", (1,), True, day=old))
    store.save_check_answer(answer("new", (1,), True))
    store.save_progress(old, "old", LESSON, "opened")
    store.save_progress(DAY, "new", LESSON, "opened")
    store.record_completion(Completion("alex", COURSE, old))
    removed = store.purge(30, today=DAY)
    assert (removed["check_answers"], removed["progress"]) == (1, 1)
    assert (count(store, check_answers), count(store, lesson_progress)) == (1, 1)
    assert count(store, completions) == 1  # kept until deleted: see docs/privacy.md


def test_the_report_counts_one_first_try_per_reader_question_and_day(
    store: Store, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    write_course(content)
    # v1's first try is wrong (option 2), sent twice; its later right answer is not a first try.
    store.save_check_answer(answer("v1", (2,), False))
    store.save_check_answer(answer("v1", (2,), False))
    store.save_check_answer(answer("v1", (1,), True, first_try=False))
    store.save_check_answer(answer("v2", (1,), True))
    store.save_check_answer(answer("v3", (0,), False))
    store.save_check_answer(answer("v4", (2,), False))
    # The same reader key on the next day is another reader-day.
    store.save_check_answer(answer("v1", (1,), True, day=DAY + dt.timedelta(days=1)))
    report = build_report(
        store, load_content(content), today=DAY + dt.timedelta(days=1), min_answers=5
    )
    [question] = report.learning.questions
    assert (question.first_tries, question.right_first, question.answers) == (5, 2, 7)
    assert question.share == 0.4
    assert (question.wrong_option, question.wrong_chosen) == ("Delete it and forget about it.", 2)
    assert [q.question for q in report.learning.missed] == ["q1"]
