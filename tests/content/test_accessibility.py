"""The theme's accessibility overrides reach the real built pages."""

from __future__ import annotations

from tests.support.kb import Built


def test_the_overrides_reach_the_built_pages(built: Built) -> None:
    guide = (built.site / "network/wifi-not-connecting/index.html").read_text(encoding="utf-8")
    assert 'role="dialog" aria-label="Search"' in guide
    assert 'id="__nav_2_label" tabindex="" aria-label="Accounts' in guide
