"""One `kb build` names every problem of every kind (front matter, tone, links, anchors, what
MkDocs says) with its line, most important first, as `kb lint` does; errors publish nothing
unless --no-strict, which says so loudly. The real command in a child process."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.files import ROOT, write
from tests.support.kb import run_kb

LONG = "word " * 40
# A guide with a description far too long (line 3), a blaming sentence (line 25, column 1),
# a link to a page that does not exist (line 27, column 5) and an anchor that does not
# (line 27, column 32).
SPOILT = f"""\
---
title: Replace a toner cartridge
description: {LONG.strip()}.
tags:
  - printing
phrases:
  - toner low
owner: Service Desk
reviewed: 2026-01-15
review_every: 6 months
---

# Replace a toner cartridge

The printer says the toner is low. You can change the cartridge in a few minutes.

## What to do

1. Open the front door of the printer.
2. Push in the new cartridge until it clicks.

## Did it work?

The printer prints again.
You failed to enter the right code.

See [the jam](clear-jam.md) or [the steps](clear-paper-jam.md#what-to-dox).
"""
FINDING = re.compile(
    r"^(?P<path>/\S+\.md):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning) "
)


def _findings(text: str) -> list[str]:
    return [line for line in text.splitlines() if FINDING.match(line)]


def _at(found: list[str], place: str, rule: str) -> str:
    """The one finding of `rule` at `path:line:column`."""
    (line,) = [f for f in found if f.startswith(f"{place}: ") and f" {rule}: " in f]
    return line


@pytest.fixture
def spoilt(content_dir: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """A site built from good guides, then a spoilt guide added to its content."""
    site = tmp_path / "site"
    built = run_kb("build", "--content", str(content_dir), "--site", str(site))
    assert built.returncode == 0, built.stderr
    guide = write(content_dir, "printing/replace-toner.md", SPOILT)
    return content_dir, site, guide


def test_one_build_names_every_problem_with_its_line_and_publishes_nothing(
    spoilt: tuple[Path, Path, Path],
) -> None:
    content, site, guide = spoilt
    before = (site / "index.html").read_text(encoding="utf-8")
    link_before = site.readlink()
    result = run_kb("build", "--content", str(content), "--site", str(site))
    assert result.returncode == 1
    found = _findings(result.stderr)
    broken = _at(found, f"{guide}:27:5", "broken-link")
    assert broken.endswith("(try: clear-paper-jam.md)")
    anchor = _at(found, f"{guide}:27:32", "missing-anchor")
    assert anchor.endswith("(try: clear-paper-jam.md#what-to-do)")
    blame = _at(found, f"{guide}:25:1", "blame")
    assert "`description` is" in _at(found, f"{guide}:3:1", "front-matter")
    # Most important first: errors before warnings, and a broken link before the tone.
    severities = [line.split(": ")[1].split()[0] for line in found]
    assert severities == sorted(severities)
    assert found.index(broken) < found.index(anchor) < found.index(blame)
    assert re.search(r"Found \d+ errors \((\d+ front matter, )?2 link, 1 tone", result.stderr)
    assert "Nothing was published" in result.stderr
    assert "The site that was there before is unchanged." in result.stderr
    for raw in ("Doc file", "Aborted with", "Traceback"):
        assert raw not in result.stderr
    assert site.readlink() == link_before
    assert (site / "index.html").read_text(encoding="utf-8") == before
    assert not (site / "printing" / "replace-toner").exists()


def test_kb_lint_lists_the_same_problems_in_the_same_order(
    spoilt: tuple[Path, Path, Path],
) -> None:
    content, site, _ = spoilt
    built = run_kb("build", "--content", str(content), "--site", str(site))
    linted = run_kb("lint", "--content", str(content))
    assert linted.returncode == 1
    assert _findings(linted.stdout) == _findings(built.stderr)
    assert len(_findings(linted.stdout)) >= 4


def test_no_strict_publishes_and_says_so_loudly(spoilt: tuple[Path, Path, Path]) -> None:
    content, site, guide = spoilt
    description = SPOILT.splitlines()[2]
    guide.write_text(SPOILT.replace(description, "description: Change the toner."), "utf-8")
    result = run_kb("build", "--no-strict", "--content", str(content), "--site", str(site))
    assert result.returncode == 0, result.stderr
    assert f"{guide}:27:5: error broken-link" in result.stderr
    assert "PUBLISHED WITH 3 ERRORS because of --no-strict" in result.stderr
    assert "with 3 errors." in result.stdout
    assert (site / "printing" / "replace-toner" / "index.html").is_file()


def test_front_matter_errors_stop_even_no_strict(spoilt: tuple[Path, Path, Path]) -> None:
    content, site, guide = spoilt
    guide.write_text(SPOILT.replace("title: Replace a toner cartridge\n", ""), "utf-8")
    result = run_kb("build", "--no-strict", "--content", str(content), "--site", str(site))
    assert result.returncode == 1
    assert f"{guide}:1:1: error front-matter: `title` is missing" in result.stderr
    assert "stop the build even with --no-strict" in result.stderr
    assert not (site / "printing" / "replace-toner").exists()


def test_what_mkdocs_says_comes_out_in_our_form(content_dir: Path, tmp_path: Path) -> None:
    """A missing picture is MkDocs' to find: its words become a finding with a line."""
    guide = content_dir / "printing" / "clear-paper-jam.md"
    guide.write_text(
        guide.read_text(encoding="utf-8") + "\n![The printer's door](door.png)\n", "utf-8"
    )
    line = (
        guide.read_text(encoding="utf-8").splitlines().index("![The printer's door](door.png)") + 1
    )
    site = tmp_path / "site"
    result = run_kb("build", "--content", str(content_dir), "--site", str(site))
    assert result.returncode == 1
    assert (
        f"{guide}:{line}:23: error broken-link: The link “door.png” leads to a file that is "
        "not in the content folder." in result.stderr
    )
    assert "Nothing was published: MkDocs stopped the build" in result.stderr
    for raw in ("Doc file", "Aborted with", "documentation files"):
        assert raw not in result.stderr
    assert not site.exists()


def test_anchors_are_the_ids_the_built_site_gives_headings(built_site: Path) -> None:
    """Every heading id MkDocs wrote for our content is one the link checker knows."""
    from portal.writing.lint.links import page_anchors, page_url, site_settings

    settings = site_settings(ROOT / "mkdocs.yml")
    pages = sorted((ROOT / "content").rglob("*.md"))
    assert len(pages) > 50
    for page in pages:
        src = page.relative_to(ROOT / "content").as_posix()
        built = (built_site / page_url(src, True) / "index.html").read_text(encoding="utf-8")
        article = built.split("<article", 1)[1].split("</article>", 1)[0]
        ids = set(re.findall(r'<h[1-6] id="([^"]+)"', article))
        theirs = {i for i in ids if not i.startswith("kb-")}  # the theme's own headings
        assert theirs and theirs <= page_anchors(page.read_text(encoding="utf-8"), settings), src
