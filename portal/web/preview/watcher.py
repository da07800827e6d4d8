"""Watch the content, mkdocs.yml and the theme; hand each burst of saves over as one change.

Editors save in several steps (a temporary file, a rename, a touch), so events are gathered
until the files have been quiet for QUIET_SECONDS, then rebuilt once.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from portal.web.preview.builder import Changes

QUIET_SECONDS = 0.1
LONGEST_WAIT_SECONDS = 1.0
# Files editors write beside the real one while saving (Vim, Emacs, JetBrains, backups).
_TEMPORARY_ENDINGS = ("~", ".swp", ".swx", ".swo", ".tmp", ".kate-swp", "___jb_tmp___")


def is_temporary(path: Path) -> bool:
    """An editor's scratch file: saving it changes nothing a reader sees."""
    name = path.name
    return name.startswith((".", "#")) or name.endswith(_TEMPORARY_ENDINGS) or name == "4913"


class Sources:
    """Which watched place a path belongs to: content, the site's config or the theme."""

    def __init__(self, content_dir: Path, mkdocs_config: Path, theme_dirs: list[Path]) -> None:
        self.content_dir = content_dir.resolve()
        self.mkdocs_config = mkdocs_config.resolve()
        self.theme_dirs = [folder.resolve() for folder in theme_dirs if folder.is_dir()]

    def changes(self, paths: set[Path]) -> Changes:
        content: set[Path] = set()
        config = theme = False
        for path in paths:
            if path == self.mkdocs_config:
                config = True
            elif is_temporary(path):
                continue
            elif any(path.is_relative_to(folder) for folder in self.theme_dirs):
                theme = True
            elif path.is_relative_to(self.content_dir):
                content.add(path)
        return Changes(frozenset(content), config, theme)


class _Gather(FileSystemEventHandler):
    def __init__(self, pending: set[Path], ready: threading.Condition) -> None:
        self.pending = pending
        self.ready = ready

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # reading a file (the build does) changes nothing
        if event.is_directory and event.event_type == "modified":
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        with self.ready:
            self.pending.update(Path(_text(p)).resolve() for p in paths if p)
            self.ready.notify_all()


def _text(path: str | bytes) -> str:
    return path.decode() if isinstance(path, bytes) else path


class Watcher:
    """One observer and one rebuilding thread; `rebuild` gets each quiet burst's Changes."""

    def __init__(self, sources: Sources, rebuild: Callable[[Changes], object]) -> None:
        self.sources = sources
        self.rebuild = rebuild
        self._pending: set[Path] = set()
        self._ready = threading.Condition()
        self._stopping = False
        self._observer = Observer()
        handler = _Gather(self._pending, self._ready)
        self._observer.schedule(handler, str(sources.content_dir), recursive=True)
        self._observer.schedule(handler, str(sources.mkdocs_config.parent), recursive=False)
        for folder in sources.theme_dirs:
            self._observer.schedule(handler, str(folder), recursive=True)
        self._thread = threading.Thread(target=self._run, name="preview-rebuild", daemon=True)

    def start(self) -> None:
        self._observer.daemon = True
        self._observer.start()
        self._thread.start()

    def stop(self) -> None:
        with self._ready:
            self._stopping = True
            self._ready.notify_all()
        self._observer.stop()

    def _run(self) -> None:
        while True:
            paths = self._next_burst()
            if paths is None:
                return
            changes = self.sources.changes(paths)
            if changes.content or changes.config or changes.theme:
                self.rebuild(changes)

    def _moved(self, count: int) -> bool:
        return len(self._pending) != count or self._stopping

    def _next_burst(self) -> set[Path] | None:
        """The paths of the next burst of saves, once quiet; None when stopping."""
        with self._ready:
            self._ready.wait_for(lambda: bool(self._pending) or self._stopping)
            if self._stopping:
                return None
            deadline = time.monotonic() + LONGEST_WAIT_SECONDS
            while True:
                count = len(self._pending)
                self._ready.wait_for(functools.partial(self._moved, count), QUIET_SECONDS)
                if len(self._pending) == count or time.monotonic() >= deadline:
                    break
            paths = set(self._pending)
            self._pending.clear()
            return paths
