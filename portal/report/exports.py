"""The report as CSV (one file, a `section` column says what each row is) or JSON."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import unicodedata
from typing import Any

from portal.report.model import Learning, QuestionResult, Report, Troubleshooting
from portal.report.wording import GONE_MARK, path_text

# One CSV file for the whole report: `section` says what a row is, and a column means the same
# in every section that uses it (see docs/report.md).
CSV_COLUMNS = (
    "section",
    "rank",
    "guide",
    "title",
    "query",
    "day",
    "votes",
    "helpful",
    "share",
    "wilson",
    "score",
    "searches",
    "zero_results",
    "no_click",
    "clicks",
    "results",
    "reason",
    "reviewed",
    "due",
    "days_overdue",
    "text",
    "course",
    "question",
    "answers",
    "first_tries",
    "right_first",
    "option",
    "option_chosen",
    "opened",
    "finished",
    "troubleshooter",
    "path",
    "readers",
    "went_on",
    "stopped",
    "desk",
)


# Columns that hold our own figures; a plain number there stays a number in the spreadsheet.
NUMBER_COLUMNS = frozenset(
    {"rank", "votes", "helpful", "share", "wilson", "score", "searches", "zero_results"}
    | {"no_click", "clicks", "results", "days_overdue"}
    | {"answers", "first_tries", "right_first", "option_chosen", "opened", "finished"}
    | {"readers", "went_on", "stopped", "desk"}
)
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
# What a spreadsheet may read as the start of a formula (OWASP's list, plus the minus sign).
_FORMULA_STARTS = frozenset("=+-@\u2212")


def _formula_like(char: str) -> bool:
    """`=`, `+`, `-`, `@` and their look-alikes: full-width, small and superscript forms."""
    return char in _FORMULA_STARTS or unicodedata.normalize("NFKC", char)[:1] in _FORMULA_STARTS


def _ignorable(char: str) -> bool:
    """Spaces, control and invisible format characters a spreadsheet may pass over."""
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet shows as text, never runs: a risky start gets a leading apostrophe.

    Risky: a formula character (`=`, `+`, `-`, `@`, or a look-alike) after any leading spaces
    or invisible characters, or a tab, carriage return or other control character first.
    """
    if not text:
        return text
    if text[0] in "\t\r" or unicodedata.category(text[0]) == "Cc":
        return "'" + text
    for char in text:
        if not _ignorable(char):
            return "'" + text if _formula_like(char) else text
    return text


def _cell(column: str, value: Any) -> Any:
    """Every piece of text neutralised; our own figures left as numbers."""
    if not isinstance(value, str):
        return value
    if column in NUMBER_COLUMNS and _PLAIN_NUMBER.fullmatch(value):
        return value
    return spreadsheet_safe(value)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def csv_rows(report: Report) -> list[dict[str, Any]]:
    """One dict per row, keys from CSV_COLUMNS; see docs/report.md for the layout."""
    rows: list[dict[str, Any]] = [
        {"section": "totals", **{k: report.totals.get(k, 0) for k in (
            "searches", "zero_results", "no_click", "clicks", "votes", "helpful",
        )}}
    ]  # fmt: skip
    for rank, item in enumerate(report.fix_next, start=1):
        rows.append(
            {
                "section": "fix_next",
                "rank": rank,
                "guide": item.path,
                "title": item.title,
                "votes": item.votes,
                "helpful": item.helpful,
                "wilson": _number(item.wilson),
                "score": _number(item.score),
                "days_overdue": "" if item.days_overdue is None else item.days_overdue,
                "text": "; ".join(item.why),
            }
        )
    for guide in report.guides:
        rows.append(
            {
                "section": "guide",
                "guide": guide.path,
                "title": guide.title,
                "votes": guide.votes,
                "helpful": guide.helpful,
                "share": _number(guide.share),
                "wilson": _number(guide.wilson),
                "reason": "; ".join(f"{key}={count}" for key, count in guide.reasons),
                "reviewed": guide.reviewed.isoformat() if guide.reviewed else "",
                "due": guide.review_due.isoformat() if guide.review_due else "",
            }
        )
        for comment in guide.comments:
            rows.append(
                {
                    "section": "comment",
                    "guide": guide.path,
                    "title": guide.title,
                    "day": comment.day.isoformat(),
                    "helpful": int(comment.helpful),
                    "reason": comment.reason or "",
                    "text": comment.text,
                }
            )
    for query in report.zero_result_queries:
        rows.append(
            {
                "section": "zero_results",
                "query": query.query,
                "zero_results": query.searches,
                "results": query.results,
            }
        )
    for query in report.no_click_queries:
        rows.append(
            {
                "section": "no_click",
                "query": query.query,
                "no_click": query.searches,
                "clicks": query.clicked,
                "results": query.results,
            }
        )
    for phrase in report.learned_phrases:
        rows.append(
            {
                "section": "learned_phrase",
                "guide": phrase.path,
                "title": phrase.title,
                "query": phrase.query,
                "clicks": phrase.clicks,
                "text": " ".join(phrase.missing),
            }
        )
    for stale in report.stale:
        rows.append(
            {
                "section": "stale",
                "guide": stale.path,
                "title": stale.title,
                "reviewed": stale.reviewed.isoformat(),
                "due": stale.due.isoformat(),
                "days_overdue": stale.days_overdue,
            }
        )
    rows += _learning_rows(report.learning)
    rows += _troubleshooting_rows(report.troubleshooting)
    for point in report.daily:
        rows.append(
            {
                "section": "daily",
                "day": point.day.isoformat(),
                "searches": point.searches,
                "zero_results": point.zero_results,
                "votes": point.votes,
                "helpful": point.helpful,
            }
        )
    return rows


def _question_row(section: str, question: QuestionResult, rank: int | str = "") -> dict[str, Any]:
    return {
        "section": section,
        "rank": rank,
        "course": question.course,
        "guide": question.lesson,
        "title": question.lesson_title,
        "question": question.question,
        "text": question.text,
        "answers": question.answers,
        "first_tries": question.first_tries,
        "right_first": question.right_first,
        "share": _number(question.share),
        "option": question.wrong_option or "",
        "option_chosen": question.wrong_chosen if question.wrong_option else "",
    }


def _learning_rows(learning: Learning) -> list[dict[str, Any]]:
    """The lessons' sections: totals, questions most people miss, every question, progress;
    none at all while nobody answered a check or opened a lesson."""
    if learning.is_empty:
        return []
    rows: list[dict[str, Any]] = [
        {
            "section": "learning_totals",
            "answers": learning.answers,
            "first_tries": learning.first_tries,
            "right_first": learning.right_first,
        }
    ]
    rows += [
        _question_row("missed_question", question, rank)
        for rank, question in enumerate(learning.missed, start=1)
    ]
    rows += [_question_row("check_question", question) for question in learning.questions]
    for course in learning.courses:
        rows += [
            {
                "section": "lesson_progress",
                "rank": lesson.number,
                "course": course.path,
                "guide": lesson.path,
                "title": lesson.title,
                "opened": lesson.opened,
                "finished": lesson.finished,
            }
            for lesson in course.lessons
        ]
    return rows


def _troubleshooting_rows(troubleshooting: Troubleshooting) -> list[dict[str, Any]]:
    """Each tree, each of its ways through, and the branches to look at; none while nobody
    went through a troubleshooter."""
    rows: list[dict[str, Any]] = []
    for tree in troubleshooting.trees:
        rows.append(
            {
                "section": "troubleshooter",
                "troubleshooter": tree.path,
                "title": tree.title,
                "readers": tree.started,
                "desk": tree.desk,
                "text": "" if tree.known else "no longer in the content folder",
            }
        )
        for rank, row in enumerate(tree.rows, start=1):
            question = row.kind == "question"
            rows.append(
                {
                    "section": f"troubleshooter_{row.kind}",
                    "rank": rank,
                    "troubleshooter": tree.path,
                    "path": path_text(row),
                    "question": ".".join(row.questions),
                    "guide": row.guide if row.kind == "guide" else "",
                    "title": row.title if row.kind == "guide" else "",
                    "readers": row.readers,
                    "went_on": row.went_on if question else "",
                    "stopped": row.stopped if question else "",
                    "desk": row.desk,
                    "text": "" if row.known else GONE_MARK,
                }
            )
    rows += [
        {
            "section": "troubleshooter_finding",
            "rank": rank,
            "troubleshooter": finding.troubleshooter,
            "title": finding.title,
            "reason": finding.kind,
            "readers": finding.readers,
            "text": finding.text,
        }
        for rank, finding in enumerate(troubleshooting.findings, start=1)
    ]
    return rows


def to_csv(report: Report) -> str:
    """The whole report in one CSV file; the `section` column says what each row is.

    Readers' and writers' words are made safe to open in a spreadsheet (`spreadsheet_safe`).
    """
    buffer = io.StringIO()
    # CRLF (RFC 4180): the writer then quotes a cell holding a lone carriage return too, which
    # a spreadsheet would otherwise read as the start of a new row (and a new first cell).
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, restval="", lineterminator="\r\n")
    writer.writeheader()
    for row in csv_rows(report):
        writer.writerow({column: _cell(column, value) for column, value in row.items()})
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def to_json(report: Report) -> str:
    """The Report as plain JSON: the dataclasses' fields, dates as ISO text."""
    data = dataclasses.asdict(report)
    data["is_empty"] = report.is_empty
    return json.dumps(data, default=_plain, ensure_ascii=False, indent=2) + "\n"


COMPLETION_COLUMNS = ("person", "course", "course_title", "finished_on")


def completions_csv(records: list[tuple[str, str, str, str]]) -> str:
    """Completion records (person, course, its title, ISO day) as CSV, safe in a spreadsheet:
    a person's name as the proxy sent it is text, never a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COMPLETION_COLUMNS)
    for record in records:
        writer.writerow([spreadsheet_safe(value) for value in record])
    return buffer.getvalue()
