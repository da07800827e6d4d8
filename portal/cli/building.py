"""`kb new`, `kb build` and `kb index`: from the writers' Markdown to a site and an index."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import click

from portal.cli.indexing import VERBOSE_HELP, build_index_with_progress, load_checked
from portal.cli.support import content_option, err, load_config, out
from portal.errors import PlainhelpError


@click.command()
@click.argument("title")
@click.option("--section", "-s", required=True, help="Section folder, such as `printing`.")
@click.option("--slug", default=None, help="File name without .md (default: made from the title).")
@content_option
def new(title: str, section: str, slug: str | None, content_dir: Path | None) -> None:
    """Write a new guide from the template (never overwrites)."""
    from portal.writing.new_guide import new_guide

    config = load_config(content_dir=content_dir)
    path = new_guide(config.content_dir, title, section, slug=slug, today=dt.date.today())
    out.print(f"Wrote {path}. Open it, replace the example text, then run `kb build`.")


@click.command()
@content_option
@click.option(
    "--site",
    "site_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where to write the site (default: $KB_SITE_DIR or ./site).",
)
@click.option(
    "--strict/--no-strict",
    default=True,
    show_default=True,
    help="Fail on any MkDocs warning, such as a broken link.",
)
@click.option("--verbose", "-v", is_flag=True, help=VERBOSE_HELP)
def build(content_dir: Path | None, site_dir: Path | None, strict: bool, verbose: bool) -> None:
    """Check every guide, then build the static site."""
    from portal.writing.site_build import build_site

    config = load_config(content_dir=content_dir, site_dir=site_dir)
    started = time.perf_counter()
    content = load_checked(config.content_dir, verbose)
    _lint_summary(config.content_dir)
    with err.status(f"Building the site from {len(content.articles)} pages…"):
        result = build_site(config.mkdocs_config, config.content_dir, config.site_dir, strict)
    for message in result.warnings:
        err.print(f"[yellow]warning: {message}[/yellow]")
    build_index_with_progress(content, config.var_dir)
    seconds = time.perf_counter() - started
    out.print(
        f"Built {result.pages} pages from {len(content.guides)} guides into "
        f"{config.site_dir}, and the search index, in {seconds:.1f} s."
    )


def _lint_summary(content_dir: Path) -> None:
    """Tell the writer what `kb lint` would say; CI's `kb lint` step is what enforces it."""
    from portal.writing.lint.engine import lint_paths
    from portal.writing.lint.settings import configured_rules, find_settings, load_settings

    try:
        settings = load_settings(find_settings(Path.cwd()))
        with err.status("Reading the guides like an editor…"):
            result = lint_paths([], content_dir, configured_rules(settings), settings)
    except PlainhelpError as error:
        err.print(f"[yellow]warning: the guides were not linted: {error}[/yellow]")
        return
    if result.findings:
        err.print(
            f"[yellow]kb lint: {len(result.errors)} error(s) and {len(result.warnings)} "
            "warning(s) in the guides; run `kb lint` to see them.[/yellow]"
        )


@click.command()
@content_option
@click.option("--verbose", "-v", is_flag=True, help=VERBOSE_HELP)
def index(content_dir: Path | None, verbose: bool) -> None:
    """Check every guide, then build the search index and swap it in."""
    config = load_config(content_dir=content_dir)
    started = time.perf_counter()
    content = load_checked(config.content_dir, verbose)
    built = build_index_with_progress(content, config.var_dir)
    out.print(
        f"Indexed {built.guides} guides ({built.sections} sections, "
        f"{built.bytes / 1_000_000:.1f} MB) in {time.perf_counter() - started:.1f} s."
    )
