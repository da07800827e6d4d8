"""The real content built strictly (`kb build`), with the theme's additions on every guide."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote

from portal.guides.articles import load_content
from portal.guides.courses import COURSE_KINDS, KIND_LESSON, kind_of
from portal.guides.troubleshooters import DESK_PAGE, is_troubleshooter, troubleshooters_of
from tests.support.files import ROOT


def test_real_content_builds_strictly_with_no_warnings(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    assert (built_site / "404.html").is_file()
    assert not (built_site / "_data").exists()


def test_every_guide_shows_review_date_and_still_stuck(built_site: Path) -> None:
    content = load_content(ROOT / "content")
    assert content.guides
    for guide in content.guides:
        if kind_of(guide) in COURSE_KINDS:
            continue  # see test_course_pages_show_a_review_date_but_no_still_stuck
        if is_troubleshooter(guide):
            continue  # see test_troubleshooters_are_questions_with_still_stuck_and_no_widget
        html = (built_site / guide.url.strip("/") / "index.html").read_text()
        assert "Still stuck? Contact the service desk" in html, guide.path
        assert 'class="kb-reviewed"' in html, guide.path
        assert f'datetime="{guide.reviewed.isoformat()}"' in html, guide.path  # type: ignore[union-attr]
        mailto = re.search(r'data-kb-channel="email"\s+href="(mailto:[^"]+)"', html)
        assert mailto, guide.path
        decoded = unquote(unescape(mailto.group(1)))
        if guide.path == DESK_PAGE:  # no guide to have tried: a plain request for help
            assert "subject=Help with an IT problem&" in decoded
            assert "I tried the guide" not in decoded
        else:
            assert f"subject=Help with: {guide.title}&" in decoded
            assert f'I tried the guide "{guide.title}" ({guide.url})' in decoded
        for channel in ("phone", "email", "chat", "portal"):
            assert f'data-kb-channel="{channel}"' in html, (guide.path, channel)
        assert "Monday to Friday, 8:00 to 18:00" in html


def test_course_pages_show_a_review_date_but_no_still_stuck(built_site: Path) -> None:
    """A lesson teaches rather than fixes, so "Still stuck?" does not fit it; a finish page is
    printed, so it keeps only its own words."""
    content = load_content(ROOT / "content")
    for guide in content.guides:
        if kind_of(guide) not in COURSE_KINDS:
            continue
        html = (built_site / guide.url.strip("/") / "index.html").read_text()
        assert 'id="kb-still-stuck-title"' not in html, guide.path
        lesson = kind_of(guide) == KIND_LESSON
        assert ('class="kb-reviewed"' in html) == lesson, guide.path


def test_troubleshooters_are_questions_with_still_stuck_and_no_widget(built_site: Path) -> None:
    """A troubleshooter is a way to a guide, not a guide: each question in a section of its own
    (its answers the links as written, "Start again" from the second on), the live region the
    script speaks through already in the page, "Still stuck?" for whoever no answer fits; no
    "Was this helpful?", no "About N minutes", no review date, no table of contents."""
    trees = troubleshooters_of(load_content(ROOT / "content"))
    assert trees
    for tree in trees:
        assert tree.start is not None
        html = (built_site / tree.url.strip("/") / "index.html").read_text()
        assert f'<div class="kb-tree" data-kb-tree="{tree.path}"' in html, tree.path
        assert (
            '<p class="kb-tree__status kb-visually-hidden" role="status" aria-live="polite">'
            in html
        )
        sections = re.findall(
            r'<section class="kb-tree__question" data-kb-question="([^"]+)">', html
        )
        assert sections == [question.id for question in tree.questions], tree.path
        for question in tree.questions:
            part = html.split(f'data-kb-question="{question.id}">', 1)[1].split("</section>", 1)[0]
            assert f'<h2 id="{question.id}">' in part, (tree.path, question.id)
            links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', part)
            assert [unescape(label) for _, label in links] == [o.label for o in question.options]
            for (href, _), option in zip(links, question.options, strict=True):
                if option.kind == "question":
                    assert href == f"#{option.question}", (tree.path, option.label)
            again = f'<p class="kb-tree__again"><a href="#{tree.start.id}">Start again</a></p>'
            assert (again in part) == (question is not tree.start), (tree.path, question.id)
        assert "Still stuck? Contact the service desk" in html, tree.path
        mailto = re.search(r'data-kb-channel="email"\s+href="(mailto:[^"]+)"', html)
        assert mailto, tree.path
        assert f'I answered the questions in "{tree.title}" ({tree.url})' in unquote(
            unescape(mailto.group(1))
        )
        for absent in ('class="kb-feedback"', 'class="kb-time"', 'class="kb-reviewed"'):
            assert absent not in html, (tree.path, absent)
        assert re.search(r'data-md-type="toc"\s+hidden', html), tree.path


def test_home_page_has_no_still_stuck_box(built_site: Path) -> None:
    assert "kb-still-stuck-title" not in (built_site / "index.html").read_text()


def test_site_uses_no_external_fonts(built_site: Path) -> None:
    assert "fonts.googleapis.com" not in (built_site / "index.html").read_text()


def test_a_section_page_asks_for_help_with_where_the_reader_looked(built_site: Path) -> None:
    """A section page lists guides rather than being one: its "Still stuck?" says where the
    reader looked, never that they tried a guide."""
    html = (built_site / "email" / "index.html").read_text()
    mailto = re.search(r'data-kb-channel="email"\s+href="(mailto:[^"]+)"', html)
    assert mailto
    decoded = unquote(unescape(mailto.group(1)))
    assert (
        'I looked through "Email and calendar" (/email/) and did not find what I need.' in decoded
    )
    assert "I tried the guide" not in decoded
    assert "If none of these guides fit" in html
