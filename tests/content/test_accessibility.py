"""The theme's accessibility overrides reach the real built pages."""

from __future__ import annotations

from tests.support.kb import Built


def test_the_overrides_reach_the_built_pages(built: Built) -> None:
    guide = (built.site / "network/wifi-not-connecting/index.html").read_text(encoding="utf-8")
    # The header's search box is a named search landmark (partials/search.html), and a section
    # is named by its index page's title, as on the home page (partials/nav-item.html).
    assert 'role="search"\n          aria-label="Search the help guides"' in guide
    assert 'id="__nav_2_label" tabindex="" aria-label="Accounts and passwords"' in guide
