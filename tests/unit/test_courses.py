"""The course model: courses, lessons in the listed order, check questions with their lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from portal.guides.articles import load_content
from portal.guides.courses import courses_of, find_lesson, parse_checks
from tests.support.courses import LESSON, write_course
from tests.support.files import write

TODAY = dt.date(2026, 11, 22)


def test_a_course_loads_with_its_lessons_in_the_listed_order(tmp_path: Path) -> None:
    write_course(tmp_path)
    content = load_content(tmp_path, today=TODAY)
    assert content.problems == []
    [course] = courses_of(content)
    assert course.path == "learn/staying-safe-online"
    assert course.url == "/learn/staying-safe-online/"
    assert course.title == "Staying safe online"
    assert [lesson.path for lesson in course.lessons] == [
        "learn/staying-safe-online/spot-a-fake-email",
        "learn/staying-safe-online/lock-your-screen",
    ]
    first = course.lessons[0]
    assert first.number == 1 and first.minutes == 4
    assert first.url == "/learn/staying-safe-online/spot-a-fake-email/"
    assert first.course == "learn/staying-safe-online"
    assert [check.id for check in first.checks] == ["q1", "q2"]
    assert course.lessons[1].number == 2


def test_lessons_and_finish_pages_load_as_ordinary_articles(tmp_path: Path) -> None:
    write_course(tmp_path)
    content = load_content(tmp_path, today=TODAY)
    finished = content.get("learn/staying-safe-online/finished")
    lesson = content.get("learn/staying-safe-online/spot-a-fake-email")
    assert finished is not None and finished.phrases == ()
    assert lesson is not None and lesson.phrases == ("fake email signs",)
    assert not [p for p in content.problems if "unknown field" in p.message]


def test_an_unknown_kind_is_an_error_on_its_line(tmp_path: Path) -> None:
    write(tmp_path, "learn/x/a.md", LESSON.replace("kind: lesson", "kind: lessen"))
    [problem] = load_content(tmp_path, today=TODAY).problems
    assert (
        problem.line == 2 and "`kind` is one of lesson, course, course-finished" in problem.message
    )


def test_find_lesson_by_path(tmp_path: Path) -> None:
    write_course(tmp_path)
    courses = courses_of(load_content(tmp_path, today=TODAY))
    lesson = find_lesson(courses, "learn/staying-safe-online/lock-your-screen")
    assert lesson is not None and lesson.title == "Lock your screen"
    assert find_lesson(courses, "learn/staying-safe-online/nothing") is None


def test_a_listed_lesson_that_does_not_exist_is_left_out(tmp_path: Path) -> None:
    folder = write_course(tmp_path)
    (folder / "lock-your-screen.md").unlink()
    [course] = courses_of(load_content(tmp_path, today=TODAY))
    assert [lesson.number for lesson in course.lessons] == [1]


def test_checks_parse_with_options_explanations_and_lines() -> None:
    checks, problems = parse_checks(LESSON.split("---\n", 2)[2], 11)
    assert problems == []
    first, second = checks
    assert first.id == "q1" and first.choose == "one"
    assert first.question == "An email from “IT Support” asks for your password. What do you do?"
    assert [option.right for option in first.options] == [False, True, False]
    assert first.options[1].text == "Report the email with the **Report phishing** button."
    assert first.options[1].explanation == "Reporting it lets the security team warn everyone else."
    lines = LESSON.splitlines()
    assert lines[first.line - 1].startswith('!!! check "An email')
    assert lines[first.options[2].line - 1].strip() == "- [ ] Delete it and forget about it."
    assert second.choose == "many" and [o.right for o in second.options] == [True, True, False]


def test_checks_written_wrongly_are_problems_with_lines() -> None:
    body = (
        "# Lesson\n\n"
        '!!! check "A question?"\n'
        "    Pick one.\n\n"
        "    - [x] Yes.\n"
        "        Because.\n\n"
        "!!! check\n"
        "    Choose one.\n\n"
        "    Some stray words.\n\n"
        '```\n!!! check "Inside code is fine"\n```\n'
    )
    checks, problems = parse_checks(body, 10)
    assert checks == []
    assert [line for line, _ in problems] == [13, 18, 21, 18]
    assert "Choose one." in problems[0][1] and "Pick one." in problems[0][1]
    assert "no question" in problems[1][1]
    assert "options written as" in problems[2][1]
    assert "no options" in problems[3][1]


def test_an_option_without_explanation_parses_with_an_empty_one() -> None:
    body = '!!! check "Q?"\n    Choose one.\n\n    - [x] Yes.\n    - [ ] No.\n        Not this.\n'
    [check], problems = parse_checks(body, 1)
    assert problems == []
    assert [option.explanation for option in check.options] == ["", "Not this."]
