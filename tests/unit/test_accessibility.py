"""The Material partials the theme overrides (for accessible names, the order of the Learn
section and of a course's lessons, and topic names in the navigation and breadcrumbs) stay
Material's own apart from the lines we changed."""

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
    "nav-item.html": [
        (
            '<label class="md-nav__link {{ class }}" for="{{ path }}" id="{{ path }}_label"'
            ' tabindex="{{ tabindex }}">\n                <span class="md-nav__icon md-icon">',
            '<label class="md-nav__link {{ class }}" for="{{ path }}" id="{{ path }}_label"'
            ' tabindex="{{ tabindex }}" aria-label="{{ index.title | striptags }}">\n'
            '                <span class="md-nav__icon md-icon">',
        ),
        # A section is named by its index page's title, as the home page and breadcrumbs name it.
        ("{{ render_content(index, nav_item) }}", "{{ render_content(index) }}"),
        (
            '<span class="md-nav__icon md-icon"></span>\n            {{ render_title(nav_item) }}',
            '<span class="md-nav__icon md-icon"></span>\n'
            "            {{ render_title(index or nav_item) }}",
        ),
        (
            '<ul class="md-nav__list" data-md-scrollfix>\n'
            "            {% for item in nav_item.children %}\n",
            '<ul class="md-nav__list" data-md-scrollfix>\n' + COURSE_ORDER,
        ),
    ],
    "path.html": [
        (
            '<nav class="md-path" aria-label="{{ lang.t(\'nav\') }}" {{ hidden }}>',
            '<nav class="md-path" aria-label="Breadcrumb" {{ hidden }}>',
        )
    ],
    "path-item.html": [
        (
            "    {{ nav_item.title }}\n",
            '    {{ "Home" if nav_item.is_homepage else nav_item.title }}\n',
        ),
        (
            '<a href="{{ first.url | url }}" class="md-path__link">\n'
            "          {{ render_content(ref) }}",
            '<a href="{{ first.url | url }}" class="md-path__link"'
            " {{ 'aria-current=\"page\"' if first == page }}>\n"
            "          {{ render_content(first if first.is_index and ref == nav_item else ref) }}",
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
