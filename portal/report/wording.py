"""Sentences every rendering of the report shares: the period, the empty report, reasons,
and the lessons' part (questions most people miss, where readers stop)."""

from __future__ import annotations

from portal.guides.vocabulary import FEEDBACK_QUESTION, REASON_LABELS
from portal.report.model import CourseProgress, GuideFeedback, Learning, QuestionResult, Report
from portal.words import percent, plural


def period(report: Report) -> str:
    days = (report.until - report.since).days + 1
    return f"{report.since.isoformat()} to {report.until.isoformat()} ({plural(days, 'day')})"


def empty_message(report: Report) -> str:
    return (
        f"No feedback or searches yet between {report.since.isoformat()} and "
        f'{report.until.isoformat()}. Once readers search and answer "{FEEDBACK_QUESTION}", '
        "this report fills in."
    )


def reason_label(key: str) -> str:
    """A reason as the widget shows it; a stored key it no longer offers, made readable
    ("not-what-i-needed" reads "Not what I needed")."""
    if key in REASON_LABELS:
        return REASON_LABELS[key]
    words = [("I" if word == "i" else word) for word in key.replace("-", " ").split()]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def reason_in_sentence(key: str) -> str:
    """The label inside a sentence: a small first letter, but "I" stays "I"."""
    label = reason_label(key)
    if label == "I" or label.startswith("I "):
        return label
    return label[:1].lower() + label[1:]


def reasons_text(guide: GuideFeedback) -> str:
    return ", ".join(f"{reason_label(key)} ({count})" for key, count in guide.reasons)


def answer_text(helpful: bool, reason: str | None) -> str:
    if helpful:
        return "Yes"
    return f"No: {reason_in_sentence(reason)}" if reason else "No"


# The lessons' part of the report.
MAY_NOT_TEACH = "This lesson may not teach it yet"


def learning_empty() -> str:
    return (
        "No answers to lessons' checks and no lessons opened in this period. Once readers take "
        "a course, this part fills in."
    )


def missed_rule(learning: Learning) -> str:
    """Which questions are listed as missed, in one sentence."""
    return (
        f"Questions fewer than {percent(learning.miss_share)} of readers got right on their "
        f"first try, from at least {plural(learning.min_answers, 'first try', 'first tries')}."
    )


def first_try_text(question: QuestionResult) -> str:
    """Such as "3 of 12 right on the first try (25 %)"."""
    if not question.first_tries:
        return "no first tries yet"
    return (
        f"{question.right_first:,} of {question.first_tries:,} right on the first try "
        f"({percent(question.share)})"
    )


def wrong_option_text(question: QuestionResult) -> str:
    """The wrong option most chosen, quoted, with how many chose it; empty when none."""
    if not question.wrong_option:
        return ""
    return f"“{question.wrong_option}” ({plural(question.wrong_chosen, 'reader')})"


def missed_text(question: QuestionResult) -> str:
    """Why a question is on the "may not teach it yet" list, in one sentence."""
    sentence = f"{MAY_NOT_TEACH}: {first_try_text(question)}"
    wrong = wrong_option_text(question)
    return f"{sentence}; the wrong answer most chosen: {wrong}." if wrong else f"{sentence}."


def stop_text(course: CourseProgress) -> str:
    """Where most readers of a course stop, in one sentence."""
    stop = course.stop
    if stop is None:
        return "Everyone who opened a lesson of this course finished it."
    return (
        f"Most readers who stop, stop at lesson {stop.number}, “{stop.title}”: "
        f"{plural(stop.opened, 'reader')} opened it, {stop.finished:,} finished it."
    )
