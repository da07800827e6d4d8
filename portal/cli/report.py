"""`kb report`: what readers told us, as a terminal table, a Markdown backlog, CSV or JSON.

`kb report --due` lists the guides due for review by owner instead; it reads only the guides.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from portal.cli.support import content_option, err, load_config, opened_store, out
from portal.errors import CommandError

FORMATS = ("table", "md", "csv", "json")
DUE_SOON_DAYS = 30  # portal.guides.reviews.DUE_SOON_DAYS, here so `kb --help` stays quick


def _fewest(
    name: str, default: int, help: str
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A threshold of the report (`--min-…`): a whole number from 1, its default in --help."""
    return click.option(name, type=click.IntRange(1), default=default, show_default=True, help=help)


@click.command()
@click.option(
    "--days",
    type=click.IntRange(1, 3650),
    default=30,
    show_default=True,
    help="How many days back to look, today included.",
)
@_fewest("--min-votes", 5, "Fewest votes before a guide's rating can put it on the fix-next list.")
@_fewest("--min-searches", 2, "Fewest searches before a query counts as a content gap.")
@_fewest(
    "--min-clicks",
    2,
    "Fewest searches that opened a guide before their words are proposed as a phrase.",
)
@_fewest(
    "--min-answers",
    10,
    "Fewest first tries before a lesson's question can be listed as missed by most readers.",
)
@_fewest(
    "--min-readers",
    5,
    "Fewest readers on a troubleshooter's branch before it is named as one to look at.",
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
@click.option(
    "--due",
    is_flag=True,
    help="List the guides due for review by owner instead (reads only the guides).",
)
@click.option(
    "--within",
    type=click.IntRange(0, 3650),
    default=None,
    help=f"With --due: also list guides due in the next DAYS days  [default: {DUE_SOON_DAYS}].",
    metavar="DAYS",
)
@click.option(
    "--owner",
    default=None,
    help="With --due: only this owner's guides (as written in `owner:`, or 'No owner yet').",
)
@content_option
def report(
    days: int,
    min_votes: int,
    min_searches: int,
    min_clicks: int,
    min_answers: int,
    min_readers: int,
    limit: int,
    output_format: str,
    output: Path | None,
    due: bool,
    within: int | None,
    owner: str | None,
    content_dir: Path | None,
) -> None:
    """Which guides to fix next and why, content gaps, phrases readers taught us, what lessons'
    checks say (questions most readers miss, where readers stop) and the ways readers take
    through troubleshooters (where they stop, where they ask for a person)."""
    if due:
        _due(output_format, output, within, owner, content_dir)
        return
    if within is not None or owner is not None:
        raise CommandError(
            "--within and --owner go with --due, such as `kb report --due --within 14`."
        )
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
            min_answers=min_answers,
            min_readers=min_readers,
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


def _due(
    output_format: str,
    output: Path | None,
    within: int | None,
    owner: str | None,
    content_dir: Path | None,
) -> None:
    """Guides due for review, from the guides alone: a clean clone in CI needs no database."""
    from portal.guides.articles import load_content
    from portal.report import reviews_text
    from portal.report.reviews import due_reviews
    from portal.words import plural

    if owner is not None and not owner.strip():
        raise CommandError('--owner needs a name, such as `--owner "Service Desk"`.')
    config = load_config(content_dir=content_dir)
    content = load_content(config.content_dir)
    if not content.articles:
        for problem in content.errors:
            err.print(str(problem), style="red", markup=False)
        raise CommandError(f"There are no guides to read in {config.content_dir}; check --content.")
    if content.errors:
        # A review reminder should still go out while one guide has a problem: say so, go on.
        err.print(
            f"kb: {plural(len(content.errors), 'problem')} in the guides; "
            "`kb lint` explains each one. "
            "The guides that loaded are listed.",
            markup=False,
        )
    reviews = due_reviews(
        content.guides,
        root=str(config.content_dir),
        within=DUE_SOON_DAYS if within is None else within,
        owner=owner,
    )
    if output_format == "table":
        if output is None:
            reviews_text.print_due(reviews, out, owner)
            return
        with output.open("w", encoding="utf-8") as file:
            reviews_text.print_due(reviews, Console(file=file, width=120, color_system=None), owner)
    else:
        if output_format == "md":
            text = reviews_text.to_markdown(reviews, owner)
        else:
            text = {"csv": reviews_text.to_csv, "json": reviews_text.to_json}[output_format](
                reviews
            )
        if output is None:
            click.echo(text, nl=False)
            return
        output.write_text(text, encoding="utf-8")
    err.print(f"Wrote the guides due for review to {output}.", markup=False)
