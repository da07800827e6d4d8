"""Sixteen readers go through a troubleshooter over real HTTP (tests/support/paths.py: TRAFFIC,
every figure worked out by hand there): some reach a guide, some stop, some go Back, some ask
for a person in the tree or after the guide. Then `kb report` in every format and /admin show
each way through with the right readers, drop-offs and desk counts, the branch to look at in a
plain sentence, and, once the writers change the tree, the ways it no longer has."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.admin import PASSWORD, inside_frame, logged_in
from tests.support.kb import Built
from tests.support.paths import TREE, TROUBLESHOOTER, travelled_portal
from tests.support.report import kb_report
from tests.support.servers import Server

PRINTER_STOP = (
    "Many people stop at “What is the printer doing?”: the answers may not match what they see "
    "(4 of 7 stopped there)."
)


@pytest.fixture(scope="module")
def travelled(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A portal with the dashboard on, after sixteen readers went through the troubleshooter."""
    with travelled_portal(built.site, tmp_path_factory.mktemp("paths-report"), PASSWORD) as server:
        yield server


def figures(tree: dict) -> list[tuple[str, str, int, int, int, int]]:
    return [
        (
            row["kind"],
            ".".join(row["questions"]),
            row["readers"],
            row["went_on"],
            row["stopped"],
            row["desk"],
        )
        for row in tree["rows"]
    ]


def test_kb_report_json_has_every_way_through_with_its_readers(travelled: Server) -> None:
    part = json.loads(kb_report(travelled, "--format", "json"))["troubleshooting"]
    [tree] = part["trees"]
    assert (tree["path"], tree["started"], tree["desk"], tree["changed"]) == (TREE, 16, 7, 0)
    assert figures(tree) == [
        ("question", "start", 16, 14, 2, 1),
        ("question", "start.computer", 6, 5, 1, 0),
        ("guide", "start.computer", 1, 0, 0, 0),
        ("guide", "start.computer", 4, 0, 0, 2),
        ("question", "start.printer", 7, 3, 4, 0),
        ("guide", "start.printer", 1, 0, 0, 0),
        ("desk", "start.printer", 2, 0, 0, 2),
        ("desk", "start", 2, 0, 0, 2),
    ]
    guides = [(row["guide"], row["title"]) for row in tree["rows"] if row["kind"] == "guide"]
    assert guides == [
        ("computer/computer-wont-turn-on", "Start a computer that will not turn on"),
        (
            "computer/computer-running-slow#close-programs-you-are-not-using",
            "Speed up a slow computer",
        ),
        ("printing/clear-paper-jam", "Clear a paper jam"),
    ]
    assert [f["text"] for f in part["findings"]] == [PRINTER_STOP]
    assert part["unopened"] == ["Something is gone"]


def test_kb_report_table_markdown_and_csv_name_the_branches(travelled: Server) -> None:
    table = kb_report(travelled, "--min-readers", "2")
    assert "Branches to look at" in table and "Many people stop at" in table
    assert "16 readers started; 7 asked for a person, in it or after its guide." in table
    markdown = kb_report(travelled, "--format", "md", "--min-readers", "2")
    assert (
        "| What stopped working? My computer or laptop \\> What is your computer doing? "
        "It is very slow -\\> Speed up a slow computer | 4 | – | – | 2 |" in markdown
    )
    assert (
        "| What stopped working? The printer \\> What is the printer doing? | 7 | 3 | 4 | 0 |"
        in (markdown)
    )
    checklist = [line for line in markdown.splitlines() if line.startswith("- [ ] **Something")]
    assert [line.split("): ", 1)[1] for line in checklist] == [
        PRINTER_STOP,
        "“It is very slow” led 4 people to “Speed up a slow computer”, and 2 of them still "
        "asked for a person: the guide may not fit this answer, or a guide may be missing.",
        "“Something else” under “What is the printer doing?” led 2 people to the desk: "
        "a guide may be missing.",
        "“Something else” under “What stopped working?” led 2 people to the desk: "
        "a guide may be missing.",
    ]
    cells = list(csv.DictReader(io.StringIO(kb_report(travelled, "--format", "csv"), newline="")))
    desks = [
        (c["question"], c["readers"], c["path"])
        for c in cells
        if c["section"] == "troubleshooter_desk"
    ]
    assert desks == [
        (
            "start.printer",
            "2",
            "What stopped working? The printer > What is the printer doing? Something else "
            "-> the service desk",
        ),
        ("start", "2", "What stopped working? Something else -> the service desk"),
    ]


def test_the_dashboard_shows_the_same_ways_and_figures(travelled: Server) -> None:
    person = logged_in(travelled)
    page = person.get("/admin")
    assert page.status == 200
    html = inside_frame(page.text)
    assert '<a href="#kb-troubleshooters">Troubleshooters</a>' in html
    part = html.split('<h2 id="kb-troubleshooters">')[1].split("<h2 ")[0]
    assert PRINTER_STOP.replace("“", "&#8220;") in part or PRINTER_STOP in part
    assert "16 readers started; 7 asked for a person, in it or after its guide." in part
    assert f'<a href="/{TREE}/">Something stopped working</a>' in part
    rows = [r.split("</tr>")[0] for r in part.split("<tr>")[2:]]
    printer = next(r for r in rows if r.count("<strong>") == 1 and "the printer doing?" in r)
    cells = [c.split("</td>")[0].strip() for c in printer.split("<td>")[1:]]
    assert cells[0] == "7" and cells[1] == "3" and cells[2].startswith("4")
    assert "(57\u00a0%)" in cells[2] and cells[3] == "0"
    slow = next(r for r in rows if "Speed up a slow computer" in r)
    assert 'href="/computer/computer-running-slow/#close-programs-you-are-not-using"' in slow
    assert [c.split("</td>")[0].strip() for c in slow.split("<td>")[1:]] == ["4", "–", "–", "2"]
    # Arrows are for the eye; a screen reader hears the words.
    assert (
        '<span aria-hidden="true"> → </span><span class="kb-visually-hidden">, which ends at'
        in (slow)
    )
    assert "Nobody opened: Something is gone." in part


def test_ways_the_tree_no_longer_has_are_marked_not_dropped(
    travelled: Server, tmp_path: Path
) -> None:
    later = tmp_path / "content"
    assert travelled.content is not None
    shutil.copytree(travelled.content, later)
    edited = TROUBLESHOOTER.replace("- [The paper is stuck](../printing/clear-paper-jam.md)\n", "")
    (later / f"{TREE}.md").write_text(edited, encoding="utf-8")
    part = json.loads(kb_report(travelled, "--format", "json", content=later))["troubleshooting"]
    [tree] = part["trees"]
    gone = [row for row in tree["rows"] if not row["known"]]
    assert [(row["guide"], row["readers"]) for row in gone] == [("printing/clear-paper-jam", 1)]
    assert gone[0]["steps"][-1] == {
        "question": "What is the printer doing?",
        "answer": "(an answer no longer there)",
    }
    assert tree["changed"] == 1
    markdown = kb_report(travelled, "--format", "md", content=later)
    assert "1 reader took a way this troubleshooter no longer has" in markdown
    assert "-\\> Clear a paper jam _(no longer in the troubleshooter)_ | 1 |" in markdown
