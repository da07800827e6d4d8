"""Readable blocks with the exact place of every character, for the linter's `line:column`.

`text_segments` returns the blocks `text_blocks` returns, in the same order and with the same
text, plus where each character of the rendered text sits in the source and which parts are
inline code, links, bold or emphasis.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

from markdown_it.token import Token

from portal.guides.markdown_text import (
    ATTR_LIST,
    Flat,
    HtmlPiece,
    flatten,
    flatten_containers,
    html_block_tokens,
    html_pieces,
    inline_tokens,
    parser,
)


@dataclass(frozen=True)
class Span:
    """A stretch of a segment's text that is inline code, a link, bold or emphasis."""

    kind: str  # code | link | strong | em
    start: int  # offsets into Segment.text, end exclusive
    end: int
    target: str = ""  # a link's address


@dataclass(frozen=True)
class Segment:
    """A readable block with the source line and column (1-based) of each character."""

    kind: str
    text: str
    line: int
    level: int = 0
    positions: tuple[tuple[int, int], ...] = ()  # (line, column) of each character of text
    spans: tuple[Span, ...] = ()

    def position(self, offset: int) -> tuple[int, int]:
        """Line and column of the character at `offset` (the end maps to the last one)."""
        if not self.positions:
            return self.line, 1
        return self.positions[max(0, min(offset, len(self.positions) - 1))]


class _Aligner:
    """Finds where rendered inline text came from, moving forward through the flat source."""

    def __init__(self, flat: Flat) -> None:
        self.source = "\n".join(flat.lines)
        self.drops = flat.drops
        self.starts = [0]
        for line in flat.lines:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.cursor = 0

    def start_block(self, first_line: int) -> None:
        self.cursor = max(self.cursor, self.starts[first_line])

    def place(self, text: str) -> list[int]:
        """Source offsets of each character of text, found at or after the cursor."""
        found = self.source.find(text, self.cursor) if text else -1
        if found >= 0:
            self.cursor = found + len(text)
            return list(range(found, found + len(text)))
        offsets = []
        for char in text:  # escapes and entities: match character by character
            where = self.source.find(char, self.cursor) if not char.isspace() else -1
            if where < 0:
                offsets.append(self.cursor)
                continue
            offsets.append(where)
            self.cursor = where + 1
        return offsets

    def skip_link_end(self) -> None:
        """Move past `](address)` or `][label]` after a link's text."""
        close = self.source.find("]", self.cursor)
        if close < 0:
            return
        self.cursor = close + 1
        opener = self.source[self.cursor : self.cursor + 1]
        closer = {"(": ")", "[": "]"}.get(opener)
        if closer is None:
            return
        depth = 0
        for index in range(self.cursor, len(self.source)):
            char = self.source[index]
            if char == opener:
                depth += 1
            elif char == closer:
                depth -= 1
                if depth == 0:
                    self.cursor = index + 1
                    return

    def line_column(self, offset: int) -> tuple[int, int]:
        index = max(0, bisect.bisect_right(self.starts, offset) - 1)
        index = min(index, len(self.drops) - 1)
        return index + 1, offset - self.starts[index] + self.drops[index] + 1


def _inline_segment(token: Token, aligner: _Aligner) -> tuple[str, list[int], list[Span]]:
    """The text of an inline token as inline_text builds it, with source offsets and spans."""
    chars: list[str] = []
    offsets: list[int] = []
    spans: list[Span] = []
    open_spans: list[tuple[str, int, str]] = []
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            start = len(chars)
            chars.extend(child.content)
            offsets.extend(aligner.place(child.content))
            if kind == "code_inline":
                spans.append(Span("code", start, len(chars)))
        elif kind in ("softbreak", "hardbreak"):
            chars.append(" ")
            offsets.append(aligner.cursor)
        elif kind == "html_inline":
            aligner.place(child.content)
        elif kind == "image":
            aligner.place("![")
            aligner.skip_link_end()
        elif kind in ("link_open", "strong_open", "em_open"):
            if kind == "link_open" and child.markup != "autolink":
                aligner.place("[")
            name = kind[: -len("_open")]
            open_spans.append((name, len(chars), str(child.attrs.get("href", ""))))
        elif kind in ("link_close", "strong_close", "em_close") and open_spans:
            name, start, target = open_spans.pop()
            spans.append(Span(name, start, len(chars), target))
            if kind == "link_close" and child.markup != "autolink":
                aligner.skip_link_end()
    return _normalise("".join(chars), offsets, spans)


def _normalise(
    text: str, offsets: list[int], spans: list[Span]
) -> tuple[str, list[int], list[Span]]:
    """Drop a trailing attribute list and collapse whitespace, keeping offsets in step."""
    attrs = ATTR_LIST.search(text)
    if attrs:
        text, offsets = text[: attrs.start()], offsets[: attrs.start()]
    kept_chars: list[str] = []
    kept_offsets: list[int] = []
    new_index: list[int] = []  # old index -> index in the normalised text
    for char, offset in zip(text, offsets, strict=True):
        new_index.append(len(kept_chars))
        if char.isspace():
            if not kept_chars or kept_chars[-1] == " ":
                continue
            char = " "
        kept_chars.append(char)
        kept_offsets.append(offset)
    new_index.append(len(kept_chars))
    if kept_chars and kept_chars[-1] == " ":
        kept_chars.pop()
        kept_offsets.pop()
    size = len(kept_chars)
    moved = [
        Span(
            s.kind,
            min(new_index[s.start], size),
            min(new_index[min(s.end, len(text))], size),
            s.target,
        )
        for s in spans
        if s.start < len(text)
    ]
    return "".join(kept_chars), kept_offsets, [s for s in moved if s.end > s.start]


def text_segments(markdown: str) -> list[Segment]:
    """`text_blocks` with the exact line and column of every character (for the linter)."""
    return list(_segments_of(markdown))


@functools.lru_cache(maxsize=128)
def _segments_of(markdown: str) -> tuple[Segment, ...]:
    """Worked out once per text: `kb lint` reads each page's words and then its links, and
    this is most of a check's time (segments are frozen, so both may share them)."""
    flat = flatten(markdown)
    aligner = _Aligner(flat)
    tokens = parser().parse("\n".join(flat.lines))
    segments: list[Segment] = []
    for block, column in flat.labels:
        positions = tuple((block.line, column + i) for i in range(len(block.text)))
        segments.append(Segment(block.kind, block.text, block.line, 0, positions))
    for token, kind, level in inline_tokens(tokens):
        aligner.start_block(token.map[0])  # type: ignore[index]
        text, offsets, spans = _inline_segment(token, aligner)
        if not text or text.startswith("*["):
            continue
        line = token.map[0] + 1  # type: ignore[index]
        positions = tuple(aligner.line_column(offset) for offset in offsets)
        segments.append(Segment(kind, text, line, level, positions, tuple(spans)))
    for token in html_block_tokens(tokens):
        first = token.map[0] + 1  # type: ignore[index]
        for piece in html_pieces(token.content):
            segments.append(_html_segment(piece, first, flat.drops))
    segments.sort(key=lambda segment: segment.line)
    return tuple(segments)


def _html_segment(piece: HtmlPiece, first_line: int, drops: list[int]) -> Segment:
    """A block of raw HTML's visible text, each character placed at its line and column."""
    placed: list[tuple[str, tuple[int, int]]] = []
    for text, line_offset, column in piece.chunks:
        line, col = first_line + line_offset, column + 1
        for char in text:
            drop = drops[line - 1] if 0 < line <= len(drops) else 0
            placed.append((char, (line, col + drop)))
            line, col = (line + 1, 1) if char == "\n" else (line, col + 1)
    chars: list[str] = []
    positions: list[tuple[int, int]] = []
    for char, where in placed:
        if char.isspace():
            if not chars or chars[-1] == " ":
                continue
            char = " "
        chars.append(char)
        positions.append(where)
    if chars and chars[-1] == " ":
        chars.pop()
        positions.pop()
    return Segment(
        piece.kind, "".join(chars), first_line + piece.line, piece.level, tuple(positions)
    )


def block_tokens(markdown: str) -> list[Token]:
    """markdown-it tokens of the page with containers flattened; `map` lines match the source."""
    return parser().parse(flatten_containers(markdown)[0])
