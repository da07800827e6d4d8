"""The lessons' part of the report, rendered from a Learning made by hand: every format names
the question most readers miss with its wrong answer, words from lessons that start like a
formula stay text in the CSV, Markdown from lessons cannot break a table, and an empty part
says so kindly."""

from __future__ import annotations

import csv
import datetime as dt
import io

from rich.console import Console

from portal.report.exports import completions_csv, to_csv
from portal.report.lessons import plain_option
from portal.report.markdown import to_markdown
from portal.report.model import CourseProgress, Learning, LessonStops, QuestionResult, Report
from portal.report.terminal import print_report

LESSON = "learn/staying-safe-online/spot-a-fake-email"


def _report(learning: Learning) -> Report:
    day = dt.date(2026, 12, 1)
    return Report(
        generated=dt.datetime(2026, 12, 1, 9),
        since=day,
        until=day,
        min_votes=5,
        totals=dict.fromkeys(
            ("searches", "zero_results", "no_click", "clicks", "votes", "helpful"), 0
        ),
        guides=[],
        fix_next=[],
        zero_result_queries=[],
        no_click_queries=[],
        learned_phrases=[],
        stale=[],
        daily=[],
        learning=learning,
    )


def _learning(question_text: str = "=HYPERLINK(1) | What do you do?") -> Learning:
    question = QuestionResult(
        course="learn/staying-safe-online",
        lesson=LESSON,
        lesson_title="Spot a fake email",
        lesson_url=f"/{LESSON}/",
        question="q1",
        text=question_text,
        first_tries=12,
        right_first=3,
        share=0.25,
        answers=20,
        wrong_option="+Delete it",
        wrong_chosen=7,
    )
    first = LessonStops(LESSON, "Spot a fake email", f"/{LESSON}/", 1, 12, 5)
    return Learning(
        answers=20,
        first_tries=12,
        right_first=3,
        questions=[question],
        missed=[question],
        courses=[CourseProgress("learn/x", "Staying safe online", "/learn/x/", [first], first)],
    )


def test_the_csv_keeps_words_from_lessons_as_text_and_figures_as_numbers() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(_report(_learning())), newline="")))
    [missed] = [row for row in rows if row["section"] == "missed_question"]
    assert missed["text"] == "'=HYPERLINK(1) | What do you do?"
    assert missed["option"] == "'+Delete it"
    assert (missed["first_tries"], missed["right_first"], missed["share"]) == ("12", "3", "0.2500")
    [progress] = [row for row in rows if row["section"] == "lesson_progress"]
    assert (progress["opened"], progress["finished"]) == ("12", "5")


def test_markdown_lists_the_question_as_a_checklist_and_escapes_it() -> None:
    text = to_markdown(_report(_learning()))
    assert "### This lesson may not teach it yet" in text
    assert "3 of 12 right on the first try (25 %)" in text
    assert "=HYPERLINK(1) \\| What do you do?" in text  # the pipe cannot end a cell
    assert "Most readers who stop, stop at lesson 1" in text


def test_the_terminal_names_the_missed_question_and_where_readers_stop() -> None:
    console = Console(file=io.StringIO(), width=200, color_system=None)
    print_report(_report(_learning("Which sign is real?")), console)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "This lesson may not teach it yet" in text
    assert "3 of 12 (25 %)" in text and "“+Delete it” (7 readers)" in text
    assert "Where readers stop: Staying safe online" in text


def test_an_empty_lessons_part_says_so_and_adds_no_csv_rows() -> None:
    report = _report(Learning())
    assert "No answers to lessons' checks" in to_markdown(report)
    sections = {row["section"] for row in csv.DictReader(io.StringIO(to_csv(report)))}
    assert sections == {"totals"}


def test_completion_records_open_as_text_in_a_spreadsheet() -> None:
    text = completions_csv([("=cmd|' /C calc'!A0", "learn/x", "@title", "2026-12-01")])
    [row] = list(csv.DictReader(io.StringIO(text, newline="")))
    assert row == {
        "person": "'=cmd|' /C calc'!A0",
        "course": "learn/x",
        "course_title": "'@title",
        "finished_on": "2026-12-01",
    }


def test_options_read_as_readers_saw_them() -> None:
    assert plain_option("Report it with the **Report phishing** button") == (
        "Report it with the Report phishing button"
    )
    assert plain_option("See [our address](https://example.org) and `right now`") == (
        "See our address and right now"
    )
