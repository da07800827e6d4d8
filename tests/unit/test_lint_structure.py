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
    text = FRONT + BODY.replace("## Why this happens", "## A little history").replace(
        "## Avoid it next time\n\n- Keep paper in its wrapper.\n\n", ""
    )
    (finding,) = by_rule(lint_guide(tmp_path, text), "template-sections")
    # An outline difference: a warning, so the guide can still publish.
    assert (finding.line, finding.column, finding.severity) == (11, 3, "warning")  # the title
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


# A guide a careful writer might send: kind and clear, with an outline a little different
# from the template's ("Steps" for "What to do", no "Related guides", no `phrases`, and a
# description of two short sentences).
DIFFERENT_OUTLINE = """\
---
title: Connect to the office Wi-Fi
description: Connect your laptop to the office Wi-Fi. It takes a minute.
tags:
  - network
owner: Service Desk
reviewed: 2026-10-01
---

# Connect to the office Wi-Fi

Your laptop can join the office Wi-Fi in a minute, and it remembers it after that.

## Before you start

- Have your work username and password ready.

## Steps

1. Select the Wi-Fi icon next to the clock.
2. Select **Office** in the list.
3. Type your work username and password, then select **Connect**.

## Did it work?

The Wi-Fi icon shows full bars, and websites open again.

## Why this happens

Laptops join only the networks you choose, so each new one needs your password once.

## Avoid it next time

- Leave **Connect automatically** ticked, so your laptop joins by itself.
"""


def test_a_kind_guide_with_a_different_outline_gets_warnings_and_no_errors(
    tmp_path: Path,
) -> None:
    found = lint_guide(tmp_path, DIFFERENT_OUTLINE, "network/connect-to-office-wifi.md")
    assert [f for f in found if f.severity == "error"] == []
    warnings = {(f.rule, f.message): f for f in found}
    renamed = warnings[
        (
            "template-sections",
            "“Steps” is what the template calls “What to do”; "
            "readers look for the same headings in every guide.",
        )
    ]
    assert renamed.suggestion == "rename “## Steps” to “## What to do”"
    assert renamed.line == DIFFERENT_OUTLINE.splitlines().index("## Steps") + 1
    missing = warnings[
        (
            "template-sections",
            "This guide is missing the “Related guides” section; "
            "readers look for the same sections in every guide.",
        )
    ]
    assert missing.severity == "warning"
    front = {f.message: f for f in found if f.rule == "front-matter"}
    assert front["`phrases` is missing"].severity == "warning"
    assert "search finds the guide" in (front["`phrases` is missing"].suggestion or "")
    assert front["`description` should be one sentence, not several"].severity == "warning"
    assert {f.severity for f in found} == {"warning"}


def test_a_description_far_over_the_limit_is_still_an_error(tmp_path: Path) -> None:
    long = "Connect your laptop to the office Wi-Fi " + "and stay connected all day " * 8
    text = DIFFERENT_OUTLINE.replace(
        "description: Connect your laptop to the office Wi-Fi. It takes a minute.",
        f"description: {long.strip()}",
    )
    (found,) = [
        f
        for f in lint_guide(tmp_path, text, "network/wifi.md")
        if f.rule == "front-matter" and "characters" in f.message
    ]
    assert found.severity == "error"
    assert len(long.strip()) >= 200


def test_a_description_a_little_long_is_a_warning(tmp_path: Path) -> None:
    long = ("Connect your laptop to the office Wi-Fi and stay connected " * 3)[:175].strip()
    text = DIFFERENT_OUTLINE.replace(
        "description: Connect your laptop to the office Wi-Fi. It takes a minute.",
        f"description: {long}",
    )
    (found,) = [
        f
        for f in lint_guide(tmp_path, text, "network/wifi.md")
        if f.rule == "front-matter" and "characters" in f.message
    ]
    assert found.severity == "warning"
    assert found.suggestion == "cut a few words; search results show about 160 characters"


def test_missing_title_and_broken_dates_stay_errors(tmp_path: Path) -> None:
    text = DIFFERENT_OUTLINE.replace("title: Connect to the office Wi-Fi\n", "").replace(
        "reviewed: 2026-10-01", "reviewed: someday"
    )
    found = [f for f in lint_guide(tmp_path, text, "network/wifi.md") if f.severity == "error"]
    messages = {f.message for f in found}
    assert "`title` is missing" in messages
    assert "`reviewed` must be a date written as YYYY-MM-DD" in messages


def test_template_text_left_in_is_named_with_what_to_write(tmp_path: Path) -> None:
    from portal.writing.new_guide import render_guide

    text = render_guide("Fix a stuck print queue", "printing", dt.date(2026, 11, 1))
    found = by_rule(
        lint_guide(tmp_path, text, "printing/fix-a-stuck-print-queue.md"), "template-text"
    )
    assert found and all(f.severity == "error" for f in found)
    lines = text.splitlines()
    step = next(f for f in found if "Open the app or setting" in f.message)
    assert step.message == (
        "“Open the app or setting that the problem is in.” is still the template’s example "
        "text in “What to do”; readers would see it as it is."
    )
    assert step.suggestion == "write the real steps for this problem, one action each"
    assert lines[step.line - 1] == "1. Open the app or setting that the problem is in."
    assert step.column == 4
    where = {f.message.split("example text ")[1].split(";")[0] for f in found}
    assert where >= {"in the description", "in the phrases", "under the title", "in “Did it work?”"}
    description = next(f for f in found if "in the description" in f.message)
    assert lines[description.line - 1].startswith("description: One plain sentence")


def test_one_template_sentence_left_in_a_filled_guide_is_found(tmp_path: Path) -> None:
    text = FRONT + BODY.replace(
        "The printer prints again.", "The printer prints again. If you do, you are done."
    )
    (found,) = by_rule(lint_guide(tmp_path, text), "template-text")
    assert found.message.startswith("“If you do, you are done.”")
    assert found.line == text.splitlines().index("## Did it work?") + 3


def test_template_text_follows_the_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The example sentences are read from the template, not written into the rule."""
    from portal.writing.lint import structure

    template = (
        "---\ndescription: Say what it fixes.\n---\n\n"
        "# $title\n\n## What to do\n\n1. Press the big button.\n"
    )
    monkeypatch.setattr("portal.writing.new_guide.template_text", lambda name="guide.md": template)
    structure.template_examples.cache_clear()
    try:
        text = FRONT + BODY.replace("1. Open the front door.", "1. Press the big button.")
        (found,) = by_rule(lint_guide(tmp_path, text), "template-text")
        assert "Press the big button" in found.message
    finally:
        structure.template_examples.cache_clear()


def test_a_filled_in_guide_has_no_template_text(tmp_path: Path) -> None:
    assert by_rule(lint_guide(tmp_path, FRONT + BODY), "template-text") == []
