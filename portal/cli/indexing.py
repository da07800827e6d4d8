"""Loading guides and indexing them, shared by `kb build`, `kb index` and `kb search`.

Imports of the guide model and the index happen inside the functions, so a command pays
for them only when it loads guides (`kb search` on a current index never does).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from portal.cli.support import err
from portal.errors import CommandError

if TYPE_CHECKING:
    from portal.guides.articles import Content
    from portal.writing.problems import Checkup
    from search import IndexBuild

VERBOSE_HELP = "List every page that is not a Plainhelp guide and what was guessed or ignored."


def report_content(content: Content, quiet_warnings: bool = False, verbose: bool = False) -> None:
    """Print every problem as path:line: message, then what was set aside, in one line."""
    from portal.guides.articles import notes_summary

    for problem in content.problems:
        if problem.severity == "warning" and quiet_warnings:
            continue
        colour = "red" if problem.severity == "error" else "yellow"
        err.print(f"{problem}", style=colour, markup=False, highlight=False)
    if verbose:
        for note in content.notes:
            err.print(f"{note}", style="dim", markup=False, highlight=False)
    summary = notes_summary(content.notes)
    if summary and not verbose:
        err.print(summary, style="dim", markup=False, highlight=False)


def _unreadable_folder(content: Content) -> str | None:
    """The one sentence for a content folder that could not be read at all."""
    root = content.root.as_posix()
    if not content.sources and [p.path for p in content.errors] == [root]:
        return f"The folder {root} {content.errors[0].message}."
    return None


def load_checked(content_dir: Path, verbose: bool = False) -> Content:
    """The guides of a folder, with every problem shown; errors stop the command."""
    from portal.guides.articles import load_content

    with err.status(f"Checking the guides in {content_dir}…"):
        content = load_content(content_dir)
    sentence = _unreadable_folder(content)
    if sentence:
        raise CommandError(sentence)
    report_content(content, verbose=verbose)
    if content.errors:
        files = len({p.path for p in content.errors})
        raise CommandError(
            f"Found {len(content.errors)} problem(s) in {files} file(s); nothing was built."
        )
    return content


def check_all(
    content_dir: Path,
    mkdocs_config: Path,
    paths: tuple[Path, ...] = (),
    settings_file: Path | None = None,
) -> Checkup:
    """Every problem of every kind in the guides (front matter, lint, links), in one run.

    A content folder that cannot be read at all is one sentence, as for `kb index`.
    """
    from portal.guides.articles import load_content
    from portal.writing.lint.engine import check_rules
    from portal.writing.lint.settings import configured_rules, find_settings, load_settings
    from portal.writing.problems import check_everything

    settings = load_settings(settings_file or find_settings(Path.cwd()))
    rules = configured_rules(settings)
    check_rules(rules)
    with err.status(f"Reading the guides in {content_dir}…"):
        content = None
        if not paths:
            content = load_content(content_dir)
            sentence = _unreadable_folder(content)
            if sentence:
                raise CommandError(sentence)
        return check_everything(
            list(paths), content_dir, rules, settings, mkdocs_config, content=content
        )


def build_index_with_progress(content: Content, var_dir: Path) -> IndexBuild:
    """Index with a progress bar; a failure leaves the index that was there."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from search import build_index

    with Progress(
        TextColumn("Indexing guides"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("index", total=len(content.guides))
        return build_index(
            content, var_dir, lambda done, total: progress.update(task, completed=done)
        )


def ensure_index(content_dir: Path, var_dir: Path) -> None:
    """Index the content folder first when the index is missing, from elsewhere or stale."""
    from search import index_is_current

    if not content_dir.is_dir() or index_is_current(var_dir, content_dir):
        return
    content = load_checked(content_dir)
    built = build_index_with_progress(content, var_dir)
    err.print(f"Indexed {built.guides} guides from {content_dir} first.")
