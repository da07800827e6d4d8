"""Structure checks: front matter, template sections, numbered steps, list length, review dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portal.writing.lint.engine import lint_paths
from portal.writing.lint.findings import Finding
from portal.writing.lint.settings import LintSettings, configured_rules
from tests.support.files import TEMPLATE_BODY as BODY
from tests.support.files import write

TODAY = dt.date(2026, 11, 22)

FRONT = """\
---
title: Clear a paper jam
description: Clear stuck paper from the printer and get printing again.
tags:
  - printing
phrases:
  - paper jam
owner: Service Desk
reviewed: 2026-10-01
---
"""


def lint_guide(
    tmp_path: Path, text: str, name: str = "printing/clear-paper-jam.md"
) -> list[Finding]:
    path = write(tmp_path / "content", name, text)
    rules = configured_rules(LintSettings())
    return lint_paths([path], tmp_path / "content", rules, today=TODAY).findings


def by_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def test_a_guide_made_to_the_template_has_no_findings(tmp_path: Path) -> None:
    assert lint_guide(tmp_path, FRONT + BODY) == []


def test_missing_sections_are_listed_in_one_finding_at_the_title(tmp_path: Path) -> None:
    text = FRONT + BODY.replace("## Why this happens", "## Background").replace(
        "## Avoid it next time\n\n- Keep paper in its wrapper.\n\n", ""
    )
    (finding,) = by_rule(lint_guide(tmp_path, text), "template-sections")
    assert (finding.line, finding.column, finding.severity) == (11, 3, "error")  # the title
    assert finding.message == (
        "This guide is missing the sections “Why this happens” and “Avoid it next time”; "
        "readers look for the same sections in every guide."
    )
    assert finding.suggestion == "add “## Why this happens” (`kb new` writes every section for you)"


def test_sections_out_of_order(tmp_path: Path) -> None:
    did = "## Did it work?\n\nThe printer prints again.\n\n"
    why = "## Why this happens\n\nDamp or creased paper sticks together.\n\n"
    text = FRONT + BODY.replace(did + why, why + did)
    (finding,) = by_rule(lint_guide(tmp_path, text), "template-sections")
    assert finding.message == (
        "“Why this happens” comes before “Did it work?”; "
        "the template puts them the other way round."
    )
    assert finding.line == text.splitlines().index("## Did it work?") + 1


def test_steps_must_be_numbered(tmp_path: Path) -> None:
    text = FRONT + BODY.replace(
        "1. Open the front door.\n2. Pull", "- Open the front door.\n- Pull"
    )
    (finding,) = by_rule(lint_guide(tmp_path, text), "steps-numbered")
    assert (finding.line, finding.column) == (19, 1)  # the “What to do” heading
    assert (
        finding.message
        == "Readers need the steps as a numbered list, and the “What to do” section has none."
    )


def test_more_than_ten_steps_in_one_list(tmp_path: Path) -> None:
    steps = "".join(f"{n}. Do step {n}.\n" for n in range(1, 13))
    text = FRONT + BODY.replace("1. Open the front door.\n2. Pull the paper out gently.\n", steps)
    (finding,) = by_rule(lint_guide(tmp_path, text), "steps-per-list")
    assert (finding.line, finding.severity) == (21, "warning")  # the list's first step
    assert finding.message == "This list has 12 steps; keep lists to 10 steps or fewer."


def test_tabs_hold_separate_lists(tmp_path: Path) -> None:
    """Windows and Mac steps are two lists of 7, not one of 14."""
    tab = "".join(f"    {n}. Do step {n}.\n" for n in range(1, 8))
    tabs = f'=== "Windows"\n\n{tab}\n=== "Mac"\n\n{tab}'
    text = FRONT + BODY.replace("1. Open the front door.\n2. Pull the paper out gently.\n", tabs)
    assert by_rule(lint_guide(tmp_path, text), "steps-per-list") == []


def test_front_matter_problems_come_from_the_article_model(tmp_path: Path) -> None:
    long = "This guide explains " + "in a lot of detail " * 10 + "how to clear paper."
    text = (
        FRONT.replace(
            "description: Clear stuck paper from the printer and get printing again.",
            f"description: {long}",
        )
        .replace("reviewed: 2026-10-01", "reviewed: 2027-01-01")
        .replace("owner: Service Desk\n", "")
    )
    found = by_rule(lint_guide(tmp_path, text + BODY), "front-matter")
    messages = {(f.line, f.message) for f in found}
    assert (1, "`owner` is missing") in messages
    assert (
        3,
        f"`description` is {len(long)} characters; keep it to 160 or fewer so it fits "
        "in search results",
    ) in messages
    assert (8, "`reviewed` is 2027-01-01, which is in the future") in messages
    assert all(f.severity == "error" for f in found)


def test_broken_front_matter_is_one_finding_and_nothing_else(tmp_path: Path) -> None:
    text = FRONT.replace("title: Clear a paper jam", "title: Clear: a paper jam: now") + BODY
    found = lint_guide(tmp_path, text)
    assert [f.rule for f in found] == ["front-matter"]
    assert "not valid YAML" in found[0].message


def test_review_overdue_is_a_warning_at_reviewed(tmp_path: Path) -> None:
    text = FRONT.replace("reviewed: 2026-10-01", "reviewed: 2025-01-10") + BODY
    (finding,) = by_rule(lint_guide(tmp_path, text), "review-overdue")
    assert (finding.line, finding.severity) == (9, "warning")
    assert finding.message.startswith("This guide was due for review on 2025-07-11")


@pytest.mark.parametrize("name", ["printing/index.md", "index.md"])
def test_index_pages_are_not_how_to_guides(tmp_path: Path, name: str) -> None:
    text = "---\ntitle: Printing\ndescription: Printers.\n---\n\n# Printing\n\n- [A](a.md)\n"
    found = lint_guide(tmp_path, text, name)
    assert {f.rule for f in found} & {
        "template-sections",
        "steps-numbered",
        "review-overdue",
    } == set()
