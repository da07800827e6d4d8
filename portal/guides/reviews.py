"""When a guide is due for review: one answer for the linter, `kb report --due` and the dashboard.

The due date itself is `Article.review_by` (`reviewed` plus `review_every`, or `review_by`),
worked out once when the guide loads; this module only compares it with a day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from portal.words import long_day

if TYPE_CHECKING:
    from portal.guides.articles import Article

# "Due soon" looks this many days ahead unless asked otherwise (`kb report --due --within`).
DUE_SOON_DAYS = 30

ReviewState = Literal["overdue", "due soon", "fine"]


def is_overdue(review_by: dt.date | None, today: dt.date) -> bool:
    """The review date has passed: readers are told, and the linter warns."""
    return review_by is not None and review_by < today


def review_state(
    review_by: dt.date | None, today: dt.date, within: int = DUE_SOON_DAYS
) -> ReviewState:
    """Overdue, due within `within` days (today counts as due soon), or fine for now."""
    if review_by is None:
        return "fine"
    if is_overdue(review_by, today):
        return "overdue"
    if (review_by - today).days <= within:
        return "due soon"
    return "fine"


def days_overdue(review_by: dt.date, today: dt.date) -> int:
    """Days since the review date (negative while it is still ahead)."""
    return (today - review_by).days


def due_dates(articles: Iterable[Article], root: Path) -> dict[str, dict[str, str]]:
    """Each guide's review date by its file under the content folder (MkDocs' `src_uri`), so
    the theme shows the date the guides themselves give, never one it works out again."""
    found = {}
    for article in articles:
        if article.review_by is None or not article.source.is_relative_to(root):
            continue
        due = article.review_by
        found[article.source.relative_to(root).as_posix()] = {
            "date": due.isoformat(),
            "shown": long_day(due),
        }
    return found
