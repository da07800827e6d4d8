"""The troubleshooters' part of the report, from steps kept in a real SQLite file: readers who
reached each question, went on or stopped, ended at each guide or asked for a person; the
branches to look at in plain sentences; ways the tree no longer has marked, never dropped; and
every format (terminal, Markdown, CSV, JSON) saying the same, safely."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from portal.guides.articles import Content, load_content
from portal.guides.troubleshooters import troubleshooters_of
from portal.readers.steps import parse_step
from portal.report.data import build_report
from portal.report.exports import to_csv, to_json
from portal.report.markdown import to_markdown
from portal.report.model import PathRow, Report, TreePaths
from portal.report.terminal import print_report
from portal.report.wording import path_text
from portal.store.database import Step, Store
from tests.support.paths import (
    SLOW,
    SLOW_SECTION,
    TRAFFIC,
    TREE,
    TROUBLESHOOTER,
    write_content,
)

TODAY = dt.date(2026, 12, 5)
PRINTER_WAY = "What stopped working? The printer > What is the printer doing?"
SLOW_WAY = (
    "What stopped working? My computer or laptop > What is your computer doing? "
    "It is very slow -> Speed up a slow computer"
)


def keep_traffic(store: Store, content: Content, day: dt.date = TODAY) -> None:
    """TRAFFIC's steps, checked as the portal checks them and kept under each reader's key."""
    trees = troubleshooters_of(content)
    for reader, body in TRAFFIC:
        checked = parse_step(body, trees)
        store.save_step(
            Step(
                day,
                f"{reader:016d}reader",
                checked.troubleshooter,
                checked.questions,
                checked.ending,
                checked.guide,
            )
        )


@pytest.fixture
def store(tmp_path: Path):
    opened = Store(f"sqlite:///{tmp_path}/kb.sqlite3")
    opened.migrate()
    yield opened
    opened.dispose()


@pytest.fixture
def content(tmp_path: Path) -> Content:
    loaded = load_content(write_content(tmp_path / "content"), today=TODAY)
    assert loaded.errors == []
    return loaded


def report_of(store: Store, content: Content, **options: int) -> Report:
    return build_report(store, content, today=TODAY, **options)


def row(tree: TreePaths, kind: str, way: str) -> PathRow:
    [found] = [r for r in tree.rows if r.kind == kind and path_text(r) == way]
    return found


def test_each_question_and_ending_has_its_readers(store: Store, content: Content) -> None:
    keep_traffic(store, content)
    part = report_of(store, content).troubleshooting
    [tree] = part.trees
    assert (tree.path, tree.title, tree.url) == (TREE, "Something stopped working", f"/{TREE}/")
    assert (tree.started, tree.desk, tree.changed, tree.known) == (16, 7, 0, True)
    figures = [(r.kind, path_text(r), r.readers, r.went_on, r.stopped, r.desk) for r in tree.rows]
    assert figures == [
        ("question", "What stopped working?", 16, 14, 2, 1),
        (
            "question",
            "What stopped working? My computer or laptop > What is your computer doing?",
            6, 5, 1, 0,
        ),
        (
            "guide",
            "What stopped working? My computer or laptop > What is your computer doing? "
            "It will not turn on -> Start a computer that will not turn on",
            1, 0, 0, 0,
        ),
        ("guide", SLOW_WAY, 4, 0, 0, 2),
        ("question", PRINTER_WAY, 7, 3, 4, 0),
        (
            "guide",
            f"{PRINTER_WAY} The paper is stuck -> Clear a paper jam",
            1, 0, 0, 0,
        ),
        ("desk", f"{PRINTER_WAY} Something else -> the service desk", 2, 0, 0, 2),
        ("desk", "What stopped working? Something else -> the service desk", 2, 0, 0, 2),
    ]  # fmt: skip
    slow = row(tree, "guide", SLOW_WAY)
    assert slow.guide == f"{SLOW}#{SLOW_SECTION}"
    assert slow.url == f"/{SLOW}/#{SLOW_SECTION}"
    assert part.unopened == ["Something is gone"]


def test_the_branches_to_look_at_say_why_in_plain_words(store: Store, content: Content) -> None:
    keep_traffic(store, content)
    # With five readers a branch (the default) only the printer question speaks up.
    default = report_of(store, content).troubleshooting
    assert [f.text for f in default.findings] == [
        "Many people stop at “What is the printer doing?”: the answers may not match what "
        "they see (4 of 7 stopped there)."
    ]
    few = report_of(store, content, min_readers=2).troubleshooting
    # Most readers first; the same number in the order of the words.
    assert [(f.kind, f.readers) for f in few.findings] == [
        ("stop", 4),
        ("still-stuck", 2),
        ("desk", 2),
        ("desk", 2),
    ]
    texts = [f.text for f in few.findings]
    assert texts[2:] == [
        "“Something else” under “What is the printer doing?” led 2 people to the desk: "
        "a guide may be missing.",
        "“Something else” under “What stopped working?” led 2 people to the desk: "
        "a guide may be missing.",
    ]
    assert texts[1] == (
        "“It is very slow” led 4 people to “Speed up a slow computer”, and 2 of them still "
        "asked for a person: the guide may not fit this answer, or a guide may be missing."
    )
    assert {f.title for f in few.findings} == {"Something stopped working"}


def test_the_period_and_the_daily_keys_decide_who_counts(store: Store, content: Content) -> None:
    keep_traffic(store, content, day=TODAY - dt.timedelta(days=40))  # before the period
    keep_traffic(store, content, day=TODAY - dt.timedelta(days=1))
    keep_traffic(store, content)  # the same keys on another day: other reader-days
    [tree] = report_of(store, content).troubleshooting.trees
    assert (tree.started, tree.rows[0].readers, tree.desk) == (32, 32, 14)
    [tree] = report_of(store, content, days=1).troubleshooting.trees
    assert tree.started == 16


def test_ways_the_tree_no_longer_has_are_shown_as_such(
    store: Store, content: Content, tmp_path: Path
) -> None:
    keep_traffic(store, content)
    # The writers changed the tree: "The paper is stuck" is gone, and the computer question
    # is now called #pc (so no answer leads to #computer any more).
    edited = TROUBLESHOOTER.replace("- [The paper is stuck](../printing/clear-paper-jam.md)\n", "")
    edited = edited.replace("{#computer}", "{#pc}").replace("(#computer)", "(#pc)")
    later = load_content(write_content(tmp_path / "later", edited), today=TODAY)
    assert later.errors == []
    report = report_of(store, later, min_readers=2)
    [tree] = report.troubleshooting.trees
    gone = [(r.kind, path_text(r)) for r in tree.rows if not r.known]
    # Each where its branch was; ways that are gone after the ones the tree still has.
    assert gone == [
        ("guide", f"{PRINTER_WAY} (an answer no longer there) -> Clear a paper jam"),
        ("question", "What stopped working? (an answer no longer there) > computer"),
        (
            "guide",
            "What stopped working? (an answer no longer there) > computer (an answer no "
            "longer there) -> Speed up a slow computer",
        ),
        (
            "guide",
            "What stopped working? (an answer no longer there) > computer (an answer no "
            "longer there) -> Start a computer that will not turn on",
        ),
    ]
    assert tree.changed == 7  # readers 1 to 6, and reader 10 who found the paper stuck
    assert sum(r.readers for r in tree.rows if r.kind == "question") == 16 + 6 + 7
    # A way that is gone says nothing about the branches there are now.
    assert not any("computer" in f.text or "slow" in f.text for f in tree.findings)
    markdown = to_markdown(report)
    assert "7 readers took a way this troubleshooter no longer has" in markdown
    assert "_(no longer in the troubleshooter)_" in markdown
    table = _terminal(report)
    assert "(no longer in the troubleshooter)" in table
    cells = list(csv.DictReader(io.StringIO(to_csv(report), newline="")))
    marked = [c for c in cells if c["text"] == "no longer in the troubleshooter"]
    assert len(marked) == 4


def test_a_troubleshooter_removed_from_the_content_keeps_its_figures(
    store: Store, content: Content, tmp_path: Path
) -> None:
    keep_traffic(store, content)
    root = tmp_path / "without"
    write_content(root)
    (root / f"{TREE}.md").unlink()
    without = load_content(root, today=TODAY)
    report = report_of(store, without)
    [tree] = report.troubleshooting.trees
    assert (tree.known, tree.title, tree.url, tree.started) == (False, TREE, None, 16)
    assert all(not r.known for r in tree.rows)
    assert tree.findings == []
    assert "This troubleshooter is no longer in the content folder." in to_markdown(report)
    assert report.troubleshooting.unopened == ["Something is gone"]


def _terminal(report: Report) -> str:
    console = Console(file=io.StringIO(), width=200, color_system=None)
    print_report(report, console)
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_every_format_names_the_same_figures(store: Store, content: Content) -> None:
    keep_traffic(store, content)
    report = report_of(store, content)
    table = _terminal(report)
    assert "Troubleshooters" in table and "Branches to look at" in table
    assert "Many people stop at “What is the printer doing?”" in table
    assert "16 readers started; 7 asked for a person, in it or after its guide." in table
    assert "Nobody opened: Something is gone." in table

    markdown = to_markdown(report)
    assert "## Troubleshooters" in markdown
    assert (
        "- [ ] **Something stopped working** (`troubleshoot/something-stopped-working`): "
        "Many people stop at “What is the printer doing?”" in markdown
    )
    assert (
        "| What stopped working? The printer \\> What is the printer doing? | 7 | 3 | 4 | 0 |"
        in markdown
    )
    assert "| What stopped working? | 16 | 14 | 2 | 1 |" in markdown

    cells = list(csv.DictReader(io.StringIO(to_csv(report), newline="")))
    [tree] = [c for c in cells if c["section"] == "troubleshooter"]
    assert (tree["troubleshooter"], tree["readers"], tree["desk"]) == (TREE, "16", "7")
    by_place = {(c["section"], c["question"], c["guide"]): c for c in cells}
    printer = by_place[("troubleshooter_question", "start.printer", "")]
    assert (printer["readers"], printer["went_on"], printer["stopped"]) == ("7", "3", "4")
    assert printer["path"] == PRINTER_WAY
    slow = by_place[("troubleshooter_guide", "start.computer", f"{SLOW}#{SLOW_SECTION}")]
    assert (slow["readers"], slow["desk"], slow["title"]) == ("4", "2", "Speed up a slow computer")
    [finding] = [c for c in cells if c["section"] == "troubleshooter_finding"]
    assert (finding["rank"], finding["reason"], finding["readers"]) == ("1", "stop", "4")

    data = json.loads(to_json(report))["troubleshooting"]
    assert [t["started"] for t in data["trees"]] == [16]
    assert data["findings"][0]["kind"] == "stop"


def test_writers_words_cannot_break_a_table_or_run_in_a_spreadsheet(
    store: Store, tmp_path: Path
) -> None:
    words = TROUBLESHOOTER.replace("What is the printer doing?", "=SUM(1) | @team printer?")
    words = words.replace("What stopped working?", "=HYPERLINK(1) What stopped?")
    words = words.replace("[The paper is stuck]", "[+paper <b>stuck</b>]")
    content = load_content(write_content(tmp_path / "content", words), today=TODAY)
    assert content.errors == []
    keep_traffic(store, content)
    report = report_of(store, content)
    markdown = to_markdown(report)
    line = next(li for li in markdown.splitlines() if "SUM" in li and "paper" in li)
    assert "\\| @\u200bteam" in line and "\\<b\\>" in line
    assert line.count(" | ") == 4  # five cells: the words made none of their own
    cells = list(csv.DictReader(io.StringIO(to_csv(report), newline="")))
    first = next(c["path"] for c in cells if c["section"] == "troubleshooter_question")
    assert first == "'=HYPERLINK(1) What stopped?"  # text in a spreadsheet, never a formula
    paths = [c["path"] for c in cells if c["path"]]
    assert len(paths) == 8 and all(path.startswith("'=HYPERLINK(1)") for path in paths)


def test_with_no_steps_the_part_says_so_kindly(store: Store, content: Content) -> None:
    report = report_of(store, content)
    assert report.troubleshooting.is_empty
    assert "Nobody went through a troubleshooter in this period." in _terminal(report)
    assert "Nobody went through a troubleshooter in this period." in to_markdown(report)
    assert not [line for line in to_csv(report).splitlines() if line.startswith("troubleshooter")]
    assert report.troubleshooting.unopened == ["Something is gone", "Something stopped working"]
