"""`kb report`'s figures, from build_report over a real store (a SQLite file, and PostgreSQL).
The Wilson bound and the "fix next" ranking alone are in tests/unit/test_report.py; the Markdown
in test_report_markdown.py, and the command itself in test_report_cli.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portal.report.data import build_report
from portal.report.markdown import to_markdown
from portal.report.model import Comment, LearnedPhrase, QueryCount, StaleGuide
from portal.store.database import Store
from tests.support.files import write
from tests.support.report import (
    EMAIL,
    PAPER,
    RESET,
    TODAY,
    WEBSITES,
    WEBSITES_PHRASES,
    at,
    guide,
    loaded,
    make_content,
    search,
    seed,
)


def test_report_figures(store: Store, tmp_path: Path) -> None:
    seed(store)
    content = loaded(make_content(tmp_path / "content", WEBSITES_PHRASES))
    report = build_report(store, content, days=30, min_votes=5, limit=20, today=TODAY)

    assert report.since == dt.date(2026, 10, 24) and report.until == TODAY
    assert report.totals == {
        "searches": 14,
        "zero_results": 4,
        "no_click": 2,
        "clicks": 8,
        "votes": 30,
        "helpful": 14,
    }
    assert not report.is_empty

    assert [g.path for g in report.guides] == [WEBSITES, RESET, EMAIL, PAPER]  # most votes first
    websites = report.guides[0]
    assert (websites.votes, websites.helpful, websites.share) == (12, 3, 0.25)
    assert websites.wilson == pytest.approx(0.0889, abs=1e-4)
    assert websites.reasons == [("steps-did-not-work", 5), ("out-of-date", 2)]
    assert websites.title == "Websites do not load"
    assert [c.text for c in websites.comments] == [f"comment {n}" for n in (11, 10, 9, 8, 7)]
    assert websites.comments[0] == Comment(TODAY - dt.timedelta(days=2), False, None, "comment 11")
    reset = report.guides[1]
    assert (reset.votes, reset.helpful) == (10, 10)  # the vote from 40 days ago is left out
    assert reset.wilson == pytest.approx(0.7225, abs=1e-4)

    # Websites: two problems (1 - 0.0889 + 2/3 = 1.578). Paper jam: one "out of date" (1/3)
    # and 131 days overdue (131/182), 1.053. Email: nobody helped, one strong problem, 1.0.
    assert [f.path for f in report.fix_next] == [WEBSITES, PAPER, EMAIL]
    first, second, third = report.fix_next
    assert first.why == [
        "3 of 12 readers found it helpful (we can be fairly sure it helps at least 9 % of readers)",
        "2 readers said it is out of date",
        "5 readers said the steps did not work",
    ]
    assert first.score == pytest.approx(1 - 0.0889 + 2 / 3, abs=1e-3)
    assert (first.problems, first.out_of_date, first.days_overdue) == (2, 2, None)
    assert second.why == [
        "1 reader said it is out of date",
        "Review was due 131 days ago (2026-07-14)",
    ]  # 2 votes are fewer than min_votes, so no rating sentence
    assert second.days_overdue == 131
    assert third.why == [
        "0 of 6 readers found it helpful (we can be fairly sure it helps at least 0 % of readers)",
        "6 readers said it was not what they were looking for",
    ]
    assert RESET not in [f.path for f in report.fix_next]

    assert report.zero_result_queries == [QueryCount("printer on fire", 3, 0, 0)]
    assert report.no_click_queries == [QueryCount("vpn slow", 2, 4, clicked=1)]
    assert report.learned_phrases == [
        LearnedPhrase(
            "internet phonebook", WEBSITES, "Websites do not load", 2, ["internet", "phonebook"]
        )
    ]  # "website not loading" and "printers jammed" are already in titles and phrases
    assert report.stale == [
        StaleGuide(
            PAPER, "Fix a paper jam", "/printing/clear-paper-jam/",
            dt.date(2026, 1, 15), dt.date(2026, 7, 14), 131,
        )
    ]  # fmt: skip

    assert len(report.daily) == 30
    assert report.daily[0].day == report.since and report.daily[-1].day == TODAY
    by_day = {p.day: (p.searches, p.zero_results, p.votes, p.helpful) for p in report.daily}
    assert by_day[TODAY] == (2, 2, 2, 1)
    assert by_day[TODAY - dt.timedelta(days=1)] == (5, 2, 10, 10)
    assert by_day[TODAY - dt.timedelta(days=2)] == (3, 0, 12, 3)
    assert by_day[TODAY - dt.timedelta(days=3)] == (4, 0, 6, 0)
    assert by_day[TODAY - dt.timedelta(days=4)] == (0, 0, 0, 0)  # a quiet day is a zero
    assert sum(p.searches for p in report.daily) == report.totals["searches"]


def test_thresholds_and_limit_are_parameters(store: Store, tmp_path: Path) -> None:
    seed(store)
    content = loaded(make_content(tmp_path / "content", WEBSITES_PHRASES))
    report = build_report(store, content, today=TODAY, min_searches=1, min_clicks=1, limit=2)
    assert [q.query for q in report.zero_result_queries] == ["printer on fire", "gibberish"]
    # RESET got 1 of the 3 searches for "internet phonebook" that opened anything: too few.
    assert [(p.query, p.path) for p in report.learned_phrases] == [
        ("internet phonebook", WEBSITES),
        ("vpn slow", RESET),
    ]
    assert len(report.fix_next) == 2 and report.fix_next_total == 3
    assert len(report.guides) == 2 and report.guides_rated == 4
    # A shorter period leaves older figures out.
    recent = build_report(store, content, today=TODAY, days=1)
    assert recent.totals["votes"] == 2 and recent.totals["searches"] == 2
    assert [d.day for d in recent.daily] == [TODAY]


@pytest.mark.parametrize(
    ("title", "phrases"),
    [
        ("Websites do not load", ["internet phonebooks"]),  # plural: stemmed alike
        ("The internet phonebook is down", ["page will not open"]),  # in the title
        ("Websites do not load", ["phonebook", "the Internet"]),  # spread over phrases
    ],
)
def test_learned_phrase_only_when_the_guide_lacks_the_words(
    store: Store, tmp_path: Path, title: str, phrases: list[str]
) -> None:
    search(store, "internet phonebook", 3, at(TODAY, 9), WEBSITES)
    search(store, "internet phonebook", 3, at(TODAY, 10), WEBSITES)
    lacking = loaded(make_content(tmp_path / "lacking", WEBSITES_PHRASES))
    proposed = build_report(store, lacking, today=TODAY).learned_phrases
    assert [(p.query, p.path, p.clicks) for p in proposed] == [("internet phonebook", WEBSITES, 2)]

    root = make_content(tmp_path / "having", WEBSITES_PHRASES)
    write(root, f"{WEBSITES}.md", guide(title, phrases, TODAY))
    assert build_report(store, loaded(root), today=TODAY).learned_phrases == []


def test_a_learned_phrase_needs_most_searchers_and_no_typos(store: Store, tmp_path: Path) -> None:
    for hour in (9, 10):
        search(store, "internet phonebook", 3, at(TODAY, hour), WEBSITES)
    for hour in (11, 12, 13):
        search(store, "internet phonebook", 3, at(TODAY, hour), RESET)
    search(store, "websties phonebook", 3, at(TODAY, 14), WEBSITES)  # typo of a guide word
    search(store, "websties phonebook", 3, at(TODAY, 15), WEBSITES)
    content = loaded(make_content(tmp_path / "content", WEBSITES_PHRASES))
    proposed = build_report(store, content, today=TODAY).learned_phrases
    # 3 of 5 searchers opened RESET: it is the answer people chose; 2 of 5 is not enough.
    assert [(p.query, p.path, p.clicks) for p in proposed] == [("internet phonebook", RESET, 3)]


def test_one_search_is_not_enough_for_a_learned_phrase(store: Store, tmp_path: Path) -> None:
    search(store, "internet phonebook", 3, at(TODAY, 9), WEBSITES)
    content = loaded(make_content(tmp_path / "content", WEBSITES_PHRASES))
    assert build_report(store, content, today=TODAY).learned_phrases == []


def test_empty_store_gives_an_empty_report(store: Store, tmp_path: Path) -> None:
    content = loaded(make_content(tmp_path / "content", WEBSITES_PHRASES))
    report = build_report(store, content, today=TODAY, days=7)
    assert report.is_empty
    assert report.totals == dict.fromkeys(
        ("searches", "zero_results", "no_click", "clicks", "votes", "helpful"), 0
    )
    assert [(d.searches, d.votes) for d in report.daily] == [(0, 0)] * 7
    assert report.guides == [] and report.learned_phrases == []
    assert [f.path for f in report.fix_next] == [PAPER]  # overdue, even without feedback
    assert "No feedback or searches yet" in to_markdown(report)


def test_one_address_counts_as_a_few_readers_per_guide_and_day(
    store: Store, tmp_path: Path
) -> None:
    """28 "No" votes sent from one address under 28 browser names used to put a guide first in
    "Fix next"; now they count as VOTES_PER_ADDRESS readers, and every answer is still kept."""
    from portal.readers.identity import visitor_for
    from portal.report.data import VOTES_PER_ADDRESS
    from portal.store.database import Vote

    salt = b"today's secret"
    content = loaded(make_content(tmp_path / "content", WEBSITES_PHRASES))

    def cast(guide: str, address: str, browser: str, helpful: bool, minute: int) -> None:
        key = visitor_for(salt, address, browser).key
        store.save_vote(
            Vote(guide, key, TODAY, helpful, None, f"from {address}", at(TODAY, 9, minute))
        )

    for n in range(28):  # one address, many names
        cast(EMAIL, "203.0.113.9", f"name {n}", False, n)
    for n in range(8):  # eight places, one reader each: 2 of 8 helped
        cast(RESET, f"198.51.100.{n}", "Firefox", n < 2, n)
    report = build_report(store, content, days=1, min_votes=5, limit=20, today=TODAY)

    email = next(g for g in report.guides if g.path == EMAIL)
    assert email.votes == VOTES_PER_ADDRESS and email.helpful == 0
    ranked = [item.path for item in report.fix_next]
    assert ranked.index(RESET) < ranked.index(EMAIL)  # eight places outweigh one
    assert "all from one network address" in report.fix_next[ranked.index(EMAIL)].why[0]
    assert report.totals["votes"] == 36  # kept, all of them
