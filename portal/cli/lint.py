"""`kb lint`: the click command; it shares `kb`'s options and plain errors (cli_support)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from portal.cli.indexing import VERBOSE_HELP, check_all
from portal.cli.support import content_option, err, load_config, out
from portal.errors import CommandError

if TYPE_CHECKING:  # the linter is loaded when `kb lint` runs, not for `kb --help`
    from rich.console import Console

    from portal.guides.articles import Content
    from portal.writing.lint.findings import Finding
    from portal.writing.lint.rules import Rule

# The same as portal.writing.lint's FORMATS and SETTINGS_NAME (a test checks), written here so
# that listing the options does not load the linter.
FORMATS = ("text", "json", "github")
SETTINGS_NAME = ".kblint.yml"
_COLOURS = {"error": "red", "warning": "yellow"}


def print_text(out: Console, findings: Sequence[Finding]) -> None:
    """One coloured line per finding (plain text when the output is not a terminal)."""
    from rich.text import Text

    for f in findings:
        line = Text(f"{f.path}:{f.line}:{f.column}: ")
        line.append(f.severity, style=f"bold {_COLOURS[f.severity]}")
        line.append(f" {f.rule}: ", style="bold")
        line.append(f.message)
        if f.suggestion:
            line.append(f" (try: {f.suggestion})", style="green")
        out.print(line, soft_wrap=True)


def print_rules(out: Console, rules: Sequence[Rule]) -> None:
    for rule in rules:
        out.print(f"{rule.id:20} {rule.level:8} {rule.family:14} {rule.source.name}", markup=False)


def print_notes(
    paths: Sequence[Path], content_dir: Path, verbose: bool, loaded: Content | None = None
) -> None:
    """Pages that are not Plainhelp guides: one line, or every note with --verbose.

    `loaded` is the content folder already read, used when the paths are that folder.
    """
    from portal.guides.articles import Note, load_article, load_content, notes_summary

    notes: list[Note] = []
    for path in paths:
        if loaded is not None and path == content_dir:
            notes += loaded.notes
        elif path.is_dir():
            notes += load_content(path).notes
        elif path.is_file():
            resolved, root = path.resolve(), content_dir.resolve()
            root = root if resolved.is_relative_to(root) else resolved.parent
            article, _ = load_article(resolved, root, display=path.as_posix())
            notes += article.notes if article else ()
    if verbose:
        for note in notes:
            err.print(str(note), style="dim", markup=False, highlight=False)
    elif (line := notes_summary(notes)) is not None:
        err.print(line, style="dim", markup=False, highlight=False)


@click.command(name="lint")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for notes on a pull request.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too, not only on errors.")
@click.option(
    "--config",
    "settings_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help=f"Linter settings (default: the nearest {SETTINGS_NAME} above this folder).",
)
@click.option("--list-rules", is_flag=True, help="List the rules in use and stop.")
@click.option("--verbose", "-v", is_flag=True, help=VERBOSE_HELP)
@content_option
def lint(
    paths: tuple[Path, ...],
    output_format: str,
    strict: bool,
    settings_file: Path | None,
    list_rules: bool,
    verbose: bool,
    content_dir: Path | None,
) -> None:
    """Check guides for plain language, tone, structure, front matter and links, and every
    troubleshooter's question tree, like a kind editor: every problem at once, most important
    first.

    PATHS are guides or folders (default: the content folder). Exits 1 when there are
    errors, or warnings with --strict. Every rule: docs/writing-guide.md.
    """
    from portal.writing.lint.engine import check_rules
    from portal.writing.lint.report import as_github, as_json, summary
    from portal.writing.lint.settings import configured_rules, find_settings, load_settings

    config = load_config(content_dir=content_dir)
    if settings_file is not None and not settings_file.is_file():
        raise CommandError(f"The settings file {settings_file} does not exist.")
    if list_rules:
        rules = configured_rules(load_settings(settings_file or find_settings(Path.cwd())))
        check_rules(rules)
        print_rules(out, rules)
        return
    result = check_all(config.content_dir, config.mkdocs_config, paths, settings_file)
    if output_format == "json":
        out.print(as_json(result.findings), markup=False, emoji=False, highlight=False)
    elif output_format == "github":
        for line in as_github(result.findings):
            out.print(line, markup=False, emoji=False, highlight=False, soft_wrap=True)
    else:
        print_text(out, result.findings)
    loaded = None if paths else result.content
    print_notes(list(paths) or [config.content_dir], config.content_dir, verbose, loaded)
    err.print(summary(result, strict), markup=False)
    if result.errors or (strict and result.warnings):
        raise SystemExit(1)
