"""`kb new`, `kb build` and `kb index`: from the writers' Markdown to a site and an index."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from portal.cli.indexing import VERBOSE_HELP, build_index_with_progress, check_all, load_checked
from portal.cli.support import content_option, err, load_config, out
from portal.errors import CommandError
from portal.words import plural

if TYPE_CHECKING:
    from portal.guides.articles import Content
    from portal.writing.lint.findings import Finding
    from portal.writing.problems import Checkup

# Said when nothing was published (portal.writing.site_build.UNCHANGED, without loading MkDocs).
UNCHANGED = "The site that was there before is unchanged."
# Kinds of error that stop even `kb build --no-strict`: the index is made from what they spoil.
STOP_EVERY_BUILD = frozenset({"front matter", "files"})


@click.command()
@click.argument("title", required=False)
@click.option("--section", "-s", default=None, help="Section folder, such as `printing`.")
@click.option("--slug", default=None, help="File name without .md (default: made from the title).")
@click.option(
    "--new-section",
    is_flag=True,
    help="Start a new section (folder and page) if --section names none yet.",
)
@click.option(
    "--course",
    default=None,
    help='Alone: start a course with this title (`kb new --course "Staying safe online"`). '
    "With a TITLE: the course folder the lesson goes in.",
)
@click.option(
    "--lesson",
    is_flag=True,
    help="Write TITLE as a lesson of --course and add it to the course's list.",
)
@click.option(
    "--troubleshooter",
    default=None,
    metavar="TITLE",
    help='Start a troubleshooter with this title (`kb new --troubleshooter "Printer problems"`), '
    "in troubleshoot/ unless --section says otherwise.",
)
@content_option
def new(
    title: str | None,
    section: str | None,
    slug: str | None,
    new_section: bool,
    course: str | None,
    lesson: bool,
    troubleshooter: str | None,
    content_dir: Path | None,
) -> None:
    """Write a new guide, course, lesson or troubleshooter from its template (never overwrites)."""
    from portal.writing.new_guide import (
        GuideError,
        new_course,
        new_guide,
        new_lesson,
        new_troubleshooter,
    )

    config = load_config(content_dir=content_dir)
    today = dt.date.today()
    if troubleshooter is not None:
        if title is not None or course is not None or lesson:
            raise GuideError(
                "A troubleshooter is written on its own, such as: kb new --troubleshooter "
                '"Printer problems". Nothing was changed.'
            )
        path = new_troubleshooter(
            config.content_dir,
            troubleshooter,
            section,
            slug=slug,
            today=today,
            new_section=new_section,
        )
        out.print(
            f"Wrote {path}. Its example answers lead to real guides, so `kb lint` passes now: "
            "write the questions your readers would be asked and lead each answer to the guide "
            "that fits, then run `kb lint`."
        )
        return
    if lesson or (course is not None and title is not None):
        if title is None or course is None:
            raise GuideError(
                'A lesson needs its title and its course, such as: kb new "Spot a fake email" '
                "--lesson --course staying-safe-online. Nothing was changed."
            )
        path = new_lesson(config.content_dir, title, course, slug=slug, today=today)
        out.print(
            f"Wrote {path} and added it to the end of its course's `lessons` list. Replace every "
            "example sentence and the example check with your own (`kb lint` names any left)."
        )
        return
    if course is not None:
        index, finished = new_course(config.content_dir, course, slug=slug, today=today)
        out.print(
            f"Wrote {index} and {finished}. Write who the course is for, then add lessons with "
            f'`kb new "Lesson title" --lesson --course {index.parent.name}`.'
        )
        return
    if title is None or section is None:
        raise GuideError(
            'Give a title and a section, such as: kb new "Fix a paper jam" --section printing. '
            'For a course, use kb new --course "Its title"; for a troubleshooter, '
            'kb new --troubleshooter "Its title". Nothing was changed.'
        )
    path = new_guide(
        config.content_dir,
        title,
        section,
        slug=slug,
        today=today,
        new_section=new_section,
    )
    out.print(
        f"Wrote {path}. Open it, replace every example sentence with your own words "
        "(`kb lint` names any left), then run `kb build`."
    )


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
    help="Publish nothing while any error is found (lint, links, MkDocs); "
    "--no-strict publishes anyway, except over front matter errors.",
)
@click.option("--verbose", "-v", is_flag=True, help=VERBOSE_HELP)
def build(content_dir: Path | None, site_dir: Path | None, strict: bool, verbose: bool) -> None:
    """Check everything once (front matter, lint, links), then build the site and the index.

    Every problem of every kind is listed in one run, most important first.
    """
    from portal.guides.reviews import due_dates
    from portal.writing.site_build import SiteBuildError, build_site
    from portal.writing.site_messages import site_findings

    config = load_config(content_dir=content_dir, site_dir=site_dir)
    started = time.perf_counter()
    checkup = check_all(config.content_dir, config.mkdocs_config)
    content = checkup.content
    assert content is not None  # check_all loads the whole folder when given no paths
    held = _held_back(checkup.errors, strict)
    if checkup.errors and not held:
        err.print(_published_anyway(len(checkup.errors), "Building"), style="bold red")
    stopped: SiteBuildError | None = None
    with err.status(f"Building the site from {len(content.articles)} pages…"):
        try:
            result = build_site(
                config.mkdocs_config,
                config.content_dir,
                config.site_dir,
                strict,
                publish=not held,
                reviews=due_dates(content.articles, content.root),
            )
            checkup.add(
                site_findings(result.warnings, config.content_dir, config.mkdocs_config, "warning")
            )
        except SiteBuildError as error:
            if not error.by_mkdocs:
                _show(checkup, verbose)
                raise
            stopped = error
            checkup.add(
                site_findings(error.messages, config.content_dir, config.mkdocs_config, "error")
            )
    _show(checkup, verbose)
    if held or stopped is not None:
        raise CommandError(held or _mkdocs_stopped(len(checkup.errors)))
    build_index_with_progress(content, config.var_dir)
    seconds = time.perf_counter() - started
    with_errors = f" with {plural(len(checkup.errors), 'error')}" if checkup.errors else ""
    out.print(
        f"Built {result.pages} pages from {_what_was_built(content)} into "
        f"{config.site_dir}, and the search index, in {seconds:.1f} s{with_errors}."
    )
    if checkup.errors:
        err.print(_published_anyway(len(checkup.errors), "Published"), style="bold red")


def _what_was_built(content: Content) -> str:
    """ "63 guides, 5 troubleshooters and 14 lessons": a course's own pages are none of them."""
    from portal.guides.courses import KIND_LESSON, kind_of
    from portal.guides.troubleshooters import is_troubleshooter

    trees = sum(1 for article in content.guides if is_troubleshooter(article))
    kinds = [kind_of(a) for a in content.guides if not is_troubleshooter(a)]
    parts = [plural(sum(1 for kind in kinds if kind is None), "guide")]
    if trees:
        parts.append(plural(trees, "troubleshooter"))
    lessons = sum(1 for kind in kinds if kind == KIND_LESSON)
    if lessons:
        parts.append(plural(lessons, "lesson"))
    return " and ".join(parts) if len(parts) < 3 else f"{parts[0]}, {parts[1]} and {parts[2]}"


def _show(checkup: Checkup, verbose: bool) -> None:
    """Every finding, most important first, then what was set aside and a count by kind."""
    from portal.cli.lint import print_notes, print_text
    from portal.writing.lint.report import summary_by_kind

    print_text(err, checkup.findings)
    if checkup.content is not None:
        print_notes([checkup.content.root], checkup.content.root, verbose, checkup.content)
    if checkup.findings:
        files = len({f.path for f in checkup.findings})
        err.print(
            f"Found {summary_by_kind(checkup.findings)} in {plural(files, 'file')}.",
            markup=False,
        )


def _held_back(errors: list[Finding], strict: bool) -> str | None:
    """Why nothing is published, or None: errors stop a strict build, and front matter errors
    stop every build (search and the section pages are made from the front matter)."""
    if not errors:
        return None
    count = plural(len(errors), "error")
    if any(f.kind in STOP_EVERY_BUILD for f in errors):
        return (
            f"Nothing was published: fix the {count} above first. Front matter errors and "
            "files that cannot be read stop the build even with --no-strict, because search "
            f"and the section pages are made from them. {UNCHANGED}"
        )
    if strict:
        return (
            f"Nothing was published: fix the {count} above, then run `kb build` again "
            f"(`kb build --no-strict` publishes with them). {UNCHANGED}"
        )
    return None


def _mkdocs_stopped(errors: int) -> str:
    return (
        f"Nothing was published: MkDocs stopped the build; fix the {plural(errors, 'error')} "
        f"above, then run `kb build` again. {UNCHANGED}"
    )


def _published_anyway(errors: int, doing: str) -> str:
    """Said loudly: readers will see what the errors are about."""
    return (
        f"{doing.upper()} WITH {plural(errors, 'ERROR', 'ERRORS')} because of --no-strict: "
        "readers will see the problems listed. Fix them, then run `kb build` again."
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
