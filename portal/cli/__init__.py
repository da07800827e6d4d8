"""The `kb` command: one tool for writers and operators, with plain one-sentence errors."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from portal.cli.lint import lint
from portal.cli.report import report
from portal.cli.status import status
from portal.cli.store import purge
from portal.cli.support import content_option, err, load_config, out, plain_errors
from portal.config import SETTINGS, settings_table
from portal.guides.articles import Content, load_content
from portal.store.backup import backup, restore
from portal.writing.new_guide import GuideError, new_guide

if TYPE_CHECKING:
    from search.indexer import IndexBuild


def report_content(content: Content, quiet_warnings: bool = False) -> None:
    """Print every problem as path:line: message, then a one-line summary."""
    for problem in content.problems:
        if problem.severity == "warning" and quiet_warnings:
            continue
        colour = "red" if problem.severity == "error" else "yellow"
        err.print(f"[{colour}]{problem}[/{colour}]")


def _load_checked(content_dir: Path) -> Content:
    with err.status(f"Checking the guides in {content_dir}…"):
        content = load_content(content_dir)
    report_content(content)
    if content.errors:
        files = len({p.path for p in content.errors})
        raise click.ClickException(
            f"Found {len(content.errors)} problem(s) in {files} file(s); nothing was built."
        )
    return content


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="plainhelp")
def main() -> None:
    """Plainhelp: write, build, search and serve the IT help center."""


@main.command()
@click.argument("title")
@click.option("--section", "-s", required=True, help="Section folder, such as `printing`.")
@click.option("--slug", default=None, help="File name without .md (default: made from the title).")
@content_option
@plain_errors
def new(title: str, section: str, slug: str | None, content_dir: Path | None) -> None:
    """Write a new guide from the template (never overwrites)."""
    config = load_config(content_dir=content_dir)
    try:
        path = new_guide(config.content_dir, title, section, slug=slug, today=dt.date.today())
    except GuideError as error:
        raise click.ClickException(str(error)) from None
    out.print(f"Wrote {path}. Open it, replace the example text, then run `kb build`.")


@main.command()
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
@plain_errors
def build(content_dir: Path | None, site_dir: Path | None, strict: bool) -> None:
    """Check every guide, then build the static site."""
    from portal.writing.site_build import SiteBuildError, build_site

    config = load_config(content_dir=content_dir, site_dir=site_dir)
    started = time.perf_counter()
    content = _load_checked(config.content_dir)
    _lint_summary(config.content_dir)
    with err.status(f"Building the site from {len(content.articles)} pages…"):
        try:
            result = build_site(config.mkdocs_config, config.content_dir, config.site_dir, strict)
        except SiteBuildError as error:
            for message in error.messages:
                err.print(f"[red]{message}[/red]")
            raise click.ClickException(
                f"{error} The site that was there before is unchanged."
            ) from None
    for message in result.warnings:
        err.print(f"[yellow]warning: {message}[/yellow]")
    _build_index(content, config.var_dir)
    seconds = time.perf_counter() - started
    out.print(
        f"Built {result.pages} pages from {len(content.guides)} guides into "
        f"{config.site_dir}, and the search index, in {seconds:.1f} s."
    )


def _lint_summary(content_dir: Path) -> None:
    """Tell the writer what `kb lint` would say; CI's `kb lint` step is what enforces it."""
    from portal.writing.lint.engine import LintError, lint_paths
    from portal.writing.lint.rules import RuleError
    from portal.writing.lint.settings import (
        SettingsError,
        configured_rules,
        find_settings,
        load_settings,
    )

    try:
        settings = load_settings(find_settings(Path.cwd()))
        with err.status("Reading the guides like an editor…"):
            result = lint_paths([], content_dir, configured_rules(settings), settings)
    except (LintError, RuleError, SettingsError) as error:
        err.print(f"[yellow]warning: the guides were not linted: {error}[/yellow]")
        return
    if result.findings:
        err.print(
            f"[yellow]kb lint: {len(result.errors)} error(s) and {len(result.warnings)} "
            "warning(s) in the guides; run `kb lint` to see them.[/yellow]"
        )


def _ensure_index(content_dir: Path, var_dir: Path) -> None:
    """Index the content folder first when the index is missing, from elsewhere or stale."""
    from search.indexer import index_is_current

    if not content_dir.is_dir() or index_is_current(var_dir, content_dir):
        return
    content = _load_checked(content_dir)
    built = _build_index(content, var_dir)
    err.print(f"Indexed {built.guides} guides from {content_dir} first.")


def _build_index(content: Content, var_dir: Path) -> IndexBuild:
    """Index with a progress bar; a failure leaves the index that was there."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from search.indexer import IndexBuildError, build_index

    with Progress(
        TextColumn("Indexing guides"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("index", total=len(content.guides))
        try:
            return build_index(
                content, var_dir, lambda done, total: progress.update(task, completed=done)
            )
        except IndexBuildError as error:
            raise click.ClickException(
                f"{error} The search index that was there before is unchanged."
            ) from None


@main.command()
@content_option
@plain_errors
def index(content_dir: Path | None) -> None:
    """Check every guide, then build the search index and swap it in."""
    config = load_config(content_dir=content_dir)
    started = time.perf_counter()
    content = _load_checked(config.content_dir)
    built = _build_index(content, config.var_dir)
    out.print(
        f"Indexed {built.guides} guides ({built.sections} sections, "
        f"{built.bytes / 1_000_000:.1f} MB) in {time.perf_counter() - started:.1f} s."
    )


@main.command()
@click.argument("query")
@click.option("--limit", "-n", type=click.IntRange(1, 50), default=10, show_default=True)
@click.option("--section", default=None, help="Only guides in this section.")
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@content_option
@plain_errors
def search(
    query: str, limit: int, section: str | None, output: str, content_dir: Path | None
) -> None:
    """Search the guides the way the help center does."""
    from search.engine import Engine, IndexUnavailable
    from search.indexer import current_index

    config = load_config(content_dir=content_dir)
    _ensure_index(config.content_dir, config.var_dir)
    folder = current_index(config.var_dir)
    if folder is None:
        raise click.ClickException(f"There is no search index in {config.var_dir}; run `kb index`.")
    try:
        engine = Engine(folder)
    except IndexUnavailable as error:
        raise click.ClickException(str(error)) from None
    response = engine.search(query, limit=limit, section=section)
    if output == "json":
        click.echo(json.dumps([hit.as_dict() for hit in response.results], ensure_ascii=False))
        return
    if response.did_you_mean:
        out.print(f"Did you mean: {response.did_you_mean}", markup=False)
    if not response.results:
        out.print("Nothing matched. Try other words, or contact the service desk.")
        return
    for number, hit in enumerate(response.results, start=1):
        out.print(f"{number}. {hit.title}  {hit.url}  (score {hit.score:.2f})", markup=False)
        out.print(f"   {html.unescape(re.sub(r'</?mark>', '', hit.snippet))}", markup=False)


@main.command()
@content_option
@click.option(
    "--site",
    "site_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of the built site (default: $KB_SITE_DIR or ./site).",
)
@click.option("--host", default=None, help="Address to listen on (default: $KB_HOST or 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default: $KB_PORT or 8000).")
@click.option(
    "--workers",
    type=int,
    default=None,
    help="Worker processes (default: $KB_WORKERS or 1); above 1 runs gunicorn.",
)
@click.option("--dev", is_flag=True, help="Flask's development server with the reloader.")
@plain_errors
def serve(
    content_dir: Path | None,
    site_dir: Path | None,
    host: str | None,
    port: int | None,
    workers: int | None,
    dev: bool,
) -> None:
    """Serve the site and the portal on a real WSGI server (gunicorn with --workers above 1)."""
    overrides = {
        "content_dir": content_dir,
        "site_dir": site_dir,
        "host": host,
        "port": str(port) if port is not None else None,
        "workers": str(workers) if workers is not None else None,
    }
    config = load_config(**overrides)
    from portal.web import serving

    if config.workers > 1 and not dev:
        serving.count_metrics_across_workers(config.var_dir)
    from portal.web.app import create_app

    # Built here first, so a wrong setting or a store to migrate shows before any fork.
    app = create_app(config)
    if not (config.site_dir / "index.html").is_file():
        err.print(
            f"[yellow]warning: {config.site_dir} has no built site yet; run `kb build`.[/yellow]"
        )
    if dev:
        app.run(host=config.host, port=config.port, debug=True, use_reloader=True)
        return

    def say(line: str) -> None:
        out.print(line, markup=False)
        sys.stdout.flush()

    if config.workers == 1:
        serving.serve_with_waitress(app, config, say)
        return
    # Database connections must not cross a fork (SQLite's locks and PostgreSQL's sockets
    # would be shared with the workers): each worker builds its own app and connections.
    app.extensions["kb.store"].dispose()
    del app
    serving.serve_with_gunicorn(config, say)


@main.command()
@content_option
@click.option("--values", is_flag=True, help="Show the value each setting has now.")
def settings(content_dir: Path | None, values: bool) -> None:
    """List every KB_* setting with its default (and, with --values, its value now)."""
    if not values:
        out.print(settings_table(), markup=False)
        return
    config = load_config(content_dir=content_dir)
    for setting in SETTINGS:
        value = _shown(setting.key, getattr(config, setting.key))
        out.print(f"{setting.env}={value}", markup=False)


def _shown(key: str, value: object) -> object:
    """Secrets never reach a terminal or a log: say only whether they are set."""
    if key in ("admin_password", "secret_key"):
        return "(set)" if value else "(not set)"
    if key == "database_url" and value:
        from sqlalchemy.engine import make_url

        return make_url(str(value)).render_as_string(hide_password=True)
    return value


main.add_command(lint)
main.add_command(report)
main.add_command(purge)
main.add_command(status)
main.add_command(backup)
main.add_command(restore)


if __name__ == "__main__":
    main()
