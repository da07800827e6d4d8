"""Turn a guide's Markdown into the plain text blocks a reader sees.

Readability, the linter and the index all need "what does the page say" without code,
markup or the indentation that admonitions and content tabs use, and with line numbers.
"""

from __future__ import annotations

import re
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


def flatten_containers(markdown: str) -> tuple[str, list[Block]]:
    """Dedent admonition and tab bodies so CommonMark does not read them as code.

    Line numbers are kept: each opener line becomes blank and its title is returned
    as a separate block.
    """
    out: list[str] = []
    extra: list[Block] = []
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
            out.append(
                line[drop:] if len(line) - len(line.lstrip(" ")) >= drop else line.lstrip(" ")
            )
            if stripped.startswith(in_fence):
                in_fence = None
            continue
        fence = re.match(r"(`{3,}|~{3,})", stripped)
        if fence:
            in_fence = fence.group(1)
            out.append(line[drop:])
            continue
        match = _OPENER.match(line)
        if match and len(match.group("indent")) >= (stack[-1] if stack else 0):
            rest = match.group("rest")
            title = _QUOTED.search(rest)
            if match.group("marker").startswith("==="):
                extra.append(Block("tab-label", title.group(1) if title else rest.strip(), number))
            elif title is None or title.group(1):
                # `!!! warning` has the type as its title; `!!! note ""` has none.
                label = title.group(1) if title else rest.split()[0].capitalize() if rest else ""
                if label:
                    extra.append(Block("admonition-title", label, number))
            stack.append(len(match.group("indent")) + 4)
            out.append("")
            continue
        out.append(line[drop:])
    return "\n".join(out), extra


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
    tokens = _parser().parse(flat)
    blocks: list[Block] = list(extra)
    context: list[str] = []
    for index, token in enumerate(tokens):
        if token.type.endswith("_open") and token.type != "paragraph_open":
            context.append(token.type[: -len("_open")])
        elif token.type.endswith("_close") and token.type != "paragraph_close" and context:
            context.pop()
        if token.type != "inline" or not token.map:
            continue
        text = _inline_text(token)
        if not text or text.startswith("*["):
            continue
        parent = tokens[index - 1] if index else None
        line = token.map[0] + 1
        if parent is not None and parent.type == "heading_open":
            blocks.append(Block("heading", text, line, int(parent.tag[1])))
        elif "th" in context[-1:] or "td" in context[-1:]:
            blocks.append(Block("cell", text, line))
        elif "list_item" in context:
            blocks.append(Block("item", text, line))
        elif "blockquote" in context:
            blocks.append(Block("quote", text, line))
        else:
            blocks.append(Block("paragraph", text, line))
    blocks.sort(key=lambda block: block.line)
    return blocks


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
