"""A guide as the rules see it: reader-visible text with exact positions and what to skip.

Rules never look at Markdown. They get pieces of text (headings, paragraphs, list items,
table cells, admonition titles, link text and the front matter description), each knowing
the file line and column of every character, which stretches are code, web addresses or
keys (never linted) and which are bold or quoted (what the screen says, quoted exactly).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property

from markdown_it.token import Token

from portal.guides.articles import (
    Article,
    Content,
    Problem,
    parse_front_matter,
    split_front_matter,
)
from portal.guides.courses import Check, kind_of, parse_checks
from portal.guides.readability import sentences
from portal.guides.segments import Segment, block_tokens, text_segments
from portal.guides.troubleshooters import (
    KIND_TROUBLESHOOTER,
    Anchors,
    Troubleshooter,
    is_troubleshooter,
    parse_troubleshooter,
    problems_of,
)

# Never linted: web addresses, email addresses, pymdownx keys (++ctrl+p++), file paths.
_VERBATIM = re.compile(
    r"(?:https?://|www\.)[^\s<>\"“”]+[^\s<>\"“”.,;:!?)]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\+\+[^\s+]+(?:\+[^\s+]+)*\+\+"
    r"|\b[A-Za-z]:\\[^\s]*"
    r"|(?<![\w/])(?:~|\.{1,2})?/(?:[\w.-]+/)+[\w.-]*"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|co\.uk|uk|gov|edu|local|intranet)\b"
)
_QUOTED = re.compile(r"\"[^\"]+\"|“[^”]+”")
_ABBREVIATION = re.compile(r"^\*\[([^\]]+)\]:\s*\S", re.MULTILINE)
# A capitalised word with a small letter in it ("Credential", "OneDrive"), and runs of them
# joined by single spaces: "Credential Manager", "Keychain Access", "Software Center".
_NAME_WORD = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*[a-z][\w'’-]*")
Range = tuple[int, int]


def _overlaps(ranges: list[Range], start: int, end: int) -> bool:
    return any(start < high and low < end for low, high in ranges)


@dataclass(frozen=True)
class Piece:
    """One segment of reader-visible text, ready for the rules."""

    segment: Segment
    verbatim: tuple[Range, ...]  # code, addresses, keys: never linted
    quoted: tuple[Range, ...]  # in quotation marks: the screen's words
    bold: tuple[Range, ...]  # bold: in our guides, the screen's labels
    links: tuple[Range, ...]

    @property
    def kind(self) -> str:
        return self.segment.kind

    @property
    def text(self) -> str:
        return self.segment.text

    def position(self, offset: int) -> tuple[int, int]:
        return self.segment.position(offset)

    def skipped(self, start: int, end: int, ignore: frozenset[str]) -> bool:
        """True when start..end touches text the rule must not look at."""
        if _overlaps(list(self.verbatim), start, end):
            return True
        if "quotes" in ignore and _overlaps(list(self.quoted), start, end):
            return True
        if "bold" in ignore and _overlaps(list(self.bold), start, end):
            return True
        return "names" in ignore and _overlaps(list(self.names), start, end)

    @cached_property
    def names(self) -> tuple[Range, ...]:
        """Proper names: two or more capitalised words in a row, as in "Credential Manager".

        A sentence's first word is capitalised anyway, so it never starts a name: "Reboot
        Windows" is still an instruction, while "Open Credential Manager" names an app.
        """
        starts = {
            low + len(self.text[low:high]) - len(self.text[low:high].lstrip("\"'“‘(*_"))
            for low, high in self.sentences
        }
        words = [m.span() for m in _NAME_WORD.finditer(self.text) if m.start() not in starts]
        found: list[Range] = []
        run: list[Range] = []
        for span in words:
            if run and self.text[run[-1][1] : span[0]] == " ":
                run.append(span)
                continue
            if len(run) > 1:
                found.append((run[0][0], run[-1][1]))
            run = [span]
        if len(run) > 1:
            found.append((run[0][0], run[-1][1]))
        return tuple(found)

    def in_link(self, start: int, end: int) -> bool:
        return _overlaps(list(self.links), start, end)

    @cached_property
    def sentences(self) -> list[Range]:
        """Offsets of each sentence, split the way readability splits them."""
        found: list[Range] = []
        cursor = 0
        for sentence in sentences(self.text):
            start = self.text.find(sentence, cursor)
            if start < 0:
                continue
            found.append((start, start + len(sentence)))
            cursor = start + len(sentence)
        return found


def make_piece(segment: Segment) -> Piece:
    text = segment.text
    verbatim = [(s.start, s.end) for s in segment.spans if s.kind == "code"]
    if segment.kind != "link":  # a link's own words are checked, even a bare web address
        verbatim += [m.span() for m in _VERBATIM.finditer(text)]
    return Piece(
        segment=segment,
        verbatim=tuple(verbatim),
        quoted=tuple(m.span() for m in _QUOTED.finditer(text)),
        bold=tuple((s.start, s.end) for s in segment.spans if s.kind == "strong"),
        links=tuple((s.start, s.end) for s in segment.spans if s.kind == "link"),
    )


def _shift(segment: Segment, lines: int) -> Segment:
    positions = tuple((line + lines, column) for line, column in segment.positions)
    return replace(segment, line=segment.line + lines, positions=positions)


def _link_segments(segment: Segment) -> list[Segment]:
    """Each link's own words as a segment, so link-text rules see them alone."""
    found = []
    for span in segment.spans:
        if span.kind != "link":
            continue
        inner = tuple(
            replace(s, start=s.start - span.start, end=s.end - span.start)
            for s in segment.spans
            if span.start <= s.start and s.end <= span.end and s is not span
        )
        positions = segment.positions[span.start : span.end]
        line = positions[0][0] if positions else segment.line
        text = segment.text[span.start : span.end]
        found.append(Segment("link", text, line, 0, positions, inner))
    return found


@dataclass
class Document:
    """Everything the rules need about one file."""

    path: str
    body: str
    body_line: int  # file line of the body's first line
    is_guide: bool
    pieces: list[Piece]
    article: Article | None = None
    problems: list[Problem] = field(default_factory=list)
    key_lines: dict[str, int] = field(default_factory=dict)  # file line of each front matter key
    # lesson, course, course-finished (a course's pages), troubleshooter, else None (a guide)
    kind: str | None = None
    # The content folder a troubleshooter's answers lead into, and the page as read from it
    # (its identity under that folder, whichever folder `kb lint` was given), with how a
    # page's section ids are found.
    content: Content | None = None
    tree_article: Article | None = None
    anchors: Anchors | None = None

    @cached_property
    def abbreviations(self) -> set[str]:
        """Terms the page defines as abbreviations (`*[DNS]: ...`)."""
        return {match.group(1).strip() for match in _ABBREVIATION.finditer(self.body)}

    @cached_property
    def tokens(self) -> list[Token]:
        """The body's markdown-it block tokens (structure checks share one parse)."""
        return block_tokens(self.body)

    def pieces_in(self, scope: frozenset[str]) -> list[Piece]:
        return [piece for piece in self.pieces if piece.kind in scope]

    @cached_property
    def checks(self) -> tuple[list[Check], list[tuple[int, str]]]:
        """The page's check questions, and (line, problem) for each written wrongly."""
        return parse_checks(self.body, self.body_line)

    @cached_property
    def troubleshooter(self) -> Troubleshooter | None:
        """The page's question tree, when it is a troubleshooter."""
        article = self.tree_article or self.article
        if article is None or self.kind != KIND_TROUBLESHOOTER:
            return None
        return parse_troubleshooter(article)

    @cached_property
    def tree_problems(self) -> list[Problem]:
        """Everything wrong with the page's question tree (nothing for other pages)."""
        tree = self.troubleshooter
        return [] if tree is None else problems_of(tree, self.content, self.anchors)

    def shows(self, pages: str) -> bool:
        """True when a rule for these pages (see rules.PAGES) looks at this document."""
        if pages == "guides":
            return self.is_guide
        if pages == "how-to":
            return self.is_guide and self.kind is None
        if pages == "lessons":
            return self.kind == "lesson"
        if pages == "courses":
            return self.kind == "course"
        if pages == "troubleshooters":
            return self.kind == KIND_TROUBLESHOOTER
        return True


_TASK_MARK = re.compile(r"\[[ xX]\] ?")


def _cut(segment: Segment, start: int, end: int) -> Segment:
    """The part start..end of a segment, its spans and positions kept in step."""
    spans = tuple(
        replace(s, start=max(s.start, start) - start, end=min(s.end, end) - start)
        for s in segment.spans
        if s.start < end and start < s.end
    )
    positions = segment.positions[start:end]
    line = positions[0][0] if positions else segment.line
    return replace(
        segment, text=segment.text[start:end], line=line, positions=positions, spans=spans
    )


def _option_segments(segment: Segment, option_lines: set[int]) -> list[Segment]:
    """A check's option as readers see it: its words, then its explanation, without `[x]`.

    Without the split, an option with no full stop would run into its explanation and be
    read as one long sentence.
    """
    mark = _TASK_MARK.match(segment.text)
    if segment.kind != "item" or mark is None or segment.position(0)[0] not in option_lines:
        return [segment]
    start = mark.end()
    first_line = segment.positions[start][0] if start < len(segment.positions) else segment.line
    split = next(
        (i for i in range(start, len(segment.text)) if segment.positions[i][0] != first_line),
        len(segment.text),
    )
    end = len(segment.text[:split].rstrip())
    parts = [_cut(segment, start, end)]
    rest = len(segment.text) - len(segment.text[split:].lstrip())
    if rest < len(segment.text):
        parts.append(_cut(segment, rest, len(segment.text)))
    return [part for part in parts if part.text.strip()]


def _description_piece(text: str, description: str, line: int) -> Piece:
    """The description with positions on its front matter line (exact when on one line)."""
    raw = text.splitlines()[line - 1] if line - 1 < len(text.splitlines()) else ""
    value = raw.partition(":")[2]
    start = len(raw) - len(value) + (len(value) - len(value.lstrip()))
    if value.strip()[:1] in ("'", '"'):
        start += 1
    same_line = value.strip().strip("'\"").startswith(description[:20])
    positions = tuple(
        (line, start + 1 + index if same_line else start + 1) for index in range(len(description))
    )
    return make_piece(Segment("description", description, line, 0, positions))


def build_document(
    path: str,
    text: str,
    article: Article | None = None,
    problems: list[Problem] | None = None,
    is_guide: bool | None = None,
) -> Document:
    """Turn a file's text (front matter and Markdown) into a Document."""
    yaml_text, body, body_line = split_front_matter(text)
    key_lines: dict[str, int] = {}
    if yaml_text is not None:
        try:
            _, relative = parse_front_matter(yaml_text)
            key_lines = {key: line + 1 for key, line in relative.items()}
        except Exception:  # broken YAML is reported by the front-matter rule
            key_lines = {}
    segments = [_shift(s, body_line - 1) for s in text_segments(body)]
    if "!!!" in body:
        checks, _ = parse_checks(body, body_line)
        option_lines = {option.line for check in checks for option in check.options}
        segments = [part for s in segments for part in _option_segments(s, option_lines)]
    pieces = [make_piece(s) for s in segments]
    pieces += [make_piece(link) for s in segments for link in _link_segments(s)]
    description = article.meta.get("description") if article is not None else None
    if isinstance(description, str) and description.strip() and "description" in key_lines:
        flat = " ".join(description.split())
        pieces.append(_description_piece(text, flat, key_lines["description"]))
    pieces.sort(key=lambda piece: piece.position(0))
    if is_guide is None:
        is_guide = article is not None and not article.is_index
    return Document(
        path=path,
        body=body,
        body_line=body_line,
        is_guide=is_guide,
        pieces=pieces,
        article=article,
        problems=list(problems or []),
        key_lines=key_lines,
        kind=_kind(article),
    )


def _kind(article: Article | None) -> str | None:
    """The page's kind as the rules see it: a course's page, a troubleshooter, else None."""
    if article is None:
        return None
    return KIND_TROUBLESHOOTER if is_troubleshooter(article) else kind_of(article)
