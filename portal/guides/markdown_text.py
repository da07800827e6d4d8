"""Turn a guide's Markdown into the plain text blocks a reader sees.

Readability, the linter and the index all need "what does the page say" without code,
markup or the indentation that admonitions and content tabs use, and with line numbers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.token import Token

# pymdownx / Python-Markdown block openers whose bodies are indented by four spaces:
# admonitions (!!! / ???), content tabs (===).
_OPENER = re.compile(r"^(?P<indent>\s*)(?P<marker>!!!|\?\?\?\+?|===\+?)\s*(?P<rest>.*)$")
_QUOTED = re.compile(r'"([^"]*)"')
ATTR_LIST = re.compile(r"\s*\{:?\s*[.#][^}]*\}\s*$")


@dataclass(frozen=True)
class Block:
    """One readable unit: a heading, a paragraph, a list item's text, a table cell or a label."""

    kind: str  # heading | paragraph | item | cell | quote | admonition-title | tab-label
    text: str
    line: int  # 1-based line in the body Markdown
    level: int = 0  # heading level (1-6), 0 for other blocks
    html: bool = False  # from a raw HTML block (<details>, <table>, <div>): no anchor of its own


@cache
def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


@dataclass(frozen=True)
class Flat:
    """Flattened Markdown plus what is needed to map it back to the source."""

    lines: list[str]
    labels: list[tuple[Block, int]]  # admonition titles and tab labels, with their column
    drops: list[int]  # spaces removed from the start of each line


def flatten(markdown: str) -> Flat:
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
    return Flat(out, labels, drops)


def flatten_containers(markdown: str) -> tuple[str, list[Block]]:
    """Dedent admonition and tab bodies so CommonMark does not read them as code.

    Line numbers are kept: each opener line becomes blank and its title is returned
    as a separate block.
    """
    flat = flatten(markdown)
    return "\n".join(flat.lines), [block for block, _ in flat.labels]


def inline_text(token: Token) -> str:
    """A paragraph's words as a reader sees them: inline tags dropped, and what an inline
    <script> or <style> holds left out with them."""
    parts: list[str] = []
    hidden: str | None = None  # the hidden element whose end tag we wait for
    for child in token.children or []:
        if child.type == "html_inline":
            tag = _INLINE_TAG.match(child.content)
            if tag and hidden is None and not tag["end"] and tag["name"].lower() in _HTML_HIDDEN:
                hidden = tag["name"].lower()
            elif tag and tag["end"] and tag["name"].lower() == hidden:
                hidden = None
            continue
        if hidden is not None:
            continue
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    text = "".join(parts)
    text = ATTR_LIST.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


_INLINE_TAG = re.compile(r"<(?P<end>/)?(?P<name>[A-Za-z][A-Za-z0-9-]*)")


def text_blocks(markdown: str) -> list[Block]:
    """Every readable block of the Markdown, in reading order, code blocks left out."""
    flat, extra = flatten_containers(markdown)
    blocks: list[Block] = list(extra)
    tokens = parser().parse(flat)
    for token, kind, level in inline_tokens(tokens):
        text = inline_text(token)
        if text and not text.startswith("*["):
            blocks.append(Block(kind, text, token.map[0] + 1, level))  # type: ignore[index]
    for token in html_block_tokens(tokens):
        for piece in html_pieces(token.content):
            line = token.map[0] + 1 + piece.line  # type: ignore[index]
            blocks.append(Block(piece.kind, piece.text, line, piece.level, html=True))
    blocks.sort(key=lambda block: block.line)
    return blocks


# Raw HTML: which elements start a new readable block, and what kind of block it is.
_HTML_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6, "summary": 3}
_HTML_KINDS = {"li": "item", "td": "cell", "th": "cell", "dt": "item", "dd": "item"}
_HTML_BREAKS = frozenset(
    {*_HTML_HEADINGS, *_HTML_KINDS, "p", "div", "br", "tr", "table", "details", "ul", "ol"}
    | {"section", "article", "aside", "blockquote", "caption", "figcaption", "dl", "hr"}
)
# What readers never see (scripts, styles) or what is code (left out as in Markdown).
_HTML_HIDDEN = frozenset({"script", "style", "template", "pre", "noscript", "svg", "head"})


@dataclass
class HtmlPiece:
    """One readable block of a raw HTML block, with each text chunk's place in it."""

    kind: str
    level: int = 0
    chunks: list[tuple[str, int, int]] = field(default_factory=list)  # text, line (0-based), col

    @property
    def line(self) -> int:
        """Lines after the HTML block's first line where this piece's text starts."""
        return next((line for text, line, _ in self.chunks if text.strip()), 0)

    @property
    def text(self) -> str:
        return " ".join("".join(text for text, _, _ in self.chunks).split())


class _VisibleText(HTMLParser):
    """The text a browser shows for an HTML fragment, cut into blocks at block elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.pieces: list[HtmlPiece] = []
        self.current = HtmlPiece("paragraph")
        self.hidden = 0

    def _close(self, kind: str = "paragraph", level: int = 0) -> None:
        if self.current.text:
            self.pieces.append(self.current)
        self.current = HtmlPiece(kind, level)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HTML_HIDDEN:
            self.hidden += 1
        elif tag in _HTML_HEADINGS:
            self._close("heading", _HTML_HEADINGS[tag])
        elif tag in _HTML_KINDS:
            self._close(_HTML_KINDS[tag])
        elif tag in _HTML_BREAKS:
            self._close()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HTML_BREAKS:
            self._close(self.current.kind, self.current.level)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HTML_HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _HTML_BREAKS:
            self._close()

    def _text(self, text: str) -> None:
        if not self.hidden:
            line, column = self.getpos()
            self.current.chunks.append((text, line - 1, column))

    def handle_data(self, data: str) -> None:
        self._text(data)

    def handle_entityref(self, name: str) -> None:
        self._text(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self._text(html.unescape(f"&#{name};"))


def html_pieces(fragment: str) -> list[HtmlPiece]:
    """Readable blocks of raw HTML: tags dropped, entities read, scripts and comments left out."""
    reader = _VisibleText()
    reader.feed(fragment)
    reader.close()
    reader._close()
    return reader.pieces


def html_block_tokens(tokens: list[Token]) -> Iterator[Token]:
    """Raw HTML blocks of the page (not HTML inside a paragraph, which is read with its text)."""
    for token in tokens:
        if token.type == "html_block" and token.map:
            yield token


def inline_tokens(tokens: list[Token]) -> Iterator[tuple[Token, str, int]]:
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
