"""Count searches for the writers' report, folding as-you-type refinements into one search."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from portal.readers.privacy import REMOVED, scrub
from portal.store.database import Store, StoreUnavailable, new_token, utc_now
from portal.store.schema import QUERY_CHARS

log = logging.getLogger("portal.readers.search_log")
REFINE_SECONDS = 30.0
MAX_VISITORS = 50_000


def normalize_query(query: str) -> str:
    """One form per query for counting: personal details removed, lower case, single spaces.

    Screened before it is cut, and cut between words, so no half of anything is kept.
    """
    text = scrub(re.sub(r"\s+", " ", query).strip()).casefold()
    words = text.split()
    if len(query) >= QUERY_CHARS:
        words = _without_cut_end(words)
    kept: list[str] = []
    length = -1
    for word in words:
        length += 1 + len(word)
        if length > QUERY_CHARS:
            break
        kept.append(word)
    return " ".join(kept)


def _without_cut_end(words: list[str]) -> list[str]:
    """Whoever passed a query this long may have cut it: its last word may be half of one.

    The search engine reads 200 characters, and its cleaned text is what gets counted; a number
    in groups before it ("4111 - 1111 - 11") goes too: it may be the start of a card or phone.
    """
    if words and words[-1] != REMOVED:
        if words[-1].startswith(("[", "(", "{", "<")):
            words = words[:-1]  # "jo [at": the name before half of "[at]" goes too
        words = words[:-1]
        while words and _is_number_part(words[-1]):
            words = words[:-1]
    return words


def _is_number_part(word: str) -> bool:
    """Digits and separators ("4111", "-", "(555)"): no letter says where a number ends."""
    return not any(ch.isalpha() for ch in word)


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
        may_add: Callable[[], bool] | None = None,
    ) -> str | None:
        """Log a search and return its token for click records (None if not counted).

        With `later`, the database write is handed to it (e.g. to run after the response is
        sent), so a slow database never slows a search down. `may_add` is asked before a new
        search (not a refinement) is counted: False leaves it out, as a limit per address.
        """
        normalized = normalize_query(query)
        if not normalized or self.store.seems_down:
            return None
        now = time.monotonic()
        # Asked outside the lock: `may_add` may be a trip to Redis.
        refines = self._refines_recent(visitor, normalized, source, now)
        if may_add is not None and not refines and not may_add():
            return None
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

    def _refines_recent(self, visitor: str | None, query: str, source: str, now: float) -> bool:
        with self._lock:
            recent = self._recent.get(visitor) if visitor else None
            return recent is not None and self._refines(recent, query, source, now)

    def _refines(self, recent: _Recent, query: str, source: str, now: float) -> bool:
        if recent.source != source or now - recent.at > self.refine_seconds:
            return False
        return query.startswith(recent.query) or recent.query.startswith(query)
