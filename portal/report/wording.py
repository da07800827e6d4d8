"""Sentences every rendering of the report shares: the period, the empty report, reasons,
the lessons' part (questions most people miss, where readers stop) and the troubleshooters'
part (the ways readers took, and the branches to look at)."""

from __future__ import annotations

from portal.guides.vocabulary import FEEDBACK_QUESTION, REASON_LABELS
from portal.report.model import (
    CourseProgress,
    GuideFeedback,
    Learning,
    PathRow,
    QuestionResult,
    Report,
    TreePaths,
    Troubleshooting,
)
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


# The troubleshooters' part of the report.
NO_LONGER_THERE = "(an answer no longer there)"
DESK_ENDING = "the service desk"  # where an answer that leads to a person ends
GONE_MARK = "no longer in the troubleshooter"
THEN = " > "  # between one answer and the next question
ENDS = " -> "  # between the last answer and where it ended


def people(count: int) -> str:
    return plural(count, "person", "people")


def troubleshooting_empty() -> str:
    return (
        "Nobody went through a troubleshooter in this period. Once readers answer a "
        "troubleshooter's questions, this part fills in."
    )


def path_text(row: PathRow) -> str:
    """A way through as words: "What stopped working? My computer > What is your computer
    doing? It is very slow -> Speed up a slow computer"."""
    answers = [f"{step.question} {step.answer}" for step in row.steps]
    if row.kind == "question":
        return THEN.join([*answers, row.question or ""])
    return THEN.join(answers) + ENDS + (row.title or "")


def tree_text(tree: TreePaths) -> str:
    """Such as "40 readers started; 9 asked for a person, in it or after its guide."."""
    sentence = f"{plural(tree.started, 'reader')} started; {tree.desk:,} asked for a person"
    sentence += ", in it or after its guide."
    if not tree.known:
        sentence += " This troubleshooter is no longer in the content folder."
    return sentence


def changed_text(tree: TreePaths) -> str:
    """Ways the tree no longer has, in a sentence; empty when there are none."""
    if not tree.changed:
        return ""
    return (
        f"{plural(tree.changed, 'reader')} took a way this troubleshooter no longer has (it "
        f"changed since): those rows are marked “{GONE_MARK}”."
    )


def findings_rule(troubleshooting: Troubleshooting) -> str:
    """Which branches are named, in one sentence."""
    return (
        f"A branch is named once {people(troubleshooting.min_readers)} took it: a question at "
        f"least {percent(troubleshooting.stop_share)} of its readers stop at, an answer that "
        "leads to the service desk, or a guide after which at least "
        f"{percent(troubleshooting.stuck_share)} of its readers still asked for a person."
    )


def stop_finding(question: str, stopped: int, reached: int) -> str:
    return (
        f"Many people stop at “{question}”: the answers may not match what they see "
        f"({stopped:,} of {reached:,} stopped there)."
    )


def desk_finding(answer: str, question: str, readers: int) -> str:
    return (
        f"“{answer}” under “{question}” led {people(readers)} to the desk: a guide may be missing."
    )


def still_stuck_finding(answer: str, guide: str, asked: int, readers: int) -> str:
    return (
        f"“{answer}” led {people(readers)} to “{guide}”, and {asked:,} of them still asked for "
        "a person: the guide may not fit this answer, or a guide may be missing."
    )
