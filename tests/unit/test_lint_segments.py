"""Segments: the reader's text with the exact line and column of every character."""

from __future__ import annotations

import pytest

from portal.guides.markdown_text import text_blocks
from portal.guides.segments import Segment, text_segments

PAGE = """\
# Print a page

Open the **Print** window, then see [the guide](guide.md).

- First item with `code`
  and a second line.
  1. Nested *step* here.

| Key | Does |
| --- | --- |
| `Esc` | Cancels [it](x.md) |

!!! warning "Before you print"

    Check the tray \\*now\\* &amp; wait.

    - Item in a warning.

=== "Windows"

    1. Press ++ctrl+p++ in the window.

> A quote <!-- note --> with text.

```
lpstat -p
```
"""


def where(segment: Segment, word: str) -> tuple[int, int]:
    """Line and column of a word in a segment, looked up through its positions."""
    return segment.position(segment.text.index(word))


def source_at(markdown: str, line: int, column: int, length: int) -> str:
    return markdown.splitlines()[line - 1][column - 1 : column - 1 + length]


def test_segments_are_the_blocks_with_positions() -> None:
    blocks = [(b.kind, b.text, b.line, b.level) for b in text_blocks(PAGE)]
    segments = [(s.kind, s.text, s.line, s.level) for s in text_segments(PAGE)]
    assert segments == blocks


@pytest.mark.parametrize(
    ("kind", "word", "line", "column"),
    [
        ("heading", "page", 1, 11),
        ("paragraph", "Print", 3, 12),  # inside bold
        ("paragraph", "guide", 3, 42),  # inside a link
        ("item", "code", 5, 20),  # inline code in a list item
        ("item", "second", 6, 9),  # continuation line of the item
        ("item", "step", 7, 14),  # nested list, emphasis
        ("cell", "Does", 9, 9),
        ("cell", "Cancels", 11, 11),
        ("admonition-title", "print", 13, 25),
        ("paragraph", "tray", 15, 15),  # admonition body: indented four spaces
        ("paragraph", "wait", 15, 34),  # after escapes and an entity
        ("item", "warning", 17, 17),  # a list inside an admonition
        ("tab-label", "Windows", 19, 6),
        ("item", "window", 21, 32),  # a list inside a content tab
        ("quote", "text", 23, 30),  # after an inline HTML comment
    ],
)
def test_exact_line_and_column(kind: str, word: str, line: int, column: int) -> None:
    segment = next(s for s in text_segments(PAGE) if s.kind == kind and word in s.text)
    assert where(segment, word) == (line, column)
    assert source_at(PAGE, line, column, len(word)) == word


def test_spans_mark_code_links_and_bold() -> None:
    item = next(s for s in text_segments(PAGE) if s.text.startswith("First item"))
    code = [s for s in item.spans if s.kind == "code"]
    assert [item.text[s.start : s.end] for s in code] == ["code"]
    paragraph = next(s for s in text_segments(PAGE) if s.text.startswith("Open the"))
    kinds = {(s.kind, paragraph.text[s.start : s.end], s.target) for s in paragraph.spans}
    assert kinds == {("strong", "Print", ""), ("link", "the guide", "guide.md")}


def test_code_blocks_are_left_out() -> None:
    assert all("lpstat" not in s.text for s in text_segments(PAGE))


def test_escapes_and_entities_read_as_the_reader_sees_them() -> None:
    body = next(s for s in text_segments(PAGE) if s.text.startswith("Check the tray"))
    assert body.text == "Check the tray *now* & wait."
    assert where(body, "&") == (15, 28)
    assert source_at(PAGE, 15, 28, 5) == "&amp;"
