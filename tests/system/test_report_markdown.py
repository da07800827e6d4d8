"""`kb report`'s Markdown escapes what readers typed: every table keeps its shape and nothing in
a comment or a query becomes a link, a mention or HTML when GitHub renders it."""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt

from portal.report.data import build_report
from portal.report.markdown import to_markdown
from portal.store.database import Store
from tests.support.report import (
    TODAY,
    WEBSITES,
    WEBSITES_PHRASES,
    at,
    loaded,
    make_content,
    search,
    vote,
)

NASTY = "bad | *steps* <script>alert(1)</script>\n| x | `code|` [link](http://x) @team #12 $x$"


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_markdown_escapes_what_readers_typed(store: Store, tmp_path: Path) -> None:
    for n in range(5):
        vote(store, WEBSITES, n, TODAY, False, reason="other", comment=NASTY if n == 0 else None)
    search(store, "vpn | slow", 4, at(TODAY, 9), None)
    search(store, "vpn | slow", 4, at(TODAY, 10), None)
    content = loaded(make_content(tmp_path / "content", WEBSITES_PHRASES))
    text = to_markdown(build_report(store, content, today=TODAY))

    table_rows = [line for line in text.splitlines() if line.startswith("|")]
    comment_row = next(line for line in table_rows if "alert" in line)
    assert unescaped_pipes(comment_row) == 4  # Day | Answer | Comment: nothing added
    query_row = next(line for line in table_rows if "vpn" in line)
    assert unescaped_pipes(query_row) == 5  # Query | No click | With a click | Results
    assert "<script>" not in text and "\\<script\\>" in text
    assert "\\*steps\\*" in text and "\\[link\\]" in text and "\\$x\\$" in text
    assert "@team" not in text and "@\u200bteam" in text and "#\u200b12" in text
    assert "\n| x" not in text  # the reader's line break did not start a new row

    # Rendered the way GitHub reads it (CommonMark with tables, raw HTML allowed): every row
    # of every table has as many cells as its header, and the comment stays text.
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    widths: list[list[int]] = []
    for token in parser.parse(text):
        if token.type == "table_open":
            widths.append([])
        elif token.type == "tr_open":
            widths[-1].append(0)
        elif token.type in ("th_open", "td_open"):
            widths[-1][-1] += 1
    assert len(widths) >= 4
    assert all(len(set(table)) == 1 for table in widths), widths
    html = parser.render(text)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "| x | `code|` [link](http://x)" in html and "<a href" not in html
