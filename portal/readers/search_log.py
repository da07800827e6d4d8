"""Count searches for the writers' report, folding as-you-type refinements into one search."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from portal.readers.privacy import scrub
from portal.store.database import Store, StoreUnavailable, new_token, utc_now
from portal.store.schema import QUERY_CHARS

log = logging.getLogger("portal.readers.search_log")
REFINE_SECONDS = 30.0
MAX_VISITORS = 50_000


def normalize_query(query: str) -> str:
    """One form per query for counting: lower case, single spaces, personal details removed."""
    text = re.sub(r"\s+", " ", query).strip().casefold()
    return scrub(text)[:QUERY_CHARS].strip()


@dataclass
class _Recent:
    token: str
    query: str
    source: str
    at: float


class SearchLog:
    """Writes one row per search; a visitor who keeps typing updates their last row instead.

    Material's search box asks on every key press ("p", "pr", "printer"), so without folding
    the report would count half-typed words as searches that found nothing.
    """

    def __init__(self, store: Store, refine_seconds: float = REFINE_SECONDS) -> None:
        self.store = store
        self.refine_seconds = refine_seconds
        self._recent: OrderedDict[str, _Recent] = OrderedDict()
        self._lock = threading.Lock()
        self._sequence = 0
        self._write_locks = [threading.Lock() for _ in range(64)]
        self._written: OrderedDict[str, int] = OrderedDict()  # token -> newest sequence written

    def record(
        self,
        visitor: str | None,
        query: str,
        results: int,
        source: str,
        later: Callable[[Callable[[], None]], None] | None = None,
    ) -> str | None:
        """Log a search and return its token for click records (None if not counted).

        With `later`, the database write is handed to it (e.g. to run after the response is
        sent), so a slow database never slows a search down.
        """
        normalized = normalize_query(query)
        if not normalized or self.store.seems_down:
            return None
        now = time.monotonic()
        with self._lock:
            recent = self._recent.get(visitor) if visitor else None
            refines = bool(recent) and self._refines(recent, normalized, source, now)  # type: ignore[arg-type]
            token = recent.token if refines and recent else new_token()
            self._sequence += 1
            sequence = self._sequence
            if visitor:
                self._recent.pop(visitor, None)
                self._recent[visitor] = _Recent(token, normalized, source, now)
                while len(self._recent) > MAX_VISITORS:
                    self._recent.popitem(last=False)

        def write() -> None:
            # Writes run after responses, in any order: the newest refinement must win, and
            # the first search's insert must not fail once a refinement has written the row.
            with self._write_locks[hash(token) % len(self._write_locks)]:
                if self._written.get(token, -1) > sequence:
                    return
                try:
                    if refines or self._written.get(token, -1) >= 0:
                        self.store.refine_search(token, normalized, results, source, utc_now())
                    else:
                        self.store.add_search(normalized, results, source, utc_now(), token=token)
                except StoreUnavailable as error:
                    log.warning("a search was not counted: %s", error)
                    return
                self._written[token] = sequence
                while len(self._written) > MAX_VISITORS:
                    self._written.popitem(last=False)

        if later is None:
            write()
        else:
            later(write)
        return token

    def _refines(self, recent: _Recent, query: str, source: str, now: float) -> bool:
        if recent.source != source or now - recent.at > self.refine_seconds:
            return False
        return query.startswith(recent.query) or recent.query.startswith(query)
