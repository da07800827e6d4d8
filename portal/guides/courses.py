"""Courses and their lessons, read from a loaded content folder; the check questions of a lesson.

A course is a folder `content/learn/<course>/` whose `index.md` has `kind: course` and lists
its lessons; each lesson is an ordinary Article with `kind: lesson` whose body ends with
`!!! check "<question>"` admonitions. The site, the linter and the portal all read them here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from portal.guides.articles import Article, Content

KIND_LESSON = "lesson"
KIND_COURSE = "course"
KIND_FINISHED = "course-finished"
COURSE_KINDS = frozenset({KIND_LESSON, KIND_COURSE, KIND_FINISHED})
CHOOSE_ONE = "Choose one."
CHOOSE_MANY = "Choose all that apply."
CHOOSE_LINES: dict[str, Literal["one", "many"]] = {CHOOSE_ONE: "one", CHOOSE_MANY: "many"}
CHECKS_SECTION = "Check what you learned"
ANYWAY_SECTION = "If it happens anyway"

# `!!! check "question"`, as Python-Markdown's admonition reads it (the title in straight quotes).
_CHECK_START = re.compile(r'^!!![ ]?check\b(?:[ ]+"(?P<question>.*)")?[ ]*$')
_ANY_CHECK = re.compile(r"^\s*[!?]{3}\+?[ ]?check\b")
_OPTION = re.compile(r"^[-*+][ ]+\[(?P<mark>[ xX])\][ ]*(?P<text>.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class CheckOption:
    """One answer a reader can choose, and the kind explanation shown for it."""

    text: str  # the option as written (Markdown inline, e.g. **bold**)
    right: bool
    explanation: str
    line: int = field(default=0, compare=False)  # its line in the source file (for lint)


@dataclass(frozen=True)
class Check:
    """One check question at the end of a lesson."""

    id: str  # "q1"
    question: str
    choose: Literal["one", "many"]
    options: tuple[CheckOption, ...]
    line: int  # line of the `!!! check` in the source file (for lint)


@dataclass(frozen=True)
class Lesson:
    """A lesson in its course: where it is, its place and its checks."""

    path: str  # "learn/staying-safe-online/spot-a-fake-email"
    course: str  # "learn/staying-safe-online"
    title: str
    url: str  # "/learn/staying-safe-online/spot-a-fake-email/"
    minutes: int | None
    number: int  # 1-based place in the course
    checks: tuple[Check, ...]


@dataclass(frozen=True)
class Course:
    """A short ordered set of lessons, in the order its index lists them."""

    path: str  # "learn/staying-safe-online"
    title: str
    description: str
    url: str  # "/learn/staying-safe-online/"
    lessons: tuple[Lesson, ...]


def kind_of(article: Article) -> str | None:
    """The page's `kind` (lesson, course, course-finished), or None for guides and others."""
    kind = article.meta.get("kind")
    return kind if isinstance(kind, str) and kind in COURSE_KINDS else None


def _dedent(line: str, width: int) -> str | None:
    """The line without `width` leading spaces (a tab counts as four), or None if less indented."""
    expanded = line.expandtabs(4)
    if expanded[:width].strip():
        return None
    return expanded[width:]


def _check_block(lines: list[str], start: int) -> int:
    """Index after the last line of the admonition starting at `start` (its indented body)."""
    end = start + 1
    last = start
    while end < len(lines):
        text = lines[end]
        if text.strip() and _dedent(text, 4) is None:
            break
        if text.strip():
            last = end
        end += 1
    return last + 1


def _parse_one(
    number: int, question: str | None, body: list[tuple[int, str]], line: int
) -> tuple[Check | None, list[tuple[int, str]]]:
    """One check from its question and its dedented body lines (each with its file line)."""
    problems: list[tuple[int, str]] = []
    if not question or not question.strip():
        problems.append(
            (line, 'the check has no question: write it in quotes, `!!! check "Your question?"`')
        )
    filled = [(n, text) for n, text in body if text.strip()]
    if not filled:
        problems.append((line, "the check has no “Choose one.” line and no options"))
        return None, problems
    first_line, first = filled[0]
    choose = CHOOSE_LINES.get(first.strip())
    if choose is None:
        problems.append(
            (
                first_line,
                f"a check starts with “{CHOOSE_ONE}” or “{CHOOSE_MANY}” "
                f"on its first line, not “{first.strip()}”",
            )
        )
    options: list[CheckOption] = []
    current: tuple[int, str, bool, list[str]] | None = None

    def close() -> None:
        if current is not None:
            at, text, right, why = current
            explanation = " ".join(part.strip() for part in why if part.strip())
            options.append(CheckOption(text.strip(), right, explanation, at))

    for at, text in filled[1:]:
        option = _OPTION.match(text)
        if option is not None:
            close()
            current = (at, option.group("text"), option.group("mark") in "xX", [])
            continue
        explanation = _dedent(text, 4)
        if current is not None and explanation is not None and explanation.strip():
            current[3].append(explanation)
            continue
        if current is not None:
            problems.append(
                (at, "an option's explanation goes on the lines under it, indented by four spaces")
            )
            continue
        problems.append(
            (
                at,
                "a check holds only its “Choose …” line and options written as "
                "“- [x] …” (right) or “- [ ] …” (not right)",
            )
        )
    close()
    if not options:
        problems.append(
            (line, "the check has no options: write each as “- [x] …” (right) or “- [ ] …”")
        )
    if problems or choose is None:
        return None, problems
    return Check(f"q{number}", (question or "").strip(), choose, tuple(options), line), []


def parse_checks(body: str, body_line: int) -> tuple[list[Check], list[tuple[int, str]]]:
    """The checks of a lesson's Markdown body, and (line, problem) for each one written wrongly."""
    lines = body.splitlines()
    checks: list[Check] = []
    problems: list[tuple[int, str]] = []
    fenced: str | None = None
    index = 0
    number = 0
    while index < len(lines):
        text = lines[index]
        fence = _FENCE.match(text)
        if fence is not None:
            marker = fence.group(1)
            fenced = None if fenced == marker else (fenced or marker)
            index += 1
            continue
        if fenced is not None:
            index += 1
            continue
        start = _CHECK_START.match(text)
        if start is None:
            if _ANY_CHECK.match(text):
                problems.append(
                    (
                        body_line + index,
                        'write a check at the start of a line as `!!! check "Your question?"`',
                    )
                )
            index += 1
            continue
        number += 1
        end = _check_block(lines, index)
        inner = [(body_line + n, _dedent(lines[n], 4) or "") for n in range(index + 1, end)]
        check, found = _parse_one(number, start.group("question"), inner, body_line + index)
        problems.extend(found)
        if check is not None:
            checks.append(check)
        index = end
    return checks, problems


def lesson_names(article: Article) -> list[str]:
    """The `lessons` a course's index lists, as written (file names without .md)."""
    listed = article.meta.get("lessons")
    if not isinstance(listed, list):
        return []
    return [str(name).strip() for name in listed if isinstance(name, str | int) and str(name)]


def _lesson_path(course_path: str, name: str) -> str:
    name = name.strip().removesuffix(".md").strip("/")
    return f"{course_path}/{name}"


def courses_of(content: Content) -> list[Course]:
    """Every course of a loaded content folder, its lessons in the order its index lists them."""
    by_path = {article.path: article for article in content.articles}
    courses: list[Course] = []
    for article in content.articles:
        if not article.is_index or kind_of(article) != KIND_COURSE or "/" not in article.path:
            continue
        course_path = article.path.rsplit("/", 1)[0]
        lessons: list[Lesson] = []
        for name in lesson_names(article):
            page = by_path.get(_lesson_path(course_path, name))
            if page is None or kind_of(page) != KIND_LESSON:
                continue
            checks, _ = parse_checks(page.body, page.body_line)
            lessons.append(
                Lesson(
                    path=page.path,
                    course=course_path,
                    title=page.title,
                    url=page.url,
                    minutes=page.minutes,
                    number=len(lessons) + 1,
                    checks=tuple(checks),
                )
            )
        courses.append(
            Course(
                path=course_path,
                title=article.title,
                description=article.description,
                url=article.url,
                lessons=tuple(lessons),
            )
        )
    courses.sort(key=lambda course: course.path)
    return courses


def find_lesson(courses: Iterable[Course], path: str) -> Lesson | None:
    """The lesson at `path` ("learn/<course>/<lesson>"), in whichever course lists it."""
    wanted = path.strip().strip("/").removesuffix(".md")
    for course in courses:
        for lesson in course.lessons:
            if lesson.path == wanted:
                return lesson
    return None
