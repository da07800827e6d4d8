"""`kb lint`'s prose rules as the writing guide configures them, run over a snippet of Markdown,
for the tests of what the rules flag and of the findings they give."""

from __future__ import annotations

from functools import cache

from portal.writing.lint.engine import lint_markdown
from portal.writing.lint.findings import Finding
from portal.writing.lint.rules import Rule, StructureRule
from portal.writing.lint.settings import LintSettings, configured_rules


@cache
def all_rules() -> tuple[Rule, ...]:
    return tuple(configured_rules(LintSettings()))


def prose_rules() -> list[Rule]:
    return [rule for rule in all_rules() if not isinstance(rule, StructureRule)]


def lint(text: str) -> list[Finding]:
    return lint_markdown(text if text.endswith("\n") else text + "\n", prose_rules())


def rules_hit(text: str) -> set[str]:
    return {finding.rule for finding in lint(text)}
