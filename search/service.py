"""Keep the current index open and notice a new one, without a restart.

`kb index` repoints `var/index` atomically. Each request asks the handle for the engine; at
most once a second the handle checks where the link points, and loads the new build while
other requests keep using the old one.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from portal.builds import finished_builds
from portal.reloading import Reloading
from search.engine import Engine, IndexUnavailable
from search.indexer import BUILDS_DIR, current_index

CHECK_EVERY_SECONDS = 1.0

log = logging.getLogger("search.service")


@dataclass(frozen=True)
class Where:
    """Where `var/index` points now, or why it could not be looked at."""

    folder: Path | None
    problem: str | None = None


class IndexHandle:
    """The engine for the build `var/index` points at, reloaded when the link moves.

    Never raises anything but IndexUnavailable: a damaged build, a link that cannot be read
    or a build that fails in a way nobody foresaw leaves the last good engine answering.
    """

    def __init__(self, var_dir: Path, check_every: float = CHECK_EVERY_SECONDS) -> None:
        self.var_dir = var_dir
        self.check_every = check_every
        self._error: str | None = None
        # One thread loads a new build; the others keep answering from the engine they have.
        self._current = Reloading(self._open, self._where, every=check_every)

    def engine(self) -> Engine:
        """The current engine; raises IndexUnavailable with a plain reason when there is none."""
        engine = self._current.get()
        if engine is None:  # no index yet: look on every request until there is one
            engine = self._current.refresh()
        if engine is None:
            raise IndexUnavailable(self._error or "There is no search index yet; run `kb index`.")
        return engine

    def _where(self) -> Where:
        try:
            return Where(current_index(self.var_dir))
        except (OSError, RuntimeError) as error:  # permission denied, a loop of links
            return Where(None, f"{self.var_dir / 'index'} cannot be looked at ({error}).")

    def _open(self, where: Where) -> Engine | None:
        """The engine for the build the link points at now; the one we have if it cannot open."""
        previous = self._current.value
        folder = where.folder
        if folder is None:
            if previous is None:
                self._error = (
                    where.problem or f"There is no search index in {self.var_dir}; run `kb index`."
                )
            return previous
        try:
            engine = Engine(folder)
        except Exception as error:  # IndexUnavailable for any damage; anything else is a bug
            # Not retried every second: the link's stamp is this build until it moves again.
            if isinstance(error, IndexUnavailable):
                self._error = str(error)
                log.error("The search index in %s cannot be opened: %s", folder, error)
            else:
                self._error = f"The search index in {folder} cannot be opened; run `kb index`."
                log.exception("The search index in %s cannot be opened", folder)
            return previous if previous is not None else self._last_good_build(folder)
        self._error = None
        threading.Thread(target=engine.warm_up, name="search-warm-up", daemon=True).start()
        return engine

    def _last_good_build(self, broken: Path) -> Engine | None:
        """A worker that starts after a broken build went live answers from the newest good one."""
        for build in self._other_builds(broken):
            try:
                engine = Engine(build)
            except Exception:  # damaged too (IndexUnavailable), or worse: try the next one
                continue
            log.warning("Answering searches from the previous index build %s.", build)
            return engine
        return None

    def _other_builds(self, broken: Path) -> list[Path]:
        """Finished builds other than `broken`, newest first: var/index-builds, then its own."""
        found: list[Path] = []
        for parent in (self.var_dir / BUILDS_DIR, broken.parent):
            try:
                builds = [build.resolve() for build in finished_builds(parent)]
            except (OSError, RuntimeError):  # unreadable, or a build deleted while we looked
                continue
            found.extend(b for b in builds if b != broken and b not in found)
        return found

    def status(self) -> tuple[bool, str]:
        """(usable, a sentence for /healthz)."""
        try:
            engine = self.engine()
        except IndexUnavailable as error:
            return False, str(error)
        if self._error:
            return False, f"{self._error} Searches are answered from an earlier build."
        return True, f"ok: {engine.size} guides, built {engine.built_at}"
