"""Split each Article into what the index stores: one record per guide, one per section.

Section anchors are computed the way MkDocs' table of contents computes heading ids, so a
search hit can jump straight to `#the-right-heading`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the guide model and Markdown are loaded when a record is made, not to search
    from portal.guides.articles import Article
    from portal.guides.markdown_text import Block

SECTION_LEVELS = (2, 3)
# A list item or paragraph that is only a link ("- [Clear a paper jam](clear-paper-jam.md)")
# points elsewhere; its words describe another page, so they would mislead ranking.
_LINK_ONLY = re.compile(r"^\s*(?:[-*+]|\d+[.)])?\s*\[[^\]]+\]\([^)]*\)[\s.]*$")
_KEYS = re.compile(r"\+\+([^\s+]+(?:\+[^\s+]+)*)\+\+")


def readable_keys(text: str) -> str:
    """Keyboard markup `++ctrl+alt+delete++` as people read it: "Ctrl+Alt+Delete"."""
    return _KEYS.sub(lambda m: "+".join(k.capitalize() for k in m.group(1).split("+")), text)


@dataclass(frozen=True)
class SectionRecord:
    """One part of a guide, from a `##` or `###` heading to the next (or the intro)."""

    path: str
    anchor: str  # "" for the part before the first heading
    heading: str
    text: str
    position: int


@dataclass(frozen=True)
class GuideRecord:
    """Everything the index knows about a whole guide."""

    path: str
    url: str
    section: str
    title: str
    description: str
    phrases: tuple[str, ...]
    tags: tuple[str, ...]
    headings: tuple[str, ...]
    body: str
    sections: tuple[SectionRecord, ...]
    # Front matter words of other tools (keywords, aliases, summary): searchable, not shown.
    keywords: tuple[str, ...] = ()
    lang: str = "en"  # the page's language (portal.guides.languages)
    translation_key: str = ""  # shared by a page's copies in other languages; "" means path
    teaches: bool = False  # a lesson or a course: how to avoid a problem, not how to fix it
    urgent: bool = False  # minutes matter: a result opens at its top, by the desk's number

    def __post_init__(self) -> None:
        if not self.translation_key:
            object.__setattr__(self, "translation_key", self.path)


def heading_ids(blocks: list[Block]) -> dict[int, str]:
    """Heading line -> the id Python-Markdown's toc extension gives it (unique per page).

    Headings in raw HTML (`<summary>`, `<h3>`) get no id from MkDocs, so they take none here.
    """
    from markdown.extensions.toc import slugify, unique

    seen: set[str] = set()
    ids: dict[int, str] = {}
    for block in blocks:
        if block.kind == "heading" and not block.html:
            ids[block.line] = unique(slugify(block.text, "-"), seen)
    return ids


def searchable(article: Article) -> bool:
    """The pages search answers with: guides, lessons and a course's own page; never a list of
    guides (a section's index), a course's "You finished" page or a troubleshooter (it is
    offered as the question back to a vague query instead: search.narrowing)."""
    from portal.guides.courses import KIND_COURSE, KIND_FINISHED, kind_of
    from portal.guides.troubleshooters import is_troubleshooter

    if is_troubleshooter(article):
        return False
    kind = kind_of(article)
    return kind != KIND_FINISHED and (not article.is_index or kind == KIND_COURSE)


def guide_record(article: Article) -> GuideRecord:
    """Turn one article into a guide record with its sections."""
    from portal.guides.courses import KIND_COURSE, KIND_LESSON, kind_of
    from portal.guides.markdown_text import text_blocks

    blocks = text_blocks(article.body)
    ids = heading_ids(blocks)
    lines = article.body.splitlines()
    sections: list[SectionRecord] = []
    current_heading, current_anchor = "", ""
    markdown_anchor = ""  # an HTML heading lands at the Markdown section it sits in
    current_text: list[str] = []

    def close() -> None:
        text = " ".join(current_text).strip()
        if text or current_heading:
            sections.append(
                SectionRecord(article.path, current_anchor, current_heading, text, len(sections))
            )

    for block in blocks:
        if block.kind == "heading" and block.level == 1:
            continue
        if block.kind == "heading" and block.level in SECTION_LEVELS:
            close()
            if not block.html:
                markdown_anchor = ids[block.line]
            current_heading, current_anchor, current_text = block.text, markdown_anchor, []
            continue
        if block.html and block.kind == "heading":
            current_text.append(block.text)
            continue
        if (
            not block.html
            and block.kind in ("item", "paragraph")
            and _LINK_ONLY.match(lines[block.line - 1])
        ):
            continue
        current_text.append(readable_keys(block.text))
    close()
    headings = tuple(s.heading for s in sections if s.heading)
    return GuideRecord(
        path=article.path,
        url=article.url,
        section=article.section,
        title=article.title,
        description=article.description,
        phrases=article.phrases,
        tags=article.tags,
        headings=headings,
        body=" ".join(s.text for s in sections),
        sections=tuple(sections),
        keywords=article.keywords,
        lang=article.lang,
        translation_key=article.translation_key,
        teaches=kind_of(article) in (KIND_LESSON, KIND_COURSE),
        urgent=article.urgent,
    )
