"""Where the banner comes from: the status file and the store, read rarely, never failing.

The portal answers `/api/status` from here on every page view, so both sources are cached:
the file is looked at (one `stat`) every few seconds and read only when it changed; the store
is asked at most once per `cache_seconds` in each process. When both have a message, the one
posted last wins (the file's modification time against the store's `posted_at`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

from portal.errors import PlainhelpError
from portal.guides.vocabulary import ANNOUNCEMENT_CHARS
from portal.reloading import Reloading, file_stamp
from portal.store.database import Announcement, Store, StoreUnavailable
from portal.words import one_line

log = logging.getLogger("portal.announcements")

FILE_CHECK_SECONDS = 2.0
FILE_READ_BYTES = 16_384  # plenty for 280 characters; a file pointed at a log stays cheap


class MessageError(PlainhelpError, ValueError):
    """A message that cannot be posted; the text is a plain sentence for the person posting."""


def checked(text: str) -> str:
    """The message to post, or MessageError saying in plain words what to change."""
    message = one_line(text)
    if not message:
        raise MessageError(
            "The announcement is empty. Please write the message readers should see."
        )
    if len(message) > ANNOUNCEMENT_CHARS:
        raise MessageError(
            f"The announcement has {len(message):,} characters; please shorten it to "
            f"{ANNOUNCEMENT_CHARS} or fewer."
        )
    return message


def shortened(message: str) -> str:
    """A file's words cut to the banner's length (with an ellipsis when something was cut)."""
    if len(message) <= ANNOUNCEMENT_CHARS:
        return message
    return message[: ANNOUNCEMENT_CHARS - 1].rstrip() + "…"


def as_json(announcement: Announcement | None) -> dict[str, Any]:
    """The `/api/status` answer: the announcement with its time in ISO 8601 UTC, or null."""
    if announcement is None:
        return {"announcement": None}
    posted = announcement.posted_at.replace(microsecond=0, tzinfo=None).isoformat() + "Z"
    return {
        "announcement": {
            "message": announcement.message,
            "posted_at": posted,
            "source": announcement.source,
        }
    }


def newest(*announcements: Announcement | None) -> Announcement | None:
    """The one posted last; a tie goes to the dashboard, the place people clear it from."""
    found = [a for a in announcements if a is not None]
    if not found:
        return None
    return max(found, key=lambda a: (a.posted_at, a.source == "dashboard"))


class StatusFile:
    """The status file, looked at every `check_seconds` and read only when it changed."""

    def __init__(self, path: Path, check_seconds: float = FILE_CHECK_SECONDS) -> None:
        self.path = path
        self.check_seconds = check_seconds
        self._announcement = Reloading(self._read, lambda: file_stamp(path), every=check_seconds)

    def current(self) -> Announcement | None:
        return self._announcement.get()

    def read(self) -> Announcement | None:
        """Read now, without the cache (for `kb status` and the dashboard)."""
        return self._announcement.refresh()

    def _read(self, stamp: object) -> Announcement | None:
        if stamp is None:
            return None  # no file: no banner
        try:
            with self.path.open("rb") as file:
                raw = file.read(FILE_READ_BYTES)
                info = os.fstat(file.fileno())
        except OSError as error:
            log.warning(
                "The status file %s cannot be read (%s); no banner from it.", self.path, error
            )
            return None
        message = shortened(one_line(raw.decode("utf-8", errors="replace")))
        posted = dt.datetime.fromtimestamp(info.st_mtime, dt.UTC).replace(tzinfo=None)
        return Announcement(message, posted, "file") if message else None


class Board:
    """The announcement readers see now: the newer of the file's and the store's, cached."""

    def __init__(self, store: Store, status_file: StatusFile, cache_seconds: float = 15.0) -> None:
        self.store = store
        self.file = status_file
        self.cache_seconds = cache_seconds
        self._dashboard: Announcement | None = None
        self._fresh_until = float("-inf")
        self._asking = False
        self._generation = 0  # moves on with every forget(), so a slow read cannot undo it
        self._store_was_down = False
        self._lock = threading.Lock()

    def current(self) -> Announcement | None:
        """Never raises: a store that is down means the file alone decides."""
        try:
            from_file = self.file.current()
        except Exception:  # a banner is never worth an error page
            log.exception("The status file %s could not be checked.", self.file.path)
            from_file = None
        return newest(from_file, self._from_store())

    def forget(self) -> None:
        """Ask the store again on the next request (after a post or a clear in this process)."""
        with self._lock:
            self._fresh_until = float("-inf")
            self._generation += 1

    def _from_store(self) -> Announcement | None:
        with self._lock:
            if time.monotonic() < self._fresh_until or self._asking:
                return self._dashboard  # fresh, or another thread is asking: no pile-up
            self._asking = True
            generation = self._generation
        found: Announcement | None = None
        try:
            found = self.store.current_announcement()
            if self._store_was_down:
                log.info("The store answers again; announcements from the dashboard are back.")
            self._store_was_down = False
        except StoreUnavailable as error:
            if not self._store_was_down:
                log.warning(
                    "The store cannot be reached (%s); the banner shows the status file only.",
                    error,
                )
            self._store_was_down = True
        except Exception:
            log.exception("Reading the announcement from the store failed; showing the file only.")
        finally:
            with self._lock:
                self._dashboard = found
                if generation == self._generation:
                    self._fresh_until = time.monotonic() + self.cache_seconds
                self._asking = False
        return found
