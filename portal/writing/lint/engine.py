"""Run every rule over every file: the part `kb lint`, pre-commit and CI share."""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from portal.errors import PlainhelpError
from portal.guides.articles import Article, Content, Problem, load_article, load_content
from portal.guides.troubleshooters import is_troubleshooter
from portal.writing.lint.checks import CHECKS
from portal.writing.lint.document import Document, build_document
from portal.writing.lint.findings import Finding
from portal.writing.lint.links import SiteSettings, page_anchors
from portal.writing.lint.rules import Rule, RuleError, StructureRule
from portal.writing.lint.settings import LintSettings
from portal.writing.lint.structure import STRUCTURE_CHECKS, check_structure
from portal.writing.lint.switches import SwitchState, find_switches

# The name on findings about the content folder itself: links skipped, folders unreadable.
WALK_RULE = "content-folder"


class LintError(PlainhelpError, ValueError):
    """A path that cannot be linted, explained in one sentence."""


@dataclass
class LintResult:
    """The files checked and everything found in them."""

    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]


def check_rules(rules: Iterable[Rule]) -> None:
    """Refuse a structure rule that names a check we do not have."""
    for rule in rules:
        if isinstance(rule, StructureRule) and rule.check not in STRUCTURE_CHECKS:
            names = ", ".join(sorted(STRUCTURE_CHECKS))
            raise RuleError(f"{rule.source.as_posix()}: `check` must be one of {names}.")


def lint_document(doc: Document, rules: Sequence[Rule], today: dt.date) -> list[Finding]:
    """Every finding of every rule for one document, minus what inline switches silence."""
    found: list[Finding] = []
    for rule in rules:
        if isinstance(rule, StructureRule):
            found.extend(check_structure(rule, doc, today))
        else:
            found.extend(CHECKS[rule.type](rule, doc))  # type: ignore[operator]
    state = SwitchState(find_switches(doc.body, doc.body_line))
    kept = {f for f in found if not state.silenced(f)}
    return sorted(kept, key=lambda f: f.sort_key)


def lint_markdown(
    text: str,
    rules: Sequence[Rule],
    path: str = "<text>",
    is_guide: bool = True,
    today: dt.date | None = None,
) -> list[Finding]:
    """Lint Markdown held in memory (tests, measurement): prose rules, no front matter model."""
    doc = build_document(path, text, is_guide=is_guide)
    return lint_document(doc, rules, today or dt.date.today())


def _same(one: Path, other: Path) -> bool:
    return os.path.abspath(one) == os.path.abspath(other)


@dataclass
class _Folders:
    """The folders troubleshooters' answers lead into, each loaded once: the content folder
    for a page inside it (as `kb build` and the link check see it), else the folder given."""

    content_dir: Path
    today: dt.date
    loaded: list[Content] = field(default_factory=list)

    def root_of(self, source: Path, given: Path) -> Path:
        inside = os.path.abspath(source).startswith(os.path.abspath(self.content_dir) + os.sep)
        return self.content_dir if inside else given

    def content(self, root: Path) -> Content:
        for content in self.loaded:
            if _same(content.root, root):
                return content
        content = load_content(root, self.today)
        self.loaded.append(content)
        return content

    def place(self, document: Document, source: Path, given: Path) -> None:
        """Give a troubleshooter's document its content folder and its identity in it."""
        article = document.article
        if article is None or not is_troubleshooter(article):
            return
        root = self.root_of(source, given)
        relative = Path(os.path.relpath(os.path.abspath(source), os.path.abspath(root)))
        identity = relative.with_suffix("").as_posix()
        document.tree_article = replace(article, path=identity)
        document.content = self.content(root)
        settings = SiteSettings()
        document.anchors = lambda target: page_anchors(target.body, settings)


def _lint_loaded(
    source: Path,
    display: str,
    article: Article | None,
    problems: list[Problem],
    rules: Sequence[Rule],
    today: dt.date,
    placed: tuple[_Folders, Path] | None = None,
) -> list[Finding]:
    """`placed`: where a troubleshooter's answers lead (the folders, and the folder given)."""
    text = ""
    if article is not None:
        text = source.read_text(encoding="utf-8")
    doc = build_document(display, text, article, problems, is_guide=None)
    if placed is not None:
        placed[0].place(doc, source, placed[1])
    if article is None:  # unreadable or broken front matter: only the front-matter rule speaks
        rules = [r for r in rules if isinstance(r, StructureRule) and r.check == "front-matter"]
    return lint_document(doc, rules, today)


def _excluded(display: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(display, p) or Path(display).match(p) for p in patterns)


def _source_and_root(source: Path, content_dir: Path) -> tuple[Path, Path]:
    """A file's identity needs a root: the content folder when the file is inside it."""
    resolved, root = source.resolve(), content_dir.resolve()
    return resolved, root if resolved.is_relative_to(root) else resolved.parent


def _walk_findings(left: dict[str, list[Problem]], exclude: Sequence[str]) -> list[Finding]:
    """What the walk of a folder left out (links, unreadable folders), on the path itself."""
    return [
        Finding(problem.path, 1, 1, problem.severity, WALK_RULE, problem.message, family="files")
        for display, problems in left.items()
        if not _excluded(display, exclude)
        for problem in problems
    ]


def lint_paths(
    paths: Sequence[Path],
    content_dir: Path,
    rules: Sequence[Rule],
    settings: LintSettings | None = None,
    today: dt.date | None = None,
    loaded_folder: Content | None = None,
) -> LintResult:
    """Lint files and folders; with no paths, the whole content folder.

    `loaded_folder` is a folder the caller has loaded already (`kb build` has the content
    folder in hand): it is linted as it is, not read again.
    """
    today = today or dt.date.today()
    exclude = settings.exclude if settings else ()
    result = LintResult()
    folders = _Folders(content_dir, today)
    if loaded_folder is not None:
        folders.loaded.append(loaded_folder)
    for path in paths or [content_dir]:
        if not path.exists():
            raise LintError(f"{path} does not exist; check the path and try again.")
        if path.is_dir():
            content = (
                loaded_folder
                if loaded_folder is not None and loaded_folder.root.resolve() == path.resolve()
                else load_content(path, today)
            )
            if content is not loaded_folder:
                folders.loaded.append(content)
            by_path: dict[str, list[Problem]] = {}
            for problem in content.problems:
                by_path.setdefault(problem.path, []).append(problem)
            loaded = {a.source.as_posix(): a for a in content.articles}
            for source in content.sources:
                display = source.as_posix()
                problems = by_path.pop(display, [])
                if _excluded(display, exclude):
                    continue
                article = loaded.get(display)
                result.files.append(display)
                result.findings += _lint_loaded(
                    source, display, article, problems, rules, today, (folders, path)
                )
            result.findings += _walk_findings(by_path, exclude)
            continue
        if path.suffix.lower() != ".md" or not path.is_file():
            raise LintError(f"{path} is not a Markdown file; give .md files or folders.")
        display = path.as_posix()
        if _excluded(display, exclude):
            continue
        source, root = _source_and_root(path, content_dir)
        article, problems = load_article(source, root, today, display)
        result.files.append(display)
        result.findings += _lint_loaded(
            source, display, article, problems, rules, today, (folders, root)
        )
    result.findings.sort(key=lambda f: f.sort_key)
    return result
