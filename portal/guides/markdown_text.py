"""Turn a guide's Markdown into the plain text blocks a reader sees.

Readability, the linter and the index all need "what does the page say" without code,
markup or the indentation that admonitions and content tabs use, and with line numbers.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

# pymdownx / Python-Markdown block openers whose bodies are indented by four spaces:
# admonitions (!!! / ???), content tabs (===).
_OPENER = re.compile(r"^(?P<indent>\s*)(?P<marker>!!!|\?\?\?\+?|===\+?)\s*(?P<rest>.*)$")
_QUOTED = re.compile(r'"([^"]*)"')
_ATTR_LIST = re.compile(r"\s*\{:?\s*[.#][^}]*\}\s*$")


@dataclass(frozen=True)
class Block:
    """One readable unit: a heading, a paragraph, a list item's text, a table cell or a label."""

    kind: str  # heading | paragraph | item | cell | quote | admonition-title | tab-label
    text: str
    line: int  # 1-based line in the body Markdown
    level: int = 0  # heading level (1-6), 0 for other blocks


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


@dataclass(frozen=True)
class _Flat:
    """Flattened Markdown plus what is needed to map it back to the source."""

    lines: list[str]
    labels: list[tuple[Block, int]]  # admonition titles and tab labels, with their column
    drops: list[int]  # spaces removed from the start of each line


def _flatten(markdown: str) -> _Flat:
    out: list[str] = []
    labels: list[tuple[Block, int]] = []
    drops: list[int] = []
    stack: list[int] = []  # indentation of each open container's body
    in_fence: str | None = None
    for number, line in enumerate(markdown.splitlines(), start=1):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if stripped and in_fence is None:
            while stack and indent < stack[-1]:
                stack.pop()
        drop = min(indent, stack[-1]) if stack else 0
        if in_fence is not None:
            kept = line[drop:] if indent >= drop else stripped
            out.append(kept)
            drops.append(len(line) - len(kept))
            if stripped.startswith(in_fence):
                in_fence = None
            continue
        fence = re.match(r"(`{3,}|~{3,})", stripped)
        if fence:
            in_fence = fence.group(1)
            out.append(line[drop:])
            drops.append(drop)
            continue
        match = _OPENER.match(line)
        if match and len(match.group("indent")) >= (stack[-1] if stack else 0):
            rest = match.group("rest")
            title = _QUOTED.search(rest)
            start = match.start("rest")
            if match.group("marker").startswith("==="):
                label = title.group(1) if title else rest.strip()
                column = start + (title.start(1) if title else len(rest) - len(rest.lstrip()))
                labels.append((Block("tab-label", label, number), column + 1))
            elif title is None or title.group(1):
                # `!!! warning` has the type as its title; `!!! note ""` has none.
                label = title.group(1) if title else rest.split()[0].capitalize() if rest else ""
                if label:
                    column = start + (title.start(1) if title else 0)
                    labels.append((Block("admonition-title", label, number), column + 1))
            stack.append(len(match.group("indent")) + 4)
            out.append("")
            drops.append(0)
            continue
        out.append(line[drop:])
        drops.append(drop)
    return _Flat(out, labels, drops)


def flatten_containers(markdown: str) -> tuple[str, list[Block]]:
    """Dedent admonition and tab bodies so CommonMark does not read them as code.

    Line numbers are kept: each opener line becomes blank and its title is returned
    as a separate block.
    """
    flat = _flatten(markdown)
    return "\n".join(flat.lines), [block for block, _ in flat.labels]


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    text = "".join(parts)
    text = _ATTR_LIST.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def text_blocks(markdown: str) -> list[Block]:
    """Every readable block of the Markdown, in reading order, code blocks left out."""
    flat, extra = flatten_containers(markdown)
    blocks: list[Block] = list(extra)
    for token, kind, level in _inline_tokens(_parser().parse(flat)):
        text = _inline_text(token)
        if text and not text.startswith("*["):
            blocks.append(Block(kind, text, token.map[0] + 1, level))  # type: ignore[index]
    blocks.sort(key=lambda block: block.line)
    return blocks


def _inline_tokens(tokens: list[Token]) -> Iterator[tuple[Token, str, int]]:
    """Each inline token with the kind of block it is in (and a heading's level)."""
    context: list[str] = []
    for index, token in enumerate(tokens):
        if token.type.endswith("_open") and token.type != "paragraph_open":
            context.append(token.type[: -len("_open")])
        elif token.type.endswith("_close") and token.type != "paragraph_close" and context:
            context.pop()
        if token.type != "inline" or not token.map:
            continue
        parent = tokens[index - 1] if index else None
        if parent is not None and parent.type == "heading_open":
            yield token, "heading", int(parent.tag[1])
        elif "th" in context[-1:] or "td" in context[-1:]:
            yield token, "cell", 0
        elif "list_item" in context:
            yield token, "item", 0
        elif "blockquote" in context:
            yield token, "quote", 0
        else:
            yield token, "paragraph", 0


def first_heading(markdown: str) -> str | None:
    """The text of the first level-one heading, if any."""
    for block in text_blocks(markdown):
        if block.kind == "heading" and block.level == 1:
            return block.text
    return None


def first_paragraph(markdown: str) -> str | None:
    """The first paragraph's text: a fair description for a page that has none."""
    for block in text_blocks(markdown):
        if block.kind == "paragraph":
            return block.text
    return None


# --- Segments: the same readable blocks, with the exact place of every character ------------
# The linter points writers at `line:column`, so it needs more than a block's first line:
# where each character of the rendered text sits in the source, and which parts are inline
# code or links. `text_segments` returns the blocks `text_blocks` returns, in the same order
# and with the same text, plus that mapping.


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

    def __init__(self, flat: _Flat) -> None:
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
    """The text of an inline token as _inline_text builds it, with source offsets and spans."""
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
    attrs = _ATTR_LIST.search(text)
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
    flat = _flatten(markdown)
    aligner = _Aligner(flat)
    tokens = _parser().parse("\n".join(flat.lines))
    segments: list[Segment] = []
    for block, column in flat.labels:
        positions = tuple((block.line, column + i) for i in range(len(block.text)))
        segments.append(Segment(block.kind, block.text, block.line, 0, positions))
    for token, kind, level in _inline_tokens(tokens):
        aligner.start_block(token.map[0])  # type: ignore[index]
        text, offsets, spans = _inline_segment(token, aligner)
        if not text or text.startswith("*["):
            continue
        line = token.map[0] + 1  # type: ignore[index]
        positions = tuple(aligner.line_column(offset) for offset in offsets)
        segments.append(Segment(kind, text, line, level, positions, tuple(spans)))
    segments.sort(key=lambda segment: segment.line)
    return segments


def block_tokens(markdown: str) -> list[Token]:
    """markdown-it tokens of the page with containers flattened; `map` lines match the source."""
    return _parser().parse(flatten_containers(markdown)[0])
