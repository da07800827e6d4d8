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
class QuestionResult:
    """One check question: how readers did on their first try, and the wrong answer most chosen."""

    course: str
    lesson: str
    lesson_title: str
    lesson_url: str
    question: str  # "q1"
    text: str  # the question as written; its id when the lesson no longer has it
    first_tries: int  # readers' first tries (one per visitor, question and day)
    right_first: int  # of which right
    share: float | None  # right_first / first_tries, None without first tries
    answers: int  # every try, later ones included
    wrong_option: str | None = None  # the wrong option most chosen on a first try, as written
    wrong_chosen: int = 0  # first tries that chose it
    known: bool = True  # False when the lesson or question is no longer in the content


@dataclass
class LessonStops:
    """How many opened a lesson and how many finished it (visitor-days: keys change daily)."""

    path: str
    title: str
    url: str
    number: int
    opened: int
    finished: int


@dataclass
class CourseProgress:
    """A course's lessons in order, with where readers stop."""

    path: str
    title: str
    url: str
    lessons: list[LessonStops]
    stop: LessonStops | None = None  # the lesson most readers opened and did not finish


@dataclass
class Learning:
    """What the lessons' checks and progress marks say over the report's period."""

    answers: int = 0  # every answer to a check question
    first_tries: int = 0
    right_first: int = 0
    questions: list[QuestionResult] = field(default_factory=list)
    missed: list[QuestionResult] = field(default_factory=list)  # "may not teach it yet"
    courses: list[CourseProgress] = field(default_factory=list)
    min_answers: int = 10  # fewest first tries before a question can be called missed
    miss_share: float = 0.5  # missed: fewer than this share right on the first try

    @property
    def is_empty(self) -> bool:
        """Nobody answered a check or opened a lesson in the period."""
        return not self.answers and not any(
            lesson.opened or lesson.finished for c in self.courses for lesson in c.lessons
        )


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
    learning: Learning = field(default_factory=Learning)

    @property
    def is_empty(self) -> bool:
        """No searches and no votes in the period: the report has nothing to say yet."""
        return not self.totals.get("searches") and not self.totals.get("votes")
