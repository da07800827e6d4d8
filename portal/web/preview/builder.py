"""Build the preview: the site and a search index of its own, in `<var>/preview/`.

The preview never touches the published `site` link or `var/index`: a half-written guide must
not reach readers because a writer had the preview open on the box that serves them. Each
rebuild writes a new site folder and swaps its link (`build_site`), so a failed one leaves the
last good preview serving; the index is updated one guide at a time (`update_guides`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from portal.guides.articles import Content, load_content
from portal.guides.reviews import due_dates
from portal.words import plural
from portal.writing.site_build import SiteBuildError, build_site
from search import IndexBuildError, build_index, current_index, update_guides

PREVIEW_FOLDER = "preview"


def preview_dir(var_dir: Path) -> Path:
    """Where the preview keeps its site and its index: beside the portal's own state."""
    return var_dir / PREVIEW_FOLDER


@dataclass(frozen=True)
class Changes:
    """What was saved since the last rebuild, sorted by what each kind needs rebuilt."""

    content: frozenset[Path] = frozenset()
    config: bool = False  # mkdocs.yml: the whole site and the whole index
    theme: bool = False  # the theme's templates, styles, scripts: the whole site

    @property
    def everything(self) -> bool:
        return self.config


@dataclass(frozen=True)
class Outcome:
    """One rebuild: what it did, how long it took, and what stopped it if it failed."""

    ok: bool
    seconds: float
    summary: str
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    pages: dict[str, Path] = field(default_factory=dict)  # URL path -> source file


class PreviewBuilder:
    """Turns saved files into a preview site and index; keeps the last good one on failure."""

    def __init__(
        self,
        content_dir: Path,
        mkdocs_config: Path,
        var_dir: Path,
        on_index: Callable[[], None] = lambda: None,
    ) -> None:
        self.content_dir = content_dir
        self.mkdocs_config = mkdocs_config
        self.folder = preview_dir(var_dir)
        self.site_dir = self.folder / "site"
        self.on_index = on_index  # told when the index changed in place (to reopen it)
        self._content: Content | None = None  # what the last good build was made from

    @property
    def built_from(self) -> Content | None:
        """The content the last good build was made from (None before the first)."""
        return self._content

    def build(self, changes: Changes | None = None) -> Outcome:
        """The first build (changes=None) does everything; later ones what changed needs."""
        started = time.perf_counter()
        content = load_content(self.content_dir)
        pages = {article.url: article.source for article in content.articles}
        errors = [str(problem) for problem in content.errors]
        if errors:
            return Outcome(
                False, time.perf_counter() - started, _failed(content), tuple(errors), (), pages
            )
        try:
            site = build_site(
                self.mkdocs_config,
                self.content_dir,
                self.site_dir,
                strict=False,
                reviews=due_dates(content.articles, content.root),
            )
        except SiteBuildError as error:
            problems = (error.message.split(" The site that was there before")[0], *error.details)
            return Outcome(
                False, time.perf_counter() - started, "The site did not build.", problems, (), pages
            )
        try:
            changed = self._update_index(content, changes)
        except IndexBuildError as error:
            return Outcome(
                False,
                time.perf_counter() - started,
                "The search index did not update.",
                (error.message,),
                (),
                pages,
            )
        previous, self._content = self._content, content
        seconds = time.perf_counter() - started
        what = _what_changed(changes, changed, previous is None)
        return Outcome(True, seconds, f"{what} in {seconds:.1f} s", (), tuple(site.warnings), pages)

    def _update_index(self, content: Content, changes: Changes | None) -> list[str]:
        """Index only the guides that changed; everything when there is no index or config."""
        previous = self._content
        whole = (
            previous is None
            or changes is None
            or changes.everything
            or current_index(self.folder) is None
        )
        if whole:
            build_index(content, self.folder)
            self.on_index()
            return []
        old = {a.path: a for a in previous.guides} if previous else {}
        new = {a.path: a for a in content.guides}
        changed = [a for path, a in new.items() if old.get(path) != a]
        removed = [path for path in old if path not in new]
        if changed or removed:
            update_guides(self.folder, changed, removed)
            self.on_index()
        return [a.path for a in changed] + removed


def _failed(content: Content) -> str:
    files = len({problem.path for problem in content.errors})
    problems = plural(len(content.errors), "problem")
    return f"{problems} in {plural(files, 'file')} stopped the preview."


def _what_changed(changes: Changes | None, guides: Iterable[str], first: bool) -> str:
    if first or changes is None:
        return "Built the preview"
    names = list(guides)
    if names:
        return f"Rebuilt the preview ({', '.join(names[:3])}{', ...' if len(names) > 3 else ''})"
    if changes.config:
        return "Rebuilt the preview (mkdocs.yml)"
    if changes.theme:
        return "Rebuilt the preview (theme)"
    return "Rebuilt the preview"
