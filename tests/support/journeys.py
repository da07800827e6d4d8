"""What the whole-journey tests share (by keyboard, and by taps on a phone): the guide a person
ends up on, the feedback widget's words, and the answers the portal stored."""

from __future__ import annotations

import sqlite3

from tests.support.servers import Server

GUIDE = "printing/printer-not-printing"  # the first result for "printer offline"
SAVED = "Thank you for your answer."
DONE = "The people who write these guides read every comment"


def stored(server: Server, comment: str) -> list[tuple[object, ...]]:
    """The answers the portal stored for the guide with this comment."""
    with sqlite3.connect(server.store) as db:  # type: ignore[attr-defined]
        return db.execute(
            "SELECT helpful, reason, comment FROM feedback WHERE guide = ? AND comment = ?",
            (GUIDE, comment),
        ).fetchall()


def status_says(page, words: str) -> None:
    page.locator(".kb-feedback__status").filter(has_text=words).wait_for(timeout=10_000)
