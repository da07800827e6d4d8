"""Keep the current index open and notice a new one, without a restart.

`kb index` repoints `var/index` atomically. Each request asks the handle for the engine; at
most once a second the handle checks where the link points, and loads the new build while
other requests keep using the old one.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from search.engine import Engine, IndexUnavailable
from search.indexer import current_index, finished_builds

CHECK_EVERY_SECONDS = 1.0

log = logging.getLogger("search.service")


class IndexHandle:
    """The engine for the build `var/index` points at, reloaded when the link moves."""

    def __init__(self, var_dir: Path, check_every: float = CHECK_EVERY_SECONDS) -> None:
        self.var_dir = var_dir
        self.check_every = check_every
        self._engine: Engine | None = None
        self._folder: Path | None = None
        self._checked_at = 0.0
        self._loading = threading.Lock()
        self._error: str | None = None

    def engine(self) -> Engine:
        """The current engine; raises IndexUnavailable with a plain reason when there is none."""
        now = time.monotonic()
        if now - self._checked_at >= self.check_every or self._engine is None:
            self._checked_at = now
            self._refresh()
        if self._engine is None:
            raise IndexUnavailable(self._error or "There is no search index yet; run `kb index`.")
        return self._engine

    def _refresh(self) -> None:
        folder = current_index(self.var_dir)
        if folder is None:
            if self._engine is None:
                self._error = f"There is no search index in {self.var_dir}; run `kb index`."
            return
        if folder == self._folder:
            return
        # One thread loads; the others keep answering from the engine they have.
        if not self._loading.acquire(blocking=self._engine is None):
            return
        try:
            if folder != self._folder:
                try:
                    engine = Engine(folder)
                except IndexUnavailable as error:
                    self._error = str(error)
                    self._folder = folder  # do not retry a broken build every second
                    log.error("The search index in %s cannot be opened: %s", folder, error)
                    if self._engine is None:
                        self._engine = self._last_good_build(folder)
                    return
                self._engine, self._folder, self._error = engine, folder, None
        finally:
            self._loading.release()

    def _last_good_build(self, broken: Path) -> Engine | None:
        """A worker that starts after a broken build went live answers from the newest good one."""
        for build in finished_builds(broken.parent):
            if build == broken:
                continue
            try:
                engine = Engine(build)
            except IndexUnavailable:
                continue
            log.warning("Answering searches from the previous index build %s.", build)
            return engine
        return None

    def status(self) -> tuple[bool, str]:
        """(usable, a sentence for /healthz)."""
        try:
            engine = self.engine()
        except IndexUnavailable as error:
            return False, str(error)
        if self._error:
            return False, f"{self._error} Searches are answered from an earlier build."
        return True, f"ok: {engine.size} guides, built {engine.built_at}"
