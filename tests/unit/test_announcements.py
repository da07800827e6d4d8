"""Announcements in-process: a message is plain text on one line, the newest source wins, the
status file is read again only when it changed, and the board falls back to the file when the
store cannot be reached."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portal.announcements.board import (
    Board,
    MessageError,
    StatusFile,
    checked,
    newest,
)
from portal.store.database import Announcement, Store
from portal.words import one_line
from tests.support.servers import free_port

OUTAGE = "E-mail is down for everyone; we're on it."
LONG = "The VPN is slow this morning. " * 20  # 600 characters


def test_a_message_is_plain_text_on_one_line() -> None:
    assert one_line("  E-mail\tis down\n\nfor  everyone\x00.\r\n") == "E-mail is down for everyone."
    assert checked(" " + "x" * 280 + "\n") == "x" * 280
    with pytest.raises(MessageError, match="empty"):
        checked(" \n\t\x07 ")
    with pytest.raises(MessageError, match="281 characters; please shorten it to 280"):
        checked("x" * 281)


def test_the_newest_announcement_wins_and_a_tie_goes_to_the_dashboard() -> None:
    morning = dt.datetime(2026, 11, 23, 9, 0)
    noon = dt.datetime(2026, 11, 23, 12, 0)
    from_file = Announcement("Printers are back.", noon, "file")
    from_dashboard = Announcement("Printers are down.", morning, "dashboard")
    assert newest(from_file, from_dashboard) == from_file
    later = newest(from_file, Announcement("Later.", noon, "dashboard"))
    assert later is not None and later.source == "dashboard"
    assert newest(None, from_dashboard) == from_dashboard
    assert newest(None, None) is None


def test_the_status_file_is_read_again_only_when_it_changed(tmp_path: Path) -> None:
    path = tmp_path / "status.txt"
    lazy = StatusFile(path, check_seconds=3600)
    assert lazy.current() is None  # no file: no banner
    path.write_text(f"  {OUTAGE}\n\n", encoding="utf-8")
    assert lazy.current() is None  # not looked at again within the hour
    shown = lazy.read()
    assert shown is not None and shown.message == OUTAGE and shown.source == "file"
    assert shown.posted_at == dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).replace(
        tzinfo=None
    )
    path.write_text(LONG, encoding="utf-8")
    long = StatusFile(path, check_seconds=0).current()
    assert long is not None and len(long.message) == 280 and long.message.endswith("…")
    path.write_text(" \n\n ", encoding="utf-8")
    assert StatusFile(path, check_seconds=0).current() is None  # an empty file: no banner


def test_the_board_shows_the_file_when_the_store_cannot_be_reached(tmp_path: Path) -> None:
    path = tmp_path / "status.txt"
    path.write_text(OUTAGE, encoding="utf-8")
    unreachable = Store(f"postgresql://kb:kb@127.0.0.1:{free_port()}/missing")
    try:
        shown = Board(unreachable, StatusFile(path), cache_seconds=0).current()
    finally:
        unreachable.dispose()
    assert shown is not None and shown.message == OUTAGE and shown.source == "file"
