"""`kb report`: what readers told us, as a terminal table, a Markdown backlog, CSV or JSON."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from portal.cli.support import content_option, err, load_config, opened_store, out
from portal.errors import CommandError

FORMATS = ("table", "md", "csv", "json")


@click.command()
@click.option(
    "--days",
    type=click.IntRange(1, 3650),
    default=30,
    show_default=True,
    help="How many days back to look, today included.",
)
@click.option(
    "--min-votes",
    type=click.IntRange(1),
    default=5,
    show_default=True,
    help="Fewest votes before a guide's rating can put it on the fix-next list.",
)
@click.option(
    "--min-searches",
    type=click.IntRange(1),
    default=2,
    show_default=True,
    help="Fewest searches before a query counts as a content gap.",
)
@click.option(
    "--min-clicks",
    type=click.IntRange(1),
    default=2,
    show_default=True,
    help="Fewest searches that opened a guide before their words are proposed as a phrase.",
)
@click.option(
    "--limit",
    type=click.IntRange(1, 10_000),
    default=20,
    show_default=True,
    help="Longest any list in the report may be.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table for the terminal, md for an issue, csv or json for other tools.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write to this file instead of the terminal.",
)
@content_option
def report(
    days: int,
    min_votes: int,
    min_searches: int,
    min_clicks: int,
    limit: int,
    output_format: str,
    output: Path | None,
    content_dir: Path | None,
) -> None:
    """Which guides to fix next and why, content gaps, and phrases readers taught us."""
    from portal.guides.articles import load_content
    from portal.report.data import build_report
    from portal.report.exports import to_csv, to_json
    from portal.report.markdown import to_markdown
    from portal.report.terminal import print_report

    config = load_config(content_dir=content_dir)
    content = load_content(config.content_dir)
    if content.errors:
        for problem in content.errors:
            err.print(str(problem), style="red", markup=False)
        raise CommandError(
            f"The guides in {config.content_dir} have {len(content.errors)} problem(s) to fix "
            "first; `kb build` explains each one."
        )
    unreachable = "there is no report. Check KB_DATABASE_URL and that the database is running."
    with opened_store(config, unreachable) as store:
        store.migrate()
        result = build_report(
            store,
            content,
            days=days,
            min_votes=min_votes,
            min_searches=min_searches,
            min_clicks=min_clicks,
            limit=limit,
        )

    if output_format == "table":
        if output is None:
            print_report(result, out)
            return
        with output.open("w", encoding="utf-8") as file:
            print_report(result, Console(file=file, width=120, color_system=None))
    else:
        text = {"md": to_markdown, "csv": to_csv, "json": to_json}[output_format](result)
        if output is None:
            click.echo(text, nl=False)
            return
        output.write_text(text, encoding="utf-8")
    err.print(f"Wrote the report to {output}.", markup=False)
