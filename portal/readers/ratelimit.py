"""Per-visitor limits counted by the `limits` library: in memory, or in Redis for many workers.

In memory each process counts alone; `KB_RATELIMIT_STORAGE=redis://...` shares one count
between every worker and machine. When Redis cannot be reached the limit is not applied (and
says so in the log): a broken limiter must not stop people from sending feedback.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from limits import RateLimitItemPerSecond
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger("portal.readers.ratelimit")

# A dead Redis must cost a request milliseconds, not seconds.
REDIS_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
SKIP_AFTER_FAILURE_SECONDS = 5.0


def open_storage(uri: str) -> Storage:
    """One storage for every limiter of an app (in memory, or a Redis connection pool)."""
    options: dict[str, float] = {} if uri.startswith("memory") else REDIS_OPTIONS
    storage = storage_from_string(uri, **options)
    assert isinstance(storage, Storage)  # a synchronous scheme, checked by the settings
    return storage


class RateLimiter:
    """At most `limit` events per `window` seconds for each key, in a moving window."""

    def __init__(
        self,
        limit: int,
        window: int = 60,
        *,
        name: str = "events",
        storage: Storage | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.storage = storage or open_storage("memory://")
        self._item = RateLimitItemPerSecond(limit, window, namespace=f"plainhelp-{name}")
        self._strategy = MovingWindowRateLimiter(self.storage)
        errors = self.storage.base_exceptions
        self._errors: tuple[type[BaseException], ...] = (
            errors if isinstance(errors, tuple) else (errors,)
        )
        self._clock = clock
        self._skip_until = 0.0
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Count one event for `key`, checking and counting in one step (concurrent events
        cannot all slip under the limit); False, and not counted, when over it."""
        return self._ask(lambda: self._strategy.hit(self._item, key))

    def retry_after(self, key: str) -> int:
        """Whole seconds until `key` may send again (at least 1)."""
        try:
            stats = self._strategy.get_window_stats(self._item, key)
        except self._errors:
            return 1
        return max(1, int(stats.reset_time - time.time()) + 1)

    def _ask(self, question: Callable[[], bool]) -> bool:
        if self._clock() < self._skip_until:
            return True
        try:
            return question()
        except self._errors as error:
            with self._lock:
                self._skip_until = self._clock() + SKIP_AFTER_FAILURE_SECONDS
            log.warning(
                "The rate limit store cannot be reached (%s); limits are off for %d seconds.",
                error,
                SKIP_AFTER_FAILURE_SECONDS,
            )
            return True
