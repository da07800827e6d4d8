"""Announcements in the store, on SQLite and PostgreSQL: one shown at a time, cleared ones kept as
a short history, nothing posted that no banner can show, and the board asking the store once per
cache period. /api/status over HTTP is in test_announcements_http.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.announcements.board import Board, StatusFile
from portal.store.database import Store
from portal.store.schema import announcements

OUTAGE = "E-mail is down for everyone; we're on it."


def test_the_store_shows_one_announcement_at_a_time(store: Store) -> None:
    assert store.current_announcement() is None
    first = store.post_announcement("Printers on floor 2 are offline.")
    assert store.current_announcement() == first
    assert first.source == "dashboard"
    second = store.post_announcement(OUTAGE)
    shown = store.current_announcement()
    assert shown is not None and shown.message == OUTAGE and shown.posted_at == second.posted_at
    assert store.clear_announcement() is True
    assert store.current_announcement() is None
    assert store.clear_announcement() is False  # nothing left to clear
    with store.begin() as connection:
        kept = connection.scalar(select(func.count()).select_from(announcements))
    assert kept == 2  # cleared ones stay as a short history


def test_the_store_refuses_what_no_banner_can_show(store: Store) -> None:
    for message in ("", "   ", "x" * 281):
        with pytest.raises(ValueError):
            store.post_announcement(message)
    assert store.current_announcement() is None


def test_the_board_asks_the_store_once_per_cache_period(store: Store, tmp_path: Path) -> None:
    board = Board(store, StatusFile(tmp_path / "status.txt"), cache_seconds=3600)
    assert board.current() is None
    store.post_announcement(OUTAGE)
    assert board.current() is None  # the answer of a moment ago, kept for the hour
    board.forget()  # what the dashboard does after posting in this process
    shown = board.current()
    assert shown is not None and shown.message == OUTAGE
