"""Build the static site with MkDocs into a fresh folder, then swap it in.

A failed build leaves the site that was there before untouched and still served.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner about MkDocs 2.0

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from portal.errors import PlainhelpError


class SiteBuildError(PlainhelpError, RuntimeError):
    """The site did not build; `messages` says why in the builder's own words."""

    def __init__(self, summary: str, messages: list[str]) -> None:
        super().__init__(f"{summary} The site that was there before is unchanged.", messages)
        self.messages = messages


@dataclass
class SiteBuild:
    """What a successful build produced."""

    site_dir: Path
    pages: int
    warnings: list[str] = field(default_factory=list)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _captured_mkdocs_log() -> Iterator[_Collect]:
    """Collect MkDocs' warnings instead of letting them scroll past."""
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    old_propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate


def build_site(
    mkdocs_config: Path, content_dir: Path, site_dir: Path, strict: bool = True
) -> SiteBuild:
    """Run MkDocs on content_dir and atomically replace site_dir with the result."""
    if not mkdocs_config.is_file():
        raise SiteBuildError(f"The site configuration {mkdocs_config} does not exist.", [])
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    try:
        with _captured_mkdocs_log() as log:
            try:
                config = load_config(
                    config_file=str(mkdocs_config),
                    docs_dir=str(content_dir.resolve()),
                    site_dir=str(staging),
                    strict=strict,
                )
                mkdocs_build(config)
            except MkDocsException as error:
                raise SiteBuildError(
                    f"The site did not build: {error}", _dedupe(log.messages)
                ) from None
        pages = sum(1 for _ in staging.rglob("index.html"))
        _swap(staging, site_dir)
        return SiteBuild(site_dir=site_dir, pages=pages, warnings=_dedupe(log.messages))
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _swap(new: Path, target: Path) -> None:
    """Put the new site in place; the old one disappears only once the new one is there."""
    if not target.exists():
        os.replace(new, target)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
    retired.rmdir()
    os.replace(target, retired)
    try:
        os.replace(new, target)
    except OSError:
        os.replace(retired, target)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _dedupe(messages: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for message in messages:
        seen.setdefault(" ".join(message.split()), None)
    return list(seen)
