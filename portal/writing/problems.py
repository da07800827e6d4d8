"""Every problem of every kind in one run, most important first: what `kb lint` and `kb build`
both show, so a writer fixes everything before building instead of one kind per run.

Front matter (from loading), the lint rules, and links and anchors that lead nowhere become
one list of findings in one format; `kb build` adds what MkDocs says (site_messages).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from portal.guides.articles import Content, Problem, load_content
from portal.guides.walk import walk_content
from portal.writing.lint.engine import lint_paths
from portal.writing.lint.findings import FRONT_MATTER_RULE, Finding
from portal.writing.lint.links import Site, check_pages, site_settings
from portal.writing.lint.rules import Rule
from portal.writing.lint.settings import LintSettings

# Kinds of problem that break the site or the index: fixed first, whatever their rule says.
FIX_FIRST = frozenset({"front matter", "files", "link", "site"})


@dataclass
class Checkup:
    """The files read, everything found in them (most important first) and the loaded guides."""

    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    content: Content | None = None  # the content folder as loaded (for the index)
    priorities: dict[str, int] = field(default_factory=dict)  # rule id -> 1 (fix first) to 3

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def add(self, findings: Iterable[Finding]) -> None:
        """More findings (MkDocs' own), each once, kept in order of importance."""
        taken = {(f.path, f.line, f.column, f.kind) for f in self.findings}
        for finding in findings:
            if (finding.path, finding.line, finding.column, finding.kind) not in taken:
                self.findings.append(finding)
        self.sort()

    def sort(self) -> None:
        """Errors first; then what the rule says to fix first; then what breaks the site or
        misleads readers (front matter, links, tone) before style; then file and line."""
        self.findings.sort(key=lambda f: (f.importance[0], self._priority(f), *f.importance[1:]))

    def _priority(self, finding: Finding) -> int:
        return self.priorities.get(finding.rule, 1 if finding.kind in FIX_FIRST else 2)


def _key(path: str | Path) -> str:
    return os.path.abspath(path)


def _front_matter(problems: Sequence[Problem], shown: dict[str, str]) -> list[Finding]:
    """Loading problems of the files checked, as findings on the lines they name."""
    return [
        Finding(
            shown[_key(p.path)],
            p.line,
            1,
            p.severity,
            FRONT_MATTER_RULE,
            p.message,
            family="structure",
        )
        for p in problems
        if _key(p.path) in shown
    ]


def _covered(finding: Finding, found: Sequence[Finding]) -> bool:
    """True when the linter already said this loading problem (its front-matter rule)."""
    return any(
        f.path == finding.path and f.line == finding.line and finding.message in f.message
        for f in found
    )


def check_everything(
    paths: Sequence[Path],
    content_dir: Path,
    rules: Sequence[Rule],
    settings: LintSettings | None = None,
    mkdocs_config: Path | None = None,
    today: dt.date | None = None,
    content: Content | None = None,
) -> Checkup:
    """Lint, front matter and links of the files given (default: the whole content folder).

    `content` is the content folder already loaded, when the caller has it (`kb build`).
    """
    today = today or dt.date.today()
    if content is None and content_dir.is_dir():
        content = load_content(content_dir, today)
    linted = lint_paths(paths, content_dir, rules, settings, today, loaded_folder=content)
    shown = {_key(display): display for display in linted.files}
    priorities = {rule.id: int(getattr(rule, "priority", 2)) for rule in rules}
    checkup = Checkup(list(linted.files), list(linted.findings), content, priorities)
    if content is not None:
        extra = _front_matter(content.problems, shown)
        checkup.findings += [f for f in extra if not _covered(f, linted.findings)]
    checkup.findings += _links(linted.files, paths, content_dir, content, mkdocs_config)
    checkup.sort()
    return checkup


def _links(
    files: Sequence[str],
    paths: Sequence[Path],
    content_dir: Path,
    content: Content | None,
    mkdocs_config: Path | None,
) -> list[Finding]:
    """Links and anchors that lead nowhere, resolved within the folder each file belongs to:
    the content folder, else the folder given on the command line, else the file's own."""
    settings = site_settings(mkdocs_config)
    folders = [content_dir, *(p for p in paths if p.is_dir())]
    by_root: dict[Path, list[str]] = {}
    for display in files:
        root = next(
            (f for f in folders if _key(display).startswith(_key(f) + os.sep)),
            Path(display).parent,
        )
        by_root.setdefault(root, []).append(display)
    found: list[Finding] = []
    for root, shown in by_root.items():
        loaded = content if root == content_dir and content is not None else load_content(root)
        guides = any(article.is_plainhelp_guide for article in loaded.articles)
        site = Site.of(root, walk_content(root).files, settings, guides)
        found += check_pages(site, [(Path(display), display) for display in shown])
    return found
