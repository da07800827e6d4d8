"""What the preview shows now: a number that moves with each rebuild, and the last failure.

Open pages compare the number they were served with to the one the event stream sends, and
reload when it moved (a restart gets a new token, so pages reload after one too).
"""

from __future__ import annotations

import secrets
import threading
from pathlib import Path

from portal.web.preview.builder import Outcome


class PreviewState:
    """Shared by the rebuilding thread and the request threads, behind one condition."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._token = secrets.token_hex(4)  # differs after werkzeug's reloader restarts us
        self._number = 0
        self.failure: Outcome | None = None  # the last rebuild, when it failed
        self.warnings: tuple[str, ...] = ()  # MkDocs' warnings on the last good build
        self.pages: dict[str, Path] = {}  # URL path -> source file, as last loaded

    @property
    def generation(self) -> str:
        with self._changed:
            return f"{self._token}-{self._number}"

    def record(self, outcome: Outcome) -> None:
        """A rebuild finished (well or not): every open page learns of it."""
        with self._changed:
            if outcome.pages:
                self.pages = dict(outcome.pages)
            if outcome.ok:
                self.failure = None
                self.warnings = outcome.warnings
            else:
                self.failure = outcome
            self._number += 1
            self._changed.notify_all()

    def wait_for_change(self, seen: str | None, timeout: float) -> str:
        """The generation once it differs from `seen`, or the same one after `timeout`."""
        with self._changed:
            self._changed.wait_for(lambda: self._current() != seen, timeout=timeout)
            return self._current()

    def _current(self) -> str:
        return f"{self._token}-{self._number}"
