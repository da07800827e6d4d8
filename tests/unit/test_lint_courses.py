"""`kb lint` on a course: check questions, a lesson's outline, a course's list, and plain words
in questions, options and explanations, each finding on the line to fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portal.writing.lint.engine import lint_paths
from portal.writing.lint.findings import Finding
from tests.support.courses import COURSE_INDEX, LESSON, write_course
from tests.support.lint import all_rules, lint

TODAY = dt.date(2026, 3, 1)
LESSON_FILE = "learn/staying-safe-online/spot-a-fake-email.md"
GUIDE_ONLY = {"template-sections", "steps-numbered", "template-text"}


def _lint(root: Path) -> list[Finding]:
    return lint_paths([], root, all_rules(), today=TODAY).findings


def _with_lesson(tmp_path: Path, text: str) -> tuple[Path, list[Finding]]:
    folder = write_course(tmp_path)
    (folder / "spot-a-fake-email.md").write_text(text, encoding="utf-8")
    return folder, [f for f in _lint(tmp_path) if f.path.endswith(LESSON_FILE)]


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_good_course_has_no_findings(tmp_path: Path) -> None:
    write_course(tmp_path)
    found = [f for f in _lint(tmp_path) if "/learn/" in f.path]
    assert found == []


def test_guide_only_rules_do_not_fire_on_course_pages(tmp_path: Path) -> None:
    folder = write_course(tmp_path)
    (folder / "finished.md").write_text(
        (folder / "finished.md").read_text() + "\n## Steps\n\nOpen it and close it.\n"
    )
    rules = {f.rule for f in _lint(tmp_path) if "/learn/" in f.path}
    assert not rules & GUIDE_ONLY


def test_a_check_written_wrongly_is_an_error_on_its_line(tmp_path: Path) -> None:
    text = LESSON.replace("    Choose one.", "    Pick one.")
    _, found = _with_lesson(tmp_path, text)
    [problem] = [f for f in found if f.rule == "check-written"]
    assert problem.severity == "error"
    assert problem.line == _line_of(text, "Pick one.") and problem.column == 5
    assert "“Pick one.”" in problem.message


def test_choose_one_needs_exactly_one_right_option(tmp_path: Path) -> None:
    text = LESSON.replace("- [ ] Delete it and forget", "- [x] Delete it and forget")
    _, found = _with_lesson(tmp_path, text)
    [problem] = [f for f in found if f.rule == "check-one-right"]
    assert problem.line == _line_of(text, '!!! check "An email')
    assert "it has 2" in problem.message


def test_choose_all_that_apply_needs_a_right_option(tmp_path: Path) -> None:
    text = LESSON.replace("- [x] It asks", "- [ ] It asks").replace(
        "- [x] The sender", "- [ ] The sender"
    )
    _, found = _with_lesson(tmp_path, text)
    [problem] = [f for f in found if f.rule == "check-one-right"]
    assert "has no right option" in problem.message


def test_every_option_needs_an_explanation(tmp_path: Path) -> None:
    text = LESSON.replace("        Reporting it lets the security team warn everyone else.\n", "")
    _, found = _with_lesson(tmp_path, text)
    [problem] = [f for f in found if f.rule == "check-explained"]
    assert problem.line == _line_of(text, "- [x] Report the email")
    assert "no explanation" in problem.message and "it is right" in problem.message


def test_two_to_five_options(tmp_path: Path) -> None:
    one = (
        '!!! check "You go to get a coffee. What do you do first?"\n'
        "    Choose one.\n\n"
        "    - [x] Lock your screen.\n"
        "        Locking it keeps your account yours while you are away.\n"
    )
    text = LESSON.split('!!! check "Which')[0] + one
    _, found = _with_lesson(tmp_path, text)
    [problem] = [f for f in found if f.rule == "check-options"]
    assert problem.line == _line_of(text, "You go to get a coffee")
    assert "has 1 option;" in problem.message and "2 to 5" in problem.message


@pytest.mark.parametrize("words", ["All of the above.", "None of the above", "Both of these."])
def test_no_all_or_none_of_the_above(tmp_path: Path, words: str) -> None:
    text = LESSON.replace("It has our logo.", words)
    _, found = _with_lesson(tmp_path, text)
    [problem] = [f for f in found if f.rule == "check-above"]
    assert problem.line == _line_of(text, words)


def test_a_lesson_needs_a_check(tmp_path: Path) -> None:
    text = LESSON.split("!!! check")[0]
    _, found = _with_lesson(tmp_path, text)
    [problem] = [f for f in found if f.rule == "lesson-has-check"]
    assert problem.severity == "error"
    assert problem.line == _line_of(text, "## Check what you learned")


@pytest.mark.parametrize(("minutes", "severity"), [("12", "error"), ("1", "error")])
def test_a_lesson_takes_two_to_five_minutes(tmp_path: Path, minutes: str, severity: str) -> None:
    text = LESSON.replace("minutes: 4", f"minutes: {minutes}")
    _, found = _with_lesson(tmp_path, text)
    [problem] = [f for f in found if f.rule == "lesson-minutes"]
    assert problem.severity == severity and problem.line == _line_of(text, "minutes:")


def test_a_lesson_without_minutes_is_a_warning(tmp_path: Path) -> None:
    _, found = _with_lesson(tmp_path, LESSON.replace("minutes: 4\n", ""))
    [problem] = [f for f in found if f.rule == "lesson-minutes"]
    assert problem.severity == "warning"


def test_if_it_happens_anyway_links_to_a_guide(tmp_path: Path) -> None:
    text = LESSON.replace(
        "- [I clicked a suspicious link](../../security/clicked-link.md)",
        "- [Another lesson](lock-your-screen.md)",
    )
    _, found = _with_lesson(tmp_path, text)
    [problem] = [f for f in found if f.rule == "lesson-anyway"]
    assert problem.severity == "warning"
    assert problem.line == _line_of(text, "## If it happens anyway")


def test_a_course_folder_linted_alone_still_sees_its_guide_links(tmp_path: Path) -> None:
    """A link is read from the lesson's own file, whichever folder `kb lint` was given."""
    folder = write_course(tmp_path)
    found = lint_paths([folder], tmp_path, all_rules())
    assert [f for f in found.findings if f.rule == "lesson-anyway"] == []


def test_a_lesson_keeps_its_outline(tmp_path: Path) -> None:
    text = LESSON.replace("## If it happens anyway", "## When it happens") + "\n## Tips\n\nOk.\n"
    _, found = _with_lesson(tmp_path, text)
    messages = [f.message for f in found if f.rule == "lesson-sections"]
    assert any("no “If it happens anyway” section" in m for m in messages)
    assert any("“Tips” comes after “Check what you learned”" in m for m in messages)


def test_a_course_lists_its_lessons(tmp_path: Path) -> None:
    folder = write_course(tmp_path)
    (folder / "lock-your-screen.md").rename(folder / "lock-the-screen.md")
    (folder / "extra.md").write_text(LESSON.replace("Spot a fake email", "Extra"))
    found = [f for f in _lint(tmp_path) if f.rule == "course-lessons"]
    messages = sorted((f.line, f.message) for f in found)
    assert messages == [
        (5, "extra.md is a lesson in this folder, but `lessons` does not list it."),
        (5, "lock-the-screen.md is a lesson in this folder, but `lessons` does not list it."),
        (
            7,
            "“lock-your-screen” is listed under `lessons`, but this folder has no "
            "lock-your-screen.md. Did you mean “lock-the-screen”?",
        ),
    ]
    assert {f.severity for f in found} == {"error"}


def test_a_listed_page_that_is_not_a_lesson(tmp_path: Path) -> None:
    folder = write_course(tmp_path)
    twice = "  - lock-your-screen\n  - lock-your-screen\n"
    (folder / "index.md").write_text(COURSE_INDEX.replace("  - lock-your-screen\n", twice))
    (folder / "finished.md").rename(folder / "the-end.md")
    index = (folder / "index.md").read_text().replace("  - spot", "  - the-end\n  - spot")
    (folder / "index.md").write_text(index)
    messages = [f.message for f in _lint(tmp_path) if f.rule == "course-lessons"]
    assert messages == [
        "“the-end” is listed under `lessons`, but the-end.md is not a lesson (`kind: lesson`).",
        "“lock-your-screen” is listed twice under `lessons`; each lesson has one place.",
    ]


def test_plain_words_are_checked_in_questions_options_and_explanations(tmp_path: Path) -> None:
    text = (
        LESSON.replace("What do you do?", "What do you simply do?")
        .replace("Delete it and forget about it.", "Just delete it and forget about it.")
        .replace("Anyone can copy a logo", "Anyone can simply copy a logo")
    )
    _, found = _with_lesson(tmp_path, text)
    places = sorted((f.line, f.rule) for f in found if f.rule in ("just", "condescension"))
    lines = {line for line, _ in places}
    assert _line_of(text, "What do you simply do?") in lines
    assert _line_of(text, "Just delete it") in lines
    assert _line_of(text, "Anyone can simply copy") in lines


def test_an_option_without_a_full_stop_does_not_run_into_its_explanation() -> None:
    text = (
        '!!! check "Which?"\n    Choose one.\n\n'
        "    - [x] Lock your screen\n        Locking it keeps your account yours.\n"
        "    - [ ] Leave it open\n        An open screen lets anyone use it.\n"
    )
    assert {f.rule for f in lint(text)} == set()


def test_the_untouched_lesson_template_is_caught(tmp_path: Path) -> None:
    from portal.writing.new_guide import template_text

    text = (
        template_text("lesson.md")
        .replace("$title", "Spot a fake email")
        .replace("$today", "2026-01-15")
    )
    _, found = _with_lesson(tmp_path, text)
    caught = {f.line for f in found if f.rule == "template-text"}
    assert _line_of(text, "Write the option that is right.") in caught
    assert _line_of(text, "Say kindly why it is right") in caught
    assert _line_of(text, "One or two sentences on what you will learn") in caught
    assert _line_of(text, "Choose one.") not in caught
