"""Inline switches: `<!-- kb-lint disable RULE -->` and `enable` comments are honoured."""

from __future__ import annotations

from portal.writing.lint.engine import lint_markdown
from portal.writing.lint.rules import StructureRule
from portal.writing.lint.settings import LintSettings, configured_rules
from portal.writing.lint.switches import find_switches

RULES = [r for r in configured_rules(LintSettings()) if not isinstance(r, StructureRule)]


def hits(text: str) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in lint_markdown(text, RULES)]


def test_disable_and_enable_one_rule() -> None:
    text = (
        "Reboot it.\n\n"
        "<!-- kb-lint disable jargon -->\n"
        "Reboot it. Simply wait.\n\n"
        "<!-- kb-lint enable jargon -->\n"
        "Reboot it.\n"
    )
    assert hits(text) == [("jargon", 1), ("condescension", 4), ("jargon", 7)]


def test_a_family_name_turns_off_every_rule_in_it() -> None:
    text = "<!-- kb-lint disable condescension -->\nSimply wait. Just wait. You failed to wait.\n"
    assert hits(text) == []


def test_disable_without_names_turns_off_everything_until_enable() -> None:
    text = (
        "<!-- kb-lint disable -->\nSimply REBOOT it!! Now!\n\n"
        "<!-- kb-lint enable -->\nSimply wait.\n"
    )
    assert hits(text) == [("condescension", 5)]


def test_enable_one_rule_while_everything_is_off() -> None:
    text = "<!-- kb-lint disable -->\n<!-- kb-lint enable jargon -->\nSimply reboot it.\n"
    assert hits(text) == [("jargon", 3)]


def test_switches_work_inside_a_line() -> None:
    text = "Say <!-- kb-lint disable all-caps --> NOW <!-- kb-lint enable all-caps --> and NOW.\n"
    found = [(f.rule, f.column) for f in lint_markdown(text, RULES)]
    assert found == [("all-caps", 80)]
    assert text[79:82] == "NOW"


def test_several_names_and_commas() -> None:
    text = "<!-- kb-lint disable jargon, just -->\nJust reboot it.\n"
    assert hits(text) == []


def test_comments_inside_code_blocks_do_nothing() -> None:
    text = "```\n<!-- kb-lint disable jargon -->\n```\n\nReboot it.\n"
    assert find_switches(text, 1) == []
    assert hits(text) == [("jargon", 5)]
