""" "About N minutes" on every real guide and lesson of the built site, and on no other page."""

from __future__ import annotations

import re
from pathlib import Path

from portal.guides.articles import load_content
from portal.guides.courses import KIND_FINISHED, KIND_LESSON, kind_of
from portal.guides.troubleshooters import is_troubleshooter
from tests.support.files import ROOT
from tests.support.pages import minutes_on


def test_every_guide_shows_how_long_it_takes(built_site: Path) -> None:
    guides = load_content(ROOT / "content").guides
    assert len(guides) > 50
    for guide in guides:
        html = (built_site / guide.url.strip("/") / "index.html").read_text(encoding="utf-8")
        # A course's finish page is read, not followed; a troubleshooter is questions, not steps.
        if kind_of(guide) == KIND_FINISHED or is_troubleshooter(guide):
            assert 'class="kb-time"' not in html, guide.path
            continue
        minutes, unit = minutes_on(html)
        assert 1 <= minutes <= 20, (guide.path, minutes)
        assert unit == ("minute" if minutes == 1 else "minutes"), guide.path
        # Near the top: straight under the guide's title (a lesson's place in its course first).
        place = r'<p class="kb-lesson-place">.*?</p>\s*' if kind_of(guide) == KIND_LESSON else ""
        assert re.search(r"</h1>\s*" + place + r'<p class="kb-time"', html, re.DOTALL), guide.path


def test_home_section_and_not_found_pages_do_not(built_site: Path) -> None:
    sections = [p.parent.name for p in (ROOT / "content").glob("*/index.md")]
    assert sections
    pages = ["index.html", "404.html", *(f"{name}/index.html" for name in sections)]
    for page in pages:
        assert 'class="kb-time"' not in (built_site / page).read_text(encoding="utf-8"), page
