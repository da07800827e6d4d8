"""The store: one object through which the portal and `kb` reach the database."""

from __future__ import annotations

from portal.store.answers import Answers, Vote
from portal.store.connection import (
    MIGRATIONS,
    StoreUnavailable,
    engine_for,
    new_token,
    to_hour,
    utc_now,
)
from portal.store.learning import CheckAnswer, Completion, Learning
from portal.store.notices import Announcement, Notices
from portal.store.steps import Step, Steps

__all__ = [
    "MIGRATIONS",
    "Announcement",
    "CheckAnswer",
    "Completion",
    "Step",
    "Store",
    "StoreUnavailable",
    "Vote",
    "engine_for",
    "new_token",
    "to_hour",
    "utc_now",
]


class Store(Answers, Notices, Learning, Steps):
    """The one way the portal and `kb` reach the database (SQLite or PostgreSQL)."""
