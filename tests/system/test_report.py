"""`kb report`: figures from a real store (SQLite file, and PostgreSQL), rendered four ways.
The Wilson bound and the "fix next" ranking alone are in tests/unit/test_report.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from portal.guides.articles import Content, load_content
from portal.report.data import build_report
from portal.report.markdown import to_markdown
from portal.report.model import Comment, LearnedPhrase, QueryCount, StaleGuide
from portal.store.database import Store, Vote, utc_now
from tests.support.files import GOOD_GUIDE, write
from tests.support.kb import run_kb

TODAY = dt.date(2026, 11, 22)
WEBSITES = "network/websites-not-loading"
RESET = "accounts/reset-password"
EMAIL = "email/recover-deleted-email"
PAPER = "printing/clear-paper-jam"


def guide(title: str, phrases: list[str], reviewed: dt.date) -> str:
    listed = "\n".join(f"  - {p}" for p in phrases)
    return (
        f"---\ntitle: {title}\ndescription: A guide for the report tests.\ntags:\n  - test\n"
        f"phrases:\n{listed}\nowner: Service Desk\nreviewed: {reviewed.isoformat()}\n"
        f"review_every: 6 months\n---\n\n# {title}\n\nSome help.\n"
    )


def make_content(root: Path, websites_phrases: list[str], reviewed: dt.date = TODAY) -> Path:
    """Four guides; the paper-jam guide (GOOD_GUIDE) was reviewed on 2026-01-15."""
    write(root, "index.md", "# Help\n\nWelcome.\n")
    write(root, f"{PAPER}.md", GOOD_GUIDE)
    write(root, f"{WEBSITES}.md", guide("Websites do not load", websites_phrases, reviewed))
    write(root, f"{RESET}.md", guide("Reset a forgotten password", ["forgot password"], reviewed))
    write(root, f"{EMAIL}.md", guide("Recover a deleted email", ["email vanished"], reviewed))
    return root


WEBSITES_PHRASES = ["page will not open", "browser cannot reach site"]


def loaded(root: Path, today: dt.date = TODAY) -> Content:
    content = load_content(root, today=today)
    assert content.errors == []
    return content


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def vote(store: Store, guide: str, n: int, day: dt.date, helpful: bool, **extra: object) -> None:
    store.save_vote(
        Vote(
            guide=guide,
            visitor=f"visitor-{guide}-{n}",
            day=day,
            helpful=helpful,
            reason=extra.get("reason"),  # type: ignore[arg-type]
            comment=extra.get("comment"),  # type: ignore[arg-type]
            created=at(day, 10, n),
        )
    )


def search(store: Store, query: str, results: int, moment: dt.datetime, opened: str | None) -> None:
    token = store.add_search(query, results, "api", moment)
    if opened:
        assert store.add_click(token, 1, opened, moment)


def seed(store: Store, today: dt.date = TODAY) -> None:
    """The seeded period, with every figure the tests check worked out by hand below."""
    day = [today - dt.timedelta(days=n) for n in range(4)]  # day[0] is today
    # Websites: 12 votes, 3 helpful; 5 "steps did not work", 2 "out of date"; 6 comments.
    for n in range(12):
        reason = "steps-did-not-work" if 3 <= n < 8 else "out-of-date" if n in (8, 9) else None
        comment = f"comment {n}" if n >= 6 else None
        vote(store, WEBSITES, n, day[2], n < 3, reason=reason, comment=comment)
    for n in range(10):  # 10 of 10 helpful: a Wilson bound of 72 %, nothing to fix
        vote(store, RESET, n, day[1], True)
    vote(store, RESET, 50, today - dt.timedelta(days=40), False)  # before the period
    vote(store, PAPER, 0, day[0], True)
    vote(store, PAPER, 1, day[0], False, reason="out-of-date")
    for n in range(6):  # 0 of 6 helpful
        vote(store, EMAIL, n, day[3], False, reason="not-what-i-needed")

    search(store, "printer on fire", 0, at(day[1], 9), None)
    search(store, "printer on fire", 0, at(day[1], 10), None)
    search(store, "printer on fire", 0, at(day[0], 8), None)
    search(store, "gibberish", 0, at(day[0], 9), None)  # once: below the threshold
    search(store, "vpn slow", 4, at(day[1], 11), None)
    search(store, "vpn slow", 4, at(day[1], 12), None)
    search(store, "vpn slow", 4, at(day[1], 13), RESET)
    search(store, "internet phonebook", 3, at(day[2], 10), WEBSITES)
    search(store, "internet phonebook", 3, at(day[2], 11), WEBSITES)
    search(store, "internet phonebook", 3, at(day[2], 12), RESET)  # once for this guide
    search(store, "website not loading", 5, at(day[3], 10), WEBSITES)
    search(store, "website not loading", 5, at(day[3], 11), WEBSITES)
    search(store, "printers jammed", 2, at(day[3], 12), PAPER)
    search(store, "printers jammed", 2, at(day[3], 13), PAPER)
    search(store, "old query", 0, at(today - dt.timedelta(days=40), 9), None)
    search(store, "old query", 0, at(today - dt.timedelta(days=40), 10), None)


# -- build_report over a real store ----------------------------------------------------------


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
        "3 of 12 readers found it helpful (at least 9 % with 95 % confidence)",
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
        "0 of 6 readers found it helpful (at least 0 % with 95 % confidence)",
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


# -- Markdown escaping -----------------------------------------------------------------------

NASTY = "bad | *steps* <script>alert(1)</script>\n| x | `code|` [link](http://x) @team #12 $x$"


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_markdown_escapes_what_readers_typed(store: Store, tmp_path: Path) -> None:
    for n in range(5):
        vote(store, WEBSITES, n, TODAY, False, reason="other", comment=NASTY if n == 0 else None)
    search(store, "vpn | slow", 4, at(TODAY, 9), None)
    search(store, "vpn | slow", 4, at(TODAY, 10), None)
    content = loaded(make_content(tmp_path / "content", WEBSITES_PHRASES))
    text = to_markdown(build_report(store, content, today=TODAY))

    table_rows = [line for line in text.splitlines() if line.startswith("|")]
    comment_row = next(line for line in table_rows if "alert" in line)
    assert unescaped_pipes(comment_row) == 4  # Day | Answer | Comment: nothing added
    query_row = next(line for line in table_rows if "vpn" in line)
    assert unescaped_pipes(query_row) == 5  # Query | No click | With a click | Results
    assert "<script>" not in text and "\\<script\\>" in text
    assert "\\*steps\\*" in text and "\\[link\\]" in text and "\\$x\\$" in text
    assert "@team" not in text and "@\u200bteam" in text and "#\u200b12" in text
    assert "\n| x" not in text  # the reader's line break did not start a new row

    # Rendered the way GitHub reads it (CommonMark with tables, raw HTML allowed): every row
    # of every table has as many cells as its header, and the comment stays text.
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    widths: list[list[int]] = []
    for token in parser.parse(text):
        if token.type == "table_open":
            widths.append([])
        elif token.type == "tr_open":
            widths[-1].append(0)
        elif token.type in ("th_open", "td_open"):
            widths[-1][-1] += 1
    assert len(widths) >= 4
    assert all(len(set(table)) == 1 for table in widths), widths
    html = parser.render(text)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "| x | `code|` [link](http://x)" in html and "<a href" not in html


# -- the command, end to end -----------------------------------------------------------------


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A SQLite file seeded relative to the real today, and content with a stale guide."""
    today = utc_now().date()
    url = f"sqlite:///{tmp_path}/kb.sqlite3"
    opened = Store(url)
    opened.migrate()
    seed(opened, today)
    opened.dispose()
    content = make_content(tmp_path / "content", WEBSITES_PHRASES, reviewed=today)
    write(content, f"{PAPER}.md", guide("Fix a paper jam", ["paper jam", "printer jammed"],
                                        today - dt.timedelta(days=400)))  # fmt: skip
    return {"KB_DATABASE_URL": url, "KB_CONTENT_DIR": str(content)}, content


def test_kb_report_markdown(seeded: tuple[dict[str, str], Path]) -> None:
    env, content = seeded
    result = run_kb("report", "--format", "md", "--content", str(content), env=env)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("# Writers' backlog")
    assert "- [ ] **Websites do not load** (`network/websites-not-loading`)" in text
    assert "  - 3 of 12 readers found it helpful (at least 9 % with 95 % confidence)" in text
    assert "- [ ] **Fix a paper jam** (`printing/clear-paper-jam`)" in text
    assert re.search(r"  - Review was due \d+ days ago \(\d{4}-\d\d-\d\d\)", text)
    assert (
        "```yaml\n# content/network/websites-not-loading.md: add to the phrases that are there\n"
        "phrases:\n  - internet phonebook\n```"
    ) in text
    assert "| printer on fire | 3 |" in text
    assert "| vpn slow | 2 | 1 | 4 |" in text


def test_kb_report_csv(seeded: tuple[dict[str, str], Path]) -> None:
    env, _ = seeded
    result = run_kb("report", "--format", "csv", env=env)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    sections = [row["section"] for row in rows]
    assert sections[0] == "totals" and rows[0]["searches"] == "14" and rows[0]["votes"] == "30"
    assert sections.count("daily") == 30
    fix = [row for row in rows if row["section"] == "fix_next"]
    assert fix[0]["guide"] == WEBSITES and fix[0]["rank"] == "1" and fix[0]["wilson"] == "0.0889"
    assert "3 of 12 readers found it helpful" in fix[0]["text"]
    learned = [row for row in rows if row["section"] == "learned_phrase"]
    assert [(r["query"], r["guide"], r["clicks"]) for r in learned] == [
        ("internet phonebook", WEBSITES, "2")
    ]
    comments = [row for row in rows if row["section"] == "comment"]
    assert len(comments) == 5 and comments[0]["text"] == "comment 11"
    assert {row["section"] for row in rows} >= {"guide", "zero_results", "no_click", "stale"}


def test_kb_report_json(seeded: tuple[dict[str, str], Path]) -> None:
    env, content = seeded
    result = run_kb("report", "--format", "json", "--days", "7", "--content", str(content), env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("generated", "since", "until", "totals", "guides", "fix_next", "daily",
                "zero_result_queries", "no_click_queries", "learned_phrases", "stale"):  # fmt: skip
        assert key in data
    assert dt.date.fromisoformat(data["until"]) - dt.date.fromisoformat(data["since"]) == (
        dt.timedelta(days=6)
    )
    assert len(data["daily"]) == 7 and data["totals"]["votes"] == 30
    assert data["guides"][0]["path"] == WEBSITES and data["guides"][0]["votes"] == 12
    assert data["fix_next"][0]["why"][1] == "2 readers said it is out of date"
    assert data["learned_phrases"][0]["query"] == "internet phonebook"


def test_kb_report_table_and_output_file(
    seeded: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, _ = seeded
    result = run_kb("report", env={**env, "COLUMNS": "160"})
    assert result.returncode == 0, result.stderr
    for words in ("Fix next", WEBSITES, "printer on fire", "internet phonebook", "Latest comments"):
        assert words in result.stdout
    assert "14 searches (" in result.stdout and "30 votes (" in result.stdout
    one_day = run_kb("report", "--days", "1", env={**env, "COLUMNS": "160"})
    assert "(1 day)" in one_day.stdout and "1 days" not in one_day.stdout
    target = tmp_path / "backlog.md"
    result = run_kb("report", "--format", "md", "--output", str(target), env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and f"Wrote the report to {target}." in result.stderr
    assert target.read_text(encoding="utf-8").startswith("# Writers' backlog")


def test_kb_report_on_an_empty_store(tmp_path: Path, content_dir: Path) -> None:
    env = {"KB_DATABASE_URL": f"sqlite:///{tmp_path}/empty.sqlite3"}
    for output_format in ("table", "md"):
        result = run_kb("report", "--format", output_format, "--content", str(content_dir), env=env)
        assert result.returncode == 0, result.stderr
        assert "No feedback or searches yet" in result.stdout


def test_kb_report_errors_are_one_plain_sentence(tmp_path: Path, content_dir: Path) -> None:
    unreachable = {"KB_DATABASE_URL": "postgresql://kb:secret@127.0.0.1:1/kb"}
    result = run_kb("report", "--content", str(content_dir), env=unreachable)
    assert result.returncode == 1
    assert "cannot be reached" in result.stderr and "secret" not in result.stderr
    assert "Traceback" not in result.stderr

    write(content_dir, "printing/broken.md", "---\ntitle: [unclosed\n---\n\nText.\n")
    env = {"KB_DATABASE_URL": f"sqlite:///{tmp_path}/s.sqlite3"}
    result = run_kb("report", "--content", str(content_dir), env=env)
    assert result.returncode == 1
    assert "printing/broken.md" in result.stderr and "`kb build` explains" in result.stderr
    assert "Traceback" not in result.stderr
