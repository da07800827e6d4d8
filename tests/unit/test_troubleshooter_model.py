"""The troubleshooter model: a question tree read from Markdown, and every way it can leave a
reader stuck, each named by its rule, on its line and column, with what to do about it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portal.guides.articles import Content, load_content
from portal.guides.troubleshooters import (
    DESK_PAGE,
    MAX_DEPTH,
    RULE_ANSWERS,
    RULE_CHAIN,
    RULE_DEAD_END,
    RULE_DEPTH,
    RULE_FORMAT,
    RULE_ID,
    RULE_LOOP,
    RULE_UNKNOWN_TARGET,
    RULE_UNREACHABLE,
    RULE_WAY_OUT,
    RULES,
    TreeProblem,
    Troubleshooter,
    is_troubleshooter,
    parse_troubleshooter,
    problems_of,
    section_ids,
    troubleshooters_of,
)
from tests.support.files import GOOD_GUIDE, good_guide_as, troubleshooter_as, write

TODAY = dt.date(2026, 3, 1)
TREE = "troubleshoot/stopped.md"
FRONT = troubleshooter_as("Something stopped working", "")  # the page before its questions
GOOD_BODY = """\
## What stopped working? {#start}

- [My computer or laptop](#computer)
- [The printer](#what-is-the-printer-doing)
- [Something else](../help/contact-the-service-desk.md)

## What is your computer doing? {#computer}

Look at the lights on the keyboard.

- [It will not turn on](../computer/computer-wont-turn-on.md)
- [It says it is printing, but nothing comes out](../printing/clear-paper-jam.md#what-to-do)

## What is the *printer* doing?

- [Nothing comes out](../printing/clear-paper-jam.md)
- [I would rather call someone](tel:)
"""


def _content(tmp_path: Path, body: str, front: str = FRONT) -> Content:
    """A small content folder: three guides, the contact page, another troubleshooter, and
    the troubleshooter under test at troubleshoot/stopped.md."""
    root = tmp_path / "content"
    write(root, "printing/clear-paper-jam.md", GOOD_GUIDE)
    write(root, "computer/computer-wont-turn-on.md", good_guide_as("Turn it on", "# Turn it on\n"))
    write(root, "help/contact-the-service-desk.md", good_guide_as("Contact us", "# Contact us\n"))
    write(root, "troubleshoot/other.md", FRONT + GOOD_BODY)
    write(root, TREE, front + body)
    return load_content(root, TODAY)


def _tree(tmp_path: Path, body: str) -> tuple[Troubleshooter, Content]:
    content = _content(tmp_path, body)
    article = content.get(TREE.removesuffix(".md"))
    assert article is not None and is_troubleshooter(article)
    return parse_troubleshooter(article), content


def _line(body: str, needle: str) -> int:
    """The file line of the first body line holding `needle`."""
    return FRONT.count("\n") + next(
        n for n, line in enumerate(body.splitlines(), 1) if needle in line
    )


def _found(tmp_path: Path, body: str) -> list[TreeProblem]:
    tree, content = _tree(tmp_path, body)
    found = problems_of(tree, content)
    assert all(isinstance(problem, TreeProblem) for problem in found)
    return [problem for problem in found if isinstance(problem, TreeProblem)]


def _only(tmp_path: Path, body: str, rule: str) -> list[TreeProblem]:
    return [problem for problem in _found(tmp_path, body) if problem.rule == rule]


def test_a_good_tree_is_read_as_written_and_has_no_problems(tmp_path: Path) -> None:
    tree, content = _tree(tmp_path, GOOD_BODY)
    assert problems_of(tree, content) == []
    assert [q.id for q in tree.questions] == ["start", "computer", "what-is-the-printer-doing"]
    assert tree.start is tree.questions[0]
    assert tree.path == "troubleshoot/stopped"
    assert tree.url == "/troubleshoot/stopped/"
    computer = tree.question("computer")
    assert computer is not None
    assert computer.text == "What is your computer doing?"
    assert computer.hint == "Look at the lights on the keyboard."
    assert computer.line == _line(GOOD_BODY, "{#computer}")
    start = tree.questions[0].options
    assert [(o.label, o.kind, o.question, o.guide) for o in start] == [
        ("My computer or laptop", "question", "computer", None),
        ("The printer", "question", "what-is-the-printer-doing", None),
        ("Something else", "desk", None, DESK_PAGE),
    ]
    assert (start[0].line, start[0].column) == (_line(GOOD_BODY, "[My computer"), 3)
    section = computer.options[1]
    assert (section.kind, section.guide, section.anchor) == (
        "guide",
        "printing/clear-paper-jam",
        "what-to-do",
    )
    assert tree.questions[2].text == "What is the printer doing?"  # emphasis is not words
    assert tree.questions[2].options[1].kind == "desk"  # tel: is the desk
    assert [o.is_ending for o in start] == [False, False, True]
    assert tree.endings() == {
        "computer/computer-wont-turn-on",
        "printing/clear-paper-jam",
        DESK_PAGE,
    }
    assert [t.path for t in troubleshooters_of(content)] == [
        "troubleshoot/other",
        "troubleshoot/stopped",
    ]


def test_paths_go_from_the_start_to_every_ending_and_never_round_a_loop(tmp_path: Path) -> None:
    body = GOOD_BODY.replace("- [I would rather call someone](tel:)", "- [Start over](#start)")
    tree, _ = _tree(tmp_path, body)
    ways = [([q.id for q in asked], option.label) for asked, option in tree.paths()]
    assert ways == [
        (["start", "computer"], "It will not turn on"),
        (["start", "computer"], "It says it is printing, but nothing comes out"),
        (["start", "what-is-the-printer-doing"], "Nothing comes out"),
        (["start"], "Something else"),
    ]


def test_every_problem_names_a_known_rule_at_its_own_severity(tmp_path: Path) -> None:
    body = "## Which one?\n\n- [Loop](#which-one)\n\n### A step\n\n## Nobody comes here\n"
    found = _found(tmp_path, body)
    assert {p.rule for p in found} >= {RULE_LOOP, RULE_FORMAT, RULE_UNREACHABLE, RULE_DEAD_END}
    for problem in found:
        assert problem.severity == RULES[problem.rule]
        assert problem.message.endswith(".")
        assert problem.suggestion
        assert problem.path.endswith(TREE)


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ("### What you see", "only questions"),
        ("- The printer", "is not one link"),
        ("- [The printer](#printer) or the scanner", "is not one link"),
        ("- [ ](#printer)", "no words"),
        ("1. [The printer](#printer)", "numbered list"),
        ("[The printer](#printer)", "stands alone"),
    ],
)
def test_the_format_is_checked_line_by_line(tmp_path: Path, line: str, needle: str) -> None:
    body = GOOD_BODY.replace(
        "- [Something else](../help/", f"{line}\n\n- [Something else](../help/"
    )
    if line.startswith(("###", "[")):  # above the list: a heading, or a link alone as a hint
        body = GOOD_BODY.replace(
            "## What stopped working? {#start}\n",
            f"## What stopped working? {{#start}}\n\n{line}\n",
        )
    found = _only(tmp_path, body, RULE_FORMAT)
    assert len(found) == 1, found
    assert needle in found[0].message or needle in (found[0].suggestion or "")
    assert found[0].line == _line(body, line)


def test_words_under_an_answer_or_after_the_list_are_never_shown(tmp_path: Path) -> None:
    body = GOOD_BODY.replace(
        "- [The printer](#what-is-the-printer-doing)\n",
        "- [The printer](#what-is-the-printer-doing)\n  the big one by the door\n",
    ).replace(
        "- [I would rather call someone](tel:)\n",
        "- [I would rather call someone](tel:)\n\nOr ask a colleague.\n",
    )
    found = _only(tmp_path, body, RULE_FORMAT)
    assert [(p.line, p.column) for p in found] == [
        (_line(body, "the big one"), 3),
        (_line(body, "Or ask"), 1),
    ]
    assert "one line" in found[0].message
    assert "after a question's answers" in found[1].message


def test_comments_abbreviations_and_code_are_not_part_of_the_tree(tmp_path: Path) -> None:
    body = (
        GOOD_BODY.replace(
            "- [The printer](#what-is-the-printer-doing)\n",
            "<!-- kb-lint disable all-caps -->\n"
            "- [The printer](#what-is-the-printer-doing)\n"
            "<!-- kb-lint enable -->\n"
            "<!--\na comment\nover lines\n-->\n",
        )
        + "\n```\n## Not a question\n```\n\n*[USB]: a plug for cables\n"
    )
    assert body.count("<!--") == 3
    assert _found(tmp_path, body) == []


@pytest.mark.parametrize(
    ("heading", "needle"),
    [
        ("## What is it? {#printer.problems}", "`#printer.problems` has characters"),
        ("## What " + "very " * 14 + "long question is it?", "longer than 64"),
        ("## ???", "is empty"),
    ],
)
def test_a_question_name_must_fit_in_an_address(tmp_path: Path, heading: str, needle: str) -> None:
    name = heading.partition("{#")[2].rstrip("}") or None
    target = name or ""
    body = GOOD_BODY.replace("(#what-is-the-printer-doing)", f"(#{target})").replace(
        "## What is the *printer* doing?", heading
    )
    found = _only(tmp_path, body, RULE_ID)
    assert len(found) == 1, found
    assert needle in found[0].message
    assert found[0].line == _line(body, heading)
    if name:
        assert found[0].column == heading.index("{#") + 1


def test_two_questions_with_one_name(tmp_path: Path) -> None:
    body = GOOD_BODY.replace(
        "## What is the *printer* doing?", "## What is the printer doing? {#computer}"
    )
    found = _only(tmp_path, body, RULE_ID)
    assert len(found) == 1
    assert f"line {_line(body, '{#computer}')}" in found[0].message
    assert found[0].line == _line(body, "What is the printer doing")


def test_a_question_without_answers_is_a_dead_end(tmp_path: Path) -> None:
    body = GOOD_BODY + "\n## Anything else? {#more}\n\nTell us more.\n"
    body = body.replace(
        "- [Something else](../help/", "- [More](#more)\n- [Something else](../help/"
    )
    found = _only(tmp_path, body, RULE_DEAD_END)
    assert [(p.line, p.column) for p in found] == [(_line(body, "{#more}"), 4)]


def test_a_page_without_questions_is_a_dead_end(tmp_path: Path) -> None:
    found = _found(tmp_path, "Nothing to ask yet.\n")
    assert [p.rule for p in found] == [RULE_DEAD_END]
    assert "no questions" in found[0].message


@pytest.mark.parametrize(
    ("href", "needle", "suggestion"),
    [
        ("#compter", "no question here", "#computer"),
        ("../printing/clear-paper-jm.md", "no such page", "../printing/clear-paper-jam.md"),
        (
            "../printing/clear-paper-jam.md#what-to-doo",
            "no section with that name",
            "../printing/clear-paper-jam.md#what-to-do",
        ),
        ("https://example.com/printer", "not a question, a guide", "(`#printer`)"),
        ("../../outside.md", "outside", "--content"),
        ("../printing/", "not a question, a guide", "`../help/contact-the-service-desk.md`"),
    ],
)
def test_an_answer_that_leads_nowhere_says_where_it_should(
    tmp_path: Path, href: str, needle: str, suggestion: str
) -> None:
    body = GOOD_BODY.replace("(../computer/computer-wont-turn-on.md)", f"({href})")
    found = _only(tmp_path, body, RULE_UNKNOWN_TARGET)
    assert len(found) == 1, found
    assert (found[0].line, found[0].column) == (_line(body, "[It will not turn on]"), 3)
    assert "“It will not turn on”" in found[0].message
    assert needle in found[0].message
    assert suggestion in (found[0].suggestion or "")


def test_without_the_content_only_the_tree_itself_is_checked(tmp_path: Path) -> None:
    body = GOOD_BODY.replace("(../computer/computer-wont-turn-on.md)", "(../nowhere.md)")
    tree, _ = _tree(tmp_path, body)
    assert problems_of(tree) == []


def test_a_missing_desk_page_is_a_missing_page(tmp_path: Path) -> None:
    content = _content(tmp_path, GOOD_BODY)
    (content.root / "help" / "contact-the-service-desk.md").unlink()
    content = load_content(content.root, TODAY)
    article = content.get("troubleshoot/stopped")
    assert article is not None
    found = problems_of(parse_troubleshooter(article), content)
    assert [(type(p), getattr(p, "rule", None)) for p in found] == [
        (TreeProblem, RULE_UNKNOWN_TARGET)
    ]
    assert "“Something else”" in found[0].message


def test_an_answer_that_leads_back_is_a_loop(tmp_path: Path) -> None:
    body = GOOD_BODY.replace(
        "- [Nothing comes out](../printing/clear-paper-jam.md)", "- [Nothing comes out](#start)"
    )
    found = _only(tmp_path, body, RULE_LOOP)
    assert [(p.line, p.column) for p in found] == [(_line(body, "[Nothing comes out]"), 3)]
    assert "“What stopped working?”" in found[0].message
    assert "Start again" in (found[0].suggestion or "")


def test_a_loop_reached_two_ways_is_told_once(tmp_path: Path) -> None:
    body = """\
## First? {#start}

- [A](#a)
- [B](#b)
- [Desk](../help/contact-the-service-desk.md)

## A? {#a}

- [On](#b)
- [Off](../printing/clear-paper-jam.md)

## B? {#b}

- [Back](#a)
- [Done](../printing/clear-paper-jam.md)
"""
    assert len(_only(tmp_path, body, RULE_LOOP)) == 1


def test_an_answer_to_its_own_page_is_a_loop(tmp_path: Path) -> None:
    body = GOOD_BODY.replace("(../computer/computer-wont-turn-on.md)", "(stopped.md)")
    found = _only(tmp_path, body, RULE_LOOP)
    assert len(found) == 1 and "own page" in found[0].message


def test_a_question_no_answer_leads_to_is_unreachable(tmp_path: Path) -> None:
    body = GOOD_BODY.replace("(#what-is-the-printer-doing)", "(../printing/clear-paper-jam.md)")
    found = _only(tmp_path, body, RULE_UNREACHABLE)
    assert [p.line for p in found] == [_line(body, "*printer* doing")]
    assert "(#what-is-the-printer-doing)" in (found[0].suggestion or "")


def _chain(length: int, shortcut: bool = False) -> str:
    """Questions q1..qN, each leading to the next, the last to a guide; a shortcut from q1
    straight to the last question makes no way shorter than the longest."""
    parts = []
    for n in range(1, length + 1):
        following = f"#q{n + 1}" if n < length else "../printing/clear-paper-jam.md"
        extra = f"- [Skip](#q{length})\n" if shortcut and n == 1 else ""
        parts.append(
            f"## Question {n}? {{#q{n}}}\n\n- [On](" + following + ")\n"
            f"{extra}- [Desk](../help/contact-the-service-desk.md)\n"
        )
    return "\n".join(parts)


def test_at_most_four_questions_on_the_longest_way(tmp_path: Path) -> None:
    assert _only(tmp_path, _chain(MAX_DEPTH), RULE_DEPTH) == []
    body = _chain(MAX_DEPTH + 2, shortcut=True)
    found = _only(tmp_path, body, RULE_DEPTH)
    assert [p.line for p in found] == [_line(body, "{#q5}"), _line(body, "{#q6}")]
    assert "question 6 on the longest way" in found[1].message


def test_a_dense_tree_is_checked_without_walking_every_way(tmp_path: Path) -> None:
    """Each question leads to every later one: 2**29 ways through, checked at once."""
    count = 30
    parts = []
    for n in range(count):
        answers = "".join(f"- [To {m}](#q{m})\n" for m in range(n + 1, min(count, n + 8)))
        answers += "- [Desk](../help/contact-the-service-desk.md)\n"
        parts.append(f"## Question {n}? {{#q{n}}}\n\n{answers}")
    found = _only(tmp_path, "\n".join(parts), RULE_DEPTH)
    assert [p.line for p in found][:1] == [_line("\n".join(parts), "{#q4}")]
    assert "question 30 on the longest way" in found[-1].message


def test_answers_are_a_real_choice(tmp_path: Path) -> None:
    one = GOOD_BODY.replace("- [I would rather call someone](tel:)\n", "")
    found = _only(tmp_path, one, RULE_ANSWERS)
    assert [p.line for p in found] == [_line(one, "*printer* doing")]
    assert "one answer" in found[0].message
    many = GOOD_BODY.replace(
        "- [I would rather call someone](tel:)\n",
        "".join(
            f"- [Answer {n}](../printing/clear-paper-jam.md#what-to-do-{n})\n" for n in range(8)
        ),
    )
    assert any("9 answers" in p.message for p in _only(tmp_path, many, RULE_ANSWERS))


def test_two_answers_to_one_place_are_told(tmp_path: Path) -> None:
    body = GOOD_BODY.replace(
        "- [I would rather call someone](tel:)", "- [It is jammed](../printing/clear-paper-jam.md)"
    )
    found = _only(tmp_path, body, RULE_ANSWERS)
    assert [p.line for p in found] == [_line(body, "[It is jammed]")]
    assert "“Nothing comes out”" in found[0].message
    assert found[0].severity == "warning"


def test_an_answer_to_another_troubleshooter_is_a_warning(tmp_path: Path) -> None:
    body = GOOD_BODY.replace("(../computer/computer-wont-turn-on.md)", "(other.md)")
    found = _only(tmp_path, body, RULE_CHAIN)
    assert [(p.line, p.severity) for p in found] == [(_line(body, "other.md"), "warning")]


def test_a_tree_without_a_way_to_the_desk_is_told(tmp_path: Path) -> None:
    body = GOOD_BODY.replace(
        "(../help/contact-the-service-desk.md)", "(../printing/clear-paper-jam.md)"
    )
    body = body.replace("(tel:)", "(../computer/computer-wont-turn-on.md)")
    found = _only(tmp_path, body, RULE_WAY_OUT)
    assert [(p.line, p.severity) for p in found] == [(_line(body, "{#start}"), "warning")]
    assert "../help/contact-the-service-desk.md" in (found[0].suggestion or "")


def test_section_ids_are_the_sites_own(tmp_path: Path) -> None:
    content = _content(tmp_path, GOOD_BODY)
    guide = content.get("printing/clear-paper-jam")
    assert guide is not None
    assert {"fix-a-paper-jam", "what-to-do"} <= section_ids(guide)
    write(
        content.root,
        "printing/named.md",
        good_guide_as("Named", "# Named\n\n## Steps {#the-steps}\n\n## Steps\n\n## Steps\n"),
    )
    named = load_content(content.root, TODAY).get("printing/named")
    assert named is not None
    assert section_ids(named) >= {"the-steps", "steps", "steps_1"}


def test_anchors_can_come_from_the_caller(tmp_path: Path) -> None:
    body = GOOD_BODY.replace("#what-to-do)", "#custom)")
    tree, content = _tree(tmp_path, body)
    assert [p for p in problems_of(tree, content) if p.message.count("section")] != []
    assert problems_of(tree, content, anchors=lambda article: {"custom"}) == []
