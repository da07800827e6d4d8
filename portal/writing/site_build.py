"""Build the static site with MkDocs into a fresh folder, then swap it in.

`site` is a symbolic link to the current build in `site.builds/` (beside it, never inside the
content or the served folder). A build writes a new folder there and only then repoints the
link with one rename (`portal.builds.swap_in`, as for the search index), so a reader always
gets the old site or the new one, never nothing, and a failed build leaves the old site.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner about MkDocs 2.0

import jinja2
from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

from portal.builds import swap_in
from portal.errors import PlainhelpError
from portal.guides.vocabulary import site_extra
from portal.guides.walk import ContentFiles, walk_content
from portal.words import plural

UNCHANGED = "The site that was there before is unchanged."


class SiteBuildError(PlainhelpError, RuntimeError):
    """The site did not build; `messages` says why in the builder's own words.

    `by_mkdocs` is True when MkDocs stopped on its own warnings (strict mode): `kb build`
    words those messages as findings (portal.writing.site_messages) instead of showing them.
    """

    def __init__(self, summary: str, messages: list[str], by_mkdocs: bool = False) -> None:
        super().__init__(f"{summary} {UNCHANGED}", messages)
        self.messages = messages
        self.by_mkdocs = by_mkdocs


@dataclass
class SiteBuild:
    """What a successful build produced."""

    site_dir: Path  # the link readers go through
    pages: int
    warnings: list[str] = field(default_factory=list)
    build: Path | None = None  # the folder it points at now, in site.builds/
    skipped: list[str] = field(default_factory=list)  # links left out (kb build names them once)


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


@contextmanager
def content_view(content: Path) -> Iterator[tuple[Path, ContentFiles]]:
    """The content as MkDocs may walk it: real folders, and links to the files our walk kept.

    MkDocs walks `docs_dir` following every link, so a link back to a parent would make it
    walk forever; it is handed this view, which holds no link to a folder.
    """
    walked = walk_content(content)
    errors = [str(item) for item in walked.skipped if item.severity == "error"]
    if errors:
        raise SiteBuildError("The content folder could not be read completely.", errors)
    with tempfile.TemporaryDirectory(prefix="kb-content-") as folder:
        view = Path(folder)
        for path in walked.files:
            link = view / path.relative_to(content)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(path.resolve())
        yield view, walked


class _TemplatesCompiledOnce(BytecodeCache):
    """The theme's templates compiled once per process: the live preview rebuilds the site on
    every save, and compiling Material's templates was a sixth of each rebuild. A template that
    changed is compiled again (jinja2 checks each one's source against what it compiled)."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _TemplatesCompiledOnce()


def _with_compiled_templates(config: Any) -> None:
    """MkDocs makes a new Jinja environment for each build; give each the shared cache."""
    theme = config.theme
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.bytecode_cache = _COMPILED_TEMPLATES
        return env

    theme.get_env = get_env


def builds_folder(site_dir: Path) -> Path:
    """Where the builds of a site live: `site.builds/` beside the `site` link."""
    return site_dir.parent / f"{site_dir.name}.builds"


def build_site(
    mkdocs_config: Path,
    content_dir: Path,
    site_dir: Path,
    strict: bool = True,
    publish: bool = True,
    reviews: Mapping[str, Mapping[str, str]] | None = None,
) -> SiteBuild:
    """Run MkDocs on content_dir into a new build and point the site_dir link at it.

    `reviews` gives each guide's review date by file (`portal.guides.reviews.due_dates`), so
    "Last reviewed" can say when a guide was due to be checked again.

    With `publish=False` MkDocs builds into a folder that is thrown away, only to hear what
    it says: `kb build` lists every problem in one run even when it will not publish.
    """
    if not mkdocs_config.is_file():
        raise SiteBuildError(f"The site configuration {mkdocs_config} does not exist.", [])
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    site_dir = site_dir.parent.resolve() / site_dir.name  # the link itself, not its target
    builds = builds_folder(site_dir)
    content = content_dir.resolve()
    overlap = (
        site_dir.is_relative_to(content)
        or builds.is_relative_to(content)
        or content.is_relative_to(site_dir)
    )
    if overlap:
        raise SiteBuildError(
            f"The site folder {site_dir} and the content folder {content} overlap; "
            "put the site beside the content instead, such as ./site.",
            [],
        )

    def write(staging: Path) -> list[str]:
        with _captured_mkdocs_log() as log:
            try:
                config = load_config(
                    config_file=str(mkdocs_config),
                    docs_dir=str(view),
                    site_dir=str(staging),
                    strict=strict,
                )
                # The words and limits readers see, for the theme: `config.extra.plainhelp`.
                _with_compiled_templates(config)
                config["extra"]["plainhelp"] = site_extra()
                # Each guide's review date, for "Last reviewed" only: kept apart from the
                # words above, which every page carries whole for its scripts.
                config["extra"]["plainhelp_reviews"] = {
                    "due": {key: dict(due) for key, due in (reviews or {}).items()},
                    "built_on": dt.date.today().isoformat(),
                }
                mkdocs_build(config)
            except Abort as error:  # "Aborted with N warnings in strict mode!"
                messages = _dedupe(log.messages)
                if not messages:
                    raise SiteBuildError(f"The site did not build: {error}", []) from None
                summary = f"MkDocs stopped on {plural(len(messages), 'problem')} in strict mode."
                raise SiteBuildError(summary, messages, by_mkdocs=True) from None
            except MkDocsException as error:
                raise SiteBuildError(
                    f"The site did not build: {error}", _dedupe(log.messages)
                ) from None
        return _dedupe(log.messages)

    try:
        with content_view(content) as (view, walked):
            if not publish:
                with tempfile.TemporaryDirectory(prefix="kb-check-site-") as scratch:
                    warnings = write(Path(scratch))
                    pages = sum(1 for _ in Path(scratch).rglob("index.html"))
                return SiteBuild(site_dir, pages, warnings, None, [str(i) for i in walked.skipped])
            build, warnings = swap_in(site_dir, builds, write)
    except OSError as error:
        raise SiteBuildError(f"The site could not be put in place: {error}", []) from None
    pages = sum(1 for _ in build.rglob("index.html"))
    skipped = [str(item) for item in walked.skipped]
    return SiteBuild(site_dir, pages, warnings, build, skipped)


def _dedupe(messages: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for message in messages:
        seen.setdefault(" ".join(message.split()), None)
    return list(seen)
