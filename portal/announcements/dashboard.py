"""What the dashboard's "Announcement" section shows: both sources, and which one readers see."""

from __future__ import annotations

from typing import Any

from portal.announcements.board import Board, newest
from portal.store.database import Store, StoreUnavailable

NOTES = {
    "posted": "Posted. Every page of the help center shows it within a minute.",
    "cleared": "Cleared. Pages stop showing it within a minute.",
}


def section(
    store: Store, board: Board, note: str | None = None, error: str | None = None, draft: str = ""
) -> dict[str, Any]:
    """Read both sources now (not the cache): the person posting wants to see the truth."""
    from_file = board.file.read()
    try:
        posted = store.current_announcement()
    except StoreUnavailable:
        posted = None
    return {
        "posted": posted,
        "file": from_file,
        "shown": newest(from_file, posted),
        "file_path": str(board.file.path),
        "note": NOTES.get(note or ""),
        "error": error,
        "draft": draft,
    }
