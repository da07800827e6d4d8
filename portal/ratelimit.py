"""A per-key sliding-window limit kept in memory, so one visitor cannot flood the store."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable


class RateLimiter:
    """At most `limit` events per `window` seconds for each key (a visitor key, say).

    Memory is bounded: the least recently seen keys are forgotten past `max_keys`.
    """

    def __init__(
        self,
        limit: int,
        window: float = 60.0,
        max_keys: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self.clock = clock
        self._events: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Count one event for `key`; False (and not counted) when over the limit."""
        now = self.clock()
        with self._lock:
            events = self._events.pop(key, None) or deque()
            while events and events[0] <= now - self.window:
                events.popleft()
            allowed = len(events) < self.limit
            if allowed:
                events.append(now)
            self._events[key] = events
            while len(self._events) > self.max_keys:
                self._events.popitem(last=False)
            return allowed

    def refund(self, key: str) -> None:
        """Take back the last event: a request our side failed should not count against anyone."""
        with self._lock:
            events = self._events.get(key)
            if events:
                events.pop()

    def retry_after(self, key: str) -> int:
        """Whole seconds until `key` may send again (at least 1)."""
        with self._lock:
            events = self._events.get(key)
            if not events or len(events) < self.limit:
                return 1
            return max(1, int(events[0] + self.window - self.clock()) + 1)
