"""The intranet search box's snippet: a plain form that needs no script, shown in the docs as the
portal makes it."""

from __future__ import annotations

from pathlib import Path

from portal.web.blueprints.intranet import snippet
from tests.support.files import ROOT


def test_the_docs_show_the_snippet_as_the_portal_makes_it() -> None:
    docs = (ROOT / "docs" / "intranet-search-box.md").read_text(encoding="utf-8")
    assert snippet("https://help.example.com") in docs


def test_the_snippet_is_a_plain_form_that_needs_no_script() -> None:
    html = snippet("https://help.example.com")
    assert '<form action="https://help.example.com/search" method="get" role="search"' in html
    assert '<label for="plainhelp-q">' in html and 'id="plainhelp-q" name="q"' in html
    assert '<button type="submit">' in html
    assert '<script src="https://help.example.com/assets/intranet-box.js" defer>' in html
    assert Path(ROOT / "portal/writing/theme/assets/intranet-box.js").is_file()
