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
class PathStep:
    """One answer on the way: the question's words and the answer's, as the tree has them now."""

    question: str  # its id when the troubleshooter no longer has the question
    answer: str  # NO_LONGER_THERE (portal.report.wording) when no answer leads on any more


@dataclass
class PathRow:
    """One place in a troubleshooter: a question readers reached, or where an answer ended.

    `readers` are visitor-days (keys change daily): for a question, those who reached it; for a
    guide, those who ended there; for the desk, those who asked for a person there.
    """

    kind: str  # "question", "guide" or "desk"
    questions: list[str]  # the question ids from the first one
    steps: list[PathStep]  # the answers given on the way (for an ending, its own answer last)
    readers: int
    question: str | None = None  # a question's words
    guide: str | None = None  # where a guide row ended: the article path, and "#section"
    title: str | None = None  # that guide's title (its path when it is gone)
    url: str | None = None  # its address on the site (None when it is gone)
    went_on: int = 0  # questions: chose an answer (or went deeper)
    stopped: int = 0  # questions: reached it and went no further
    desk: int = 0  # asked for a person: "Still stuck?" here, or after this guide
    known: bool = True  # False when the troubleshooter no longer has this way through


@dataclass
class PathFinding:
    """A branch to look at, in one plain sentence, with the readers behind it."""

    troubleshooter: str
    title: str
    kind: str  # "stop" (many stop at a question), "desk" (an answer leads many to the desk),
    # "still-stuck" (many ask for a person after the guide)
    text: str
    readers: int


@dataclass
class TreePaths:
    """One troubleshooter over the report's period: who started, every place, what to look at."""

    path: str
    title: str
    url: str | None
    started: int  # visitor-days with any step in it
    desk: int  # of which asked for a person, in it or after its guide
    rows: list[PathRow] = field(default_factory=list)
    findings: list[PathFinding] = field(default_factory=list)
    changed: int = 0  # readers who took a way the troubleshooter no longer has
    known: bool = True  # False when the troubleshooter is no longer in the content folder


@dataclass
class Troubleshooting:
    """What the troubleshooters' steps say over the report's period."""

    trees: list[TreePaths] = field(default_factory=list)  # the most started first
    findings: list[PathFinding] = field(default_factory=list)  # every tree's, most readers first
    unopened: list[str] = field(default_factory=list)  # titles of trees nobody started
    min_readers: int = 5  # fewest readers before a branch is named as one to look at
    stop_share: float = 0.4  # a question "many stop at": at least this share stopped there
    stuck_share: float = 0.25  # a guide after which this share still asked for a person

    @property
    def is_empty(self) -> bool:
        """Nobody took a step in any troubleshooter in the period."""
        return not self.trees


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
    troubleshooting: Troubleshooting = field(default_factory=Troubleshooting)

    @property
    def is_empty(self) -> bool:
        """No searches and no votes in the period: the report has nothing to say yet."""
        return not self.totals.get("searches") and not self.totals.get("votes")
