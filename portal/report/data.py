"""Turn the store's rows and the guides' front matter into a Report, for `kb report` and /admin.

Reads use SQLAlchemy Core only (no dialect-only SQL), so the same code runs on SQLite and
PostgreSQL; grouping by day is done in Python from hourly rows.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from sqlalchemy import (
    ColumnElement,
    Connection,
    String,
    Subquery,
    and_,
    case,
    cast,
    distinct,
    exists,
    func,
    select,
)

from portal.guides.articles import Article, Content
from portal.guides.courses import courses_of
from portal.guides.reviews import days_overdue, is_overdue
from portal.guides.vocabulary import OTHER, OUT_OF_DATE, REASONS
from portal.report.lessons import MIN_ANSWERS, read_learning
from portal.report.model import (
    Comment,
    DailyPoint,
    FixItem,
    GuideFeedback,
    LearnedPhrase,
    QueryCount,
    Report,
    StaleGuide,
)
from portal.report.paths import MIN_READERS, read_troubleshooting
from portal.store.database import Store, utc_now
from portal.store.schema import NETWORK_CHARS, clicks, feedback, searches
from portal.words import percent, plural
from search import Speller, stems

Z_95 = 1.96
# A guide is a learned answer to a query when at least half of the searches that opened
# anything opened it.
LEARNED_SHARE = 0.5
COMMENTS_PER_GUIDE = 5
# Three readers saying "out of date", or a whole default review period (182 days) overdue,
# count as fully as a guide nobody found helpful.
OUT_OF_DATE_FULL = 3
OVERDUE_FULL_DAYS = 182
# Votes one network address counts for, per guide and day, in ratings and reasons: an office
# behind one address still counts as several readers, and no one address can outvote everyone.
VOTES_PER_ADDRESS = 5
ONE_PLACE_WEIGHT = 0.5
# How the reasons read after "3 readers said ...".
_SAID = {reason.key: reason.said for reason in REASONS}
_HELPFUL = case((feedback.c.helpful, 1), else_=0)
_ZERO = case((searches.c.results == 0, 1), else_=0)


def wilson_lower_bound(helpful: int, votes: int, z: float = Z_95) -> float:
    """The share of readers helped that we can be 95 % sure of, given few or many votes.

    With no votes there is no evidence, so the bound is 0. 10 of 10 gives 0.72, 5 of 10 0.24.
    """
    if votes <= 0:
        return 0.0
    share = helpful / votes
    z2 = z * z
    centre = share + z2 / (2 * votes)
    spread = z * math.sqrt(share * (1 - share) / votes + z2 / (4 * votes * votes))
    return max(0.0, (centre - spread) / (1 + z2 / votes))


def build_report(
    store: Store,
    content: Content,
    *,
    days: int = 30,
    min_votes: int = 5,
    limit: int = 20,
    today: dt.date | None = None,
    min_searches: int = 2,
    min_clicks: int = 2,
    helpful_target: float = 0.5,
    min_answers: int = MIN_ANSWERS,
    min_readers: int = MIN_READERS,
) -> Report:
    """Everything readers told us over the last `days` days (today included).

    `limit` caps every list; `min_votes` is the fewest votes for a rating to count in
    "fix next"; `min_searches` the fewest searches for a query to be a content gap;
    `min_clicks` the fewest searches that opened a guide for their words to be proposed as
    a phrase; a rated guide is listed in "fix next" while its Wilson bound is below
    `helpful_target` (we cannot yet be 95 % sure that most readers are helped);
    `min_answers` the fewest first tries before a lesson's question can be called missed;
    `min_readers` the fewest readers before a troubleshooter's branch is named to look at.
    """
    if days < 1 or limit < 1:
        raise ValueError("days and limit must be 1 or more")
    until = today or utc_now().date()
    since = until - dt.timedelta(days=days - 1)
    first_hour = dt.datetime.combine(since, dt.time())
    end_hour = dt.datetime.combine(until + dt.timedelta(days=1), dt.time())
    guides = {article.path: article for article in content.guides}

    with store.begin() as connection:
        reader = _Reader(connection, since, until, first_hour, end_hour)
        totals = reader.totals()
        rated = reader.guide_feedback(guides)
        zero = reader.zero_result_queries(min_searches, limit)
        no_click = reader.no_click_queries(min_searches, limit)
        pairs = reader.query_guide_clicks(min_clicks)
        clicked_searches = reader.clicked_searches_per_query([query for query, _, _ in pairs])
        daily = reader.daily(since, until)
        rated.sort(key=lambda g: (-g.votes, g.path))
        shown = rated[:limit]
        _attach_comments(connection, shown, since, until)
        learning = read_learning(
            connection, courses_of(content), since, until, min_answers=min_answers, limit=limit
        )
        troubleshooting = read_troubleshooting(
            connection, content, since, until, min_readers=min_readers, limit=limit
        )

    stale = stale_guides(content.guides, until)
    fix = fix_next(rated, stale, guides, min_votes, helpful_target)
    return Report(
        generated=utc_now().replace(microsecond=0),
        since=since,
        until=until,
        min_votes=min_votes,
        totals=totals,
        guides=shown,
        fix_next=fix[:limit],
        zero_result_queries=zero,
        no_click_queries=no_click,
        learned_phrases=learned_phrases(
            pairs, guides, clicked_searches, lambda: content_speller(content.guides)
        )[:limit],
        stale=stale[:limit],
        daily=daily,
        min_searches=min_searches,
        min_clicks=min_clicks,
        helpful_target=helpful_target,
        guides_rated=len(rated),
        fix_next_total=len(fix),
        stale_total=len(stale),
        learning=learning,
        troubleshooting=troubleshooting,
    )


class _Reader:
    """The report's queries over one connection and one period."""

    def __init__(
        self,
        connection: Connection,
        since: dt.date,
        until: dt.date,
        first_hour: dt.datetime,
        end_hour: dt.datetime,
    ) -> None:
        self.connection = connection
        self.votes_in_period = and_(feedback.c.day >= since, feedback.c.day <= until)
        self.searches_in_period = and_(searches.c.hour >= first_hour, searches.c.hour < end_hour)
        self.clicks_in_period = and_(clicks.c.hour >= first_hour, clicks.c.hour < end_hour)
        self.has_click = exists().where(clicks.c.search_id == searches.c.id)

    def totals(self) -> dict[str, int]:
        row = self.connection.execute(
            select(
                func.count(),
                func.coalesce(func.sum(_ZERO), 0),
            ).where(self.searches_in_period)
        ).one()
        no_click = self.connection.scalar(
            select(func.count())
            .select_from(searches)
            .where(self.searches_in_period, searches.c.results > 0, ~self.has_click)
        )
        votes = self.connection.execute(
            select(func.count(), func.coalesce(func.sum(_HELPFUL), 0)).where(self.votes_in_period)
        ).one()
        clicked = self.connection.scalar(
            select(func.count()).select_from(clicks).where(self.clicks_in_period)
        )
        return {
            "searches": int(row[0]),
            "zero_results": int(row[1]),
            "no_click": int(no_click or 0),
            "clicks": int(clicked or 0),
            "votes": int(votes[0]),
            "helpful": int(votes[1]),
        }

    def guide_feedback(self, guides: dict[str, Article]) -> list[GuideFeedback]:
        counted = self.counted_votes()
        counts = self.connection.execute(
            select(
                counted.c.guide,
                func.count(),
                func.sum(case((counted.c.helpful, 1), else_=0)),
                func.count(distinct(counted.c.place)),
            ).group_by(counted.c.guide)
        ).all()
        reasons: dict[str, Counter[str]] = defaultdict(Counter)
        for guide, reason, count in self.connection.execute(
            select(counted.c.guide, counted.c.reason, func.count())
            .where(counted.c.reason.is_not(None))
            .group_by(counted.c.guide, counted.c.reason)
        ):
            reasons[guide][reason] += int(count)
        found = []
        for guide, votes, helpful, places in counts:
            votes, helpful = int(votes), int(helpful or 0)
            article = guides.get(guide)
            found.append(
                GuideFeedback(
                    path=guide,
                    title=article.title if article else guide,
                    url=article.url if article else f"/{guide}/",
                    votes=votes,
                    helpful=helpful,
                    share=helpful / votes,
                    wilson=wilson_lower_bound(helpful, votes),
                    reasons=sorted(reasons[guide].items(), key=lambda kv: (-kv[1], kv[0])),
                    reviewed=article.reviewed if article else None,
                    review_due=article.review_by if article else None,
                    known=article is not None,
                    places=int(places),
                )
            )
        return found

    def counted_votes(self) -> Subquery:
        """The period's votes, with at most VOTES_PER_ADDRESS from one address on one guide a day.

        Anyone can send votes under many browser names; the address is what they cannot change,
        so one place cannot outvote everyone. The earliest votes of each address are the ones
        counted; every answer is still kept, and every comment still shown.
        """
        network = func.substr(feedback.c.visitor, 1, NETWORK_CHARS)
        # A day's address key is only that day's: the same address on two days is two places.
        place = cast(feedback.c.day, String).concat(network)
        rank = (
            func.row_number()
            .over(
                partition_by=(feedback.c.guide, feedback.c.day, network),
                order_by=(feedback.c.created, feedback.c.id),
            )
            .label("rank")
        )
        ranked = (
            select(
                feedback.c.guide, feedback.c.helpful, feedback.c.reason, place.label("place"), rank
            )
            .where(self.votes_in_period)
            .subquery()
        )
        return (
            select(ranked.c.guide, ranked.c.helpful, ranked.c.reason, ranked.c.place)
            .where(ranked.c.rank <= VOTES_PER_ADDRESS)
            .subquery()
        )

    def _top_queries(
        self, condition: ColumnElement[bool], min_searches: int, limit: int
    ) -> list[QueryCount]:
        count = func.count()
        rows = self.connection.execute(
            select(searches.c.query, count)
            .where(self.searches_in_period, condition)
            .group_by(searches.c.query)
            .having(count >= min_searches)
            .order_by(count.desc(), searches.c.query)
            .limit(limit)
        ).all()
        if not rows:
            return []
        names = [query for query, _ in rows]
        latest: dict[str, int] = {}
        for query, results in self.connection.execute(
            select(searches.c.query, searches.c.results)
            .where(self.searches_in_period, condition, searches.c.query.in_(names))
            .order_by(searches.c.hour.desc(), searches.c.id.desc())
        ):
            latest.setdefault(query, int(results))
        clicked: dict[str, int] = dict(
            self.connection.execute(
                select(searches.c.query, func.count())
                .where(self.searches_in_period, self.has_click, searches.c.query.in_(names))
                .group_by(searches.c.query)
            ).all()
        )
        return [
            QueryCount(query, int(n), latest.get(query, 0), clicked=int(clicked.get(query, 0)))
            for query, n in rows
        ]

    def zero_result_queries(self, min_searches: int, limit: int) -> list[QueryCount]:
        return self._top_queries(searches.c.results == 0, min_searches, limit)

    def no_click_queries(self, min_searches: int, limit: int) -> list[QueryCount]:
        return self._top_queries(and_(searches.c.results > 0, ~self.has_click), min_searches, limit)

    def query_guide_clicks(self, min_clicks: int) -> list[tuple[str, str, int]]:
        """(query, guide, searches that opened it), for pairs seen in at least min_clicks."""
        opened = func.count(distinct(clicks.c.search_id))
        rows = self.connection.execute(
            select(searches.c.query, clicks.c.guide, opened)
            .select_from(clicks.join(searches, clicks.c.search_id == searches.c.id))
            .where(self.searches_in_period)
            .group_by(searches.c.query, clicks.c.guide)
            .having(opened >= min_clicks)
            .order_by(opened.desc(), searches.c.query, clicks.c.guide)
        ).all()
        return [(query, guide, int(n)) for query, guide, n in rows]

    def clicked_searches_per_query(self, queries: list[str]) -> dict[str, int]:
        """How many searches for each query opened any result at all."""
        if not queries:
            return {}
        found: dict[str, int] = {}
        for start in range(0, len(queries), 500):
            chunk = sorted(set(queries[start : start + 500]))
            found.update(
                (query, int(count))
                for query, count in self.connection.execute(
                    select(searches.c.query, func.count())
                    .where(self.searches_in_period, self.has_click, searches.c.query.in_(chunk))
                    .group_by(searches.c.query)
                )
            )
        return found

    def daily(self, since: dt.date, until: dt.date) -> list[DailyPoint]:
        points = {
            since + dt.timedelta(days=n): DailyPoint(since + dt.timedelta(days=n), 0, 0, 0, 0)
            for n in range((until - since).days + 1)
        }
        for hour, count, zero in self.connection.execute(
            select(searches.c.hour, func.count(), func.sum(_ZERO))
            .where(self.searches_in_period)
            .group_by(searches.c.hour)
        ):
            point = points.get(_as_date(hour))
            if point:
                point.searches += int(count)
                point.zero_results += int(zero or 0)
        for day, count, helpful in self.connection.execute(
            select(feedback.c.day, func.count(), func.sum(_HELPFUL))
            .where(self.votes_in_period)
            .group_by(feedback.c.day)
        ):
            point = points.get(_as_date(day))
            if point:
                point.votes += int(count)
                point.helpful += int(helpful or 0)
        return list(points.values())


def _as_date(value: dt.date | dt.datetime | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _attach_comments(
    connection: Connection, shown: list[GuideFeedback], since: dt.date, until: dt.date
) -> None:
    """The latest comments (up to five) of the guides in the report, latest first."""
    by_path = {guide.path: guide for guide in shown}
    if not by_path:
        return
    rows = connection.execute(
        select(
            feedback.c.guide,
            feedback.c.day,
            feedback.c.helpful,
            feedback.c.reason,
            feedback.c.comment,
        )
        .where(
            feedback.c.day >= since,
            feedback.c.day <= until,
            feedback.c.guide.in_(list(by_path)),
            feedback.c.comment.is_not(None),
            feedback.c.comment != "",
        )
        .order_by(feedback.c.created.desc(), feedback.c.id.desc())
    )
    for guide, day, helpful, reason, text in rows:
        comments = by_path[guide].comments
        if len(comments) < COMMENTS_PER_GUIDE:
            comments.append(Comment(_as_date(day), bool(helpful), reason, text))


def stale_guides(articles: Iterable[Article], today: dt.date) -> list[StaleGuide]:
    """Guides whose review date has passed, the longest overdue first."""
    found = [
        StaleGuide(
            path=a.path,
            title=a.title,
            url=a.url,
            reviewed=a.reviewed,
            due=a.review_by,
            days_overdue=days_overdue(a.review_by, today),
        )
        for a in articles
        if a.review_by is not None and a.reviewed is not None and is_overdue(a.review_by, today)
    ]
    return sorted(found, key=lambda s: (-s.days_overdue, s.path))


def fix_next(
    rated: list[GuideFeedback],
    stale: list[StaleGuide],
    guides: dict[str, Article],
    min_votes: int,
    helpful_target: float,
) -> list[FixItem]:
    """The guides to fix first: several problems and strong evidence come first.

    A guide can have three problems, each weighed from 0 to 1:

    - a low rating: at least `min_votes` votes and a Wilson lower bound below
      `helpful_target`; it weighs 1 - bound, so 0 of 8 helpful weighs 1.0 and
      3 of 12 (bound 9 %) weighs 0.91. The Wilson bound is the helpful share we can be
      95 % sure of: it ranks a guide with few votes more cautiously than its raw share;
    - readers saying it is out of date: one reader weighs 1/3, three or more weigh 1;
    - a review date that has passed: weighs days overdue / 182 (a default review period),
      at most 1.

    The weights are added: a guide with two problems usually outranks one with a single
    problem, and a strong single problem (nobody helped) outranks two faint ones (one
    reader, one day overdue). Ties go to the guide with more votes, then by path.
    Guides that are no longer in the content folder are left out.
    """
    by_path: dict[str, dict] = {}
    for guide in rated:
        if guide.path not in guides:
            continue
        entry = by_path.setdefault(guide.path, {"why": [], "score": 0.0, "problems": 0})
        entry["guide"] = guide
        if guide.votes >= min_votes and guide.wilson is not None and guide.wilson < helpful_target:
            one_place = guide.places == 1
            entry["why"].append(
                f"{guide.helpful:,} of {plural(guide.votes, 'reader')} found it helpful "
                f"(we can be fairly sure it helps at least {percent(guide.wilson)} of readers)"
                + (", all from one network address" if one_place else "")
            )
            # Evidence from one place weighs half: it may be one office, or one person.
            entry["score"] += (1 - guide.wilson) * (ONE_PLACE_WEIGHT if one_place else 1.0)
            entry["problems"] += 1
        out_of_date = dict(guide.reasons).get(OUT_OF_DATE, 0)
        if out_of_date:
            entry["why"].append(f"{plural(out_of_date, 'reader')} said {_SAID[OUT_OF_DATE]}")
            entry["score"] += min(1.0, out_of_date / OUT_OF_DATE_FULL)
            entry["problems"] += 1
        entry["out_of_date"] = out_of_date
    for item in stale:
        entry = by_path.setdefault(item.path, {"why": [], "score": 0.0, "problems": 0})
        entry["why"].append(
            f"Review was due {plural(item.days_overdue, 'day')} ago ({item.due.isoformat()})"
        )
        entry["score"] += min(1.0, item.days_overdue / OVERDUE_FULL_DAYS)
        entry["problems"] += 1
        entry["overdue"] = item.days_overdue
    found: list[FixItem] = []
    for path, entry in by_path.items():
        if not entry["problems"]:
            continue
        voted: GuideFeedback | None = entry.get("guide")
        article = guides[path]
        other = _main_other_reason(voted)
        if other:
            entry["why"].append(other)
        found.append(
            FixItem(
                path=path,
                title=article.title,
                url=article.url,
                why=entry["why"],
                votes=voted.votes if voted else 0,
                wilson=voted.wilson if voted else None,
                out_of_date=entry.get("out_of_date", 0),
                days_overdue=entry.get("overdue"),
                score=round(entry["score"], 4),
                problems=entry["problems"],
                helpful=voted.helpful if voted else 0,
            )
        )
    return sorted(found, key=lambda f: (-f.score, -f.problems, -f.votes, f.path))


def _main_other_reason(guide: GuideFeedback | None) -> str | None:
    """The most given reason besides "out of date", as a hint of what to change."""
    if guide is None:
        return None
    for reason, count in guide.reasons:
        # "Out of date" has a line of its own; "other" says nothing a writer can act on.
        if reason in _SAID and reason not in (OUT_OF_DATE, OTHER):
            return f"{plural(count, 'reader')} said {_SAID[reason]}"
    return None


def _terms(texts: Iterable[str]) -> set[str]:
    """The index terms of texts, with hyphenated words also in parts ("wi-fi": wifi, wi, fi)."""
    found: set[str] = set()
    for text in texts:
        found.update(stems(text))
        found.update(stems(text.replace("-", " ")))
    return found


def content_speller(articles: Iterable[Article]) -> Speller:
    """Every word the guides use, so a typed word can be told apart from a typo of one."""
    counts: Counter[str] = Counter()
    for article in articles:
        text = " ".join([article.title, article.description, *article.phrases, article.body])
        counts.update(re.findall(r"[a-z]+", text.lower()))
    return Speller(dict(counts))


def learned_phrases(
    pairs: list[tuple[str, str, int]],
    guides: dict[str, Article],
    clicked_searches: dict[str, int] | None = None,
    make_speller: Callable[[], Speller] | None = None,
) -> list[LearnedPhrase]:
    """Queries whose searchers opened a guide whose title and phrases lack some of their words.

    Words are compared as the search analyzer sees them (stemmed, stop words out), so
    "printers" is present when the title says "printer" and "the" never counts. A guide
    must be where most searchers of those words went (`LEARNED_SHARE` of the searches that
    opened anything), and queries with a typo of a word the guides use are left out: a
    phrase should teach search a new way of saying it, not a misspelling it already forgives.
    """
    found: list[LearnedPhrase] = []
    known: dict[str, set[str]] = {}
    speller: Speller | None = None
    for query, path, count in pairs:
        article = guides.get(path)
        if article is None:
            continue
        words = stems(query)
        if not words:
            continue
        if clicked_searches and count < LEARNED_SHARE * clicked_searches.get(query, count):
            continue
        if path not in known:
            known[path] = _terms([article.title, *article.phrases])
        missing = _words_missing(query, known[path])
        if missing and make_speller:
            # Built once, and only when a proposal needs it: it reads every guide's words.
            speller = speller or make_speller()
            if any(speller.corrections(word.lower()) for word in missing):
                continue
        if missing:
            found.append(LearnedPhrase(query, path, article.title, count, missing=missing))
    return found


def _words_missing(query: str, terms: set[str]) -> list[str]:
    """The query's words (as typed) whose index term the guide's title and phrases lack."""
    missing: list[str] = []
    for word in query.split():
        word_terms = stems(word) or []
        if word_terms and not all(term in terms for term in word_terms):
            missing.append(word)
    return missing
