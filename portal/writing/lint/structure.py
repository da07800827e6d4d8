"""Structure checks: the guide's shape, which needs the Markdown tree rather than words.

Each check is named by a `structure` rule file (`check: steps-numbered`), which holds its
level, message and options, so these checks are documented and configured like the rest.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from markdown_it.token import Token

from portal.guides.courses import CHOOSE_MANY, CHOOSE_ONE
from portal.guides.reviews import is_overdue
from portal.guides.vocabulary import GUIDE_SECTIONS, STEPS_SECTION
from portal.writing.lint.checks import fill, finding
from portal.writing.lint.document import Document, build_document
from portal.writing.lint.findings import Finding
from portal.writing.lint.lessons import LESSON_CHECKS
from portal.writing.lint.rules import StructureRule
from portal.writing.lint.troubleshooters import TROUBLESHOOTER_CHECKS

Check = Callable[[StructureRule, Document, dt.date], Iterator[Finding]]
# Template lines a writer keeps as they are: a check question's “Choose …” line.
KEPT = frozenset({CHOOSE_ONE, CHOOSE_MANY})


def _column(doc: Document, body_line: int) -> int:
    """Column of the first character that is not a space on a body line (1-based)."""
    lines = doc.body.splitlines()
    if 0 < body_line <= len(lines):
        text = lines[body_line - 1]
        return len(text) - len(text.lstrip()) + 1
    return 1


def _place(doc: Document, body_line: int) -> tuple[int, int]:
    return doc.body_line + body_line - 1, _column(doc, body_line)


def _top(doc: Document) -> tuple[int, int]:
    """Where to report a whole-guide problem: the title heading, else the body's start."""
    for piece in doc.pieces:
        if piece.kind == "heading" and piece.segment.level == 1:
            return piece.position(0)
    return doc.body_line, 1


def _advice(rule: StructureRule) -> list[tuple[re.Pattern[str], str]]:
    """The rule's `advice`: what to do about a loading problem, found by its wording."""
    found = []
    for entry in rule.options.get("advice") or []:
        if (
            isinstance(entry, dict)
            and isinstance(entry.get("problem"), str)
            and entry.get("suggest")
        ):
            found.append((re.compile(entry["problem"]), str(entry["suggest"])))
    return found


def front_matter(rule: StructureRule, doc: Document, today: dt.date) -> Iterator[Finding]:
    """The problems portal.guides.articles found while loading (missing fields, dates, length).

    Loading says how serious each is (no title is an error, no `phrases` a warning); the rule
    adds what to do where its `advice` has it.
    """
    advice = _advice(rule)
    for problem in doc.problems:
        values = {"problem": problem.message}
        suggestion = next((tip for pattern, tip in advice if pattern.search(problem.message)), None)
        yield finding(rule, doc, (problem.line, 1), values, suggestion, severity=problem.severity)


def review_overdue(rule: StructureRule, doc: Document, today: dt.date) -> Iterator[Finding]:
    article = doc.article
    if article is None or article.review_by is None or not is_overdue(article.review_by, today):
        return
    key = "review_by" if "review_by" in doc.key_lines else "reviewed"
    line = doc.key_lines.get(key, 1)
    values = {"due": article.review_by.isoformat(), "reviewed": article.reviewed}
    yield finding(rule, doc, (line, 1), values)


def _sections(tokens: list[Token]) -> list[tuple[str, int]]:
    """Level-two headings as (text, body line)."""
    found = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2" and token.map:
            inline = tokens[index + 1]
            found.append((inline.content.strip(), token.map[0] + 1))
    return found


def steps_numbered(rule: StructureRule, doc: Document, today: dt.date) -> Iterator[Finding]:
    tokens = doc.tokens
    name = str(rule.options.get("section", STEPS_SECTION))
    sections = _sections(tokens)
    start, end, where = 0, 10**9, "this guide"
    for index, (text, line) in enumerate(sections):
        if text == name:
            start = line
            end = sections[index + 1][1] if index + 1 < len(sections) else 10**9
            where = f"the “{name}” section"
            break
    for token in tokens:
        if token.type == "ordered_list_open" and token.map and start <= token.map[0] + 1 < end:
            return
    place = _place(doc, start) if start else _top(doc)
    yield finding(rule, doc, place, {"where": where, "section": name})


def _list_items(tokens: list[Token], index: int) -> list[tuple[int, int]]:
    """(body line, number as written) of each top-level item of the list opened at index."""
    depth, items = 0, []
    for token in tokens[index + 1 :]:
        if token.type in ("ordered_list_open", "bullet_list_open"):
            depth += 1
        elif token.type in ("ordered_list_close", "bullet_list_close"):
            if depth == 0:
                break
            depth -= 1
        elif token.type == "list_item_open" and depth == 0 and token.map:
            number = int(token.info) if token.info.isdigit() else 0
            items.append((token.map[0] + 1, number))
    return items


def _split_lists(items: list[tuple[int, int]], openers: list[int]) -> list[list[int]]:
    """The lists a reader sees: tabs and admonitions end a list, and so does "1." again.

    Flattening tab bodies puts the Windows and Mac steps one after the other, and CommonMark
    would read them as one long list.
    """
    groups: list[list[int]] = []
    previous: tuple[int, int] | None = None
    for line, number in items:
        starts_new = previous is None
        if previous is not None:
            crossed = any(previous[0] < opener < line for opener in openers)
            restarted = number == 1 and previous[1] > 1
            starts_new = crossed or restarted
        if starts_new:
            groups.append([])
        groups[-1].append(line)
        previous = (line, number)
    return groups


def steps_per_list(rule: StructureRule, doc: Document, today: dt.date) -> Iterator[Finding]:
    limit = int(rule.options.get("max_steps", 10))
    tokens = doc.tokens
    openers = [
        piece.segment.line - doc.body_line + 1
        for piece in doc.pieces
        if piece.kind in ("tab-label", "admonition-title")
    ]
    for index, token in enumerate(tokens):
        if token.type != "ordered_list_open":
            continue
        for group in _split_lists(_list_items(tokens, index), openers):
            if len(group) > limit:
                values = {"count": len(group), "limit": limit}
                yield finding(rule, doc, _place(doc, group[0]), values)


def _section_names(names: list[str]) -> str:
    """'the “Why this happens” section' or 'the sections “A”, “B” and “C”'."""
    quoted = [f"“{name}”" for name in names]
    if len(quoted) == 1:
        return f"the {quoted[0]} section"
    return f"the sections {', '.join(quoted[:-1])} and {quoted[-1]}"


def _renamed(
    rule: StructureRule, missing: list[str], present: list[tuple[str, int]]
) -> dict[str, tuple[str, int]]:
    """Missing sections the guide has under another usual name ("Steps" for "What to do")."""
    names = rule.options.get("also_called") or {}
    found: dict[str, tuple[str, int]] = {}
    taken: set[str] = set()
    for section in missing:
        others = (
            {str(n).casefold() for n in names.get(section, [])}
            if isinstance(names, dict)
            else set()
        )
        for heading, line in present:
            if heading.casefold() in others and heading not in taken:
                found[section] = (heading, line)
                taken.add(heading)
                break
    return found


def template_sections(rule: StructureRule, doc: Document, today: dt.date) -> Iterator[Finding]:
    wanted = [str(s) for s in rule.options.get("sections", GUIDE_SECTIONS)]
    present = _sections(doc.tokens)
    texts = [text for text, _ in present]
    missing = [name for name in wanted if name not in texts]
    renamed = _renamed(rule, missing, present)
    for name, (heading, line) in renamed.items():
        template = str(rule.options.get("renamed_message", "“{heading}” is “{section}”."))
        values = {"heading": heading, "section": name}
        found = finding(rule, doc, _place(doc, line), values)
        yield replace(
            found,
            message=fill(template, values),
            suggestion=f"rename “## {heading}” to “## {name}”",
        )
    missing = [name for name in missing if name not in renamed]
    if missing:
        values = {"missing": _section_names(missing), "first": missing[0]}
        yield finding(rule, doc, _top(doc), values)
    order = [(text, line) for text, line in present if text in wanted]
    for (previous, _), (heading, line) in itertools.pairwise(order):
        if wanted.index(heading) < wanted.index(previous):
            template = str(rule.options.get("order_message", "“{heading}” is out of order."))
            values = {"heading": heading, "previous": previous}
            found = finding(rule, doc, _place(doc, line), values)
            yield Finding(
                found.path,
                found.line,
                found.column,
                found.severity,
                found.rule,
                fill(template, values),
                "put the sections in the template's order",
                found.family,
            )
            break


def _normal(text: str) -> str:
    """A sentence compared loosely: case, spaces, quotes and the closing stop do not count."""
    text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.casefold().split()).rstrip(" .!?:;")


@functools.cache
def template_examples(name: str) -> dict[str, str]:
    """The template's example sentences (normalised) and where each stands: `description`,
    `phrases`, `intro` or the heading of its section. Read from the template itself, so
    the rule follows it when it changes; lines with `$placeholders` are filled in by `kb new`.
    """
    from portal.guides.articles import parse_front_matter, split_front_matter
    from portal.writing.new_guide import template_text

    text = template_text(name)
    examples: dict[str, str] = {}
    yaml_text, _, _ = split_front_matter(text)
    meta, _ = parse_front_matter(yaml_text or "")
    meta = meta if isinstance(meta, dict) else {}
    if isinstance(meta.get("description"), str):
        examples[_normal(meta["description"])] = "description"
    for phrase in meta.get("phrases") or []:
        examples[_normal(str(phrase))] = "phrases"
    section = "intro"
    for piece in build_document(name, text, is_guide=True).pieces:
        if piece.kind == "heading":
            if piece.segment.level == 2:
                section = piece.text.strip()
            continue
        if piece.kind == "link":
            continue
        for low, high in piece.sentences:
            sentence = piece.text[low:high]
            if "$" not in sentence and _normal(sentence) and sentence.strip() not in KEPT:
                examples.setdefault(_normal(sentence), section)
    return examples


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def template_text(rule: StructureRule, doc: Document, today: dt.date) -> Iterator[Finding]:
    """Example sentences of the template still in the guide: readers would see them as they are."""
    templates = rule.options.get("templates") or {}
    if doc.kind is not None and isinstance(templates, dict) and doc.kind in templates:
        examples = template_examples(str(templates[doc.kind]))
    elif doc.is_guide and doc.kind is None:
        examples = template_examples(str(rule.options.get("template", "guide.md")))
    else:
        return
    raw_hints = rule.options.get("hints") or {}
    hints = {str(k): str(v) for k, v in raw_hints.items()} if isinstance(raw_hints, dict) else {}
    fallback = hints.get("other", "your own words for this guide")

    def found(place: tuple[int, int], text: str, where: str) -> Finding:
        places = {"description": "in the description", "phrases": "in the phrases"}
        section = places.get(where, "under the title" if where == "intro" else f"in “{where}”")
        values = {"text": _short(text), "hint": hints.get(where, fallback), "where": section}
        return finding(rule, doc, place, values)

    article = doc.article
    if article is not None:
        for index, phrase in enumerate(article.phrases):
            if examples.get(_normal(phrase)) == "phrases":
                line = doc.key_lines.get("phrases", 1) + 1 + index
                yield found((line, 1), phrase, "phrases")
    for piece in doc.pieces:
        if piece.kind in ("heading", "link"):
            continue
        for low, high in piece.sentences:
            sentence = piece.text[low:high]
            where = examples.get(_normal(sentence))
            if where is None or where == "phrases":
                continue
            if (where == "description") != (piece.kind == "description"):
                continue
            yield found(piece.position(low), sentence, where)


STRUCTURE_CHECKS: dict[str, Check] = {
    "template-text": template_text,
    "front-matter": front_matter,
    "review-overdue": review_overdue,
    "steps-numbered": steps_numbered,
    "steps-per-list": steps_per_list,
    "template-sections": template_sections,
    **LESSON_CHECKS,
    **TROUBLESHOOTER_CHECKS,
}


def check_structure(rule: StructureRule, doc: Document, today: dt.date) -> Iterator[Finding]:
    if not doc.shows(rule.pages):
        return
    check = STRUCTURE_CHECKS.get(rule.check)
    if check is not None:
        yield from check(rule, doc, today)
