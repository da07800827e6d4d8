"""A new build (the site, the search index) put in place with one rename of a symbolic link.

A reader sees the old build or the new one, never nothing. A base module: it imports nothing
else from Plainhelp, so every stage (search/ too) may use it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
KEEP_BUILDS = 3  # a portal that opened the previous build may still be reading it


def finished_builds(builds: Path) -> list[Path]:
    """The builds in `builds`, newest first; ones being written (".new-...") are not listed."""
    if not builds.is_dir():
        return []
    return sorted(
        (p for p in builds.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )


def current_build(link: Path) -> Path | None:
    """The folder `link` points at now (the folder itself if it is one), or None."""
    return link.resolve() if link.exists() else None


def remove_old_builds(builds: Path, link: Path, keep: int = KEEP_BUILDS) -> None:
    """Delete all but the newest `keep` builds, never the one `link` points at."""
    current = current_build(link)
    for old in finished_builds(builds)[keep:]:
        if old.resolve() != current:
            shutil.rmtree(old, ignore_errors=True)


def point_link(link: Path, target: Path, builds: Path) -> None:
    """Point the symbolic link `link` at `target` with one rename: whoever reads through the
    link sees the old build or the new one, never nothing.

    The link is relative, so the folder holding both can be moved or copied. A real folder
    where the link goes (a site built before builds were linked, an index copied in) is first
    moved into `builds` and kept as a build: on that one first run it is missing for the moment
    between two renames.
    """
    parent = link.parent.resolve()
    link = parent / link.name
    temporary = parent / f".{link.name}-link-{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    os.symlink(os.path.relpath(target.resolve(), parent), temporary)
    try:
        if link.is_dir() and not link.is_symlink():
            builds.mkdir(parents=True, exist_ok=True)
            shutil.move(str(link), str(builds / f"imported-{_stamp()}"))
        os.replace(temporary, link)
    finally:
        if temporary.is_symlink():
            temporary.unlink()


def _stamp() -> str:
    return f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%fZ}-{os.getpid()}"


def swap_in(
    link: Path, builds: Path, write: Callable[[Path], T], keep: int = KEEP_BUILDS
) -> tuple[Path, T]:
    """Write a new build beside the others and make `link` point at it with one rename.

    `write(folder)` fills an empty folder inside `builds` (named ".new-...", so it is not a
    finished build yet). If it raises, the folder is deleted, the link is left as it was and
    the error goes on. Otherwise the folder is renamed to the time and process it was built
    by, `link` is repointed at it (`point_link`), and all but the newest `keep` builds are
    deleted. Returns the build's folder and what `write` returned.
    """
    builds.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".new-", dir=builds))
    try:
        result = write(staging)
        staging.chmod(0o755)  # mkdtemp's 0700 would keep a web server's own user out
        final = builds / _stamp()
        os.replace(staging, final)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    point_link(link, final, builds)
    remove_old_builds(builds, link, keep)
    return final, result
