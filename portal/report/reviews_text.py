"""Guides due for review as words: a terminal table, a Markdown issue body, CSV and JSON.

The Markdown is what the weekly CI job pastes into one issue per owner, so its title is stable
(`issue_title`) and every value from the guides is escaped (`md`).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from portal.report.exports import spreadsheet_safe
from portal.report.markdown import code, md
from portal.report.reviews import DueGuide, DueReviews, OwnerReviews
from portal.words import long_day, plural

ISSUE_TITLE = "Guides due for review: {owner}"
HOW_TO_REVIEW = (
    "For each guide: follow its steps on a real computer, fix anything that has changed, "
    "then set `reviewed:` in its front matter to the day you checked it."
)
CSV_COLUMNS = ("owner", "guide", "title", "file", "reviewed", "due", "days_overdue", "state")


def issue_title(owner: str) -> str:
    """The one title per owner, so the weekly job finds and updates the same issue."""
    return ISSUE_TITLE.format(owner=owner)


def when(guide: DueGuide) -> str:
    """Due 40 days ago (13 October 2026), Due today (...), Due in 12 days (17 December 2026)."""
    days = guide.days_overdue
    if days == 0:
        return f"Due today ({long_day(guide.due)})"
    if days > 0:
        return f"Due {plural(days, 'day')} ago ({long_day(guide.due)})"
    return f"Due in {plural(-days, 'day')} ({long_day(guide.due)})"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def counts(group: OwnerReviews, within: int) -> str:
    """ "3 guides: 2 overdue, 1 due in the next 30 days"."""
    parts = []
    if group.overdue:
        parts.append(f"{group.overdue} overdue")
    if group.due_soon:
        parts.append(f"{group.due_soon} due in the next {plural(within, 'day')}")
    return f"{plural(len(group.guides), 'guide')}: {', '.join(parts)}"


def nothing_due(reviews: DueReviews, owner: str | None = None) -> str:
    whose = f" for {owner}" if owner else ""
    return (
        f"No guides{whose} are due for review in the next {plural(reviews.within, 'day')}. "
        "Thank you for keeping them up to date."
    )


def print_due(reviews: DueReviews, console: Console, owner: str | None = None) -> None:
    """One table per owner; titles and names go in as plain Text, never as markup."""
    console.print(Text(f"Guides due for review on {long_day(reviews.today)}", style="bold"))
    if not reviews.owners:
        console.print(Text(nothing_due(reviews, owner)))
        return
    for group in reviews.owners:
        table = Table(
            title=f"{group.owner} ({counts(group, reviews.within)})",
            title_justify="left",
            title_style="bold",
        )
        for column in ("Guide", "Last reviewed", "Review"):
            table.add_column(column, overflow="fold")
        for guide in group.guides:
            name = Text(guide.title)
            name.append(f"\n{guide.source}", style="dim")
            table.add_row(name, Text(long_day(guide.reviewed)), Text(when(guide)))
        console.print(table)
    console.print(Text(HOW_TO_REVIEW.replace("`", "")))


def _group_markdown(group: OwnerReviews, within: int, heading: bool) -> list[str]:
    lines = [f"## {md(group.owner)}", ""] if heading else []
    lines += [f"{counts(group, within)}.", ""]
    for guide in group.guides:
        lines.append(
            f"- [ ] **{md(guide.title)}** ({code(guide.source)}): {_lower_first(when(guide))}; "
            f"last reviewed {long_day(guide.reviewed)}"
        )
    return [*lines, ""]


def to_markdown(reviews: DueReviews, owner: str | None = None) -> str:
    """An issue body: with `owner`, that owner's list only; otherwise one section per owner."""
    if owner is not None:
        lines = [f"# {md(issue_title(owner))}", ""]
    else:
        lines = [f"# Guides due for review on {long_day(reviews.today)}", ""]
    if not reviews.owners:
        return "\n".join([*lines, nothing_due(reviews, owner), ""])
    lines += [HOW_TO_REVIEW, ""]
    for group in reviews.owners:
        lines += _group_markdown(group, reviews.within, heading=owner is None)
    lines.append(
        f"Listed by `kb report --due` on {reviews.today.isoformat()}: guides overdue or due "
        f"in the next {plural(reviews.within, 'day')}."
    )
    return "\n".join(lines) + "\n"


def to_data(reviews: DueReviews) -> dict[str, Any]:
    """Plain data for JSON: one entry per owner with its stable issue title."""
    return {
        "today": reviews.today.isoformat(),
        "within": reviews.within,
        "total": reviews.total,
        "owners": [
            {
                "owner": group.owner,
                "issue_title": issue_title(group.owner),
                "overdue": group.overdue,
                "due_soon": group.due_soon,
                "guides": [
                    {
                        "path": guide.path,
                        "title": guide.title,
                        "url": guide.url,
                        "file": guide.source,
                        "reviewed": guide.reviewed.isoformat(),
                        "due": guide.due.isoformat(),
                        "days_overdue": guide.days_overdue,
                        "state": guide.state,
                    }
                    for guide in group.guides
                ],
            }
            for group in reviews.owners
        ],
    }


def to_json(reviews: DueReviews) -> str:
    return json.dumps(to_data(reviews), ensure_ascii=False, indent=2) + "\n"


def to_csv(reviews: DueReviews) -> str:
    """One row per guide; writers' words made safe to open in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for group in reviews.owners:
        for guide in group.guides:
            writer.writerow(
                [
                    spreadsheet_safe(group.owner),
                    guide.path,
                    spreadsheet_safe(guide.title),
                    guide.source,
                    guide.reviewed.isoformat(),
                    guide.due.isoformat(),
                    guide.days_overdue,
                    guide.state,
                ]
            )
    return buffer.getvalue()
