"""The report's shape, shared by `kb report` (table, md, csv, json) and the /admin dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# The reasons a reader can give after "No" are REASONS in portal/guides/vocabulary.py.


@dataclass
class Comment:
    """A screened comment (personal details already replaced with [removed])."""

    day: dt.date
    helpful: bool
    reason: str | None
    text: str


@dataclass
class GuideFeedback:
    """Votes for one guide over the report's period."""

    path: str
    title: str
    url: str
    votes: int
    helpful: int
    share: float | None  # helpful / votes, None without votes
    wilson: float | None  # Wilson lower bound (95 %) of the helpful share
    reasons: list[tuple[str, int]] = field(default_factory=list)  # reason key, count; most first
    comments: list[Comment] = field(default_factory=list)  # latest first
    reviewed: dt.date | None = None
    review_due: dt.date | None = None
    known: bool = True  # False when the guide is no longer in the content folder
    places: int = 0  # network addresses the counted votes came from (each day's count)


@dataclass
class FixItem:
    """A guide writers should look at next, with every reason in a plain sentence."""

    path: str
    title: str
    url: str
    why: list[str]
    votes: int
    wilson: float | None
    out_of_date: int
    days_overdue: int | None
    score: float = 0.0  # the ranking weight (see portal.report.data.fix_next)
    problems: int = 0  # low rating, "out of date" answers, overdue review: how many apply
    helpful: int = 0


@dataclass
class QueryCount:
    """A normalized query and how often people searched for it."""

    query: str
    searches: int
    results: int  # results the latest such search found
    clicked: int = 0  # searches for the same words that did lead to a click


@dataclass
class LearnedPhrase:
    """Searchers who typed `query` opened this guide, whose title and phrases lack those words."""

    query: str
    path: str
    title: str
    clicks: int  # searches with these words that opened the guide
    missing: list[str] = field(default_factory=list)  # query words its title and phrases lack


@dataclass
class StaleGuide:
    path: str
    title: str
    url: str
    reviewed: dt.date
    due: dt.date
    days_overdue: int


@dataclass
class DailyPoint:
    day: dt.date
    searches: int
    zero_results: int
    votes: int
    helpful: int


@dataclass
class Report:
    generated: dt.datetime
    since: dt.date
    until: dt.date
    min_votes: int
    totals: dict[str, int]  # searches, zero_results, no_click, clicks, votes, helpful
    guides: list[GuideFeedback]
    fix_next: list[FixItem]
    zero_result_queries: list[QueryCount]
    no_click_queries: list[QueryCount]
    learned_phrases: list[LearnedPhrase]
    stale: list[StaleGuide]
    daily: list[DailyPoint]
    min_searches: int = 2  # fewest searches for a query to count as a content gap
    min_clicks: int = 2  # fewest searches that opened a guide for a learned phrase
    helpful_target: float = 0.5  # rated guides whose Wilson bound is below this need fixing
    guides_rated: int = 0  # guides with votes, before `limit`
    fix_next_total: int = 0
    stale_total: int = 0

    @property
    def is_empty(self) -> bool:
        """No searches and no votes in the period: the report has nothing to say yet."""
        return not self.totals.get("searches") and not self.totals.get("votes")
