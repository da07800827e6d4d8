"""Troubleshooters: short question trees that writers keep in content/ as ordinary Markdown.

A troubleshooter is a page with `kind: troubleshooter`. Each `## heading` is a question (the first
is where it starts); under it, a list whose items are each one link, the answer's words. A link
to `#id` leads to another question; a link to a guide (`../printing/clear-paper-jam.md`, with an
optional `#section`) ends there; a link to the contact page (or `tel:`/`mailto:`) ends at the
service desk. Rendered as it stands it is a page of anchors and plain links, so it works with
JavaScript off. The site, the linter, search and the report all read troubleshooters here.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from markdown.extensions.toc import slugify, unique

from portal.guides.articles import Article, Content, Problem, Severity
from portal.guides.markdown_text import ATTR_LIST, text_blocks
from portal.guides.vocabulary import DESK_PAGE

KIND_TROUBLESHOOTER = "troubleshooter"
MAX_DEPTH = 4  # questions asked on the longest path, the first one included
MAX_OPTIONS = 8  # more answers than this is a list to read, not a question to answer
ID_CHARS = 64  # a question's id travels in addresses and in counted steps
ID_PATTERN = rf"[A-Za-z0-9][A-Za-z0-9_-]{{0,{ID_CHARS - 1}}}"

OptionKind = Literal["question", "guide", "desk", "unknown"]

# What each problem is, by the name `kb lint` gives it, and how serious it is. A reader would
# be stuck (or the page broken) with an error; a warning is advice.
RULE_FORMAT = "troubleshooter-format"
RULE_ID = "troubleshooter-id"
RULE_DEAD_END = "troubleshooter-dead-end"
RULE_UNKNOWN_TARGET = "troubleshooter-unknown-target"
RULE_LOOP = "troubleshooter-loop"
RULE_UNREACHABLE = "troubleshooter-unreachable"
RULE_DEPTH = "troubleshooter-depth"
RULE_ANSWERS = "troubleshooter-answers"
RULE_CHAIN = "troubleshooter-chain"
RULE_WAY_OUT = "troubleshooter-way-out"
RULES: dict[str, Severity] = {
    RULE_FORMAT: "error",
    RULE_ID: "error",
    RULE_DEAD_END: "error",
    RULE_UNKNOWN_TARGET: "error",
    RULE_LOOP: "error",
    RULE_UNREACHABLE: "error",
    RULE_DEPTH: "error",
    RULE_ANSWERS: "warning",
    RULE_CHAIN: "warning",
    RULE_WAY_OUT: "warning",
}

_HEADING = re.compile(r"^(?P<marks>#{1,6})[ \t]+(?P<text>.*?)[ \t#]*$")
_EXPLICIT_ID = re.compile(r"[ \t]*\{[ \t]*:?[^}]*?#(?P<id>[^\s}]+)[^}]*\}[ \t]*$")
_ITEM = re.compile(r"^(?P<indent>[ ]{0,3})[-*+][ \t]+(?P<text>.*)$")
_NUMBERED = re.compile(r"^[ ]{0,3}\d{1,9}[.)][ \t]+\S")
_ONE_LINK = re.compile(r"^\[(?P<label>[^\]\n]+)\]\((?P<href>[^)\s]*)(?:[ \t]+\"[^\"]*\")?\)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_COMMENT_START = "<!--"
_COMMENT_END = "-->"
_ABBREVIATION = re.compile(r"^\*\[[^\]]+\]:")
_INLINE_MARKS = re.compile(r"[*_`]+")
_HTML_ID = re.compile(r"""<[A-Za-z][^>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']""")
_ANY_EXPLICIT_ID = re.compile(r"\{:?[^}\n]*?#([\w.:-]+)[^}\n]*\}")

Anchors = Callable[[Article], set[str]]


@dataclass(frozen=True)
class Option:
    """One answer: its words, and where it leads (another question, a guide, the desk)."""

    label: str
    href: str  # as written
    line: int
    kind: OptionKind
    question: str | None = None  # the question it leads to (kind "question")
    guide: str | None = None  # the article path it ends at (kind "guide", or "desk" by page)
    anchor: str | None = None  # the section of that guide, without "#"
    column: int = 1  # of the link's "[" on its line

    @property
    def is_ending(self) -> bool:
        return self.kind in ("guide", "desk")


@dataclass(frozen=True)
class Question:
    """One question: its words, an optional hint below it, and its answers."""

    id: str
    text: str
    line: int
    hint: str
    options: tuple[Option, ...]
    column: int = 1  # of the question's first word
    id_column: int | None = None  # of its written `{#id}`, when it has one


@dataclass(frozen=True)
class TreeProblem(Problem):
    """A problem of a troubleshooter: the rule `kb lint` names it by, a column and what to do."""

    rule: str = RULE_FORMAT
    column: int = 1
    suggestion: str | None = None


@dataclass(frozen=True)
class Troubleshooter:
    """A question tree as written; `problems_of` says whether it holds together."""

    article: Article
    questions: tuple[Question, ...]
    problems: tuple[Problem, ...]  # what kept a part from being read (the format's own rules)

    @property
    def path(self) -> str:
        return self.article.path

    @property
    def title(self) -> str:
        return self.article.title

    @property
    def url(self) -> str:
        return self.article.url

    @property
    def start(self) -> Question | None:
        return self.questions[0] if self.questions else None

    def question(self, question_id: str) -> Question | None:
        for question in self.questions:
            if question.id == question_id:
                return question
        return None

    def paths(self) -> Iterator[tuple[tuple[Question, ...], Option]]:
        """Every way through, from the first question to an ending (loops are never followed)."""
        if self.start is None:
            return

        def walk(asked: tuple[Question, ...]) -> Iterator[tuple[tuple[Question, ...], Option]]:
            for option in asked[-1].options:
                if option.kind == "question":
                    following = self.question(option.question or "")
                    if following is not None and following not in asked:
                        yield from walk((*asked, following))
                else:
                    yield asked, option

        yield from walk((self.start,))

    def endings(self) -> set[str]:
        """The article paths some answer ends at."""
        return {
            option.guide
            for question in self.questions
            for option in question.options
            if option.is_ending and option.guide
        }


def is_troubleshooter(article: Article) -> bool:
    return article.meta.get("kind") == KIND_TROUBLESHOOTER


def _plain(text: str) -> str:
    return _INLINE_MARKS.sub("", text).strip()


def _target(article: Article, href: str) -> tuple[OptionKind, str | None, str | None, str | None]:
    """(kind, question id, article path, anchor) for a link written in the troubleshooter."""
    if href.startswith("#"):
        return "question", href[1:], None, None
    if href.startswith(("tel:", "mailto:")):
        return "desk", None, None, None
    if "://" in href or href.startswith("/") or not href:
        return "unknown", None, None, None
    page, _, anchor = href.partition("#")
    if not page.lower().endswith(".md"):
        return "unknown", None, None, None
    folder = posixpath.dirname(article.path)
    resolved = posixpath.normpath(posixpath.join(folder, page))[: -len(".md")]
    if resolved.startswith("../") or resolved == "..":
        return "unknown", None, None, None
    kind: OptionKind = "desk" if resolved == DESK_PAGE else "guide"
    return kind, None, resolved, anchor or None


def _problem(
    article: Article,
    rule: str,
    line: int,
    message: str,
    suggestion: str | None = None,
    column: int = 1,
) -> TreeProblem:
    return TreeProblem(str(article.source), line, message, RULES[rule], rule, column, suggestion)


def _words_column(raw: str, words: str) -> int:
    """1-based column where `words` start on their line (1 when they cannot be found)."""
    index = raw.find(words) if words else -1
    return index + 1 if index >= 0 else 1


@dataclass
class _Reading:
    """The parser's state while it reads one troubleshooter, line by line."""

    article: Article
    questions: list[Question]
    problems: list[TreeProblem]
    current: Question | None = None
    options: list[Option] = field(default_factory=list)
    hint: list[str] = field(default_factory=list)
    in_item: bool = False

    def close(self) -> None:
        if self.current is not None:
            hint = " ".join(self.hint).strip()
            options = tuple(self.options)
            self.questions.append(
                Question(
                    self.current.id,
                    self.current.text,
                    self.current.line,
                    hint,
                    options,
                    self.current.column,
                    self.current.id_column,
                )
            )
        self.current, self.options, self.hint, self.in_item = None, [], [], False

    def say(self, line: int, message: str, suggestion: str, column: int = 1) -> None:
        self.problems.append(_problem(self.article, RULE_FORMAT, line, message, suggestion, column))


def _question(raw: str, text: str, line: int) -> Question:
    """A question as its heading says it: words, id (written, else MkDocs' slug), columns."""
    explicit = _EXPLICIT_ID.search(text)
    id_column = None
    if explicit:
        id_column = _words_column(raw, explicit.group(0).strip())
        text = text[: explicit.start()]
    elif ATTR_LIST.search(text):
        text = ATTR_LIST.sub("", text)
    words = _plain(text)
    question_id = explicit.group("id") if explicit else slugify(words, "-")
    return Question(question_id, words, line, "", (), _words_column(raw, text.strip()), id_column)


def _read_item(reading: _Reading, raw: str, words: str, line: int) -> None:
    column = _words_column(raw, words)
    link = _ONE_LINK.match(words)
    if not link:
        reading.say(
            line,
            f"“{_short(words)}” is not one link, so readers cannot choose it.",
            "write each answer as one link and nothing else, like `- [The printer](#printer)`",
            column,
        )
        return
    label = _plain(link.group("label"))
    if not label:
        reading.say(
            line,
            "This answer's link has no words, so readers cannot tell what it means.",
            "put the reader's own words for this answer between the brackets",
            column,
        )
        return
    kind, question_id, guide, anchor = _target(reading.article, link.group("href"))
    reading.options.append(
        Option(label, link.group("href"), line, kind, question_id, guide, anchor, column)
    )


def parse_troubleshooter(article: Article) -> Troubleshooter:
    """Questions and answers as written; lines that break the format become problems."""
    reading = _Reading(article, [], [])
    in_fence = False
    in_comment = False
    for offset, raw in enumerate(article.body.splitlines()):
        line = article.body_line + offset
        stripped = raw.strip()
        if in_comment or stripped.startswith(_COMMENT_START):
            in_comment = _COMMENT_END not in stripped[(0 if in_comment else 4) :]
            continue  # a comment (`<!-- kb-lint disable ... -->`) is never shown
        if _FENCE.match(raw):
            in_fence = not in_fence
            continue
        if in_fence or _ABBREVIATION.match(raw):
            continue
        heading = _HEADING.match(raw)
        if heading and len(heading.group("marks")) == 1:
            continue  # the page title
        if heading:
            if len(heading.group("marks")) != 2:
                reading.say(
                    line,
                    "A troubleshooter has only questions (`## ...`), so readers never see "
                    "this heading as a step of their way.",
                    "put this heading's words in the question above it or in the guide it leads to",
                )
                continue
            reading.close()
            reading.current = _question(raw, heading.group("text"), line)
            continue
        if reading.current is None:
            continue  # the introduction, before the first question
        item = _ITEM.match(raw)
        if item:
            reading.in_item = True
            _read_item(reading, raw, item.group("text").strip(), line)
            continue
        if not stripped:
            reading.in_item = False
            continue
        if _NUMBERED.match(raw):
            reading.in_item = True
            reading.say(
                line,
                "Answers are not steps, so a numbered list reads as an order to follow.",
                "start each answer with `- ` instead of a number",
                _words_column(raw, stripped),
            )
            continue
        if reading.in_item or reading.options:
            if raw.startswith((" ", "\t")) and reading.in_item:
                reading.say(
                    line,
                    "An answer is one line, and the words under it are never shown.",
                    "say it all in the answer's link, or put it in the hint above the answers",
                    _words_column(raw, stripped),
                )
            else:
                reading.say(
                    line,
                    "Words after a question's answers are never shown to someone choosing.",
                    "move them above the list, where they are a hint to the question",
                    _words_column(raw, stripped),
                )
            continue
        if _ONE_LINK.match(stripped):
            reading.say(
                line,
                f"“{_short(stripped)}” stands alone, so it reads as a hint, not an answer.",
                "start it with `- ` to make it an answer in the list",
                _words_column(raw, stripped),
            )
            continue
        reading.hint.append(stripped)
    reading.close()
    return Troubleshooter(
        article=article, questions=tuple(reading.questions), problems=tuple(reading.problems)
    )


def troubleshooters_of(content: Content) -> list[Troubleshooter]:
    return [parse_troubleshooter(a) for a in content.articles if is_troubleshooter(a)]


def section_ids(article: Article) -> set[str]:
    """The ids a page's sections get on the site (MkDocs' default slugs, explicit `{#id}`s and
    ids written in HTML), for answers that lead to a section of a guide."""
    used = set(_ANY_EXPLICIT_ID.findall(article.body)) | set(_HTML_ID.findall(article.body))
    lines = article.body.splitlines()
    for block in text_blocks(article.body):
        if block.kind != "heading" or block.html:
            continue
        source = lines[block.line - 1] if 0 < block.line <= len(lines) else ""
        attrs = ATTR_LIST.search(source)
        if attrs and _ANY_EXPLICIT_ID.search(attrs.group(0)):
            continue
        unique(slugify(block.text, "-"), used)
    return used


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _loops_and_depths(
    tree: Troubleshooter,
) -> tuple[dict[str, int], list[tuple[Question, Option]]]:
    """The most questions asked to reach each question, and the answers that lead back to a
    question already asked on the way (each once). Linear in the size of the tree."""
    depth: dict[str, int] = {}
    loops: list[tuple[Question, Option]] = []
    if tree.start is None:
        return depth, loops
    on_way: set[str] = set()
    done: set[str] = set()
    order: list[Question] = []  # finished last first: a topological order without the loops
    forward: dict[str, list[Question]] = {}

    def visit(question: Question) -> None:
        on_way.add(question.id)
        for option in question.options:
            following = tree.question(option.question or "") if option.kind == "question" else None
            if following is None:
                continue
            if following.id in on_way:
                loops.append((question, option))
                continue
            forward.setdefault(question.id, []).append(following)
            if following.id not in done:
                visit(following)
        on_way.discard(question.id)
        done.add(question.id)
        order.append(question)

    visit(tree.start)
    depth[tree.start.id] = 1
    for question in reversed(order):
        for following in forward.get(question.id, []):
            depth[following.id] = max(depth.get(following.id, 0), depth[question.id] + 1)
    return depth, loops


def _relative(tree: Troubleshooter, path: str) -> str:
    """An article path as a link from the troubleshooter's own file."""
    return posixpath.relpath(path, posixpath.dirname(tree.path) or ".") + ".md"


def problems_of(
    tree: Troubleshooter, content: Content | None = None, anchors: Anchors | None = None
) -> list[Problem]:
    """Everything that would leave a reader stuck: the format, dead ends, loops, depth, links.

    With `content`, every guide and section an answer leads to must exist; `anchors` gives a
    page's section ids (default: `section_ids`, MkDocs' default slugs).
    """
    article = tree.article
    found: list[Problem] = list(tree.problems)
    if not tree.questions:
        found.append(
            _problem(
                article,
                RULE_DEAD_END,
                article.body_line,
                "This troubleshooter has no questions, so readers have nothing to answer.",
                "add a question as a `## heading` with a list of answers under it, "
                "like `- [The printer](#printer)`",
            )
        )
        return found
    found += _id_problems(tree)
    for question in tree.questions:
        found += _answer_problems(tree, question)
        for option in question.options:
            found += _option_problems(tree, option, content, anchors or section_ids)
    depth, loops = _loops_and_depths(tree)
    for _asker, option in loops:
        asked = tree.question(option.question or "")
        words = _short(asked.text) if asked is not None else option.question
        found.append(
            _problem(
                article,
                RULE_LOOP,
                option.line,
                f"“{option.label}” leads back to “{words}”, a question already asked on the "
                "way, so a reader could go round for ever.",
                "lead it to a new question, a guide or the service desk "
                "(readers have Back and Start again for going back)",
                option.column,
            )
        )
    for question in tree.questions[1:]:
        if question.id not in depth:
            found.append(
                _problem(
                    article,
                    RULE_UNREACHABLE,
                    question.line,
                    f"No answer leads to “{_short(question.text)}”, so no reader ever sees it.",
                    f"link an answer to it with `(#{question.id})`, or remove it",
                    question.column,
                )
            )
        elif depth[question.id] > MAX_DEPTH:
            found.append(
                _problem(
                    article,
                    RULE_DEPTH,
                    question.line,
                    f"“{_short(question.text)}” is question {depth[question.id]} on the longest "
                    f"way to it; after {MAX_DEPTH} questions readers give up.",
                    "ask fewer, broader questions first, or lead an earlier answer straight "
                    "to a guide",
                    question.column,
                )
            )
    if not any(option.kind == "desk" for q in tree.questions for option in q.options):
        desk = _relative(tree, DESK_PAGE)
        found.append(
            _problem(
                article,
                RULE_WAY_OUT,
                tree.questions[0].line,
                "No answer leads to the service desk, so a reader whose problem is not "
                "listed has no way out.",
                f"add an answer such as `- [Something else]({desk})`",
                tree.questions[0].column,
            )
        )
    return found


def _id_problems(tree: Troubleshooter) -> Iterator[TreeProblem]:
    """Each question's id is usable in an address and names one question."""
    seen: dict[str, Question] = {}
    for question in tree.questions:
        column = question.id_column or question.column
        if not re.fullmatch(ID_PATTERN, question.id):
            written = question.id_column is not None
            why = (
                "is longer than 64 characters"
                if len(question.id) > ID_CHARS
                else "has characters other than letters, digits, - and _"
            )
            if not question.id:
                why = "is empty"
            name = f"`#{question.id}`" if written else f"made from its words, `{question.id}`,"
            yield _problem(
                tree.article,
                RULE_ID,
                question.line,
                f"The name of “{_short(question.text)}”, {name} {why}; it is part of the "
                "reader's address, where the answers are joined by dots.",
                "name it with a short word after the question, like `{#printer}`: letters, "
                "digits, - and _ only",
                column,
            )
        if question.id in seen:
            yield _problem(
                tree.article,
                RULE_ID,
                question.line,
                f"“{_short(question.text)}” has the same name, `#{question.id}`, as the "
                f"question on line {seen[question.id].line}, so answers cannot tell them apart.",
                "give one of them its own name, like `{#printer-paper}`",
                column,
            )
        else:
            seen[question.id] = question


def _answer_problems(tree: Troubleshooter, question: Question) -> Iterator[TreeProblem]:
    """Enough answers, not too many, and each leading somewhere of its own."""
    article = tree.article
    count = len(question.options)
    if count == 0:
        yield _problem(
            article,
            RULE_DEAD_END,
            question.line,
            f"“{_short(question.text)}” has no answers, so a reader who reaches it is stuck.",
            "add a list of answers under it, each one link, like `- [The printer](#printer)`",
            question.column,
        )
    elif count == 1:
        yield _problem(
            article,
            RULE_ANSWERS,
            question.line,
            f"“{_short(question.text)}” has one answer, so it asks readers nothing.",
            "add the other answers readers would give, or lead the answer before it "
            "straight to where this one goes",
            question.column,
        )
    elif count > MAX_OPTIONS:
        yield _problem(
            article,
            RULE_ANSWERS,
            question.line,
            f"“{_short(question.text)}” has {count} answers; more than {MAX_OPTIONS} is a list "
            "to read, not a question to answer.",
            "ask a broader question before it, so each question has two to six answers",
            question.column,
        )
    seen: dict[str, Option] = {}
    for option in question.options:
        if option.kind == "unknown":
            continue
        place = f"{option.kind}:{option.question or option.guide or 'desk'}"
        if option.anchor:
            place += "#" + option.anchor
        if place in seen:
            yield _problem(
                article,
                RULE_ANSWERS,
                option.line,
                f"“{option.label}” leads where “{seen[place].label}” does, so readers choose "
                "between two doors into one room.",
                "if they are two ways of saying one thing, join them in one answer",
                option.column,
            )
        else:
            seen[place] = option


def _closest(word: str, choices: list[str]) -> str | None:
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return found[0] if found else None


def _option_problems(
    tree: Troubleshooter, option: Option, content: Content | None, anchors: Anchors
) -> Iterator[TreeProblem]:
    article = tree.article

    def unknown(message: str, suggestion: str) -> TreeProblem:
        return _problem(
            article, RULE_UNKNOWN_TARGET, option.line, message, suggestion, option.column
        )

    if option.kind == "unknown" and option.href.partition("#")[0].lower().endswith(".md"):
        where = "its folder" if content is None else f"the folder checked, {content.root}"
        yield unknown(
            f"“{option.label}” leads to “{option.href}”, a page outside {where}.",
            "check the troubleshooter with its content folder (`kb lint --content FOLDER`), "
            "and link only to pages inside it",
        )
        return
    if option.kind == "unknown":
        desk = _relative(tree, DESK_PAGE)
        yield unknown(
            f"“{option.label}” leads to “{option.href}”, which is not a question, a guide "
            "or the service desk.",
            "lead it to a question (`#printer`), a guide's Markdown file "
            f"(`../printing/clear-paper-jam.md`) or the service desk (`{desk}`)",
        )
        return
    if option.kind == "question":
        if tree.question(option.question or "") is None:
            ids = [q.id for q in tree.questions]
            guess = _closest(option.question or "", ids)
            names = ", ".join(f"`#{i}`" for i in ids)
            yield unknown(
                f"“{option.label}” leads to `#{option.question}`, and no question here has "
                f"that name (they are {names}).",
                f"#{guess}"
                if guess
                else "name the question with `{#"
                + str(option.question)
                + "}` after its words, or link to one of the names above",
            )
        return
    if option.guide is None or content is None:
        return
    target = content.get(option.guide)
    if target is None:
        paths = [a.path for a in content.articles]
        guess = _closest(option.guide, paths)
        yield unknown(
            f"“{option.label}” leads to “{option.href}”, and there is no such page in the "
            "content folder.",
            _relative(tree, guess) + (f"#{option.anchor}" if option.anchor else "")
            if guess
            else "link to the guide's Markdown file, relative to this troubleshooter",
        )
        return
    if target.path == tree.path:
        yield _problem(
            article,
            RULE_LOOP,
            option.line,
            f"“{option.label}” leads to this troubleshooter's own page, back to its start.",
            "lead it to a question (`#id`), a guide or the service desk",
            option.column,
        )
        return
    if option.anchor and option.anchor not in anchors(target):
        guess = _closest(option.anchor, sorted(anchors(target)))
        page = option.href.partition("#")[0]
        yield unknown(
            f"“{option.label}” leads to the section “{option.anchor}” of “{target.title}”, "
            "and that guide has no section with that name.",
            f"{page}#{guess}" if guess else f"{page} (the whole guide)",
        )
        return
    if is_troubleshooter(target):
        yield _problem(
            article,
            RULE_CHAIN,
            option.line,
            f"“{option.label}” leads to another troubleshooter, so readers start answering "
            "all over again.",
            "lead it to the guides that troubleshooter's answers lead to, or ask its question here",
            option.column,
        )
