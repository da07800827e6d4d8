"""A content folder and a seeded store for the `kb report` tests: four guides, and a period of
votes and searches in which every figure the tests check was worked out by hand; and `kb report`
on what a portal of serve_content kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from portal.guides.articles import Content, load_content
from portal.store.database import Store, Vote
from tests.support.files import GOOD_GUIDE, write
from tests.support.kb import run_kb
from tests.support.servers import Server

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
            visitor=f"{n:04d}-visitor-{guide}",  # the first 16 characters: its own address
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
    """The seeded period, with every figure tests/system/test_report_figures.py checks worked out
    by hand (in the comments here and there)."""
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


def kb_report(server: Server, *args: str, content: Path | None = None) -> str:
    """The output of `kb report` on the content folder (or `content`) and the SQLite file of a
    portal started by serve_content."""
    assert server.content is not None and server.database is not None
    env = {
        "KB_CONTENT_DIR": str(content or server.content),
        "KB_DATABASE_URL": f"sqlite:///{server.database}",
    }
    result = run_kb("report", *args, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout
