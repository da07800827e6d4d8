"""Guides due for review, grouped by owner: `kb report --due`, the dashboard and the weekly CI job.

Reads only the guides (no store), so a clean clone in CI can run it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from portal.guides.articles import Article
from portal.guides.reviews import DUE_SOON_DAYS, ReviewState, days_overdue, review_state

# The group for guides whose front matter names nobody: plain, so nobody feels blamed.
NO_OWNER = "No owner yet"


@dataclass(frozen=True)
class DueGuide:
    """One guide to check against the real screens, and how long ago (or soon) it was due."""

    path: str
    title: str
    url: str
    owner: str | None
    reviewed: dt.date
    due: dt.date
    days_overdue: int  # negative while the date is still ahead
    state: ReviewState
    source: str  # the file, relative to the content folder, for the writer to open


@dataclass
class OwnerReviews:
    """One owner's guides that are due, the most overdue first."""

    owner: str  # NO_OWNER for guides without one
    guides: list[DueGuide] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for guide in self.guides if guide.state == "overdue")

    @property
    def due_soon(self) -> int:
        return sum(1 for guide in self.guides if guide.state == "due soon")


@dataclass
class DueReviews:
    """Every owner with guides due on `today`, looking `within` days ahead."""

    today: dt.date
    within: int
    owners: list[OwnerReviews]

    @property
    def total(self) -> int:
        return sum(len(group.guides) for group in self.owners)


def due_reviews(
    articles: Iterable[Article],
    root: str | None = None,
    today: dt.date | None = None,
    within: int = DUE_SOON_DAYS,
    owner: str | None = None,
) -> DueReviews:
    """Guides overdue or due within `within` days, by owner; `owner` keeps one group only.

    Owners are ordered by their most overdue guide (then by name), so whoever has the oldest
    review sees it first; "No owner yet" is last whatever its dates.
    """
    today = today or dt.date.today()
    groups: dict[str, OwnerReviews] = {}
    for article in articles:
        if article.is_index or article.reviewed is None or article.review_by is None:
            continue
        state = review_state(article.review_by, today, within)
        if state == "fine":
            continue
        name = article.owner or NO_OWNER
        groups.setdefault(name, OwnerReviews(name)).guides.append(
            DueGuide(
                path=article.path,
                title=article.title,
                url=article.url,
                owner=article.owner,
                reviewed=article.reviewed,
                due=article.review_by,
                days_overdue=days_overdue(article.review_by, today),
                state=state,
                source=_source(article, root),
            )
        )
    for group in groups.values():
        group.guides.sort(key=lambda guide: (-guide.days_overdue, guide.path))
    owners = sorted(
        groups.values(),
        key=lambda g: (g.owner == NO_OWNER, -g.guides[0].days_overdue, g.owner.casefold()),
    )
    if owner is not None:
        wanted = owner.strip().casefold()
        owners = [group for group in owners if group.owner.casefold() == wanted]
    return DueReviews(today=today, within=within, owners=owners)


def _source(article: Article, root: str | None) -> str:
    if root is None:
        return f"{article.path}.md"
    try:
        return article.source.relative_to(root).as_posix()
    except ValueError:
        return f"{article.path}.md"
