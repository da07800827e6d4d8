"""The Material partials the theme overrides (for accessible names, and the order of the Learn
section and of a course's lessons) stay Material's own apart from the lines we changed."""

from __future__ import annotations

from pathlib import Path

import material
import pytest

from tests.support.files import ROOT

MATERIAL = Path(material.__file__).parent / "templates" / "partials"
# Each partial we override by a few lines: Material's own lines, and the lines ours has instead.
COURSE_ORDER = """\
            {% set children = nav_item.children %}
            {% if index and index.meta and index.meta.get("kind") == "course" %}
              {% set children = [] %}
              {% for name in index.meta.get("lessons") or [] if name is string %}
                {% for item in nav_item.children
                   if item.file and item.file.src_uri.endswith("/" ~ name ~ ".md") %}
                  {% set _ = children.append(item) %}
                {% endfor %}
              {% endfor %}
              {% for item in nav_item.children if item not in children %}
                {% set _ = children.append(item) %}
              {% endfor %}
            {% endif %}
            {% for item in children %}
"""
OVERRIDES: dict[str, list[tuple[str, str]]] = {
    "search.html": [
        (
            '<div class="md-search" data-md-component="search" role="dialog">',
            '<div class="md-search" data-md-component="search" role="dialog"'
            " aria-label=\"{{ lang.t('search') }}\">",
        )
    ],
    "nav-item.html": [
        (
            '<label class="md-nav__link {{ class }}" for="{{ path }}" id="{{ path }}_label"'
            ' tabindex="{{ tabindex }}">\n                <span class="md-nav__icon md-icon">',
            '<label class="md-nav__link {{ class }}" for="{{ path }}" id="{{ path }}_label"'
            ' tabindex="{{ tabindex }}" aria-label="{{ nav_item.title | striptags }}">\n'
            '                <span class="md-nav__icon md-icon">',
        ),
        (
            '<ul class="md-nav__list" data-md-scrollfix>\n'
            "            {% for item in nav_item.children %}\n",
            '<ul class="md-nav__list" data-md-scrollfix>\n' + COURSE_ORDER,
        ),
    ],
    "nav.html": [
        (
            "    {% for nav_item in nav.items %}\n",
            '    {% for nav_item in nav.items | rejectattr("title", "eq", "Learn") | list'
            ' + nav.items | selectattr("title", "eq", "Learn") | list %}\n',
        )
    ],
}


@pytest.mark.parametrize("partial", list(OVERRIDES))
def test_overridden_partials_are_materials_own_but_for_our_line(partial: str) -> None:
    """When Material is upgraded and its partial changes, this fails: copy the new one and make
    the same change again (the comment at the top of our copy says what and why)."""
    original = (MATERIAL / partial).read_text(encoding="utf-8")
    ours = (ROOT / "portal/writing/theme/partials" / partial).read_text(encoding="utf-8")
    expected = original
    for old, new in OVERRIDES[partial]:
        assert original.count(old) == 1, f"Material's {partial} changed: redo the override"
        expected = expected.replace(old, new)
    assert ours.startswith("{#-\n  Plainhelp: ")
    assert ours.split("-#}\n", 1)[1] == expected
