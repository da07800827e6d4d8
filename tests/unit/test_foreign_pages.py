"""Folders written for other tools load as MkDocs would: quietly, page by page, nothing refused."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from portal.guides.articles import load_article, load_content, notes_summary
from portal.guides.markdown_text import text_blocks
from portal.guides.segments import text_segments
from search import guide_record
from tests.support.files import GOOD_GUIDE, write

TODAY = dt.date(2026, 11, 22)

JEKYLL = """\
---
layout: page
title: Org chart
permalink: /about/org-chart/
nav_order: 3
parent: About us
has_children: false
redirect_from: [/old/org/]
---

# Org chart

Who reports to whom.
"""
HUGO = """\
+++
title = "ignored, TOML is not front matter for MkDocs"
+++

# Org chart (team)

The team's own chart.
"""
DOCUSAURUS = """\
---
sidebar_position: 2
slug: /vpn
description: >-
  A long description that goes on and on and on, well past the hundred and sixty
  characters our own guides are held to. It even has two sentences.
keywords: [remote access, tunnel]
aliases: /old-vpn
summary: Connect from home.
draft: false
date: 2024-01-02
tags: [network]
---

Install the VPN app.
"""


def test_front_matter_of_other_tools_is_one_summary_line(tmp_path: Path) -> None:
    write(tmp_path, "about-us/org-chart.md", JEKYLL)
    write(tmp_path, "team/org-chart.md", HUGO)
    write(tmp_path, "network/vpn.md", DOCUSAURUS)
    content = load_content(tmp_path, today=TODAY)
    assert content.problems == []
    assert sorted(a.path for a in content.articles) == [
        "about-us/org-chart",
        "network/vpn",
        "team/org-chart",
    ]
    assert notes_summary(content.notes) == (
        "3 pages are not Plainhelp guides: 3 without Plainhelp's own fields (a missing title or "
        "description is taken from the page); 2 with front matter of other tools (layout, "
        "permalink, nav_order, parent, has_children, redirect_from, ...), read and ignored. Use "
        "--verbose to list them."
    )
    detail = [str(n) for n in content.notes if n.kind == "foreign-fields"]
    assert detail[0] == (
        f"{tmp_path}/about-us/org-chart.md:2: note: front matter of another tool (`layout`, "
        "`permalink`, `nav_order`, `parent`, `has_children`, `redirect_from`) is read and ignored"
    )


def test_hundreds_of_foreign_pages_are_still_one_line(tmp_path: Path) -> None:
    for number in range(240):
        write(tmp_path, f"handbook/part-{number}/index-{number}.md", JEKYLL)
    content = load_content(tmp_path, today=TODAY)
    assert content.problems == []
    assert len(content.articles) == 240
    summary = notes_summary(content.notes)
    assert summary is not None and summary.startswith("240 pages are not Plainhelp guides: ")
    assert "\n" not in summary


def test_our_guides_keep_every_strict_check(tmp_path: Path) -> None:
    guide = GOOD_GUIDE.replace("owner:", "layout: page\nowner:")
    long = "This guide explains " + "in a lot of detail " * 10 + "how to clear paper."
    guide = guide.replace(
        "description: Clear stuck paper from the printer and get printing again.",
        f"description: {long}",
    )
    write(tmp_path, "printing/jam.md", guide)
    content = load_content(tmp_path, today=TODAY)
    messages = [str(p) for p in content.problems]
    assert f"{tmp_path}/printing/jam.md:9: warning: unknown field `layout`" in messages
    assert any("`description` is" in m and "keep it to 160" in m for m in messages)
    assert content.notes == []


def test_bad_values_on_a_foreign_page_are_guessed_not_refused(tmp_path: Path) -> None:
    write(tmp_path, "misc/page.md", "---\ntitle: 2021\ntags: {a: b}\nminutes: lots\n---\n# Real\n")
    content = load_content(tmp_path, today=TODAY)
    assert content.problems == []
    page = content.get("misc/page")
    assert page is not None and page.title == "Real" and page.tags == ()
    unused = [n for n in content.notes if n.kind == "unused-value"]
    assert [n.fields for n in unused] == [("title",), ("tags",), ("minutes",)]


def test_keywords_aliases_and_summary_are_searchable(tmp_path: Path) -> None:
    write(tmp_path, "network/vpn.md", DOCUSAURUS)
    write(tmp_path, "printing/jam.md", GOOD_GUIDE.replace("owner:", "keywords: [jammed]\nowner:"))
    content = load_content(tmp_path, today=TODAY)
    assert content.problems == []
    vpn = content.get("network/vpn")
    assert vpn is not None
    assert vpn.keywords == ("remote access", "tunnel", "/old-vpn", "Connect from home.")
    assert guide_record(vpn).keywords == vpn.keywords
    assert vpn.description.startswith("A long description that goes on")
    jam = content.get("printing/jam")
    assert jam is not None and guide_record(jam).keywords == ("jammed",)


@pytest.mark.parametrize(
    ("write_page", "message"),
    [
        (
            lambda p: p.write_text("---\ntitle: Broken: yaml: here\nlayout: x\n---\n# B\n"),
            "2: warning: front matter is not valid YAML: mapping values are not allowed in this "
            "context (a value with a colon in it needs quotes around it); the page was skipped",
        ),
        (
            lambda p: p.write_bytes("# Caf\xe9 menu\n".encode("latin-1")),
            "1: warning: is not UTF-8 text; the page was skipped",
        ),
        (
            lambda p: p.write_text("---\n- a list\n---\n# List\n"),
            "2: warning: front matter must be `key: value` lines; the page was skipped",
        ),
    ],
)
def test_an_unreadable_foreign_page_is_skipped_with_one_warning(
    tmp_path: Path, write_page, message: str
) -> None:
    write(tmp_path, "a/fine.md", "# Fine\n\nA page.\n")
    write_page(tmp_path / "a" / "broken.md")
    content = load_content(tmp_path, today=TODAY)
    assert [str(p) for p in content.problems] == [f"{tmp_path}/a/broken.md:{message}"]
    assert [a.path for a in content.articles] == ["a/fine"]


def test_a_page_that_vanishes_is_skipped_and_an_error_among_our_guides(tmp_path: Path) -> None:
    gone = tmp_path / "a" / "gone.md"
    write(tmp_path, "a/fine.md", "# Fine\n")
    foreign = load_content(tmp_path, today=TODAY, files=[tmp_path / "a" / "fine.md", gone])
    assert [str(p) for p in foreign.problems] == [
        f"{gone}:1: warning: cannot be read (No such file or directory); the page was skipped"
    ]
    write(tmp_path, "a/jam.md", GOOD_GUIDE)
    ours = load_content(tmp_path, today=TODAY, files=[tmp_path / "a" / "jam.md", gone])
    assert [str(p) for p in ours.problems] == [
        f"{gone}:1: cannot be read (No such file or directory)"
    ]


def test_a_broken_guide_of_ours_keeps_its_error(tmp_path: Path) -> None:
    broken = GOOD_GUIDE.replace("title: Fix a paper jam", "title: Fix: a paper jam")
    path = write(tmp_path, "printing/jam.md", broken)
    article, problems = load_article(path, tmp_path, TODAY)
    assert article is None
    assert [p.severity for p in problems] == ["error"]


def test_a_folder_that_cannot_be_read_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    listing = os.scandir

    def refuse(path: str | Path) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", refuse)
    content = load_content(locked, today=TODAY)
    assert [str(p) for p in content.problems] == [
        f"{locked}:1: cannot be read (Permission denied), so no guides were loaded"
    ]


HTML_PAGE = """\
# Help

<details>
<summary>Which ID can I use?</summary>

Your staff card works.

</details>

<div class="accordion"><h3>Lost &amp; found</h3>
<p>Ask at the <b>front desk</b>.</p><script>track("x")</script><!-- hidden note -->
<style>.x { color: red }</style></div>

## Opening hours

<table><tr><th>Day</th><td>Monday &ndash; Friday</td></tr></table>
"""


def test_the_visible_text_of_raw_html_is_read() -> None:
    blocks = [(b.kind, b.text, b.line, b.level) for b in text_blocks(HTML_PAGE) if b.html]
    assert blocks == [
        ("heading", "Which ID can I use?", 4, 3),
        ("heading", "Lost & found", 10, 3),
        ("paragraph", "Ask at the front desk.", 11, 0),
        ("cell", "Day", 16, 0),
        ("cell", "Monday \u2013 Friday", 16, 0),
    ]
    text = " ".join(b.text for b in text_blocks(HTML_PAGE))
    assert "track" not in text and "hidden note" not in text and "color" not in text


def test_a_script_inside_a_sentence_is_not_read() -> None:
    markdown = (
        "Call us <script>track('x')</script>any time, <b>day</b> or <style>p{}</style>night.\n"
    )
    assert [b.text for b in text_blocks(markdown)] == ["Call us any time, day or night."]


def test_the_linter_places_html_text_at_its_line_and_column() -> None:
    segments = text_segments(HTML_PAGE)
    assert [(s.kind, s.text, s.line, s.level) for s in segments] == [
        (b.kind, b.text, b.line, b.level) for b in text_blocks(HTML_PAGE)
    ]
    desk = next(s for s in segments if s.text == "Ask at the front desk.")
    assert desk.position(desk.text.index("front")) == (11, 18)


def test_html_headings_make_sections_that_land_on_a_real_anchor(tmp_path: Path) -> None:
    path = write(tmp_path, "help.md", HTML_PAGE)
    article, _ = load_article(path, tmp_path, TODAY)
    assert article is not None
    record = guide_record(article)
    sections = [(s.heading, s.anchor) for s in record.sections]
    assert sections == [
        ("Which ID can I use?", ""),
        ("Lost & found", ""),
        ("Opening hours", "opening-hours"),
    ]
    assert "Your staff card works." in record.sections[0].text
    assert "Monday \u2013 Friday" in record.body
