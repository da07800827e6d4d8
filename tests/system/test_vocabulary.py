"""One change in portal/guides/vocabulary.py reaches everything readers see: the built pages
(through `config.extra.plainhelp`), the scripts (through the page's #kb-vocabulary) and the
portal's own pages that use the theme's partials. The site is built in this process, with the
vocabulary changed, so nothing can come from a copy."""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from pathlib import Path

import pytest

from portal.guides import vocabulary
from portal.guides.vocabulary import Reason
from portal.web.app import create_app
from portal.writing.site_build import build_site
from tests.support.files import ROOT, good_guide_as, write
from tests.support.pages import minutes_on

VOCABULARY = re.compile(r'<script id="kb-vocabulary" type="application/json">(.*?)</script>')


def page_vocabulary(page: str) -> object:
    found = VOCABULARY.findall(page)
    assert len(found) == 1, "each page carries the vocabulary once"
    return json.loads(html.unescape(found[0]))


@pytest.fixture
def changed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Other words and limits than the real ones, set in the one module only."""
    for name, value in {
        "FEEDBACK_QUESTION": "Did this guide help?",
        "REASONS": (
            Reason("steps-did-not-work", "The steps failed", "the steps failed"),
            Reason("other", "Another reason", "another reason"),
        ),
        "COMMENT_CHARS": 1234,
        "STILL_STUCK_TITLE": "Need a person?",
        "WHAT_HAPPENED": "What you saw:",
        "AFTER_FIX_SECTIONS": ("Background",),
    }.items():
        monkeypatch.setattr(vocabulary, name, value)


def test_a_changed_vocabulary_reaches_the_site_its_scripts_and_the_portal(
    changed: None, content_dir: Path, tmp_path: Path
) -> None:
    # 400 words under "Why this happens" now count (2 minutes); 1,000 under "Background" do not.
    body = (
        "# Timed\n\n## What to do\n\n1. Open it.\n\n## Background\n\n"
        + "word " * 1000
        + "\n\n## Why this happens\n\n"
        + "word " * 400
        + "\n"
    )
    write(content_dir, "printing/timed.md", good_guide_as("Timed", body))
    site = tmp_path / "site"
    build_site(ROOT / "mkdocs.yml", content_dir, site, strict=False)

    guide = (site / "printing/clear-paper-jam/index.html").read_text(encoding="utf-8")
    # The scripts read the page's copy of the one module's values.
    assert page_vocabulary(guide) == vocabulary.site_extra()
    assert page_vocabulary(guide)["feedback"]["comment_chars"] == 1234  # type: ignore[index]
    # The templates render the same values.
    assert '<h2 id="kb-feedback-title">Did this guide help?</h2>' in guide
    reasons = re.findall(
        r'<input type="radio" name="reason" value="([^"]+)">\s*<span>([^<]+)</span>', guide
    )
    assert reasons == [("steps-did-not-work", "The steps failed"), ("other", "Another reason")]
    assert 'maxlength="1234"' in guide
    assert 'Up to 1,234 characters: <span class="kb-feedback__left">1,234</span> left.' in guide
    assert '<h2 id="kb-still-stuck-title">Need a person?</h2>' in guide
    mailto = re.search(r'href="(mailto:[^"]+)"', guide)
    assert mailto and "What you saw:" in urllib.parse.unquote(html.unescape(mailto.group(1)))
    timed = (site / "printing/timed/index.html").read_text(encoding="utf-8")
    assert minutes_on(timed)[0] == 3  # 400 words and a few, plus one step; not 1,000 more

    # The portal's /search page renders the theme's "Still stuck?" in the built frame.
    app = create_app({"site_dir": site, "var_dir": tmp_path / "var"})
    reply = app.test_client().get("/search?q=nothing+like+this")
    page = reply.get_data(as_text=True)
    assert '<h2 id="kb-still-stuck-title">Need a person?</h2>' in page
    assert "What%20you%20saw%3A" in page
    assert page_vocabulary(page) == vocabulary.site_extra()
    # And the dashboard's pages (here the one saying it is off) use the same words.
    off = app.test_client().get("/admin").get_data(as_text=True)
    assert "what readers answered to “Did this guide help?”" in off
