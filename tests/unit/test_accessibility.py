"""The two Material partials the theme overrides (for accessible names) stay Material's own apart
from the lines we changed."""

from __future__ import annotations

from pathlib import Path

import material
import pytest

from tests.support.files import ROOT

MATERIAL = Path(material.__file__).parent / "templates" / "partials"
# Each partial we override by one line: Material's own line, and the line ours has in its place.
OVERRIDES = {
    "search.html": (
        '<div class="md-search" data-md-component="search" role="dialog">',
        '<div class="md-search" data-md-component="search" role="dialog"'
        " aria-label=\"{{ lang.t('search') }}\">",
    ),
    "nav-item.html": (
        '<label class="md-nav__link {{ class }}" for="{{ path }}" id="{{ path }}_label"'
        ' tabindex="{{ tabindex }}">\n                <span class="md-nav__icon md-icon">',
        '<label class="md-nav__link {{ class }}" for="{{ path }}" id="{{ path }}_label"'
        ' tabindex="{{ tabindex }}" aria-label="{{ nav_item.title | striptags }}">\n'
        '                <span class="md-nav__icon md-icon">',
    ),
}


@pytest.mark.parametrize("partial", list(OVERRIDES))
def test_overridden_partials_are_materials_own_but_for_our_line(partial: str) -> None:
    """When Material is upgraded and its partial changes, this fails: copy the new one and make
    the same change again (the comment at the top of our copy says what and why)."""
    old, new = OVERRIDES[partial]
    original = (MATERIAL / partial).read_text(encoding="utf-8")
    ours = (ROOT / "portal/writing/theme/partials" / partial).read_text(encoding="utf-8")
    assert original.count(old) == 1, f"Material's {partial} changed: redo the override"
    assert ours.startswith("{#-\n  Plainhelp: ")
    assert ours.split("-#}\n", 1)[1] == original.replace(old, new)
