"""Sentences every rendering of the report shares: the period, the empty report, reasons."""

from __future__ import annotations

from portal.guides.vocabulary import FEEDBACK_QUESTION, REASON_LABELS
from portal.report.model import GuideFeedback, Report
from portal.words import plural


def period(report: Report) -> str:
    days = (report.until - report.since).days + 1
    return f"{report.since.isoformat()} to {report.until.isoformat()} ({plural(days, 'day')})"


def empty_message(report: Report) -> str:
    return (
        f"No feedback or searches yet between {report.since.isoformat()} and "
        f'{report.until.isoformat()}. Once readers search and answer "{FEEDBACK_QUESTION}", '
        "this report fills in."
    )


def reasons_text(guide: GuideFeedback) -> str:
    return ", ".join(f"{REASON_LABELS.get(key, key)} ({count})" for key, count in guide.reasons)


def answer_text(helpful: bool, reason: str | None) -> str:
    if helpful:
        return "Yes"
    return f"No: {REASON_LABELS.get(reason, reason).lower()}" if reason else "No"
