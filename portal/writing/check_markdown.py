"""The `!!! check` admonitions of a lesson, rendered as a question form at build time.

Without JavaScript the `<details>` under each question is the answer; the theme's script
(`plainhelp-learn.js`) makes the form answer in place. The HTML is the shared contract between
this extension, the theme's styles and script, and the portal's `/api/answer`.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor

from portal.guides.courses import Check, CheckOption, parse_checks

# Before Python-Markdown's admonition (priority 105), which would render it as a plain box.
PRIORITY = 106
SUBMIT_LABEL = "Check my answer"
ANSWERS_LABEL = "Check your answer"
RIGHT_LABEL = "Right."
WRONG_LABEL = "Not quite."


def _page_identity(md: Markdown) -> str | None:
    """The page's path without .md, from MkDocs' per-page link rewriter; None outside MkDocs."""
    try:
        relpath = md.treeprocessors["relpath"]
    except (KeyError, IndexError):
        return None
    source = getattr(getattr(relpath, "file", None), "src_uri", None)
    if not isinstance(source, str) or not source.endswith(".md"):
        return None
    return source.removesuffix(".md")


def _is_indented(block: str) -> bool:
    return block.startswith(("    ", "\t")) or not block.strip()


class CheckProcessor(BlockProcessor):
    """Turns one `!!! check "question"` block and its indented body into the check's form."""

    def __init__(self, parser: BlockParser, extension: CheckExtension) -> None:
        super().__init__(parser)
        self.extension = extension

    def test(self, parent: etree.Element, block: str) -> bool:
        first = block.split("\n", 1)[0]
        return first.startswith("!!!") and first[3:].lstrip().startswith("check")

    def run(self, parent: etree.Element, blocks: list[str]) -> bool | None:
        first, rest = _split_own_lines(blocks[0])
        taken = 1
        if rest is None:
            while taken < len(blocks) and _is_indented(blocks[taken]):
                taken += 1
        text = "\n\n".join([first, *blocks[1:taken]])
        checks, problems = parse_checks(text, 1)
        self.extension.count += 1
        if problems or len(checks) != 1:
            return False  # a plain admonition; `kb lint` says what is wrong with it
        del blocks[:taken]
        if rest is not None:
            blocks.insert(0, rest)
        check_id = f"q{self.extension.count}"
        _render(parent, checks[0], check_id, _page_identity(self.parser.md))
        return None


def _split_own_lines(block: str) -> tuple[str, str | None]:
    """The check's lines of a block, and what follows them unindented (None when nothing)."""
    lines = block.split("\n")
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() and not line.startswith(("    ", "\t")):
            return "\n".join(lines[:index]), "\n".join(lines[index:])
    return block, None


def _render(parent: etree.Element, check: Check, check_id: str, lesson: str | None) -> None:
    attributes = {
        "class": "kb-check",
        "id": f"kb-check-{check_id}",
        "data-kb-check": check_id,
        "data-kb-choose": check.choose,
    }
    if lesson:
        attributes["data-kb-lesson"] = lesson
    form = etree.SubElement(parent, "form", attributes)
    fieldset = etree.SubElement(form, "fieldset")
    legend = etree.SubElement(fieldset, "legend", {"class": "kb-check__question"})
    legend.text = check.question
    how = etree.SubElement(fieldset, "p", {"class": "kb-check__how"})
    how.text = "Choose one." if check.choose == "one" else "Choose all that apply."
    options = etree.SubElement(fieldset, "ul", {"class": "kb-check__options"})
    kind = "radio" if check.choose == "one" else "checkbox"
    for number, option in enumerate(check.options):
        item = etree.SubElement(options, "li", {"class": "kb-check__option"})
        label = etree.SubElement(item, "label")
        field = etree.SubElement(
            label, "input", {"type": kind, "name": f"kb-check-{check_id}", "value": str(number)}
        )
        field.tail = f" {option.text}"
    button = etree.SubElement(
        fieldset, "button", {"type": "submit", "class": "kb-check__submit", "hidden": "hidden"}
    )
    button.text = SUBMIT_LABEL
    etree.SubElement(
        fieldset,
        "div",
        {"class": "kb-check__result", "role": "status", "aria-live": "polite"},
    )
    _answers(form, check.options)


def _answers(form: etree.Element, options: tuple[CheckOption, ...]) -> None:
    """Every option marked right or not, with its explanation: the answer without JavaScript."""
    details = etree.SubElement(form, "details", {"class": "kb-check__answers"})
    summary = etree.SubElement(details, "summary")
    summary.text = ANSWERS_LABEL
    answers = etree.SubElement(details, "ul")
    for number, option in enumerate(options):
        item = etree.SubElement(
            answers,
            "li",
            {
                "class": "kb-check__answer",
                "data-kb-option": str(number),
                "data-kb-right": "true" if option.right else "false",
            },
        )
        mark = etree.SubElement(item, "strong")
        mark.text = RIGHT_LABEL if option.right else WRONG_LABEL
        mark.tail = f" {option.text} "
        why = etree.SubElement(item, "span", {"class": "kb-check__why"})
        why.text = option.explanation


class CheckExtension(Extension):
    """Registers the check processor; numbers checks q1, q2, ... on each page."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.count = 0

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.parser.blockprocessors.register(CheckProcessor(md.parser, self), "kb-check", PRIORITY)

    def reset(self) -> None:
        self.count = 0


def makeExtension(**kwargs: Any) -> CheckExtension:
    return CheckExtension(**kwargs)
