"""`kb lint` on a troubleshooter: every problem of its tree is a finding on the line to fix, named
by its rule, told once; the plain-language and tone rules read its questions and answers; the
rules for a guide's sections and steps leave it alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portal.guides.troubleshooters import RULES
from portal.writing.lint.engine import lint_paths
from portal.writing.lint.findings import Finding
from portal.writing.lint.rules import StructureRule
from portal.writing.lint.settings import LintSettings, configured_rules
from portal.writing.problems import check_everything
from tests.support.files import GOOD_GUIDE, good_guide_as, troubleshooter_as, write
from tests.support.lint import all_rules

TODAY = dt.date(2026, 3, 1)
TREE = "troubleshoot/stopped.md"
FRONT = troubleshooter_as("Something stopped working", "")  # the page before its questions
GOOD_BODY = """\
## What stopped working? {#start}

- [My computer or laptop](#computer)
- [The printer](#printer)
- [Something else](../help/contact-the-service-desk.md)

## What is your computer doing? {#computer}

Look at the lights on the keyboard.

- [It will not turn on](../computer/computer-wont-turn-on.md)
- [The paper is stuck in the printer](../printing/clear-paper-jam.md#what-to-do)

## What is the printer doing? {#printer}

- [Nothing comes out](../printing/clear-paper-jam.md)
- [I would rather call someone](tel:)
"""
GUIDE_ONLY = {"template-sections", "steps-numbered", "template-text"}


def _folder(tmp_path: Path, body: str) -> Path:
    root = tmp_path / "content"
    write(root, "printing/clear-paper-jam.md", GOOD_GUIDE)
    write(root, "computer/computer-wont-turn-on.md", good_guide_as("Turn it on", "# Turn it on\n"))
    write(root, "help/contact-the-service-desk.md", good_guide_as("Contact us", "# Contact us\n"))
    write(root, TREE, FRONT + body)
    return root


def _line(body: str, needle: str) -> int:
    return FRONT.count("\n") + next(
        n for n, line in enumerate(body.splitlines(), 1) if needle in line
    )


def _lint(tmp_path: Path, body: str) -> list[Finding]:
    """Every finding on the troubleshooter, as `kb lint` shows them (links included)."""
    root = _folder(tmp_path, body)
    checkup = check_everything([], root, all_rules(), today=TODAY)
    return [f for f in checkup.findings if f.path.endswith(TREE)]


def test_a_good_troubleshooter_has_no_findings(tmp_path: Path) -> None:
    assert _lint(tmp_path, GOOD_BODY) == []


def test_rules_for_a_guides_sections_and_steps_leave_it_alone(tmp_path: Path) -> None:
    body = GOOD_BODY.replace("Look at the lights on the keyboard.", "Steps. What to do.")
    found = _lint(tmp_path, body)
    assert not {f.rule for f in found} & GUIDE_ONLY
    guide = _folder(tmp_path / "guide", "")
    write(guide, "printing/bare.md", good_guide_as("Bare", "# Bare\n\nNo sections.\n"))
    rules = {f.rule for f in check_everything([], guide, all_rules(), today=TODAY).findings}
    assert {"template-sections", "steps-numbered"} <= rules  # as they still do on guides


def test_every_kind_of_problem_has_a_rule_file_at_its_level() -> None:
    rules = {rule.id: rule for rule in configured_rules(LintSettings())}
    for name, severity in RULES.items():
        rule = rules[name]
        assert isinstance(rule, StructureRule)
        assert (rule.check, rule.level, rule.family, rule.pages) == (
            name,
            severity,
            "troubleshooters",
            "troubleshooters",
        )


CASES = [
    # (rule, what to replace in GOOD_BODY, with what, the line's needle, column)
    (
        "troubleshooter-format",
        "- [I would rather call someone](tel:)",
        "- [I would rather call someone](tel:)\n- Nothing at all",
        "- Nothing at all",
        3,
    ),
    (
        "troubleshooter-id",
        "## What is the printer doing? {#printer}",
        "## What is the printer doing? {#the.printer}",
        "{#the.printer}",
        31,
    ),
    (
        "troubleshooter-dead-end",
        "- [Nothing comes out](../printing/clear-paper-jam.md)\n"
        "- [I would rather call someone](tel:)\n",
        "",
        "{#printer}",
        4,
    ),
    (
        "troubleshooter-unknown-target",
        "(../printing/clear-paper-jam.md)",
        "(../printing/clear-paper-jm.md)",
        "[Nothing comes out]",
        3,
    ),
    (
        "troubleshooter-loop",
        "- [I would rather call someone](tel:)",
        "- [Go back](#start)",
        "[Go back]",
        3,
    ),
    (
        "troubleshooter-unreachable",
        "- [The printer](#printer)",
        "- [The printer](../printing/clear-paper-jam.md)",
        "{#printer}",
        4,
    ),
    (
        "troubleshooter-answers",
        "- [I would rather call someone](tel:)",
        "- [It is jammed](../printing/clear-paper-jam.md)",
        "[It is jammed]",
        3,
    ),
    (
        "troubleshooter-chain",
        "(../computer/computer-wont-turn-on.md)",
        "(other.md)",
        "(other.md)",
        3,
    ),
    (
        "troubleshooter-way-out",
        "- [Something else](../help/contact-the-service-desk.md)\n",
        "",
        "{#start}",
        4,
    ),
]


@pytest.mark.parametrize(
    ("rule", "old", "new", "needle", "column"), CASES, ids=[c[0] for c in CASES]
)
def test_each_problem_is_one_finding_on_its_line(
    tmp_path: Path, rule: str, old: str, new: str, needle: str, column: int
) -> None:
    assert old in GOOD_BODY
    body = GOOD_BODY.replace(old, new)
    if rule == "troubleshooter-id":  # the answer that leads to it uses the new name
        body = body.replace("(#printer)", "(#the.printer)")
    if rule == "troubleshooter-way-out":
        body = body.replace("(tel:)", "(../printing/clear-paper-jam.md#what-to-do)")
    write(tmp_path / "content", "troubleshoot/other.md", FRONT + GOOD_BODY)
    found = [f for f in _lint(tmp_path, body) if f.rule.startswith("troubleshooter-")]
    assert [(f.rule, f.line, f.column) for f in found] == [(rule, _line(body, needle), column)]
    finding = found[0]
    assert finding.severity == RULES[rule]
    assert finding.message.endswith(".")
    assert finding.suggestion
    assert finding.path == (tmp_path / "content" / TREE).as_posix()
    assert str(finding).startswith(f"{finding.path}:{finding.line}:{column}: ")


def test_too_deep_is_a_finding_on_the_fifth_question(tmp_path: Path) -> None:
    parts = []
    for n in range(1, 6):
        following = f"#q{n + 1}" if n < 5 else "../printing/clear-paper-jam.md"
        parts.append(
            f"## Question {n}? {{#q{n}}}\n\n- [On]({following})\n"
            "- [Desk](../help/contact-the-service-desk.md)\n"
        )
    body = "\n".join(parts)
    found = [f for f in _lint(tmp_path, body) if f.rule == "troubleshooter-depth"]
    assert [(f.line, f.column) for f in found] == [(_line(body, "{#q5}"), 4)]
    assert "question 5" in found[0].message


@pytest.mark.parametrize(
    ("href", "guess"),
    [
        ("../printing/clear-paper-jm.md", "../printing/clear-paper-jam.md"),
        ("../printing/clear-paper-jam.md#what-to-doo", "../printing/clear-paper-jam.md#what-to-do"),
        ("#compter", "#computer"),
    ],
)
def test_a_broken_target_is_told_once_in_the_trees_words(
    tmp_path: Path, href: str, guess: str
) -> None:
    """Not also as a broken link or a missing anchor: one finding, with the closest place."""
    body = GOOD_BODY.replace("(../computer/computer-wont-turn-on.md)", f"({href})")
    found = _lint(tmp_path, body)
    assert [(f.rule, f.line, f.suggestion) for f in found] == [
        ("troubleshooter-unknown-target", _line(body, "[It will not turn on]"), guess)
    ]
    assert "“It will not turn on”" in found[0].message
    assert found[0].kind == "link"  # so MkDocs saying it again in `kb build` is not shown twice


def test_a_link_in_a_hint_is_still_checked_as_a_link(tmp_path: Path) -> None:
    body = GOOD_BODY.replace(
        "Look at the lights on the keyboard.",
        "See [the lights](../computer/missing.md) on the keyboard.",
    )
    found = _lint(tmp_path, body)
    assert [(f.rule, f.line) for f in found] == [("broken-link", _line(body, "See [the lights]"))]


def test_plain_language_rules_read_questions_and_answers(tmp_path: Path) -> None:
    body = (
        GOOD_BODY.replace(
            "## What is your computer doing? {#computer}",
            "## Simply tell us what your computer is doing {#computer}",
        )
        .replace("[It will not turn on]", "[It will not reboot]")
        .replace("[The printer]", "[The printer is just broken]")
    )
    found = {(f.rule, f.line, f.column) for f in _lint(tmp_path, body)}
    assert ("condescension", _line(body, "Simply tell"), 4) in found
    assert ("jargon", _line(body, "will not reboot"), 16) in found
    assert ("just", _line(body, "is just broken"), 19) in found


def test_an_inline_switch_silences_a_rule_for_an_answer(tmp_path: Path) -> None:
    body = GOOD_BODY.replace(
        "- [It will not turn on](../computer/computer-wont-turn-on.md)\n",
        "<!-- kb-lint disable jargon -->\n"
        "- [It will not reboot](../computer/computer-wont-turn-on.md)\n"
        "<!-- kb-lint enable jargon -->\n",
    )
    assert _lint(tmp_path, body) == []


def test_linted_alone_or_by_its_folder_it_still_leads_into_the_content_folder(
    tmp_path: Path,
) -> None:
    root = _folder(tmp_path, GOOD_BODY.replace("clear-paper-jam.md)", "clear-paper-jm.md)"))
    expected = [("troubleshooter-unknown-target", _line(GOOD_BODY, "[Nothing comes out]"))]
    for paths in ([root / TREE], [root / "troubleshoot"], []):
        found = lint_paths(paths, root, all_rules(), today=TODAY).findings
        assert [(f.rule, f.line) for f in found if f.path.endswith(TREE)] == expected, paths
