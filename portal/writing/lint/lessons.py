"""Structure checks of a course's pages: check questions, a lesson's outline, a course's list.

Each is named by a `structure` rule file (`check: check-one-right`), which holds its level,
message and options, so writers read about them in the writing guide like every other rule.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Iterator
from pathlib import Path

import yaml
from markdown_it.token import Token

from portal.guides.articles import parse_front_matter, split_front_matter
from portal.guides.courses import (
    ANYWAY_SECTION,
    CHECKS_SECTION,
    KIND_LESSON,
    lesson_names,
)
from portal.words import plural
from portal.writing.lint.checks import fill, finding
from portal.writing.lint.document import Document
from portal.writing.lint.findings import Finding
from portal.writing.lint.rules import StructureRule

_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)
# Files of a course folder that are not lessons.
COURSE_PAGES = ("index.md", "README.md", "finished.md")


def _column(doc: Document, line: int) -> int:
    """Column of the first character that is not a space on a file line (1-based)."""
    lines = doc.body.splitlines()
    index = line - doc.body_line
    if 0 <= index < len(lines):
        text = lines[index].expandtabs(4)
        return len(text) - len(text.lstrip()) + 1
    return 1


def _at(doc: Document, line: int) -> tuple[int, int]:
    return line, _column(doc, line)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _top(doc: Document) -> tuple[int, int]:
    for piece in doc.pieces:
        if piece.kind == "heading" and piece.segment.level == 1:
            return piece.position(0)
    return doc.body_line, 1


def check_written(rule: StructureRule, doc: Document, today: dt.date) -> Iterator[Finding]:
    """Each check question written so that it can be shown: question, “Choose …” line, options."""
    for line, problem in doc.checks[1]:
        yield finding(rule, doc, _at(doc, line), {"problem": problem})


def check_one_right(rule: StructureRule, doc: Document, today: dt.date) -> Iterator[Finding]:
    """“Choose one.” has exactly one right option; “Choose all that apply.” at least one."""
    many = str(rule.options.get("many_message", "{question}"))
    for check in doc.checks[0]:
        right = sum(option.right for option in check.options)
        values = {"question": _short(check.question), "count": right}
        if check.choose == "one" and right != 1:
            yield finding(rule, doc, _at(doc, check.line), values)
        elif check.choose == "many" and right == 0:
            found = finding(rule, doc, _at(doc, check.line), values)
            yield _reworded(found, fill(many, values))


def _reworded(found: Finding, message: str) -> Finding:
    return Finding(
        found.path,
        found.line,
        found.column,
        found.severity,
        found.rule,
        message,
        found.suggestion,
        found.family,
    )


def check_explained(rule: StructureRule, doc: Document, today: dt.date) -> Iterator[Finding]:
    """Every option says why it is right or not: that is what the reader learns from."""
    for check in doc.checks[0]:
        for option in check.options:
            if not option.explanation:
                values = {
                    "option": _short(option.text),
                    "right": "right" if option.right else "not right",
                }
                yield finding(rule, doc, _at(doc, option.line or check.line), values)


def check_options(rule: StructureRule, doc: Document, today: dt.date) -> Iterator[Finding]:
    """Two to five options: one is no choice, more than five is a test of patience."""
    low = int(rule.options.get("min_options", 2))
    high = int(rule.options.get("max_options", 5))
    for check in doc.checks[0]:
        count = len(check.options)
        if not low <= count <= high:
            values = {
                "count": count,
                "options": plural(count, "option"),
                "min": low,
                "max": high,
                "question": _short(check.question),
            }
            yield finding(rule, doc, _at(doc, check.line), values)


def check_above(rule: StructureRule, doc: Document, today: dt.date) -> Iterator[Finding]:
    """No “all of the above”: options are shown one by one and their order may change."""
    raw = rule.options.get("patterns") or [r"\b(?:all|none|both|neither) of (?:the )?above\b"]
    patterns = [re.compile(str(p), re.IGNORECASE) for p in raw]
    for check in doc.checks[0]:
        for option in check.options:
            for pattern in patterns:
                match = pattern.search(option.text)
                if match:
                    values = {"text": match.group(0)}
                    yield finding(rule, doc, _at(doc, option.line or check.line), values)
                    break


def _sections(tokens: list[Token]) -> list[tuple[str, int, int]]:
    """Level-two headings as (text, first body line, body line where the next one starts)."""
    heads = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2" and token.map:
            heads.append((tokens[index + 1].content.strip(), token.map[0] + 1))
    ends = [line for _, line in heads[1:]] + [10**9]
    return [(text, line, end) for (text, line), end in zip(heads, ends, strict=True)]


def lesson_has_check(rule: StructureRule, doc: Document, today: dt.date) -> Iterator[Finding]:
    """A lesson ends with at least one check, so readers can see what they learned."""
    checks, problems = doc.checks
    if checks or problems:
        return
    place = _top(doc)
    for text, line, _ in _sections(doc.tokens):
        if text == CHECKS_SECTION:
            place = (doc.body_line + line - 1, 1)
    yield finding(rule, doc, place, {"section": CHECKS_SECTION})


def lesson_sections(rule: StructureRule, doc: Document, today: dt.date) -> Iterator[Finding]:
    """The lesson's outline: “If it happens anyway”, then “Check what you learned” last."""
    sections = _sections(doc.tokens)
    names = [text for text, _, _ in sections]
    for wanted in (ANYWAY_SECTION, CHECKS_SECTION):
        if wanted not in names:
            values = {"section": wanted}
            found = finding(rule, doc, _top(doc), values)
            yield _reworded(found, fill(str(rule.options["missing_message"]), values))
    if names and CHECKS_SECTION in names and names[-1] != CHECKS_SECTION:
        _, line, _ = sections[names.index(CHECKS_SECTION) + 1]
        values = {"section": CHECKS_SECTION, "heading": names[names.index(CHECKS_SECTION) + 1]}
        found = finding(rule, doc, (doc.body_line + line - 1, 1), values)
        yield _reworded(found, fill(str(rule.options["last_message"]), values))
    start = next((line for text, line, _ in sections if text == CHECKS_SECTION), None)
    for check in doc.checks[0]:
        if start is None or check.line < doc.body_line + start - 1:
            values = {"section": CHECKS_SECTION}
            found = finding(rule, doc, _at(doc, check.line), values)
            yield _reworded(found, fill(str(rule.options["outside_message"]), values))


def _links(tokens: list[Token], start: int, end: int) -> list[str]:
    """Every link target written between two body lines."""
    found = []
    for token in tokens:
        if token.type != "inline" or not token.map or not start <= token.map[0] + 1 < end:
            continue
        for child in token.children or []:
            if child.type == "link_open":
                found.append(str(child.attrs.get("href", "")))
    return found


def _is_guide_link(href: str, source: Path) -> bool:
    """A link to a page of the site outside the Learn area (a guide), resolved from the lesson's
    own file, so it reads the same whichever folder `kb lint` was given."""
    target = href.split("#", 1)[0].split("?", 1)[0]
    if not target or _EXTERNAL.match(target) or target.startswith("/"):
        return False
    learn = source.parent.parent  # content/learn/<course>/<lesson>.md
    path = Path(os.path.normpath(source.parent / target))
    return not path.is_relative_to(learn)


def lesson_anyway(rule: StructureRule, doc: Document, today: dt.date) -> Iterator[Finding]:
    """“If it happens anyway” links to at least one guide: the lesson leads to the fix."""
    source = doc.article.source if doc.article is not None else None
    for text, line, end in _sections(doc.tokens):
        if text != ANYWAY_SECTION:
            continue
        links = _links(doc.tokens, line, end)
        if source is None or not any(_is_guide_link(href, source) for href in links):
            yield finding(rule, doc, (doc.body_line + line - 1, 1), {"section": ANYWAY_SECTION})
        return


def lesson_minutes(rule: StructureRule, doc: Document, today: dt.date) -> Iterator[Finding]:
    """A lesson takes two to five minutes: short enough to finish between two tasks."""
    article = doc.article
    if article is None:
        return
    low = int(rule.options.get("min_minutes", 2))
    high = int(rule.options.get("max_minutes", 5))
    values = {"min": low, "max": high, "minutes": article.minutes}
    if "minutes" not in article.meta:
        found = finding(rule, doc, (1, 1), values, severity="warning")
        yield _reworded(found, fill(str(rule.options["missing_message"]), values))
    elif article.minutes is not None and not low <= article.minutes <= high:
        yield finding(rule, doc, (doc.key_lines.get("minutes", 1), 1), values)


def _kind_on_disk(path: Path) -> str | None:
    """The `kind` in a Markdown file's front matter, read without loading it as a guide."""
    try:
        yaml_text, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
        meta, _ = parse_front_matter(yaml_text or "")
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    kind = meta.get("kind") if isinstance(meta, dict) else None
    return kind if isinstance(kind, str) else None


def _name_lines(doc: Document, count: int) -> list[int]:
    """The file line of each name under `lessons` (one a line, or all on the key's line)."""
    key = doc.key_lines.get("lessons", 1)
    text = doc_text_line(doc, key)
    if "[" in text:
        return [key] * count
    return [key + 1 + index for index in range(count)]


def doc_text_line(doc: Document, line: int) -> str:
    """A front matter line of the document's source file ("" when it cannot be read)."""
    article = doc.article
    if article is None:
        return ""
    try:
        lines = article.source.read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    return lines[line - 1] if 0 < line <= len(lines) else ""


def course_lessons(rule: StructureRule, doc: Document, today: dt.date) -> Iterator[Finding]:
    """A course's `lessons` names each lesson file of its folder once, and nothing else."""
    article = doc.article
    if article is None or not isinstance(article.meta.get("lessons"), list):
        return
    folder = article.source.parent
    names = lesson_names(article)
    key = (doc.key_lines.get("lessons", 1), 1)

    def say(template: str, place: tuple[int, int], values: dict[str, object]) -> Finding:
        found = finding(rule, doc, place, values)
        return _reworded(found, fill(str(rule.options[template]), values))

    if not names:
        yield say("empty_message", key, {})
        return
    files = {
        path.stem: path
        for path in sorted(folder.glob("*.md"))
        if path.name not in COURSE_PAGES and path.is_file()
    }
    lessons = {stem for stem, path in files.items() if _kind_on_disk(path) == KIND_LESSON}
    seen: set[str] = set()
    for name, line in zip(names, _name_lines(doc, len(names)), strict=True):
        stem = name.removesuffix(".md")
        place = (line, 1)
        if stem in seen:
            yield say("twice_message", place, {"name": stem})
        elif stem not in files:
            unlisted = {name.removesuffix(".md") for name in names}
            close = difflib.get_close_matches(stem, sorted(lessons - unlisted), n=1)
            hint = f" Did you mean “{close[0]}”?" if close else ""
            yield say("missing_message", place, {"name": stem, "hint": hint})
        elif stem not in lessons:
            yield say("not_lesson_message", place, {"name": stem})
        seen.add(stem)
    for stem in sorted(lessons - seen):
        yield say("unlisted_message", key, {"name": stem})


LESSON_CHECKS = {
    "check-written": check_written,
    "check-one-right": check_one_right,
    "check-explained": check_explained,
    "check-options": check_options,
    "check-above": check_above,
    "lesson-has-check": lesson_has_check,
    "lesson-sections": lesson_sections,
    "lesson-anyway": lesson_anyway,
    "lesson-minutes": lesson_minutes,
    "course-lessons": course_lessons,
}
