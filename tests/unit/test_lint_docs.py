"""docs/writing-guide.md is generated from the rule files and documents every rule."""

from __future__ import annotations

import re

from portal.writing.lint.docs import GUIDE, main, render
from portal.writing.lint.rules import load_rules


def test_writing_guide_is_up_to_date() -> None:
    assert GUIDE.read_text(encoding="utf-8") == render(load_rules()), (
        "docs/writing-guide.md is stale: run `python -m portal.writing.lint.docs`"
    )
    assert main(["--check"]) == 0


def test_every_rule_has_a_section_with_bad_and_good_examples() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    sections = re.split(r"^#### ", text, flags=re.MULTILINE)[1:]
    documented = {section.split("\n", 1)[0].strip("`") for section in sections}
    rules = load_rules()
    assert documented == {rule.id for rule in rules}
    for section in sections:
        assert "Instead of:" in section and "Write:" in section, section.split("\n", 1)[0]


def test_a_rule_missing_from_the_guide_is_caught() -> None:
    rules = load_rules()
    partial = render(rules[:-1])
    assert f"#### `{rules[-1].id}`" not in partial
    assert partial != GUIDE.read_text(encoding="utf-8")


def test_the_guide_lists_every_jargon_term() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for rule in load_rules():
        for term in getattr(rule, "terms", ()):
            assert f"`{term.key.replace('|', ' or ')}`" in text
