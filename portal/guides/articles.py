"""The one Article model: every consumer (site checks, index, linter, portal) loads guides here.

A guide is `content/<section>/<slug>.md` with YAML front matter; its path is its identity.
Any folder of Markdown also loads as MkDocs would: pages that are not Plainhelp guides get a
title and description guessed, and front matter of other tools is read and set aside quietly
(notes, told in one line per load). Only Plainhelp guides get the strict checks.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from portal.guides.languages import FRONT_MATTER_KEYS, page_language, site_language
from portal.guides.walk import ContentFiles, walk_content
from portal.words import plural, yaml_problem

DESCRIPTION_LIMIT = 160
# A description this long no longer reads as one line anywhere: an error, not a warning.
DESCRIPTION_HARD_LIMIT = 200
# Missing, these make a guide harder to find but harm no reader: the guide still publishes.
OPTIONAL_IN_PRACTICE = frozenset({"phrases"})
DEFAULT_REVIEW_DAYS = 182
REQUIRED_GUIDE_FIELDS = ("title", "description", "tags", "phrases", "owner", "reviewed")
# `kind` marks the pages of a course (lesson, course, course-finished) and troubleshooters
# (portal/guides/troubleshooters.py); a course lists `lessons`.
COURSE_FIELDS = ("kind", "lessons")
PAGE_KINDS = ("lesson", "course", "course-finished", "troubleshooter")
# Pages readers do not search for by their own words: `phrases` is not asked of them.
KINDS_WITHOUT_PHRASES = frozenset({"course", "course-finished"})
OUR_FIELDS = frozenset(
    {*REQUIRED_GUIDE_FIELDS, "review_every", "review_by", "minutes", "urgent", *COURSE_FIELDS}
)
# Fields only Plainhelp guides have: one of them makes every required field required.
PLAINHELP_MARKERS = frozenset({"phrases", "owner", "reviewed", "review_every", "review_by"})
# Front matter keys that MkDocs and Material understand; allowed without a warning.
THEME_FIELDS = frozenset(
    {"hide", "search", "icon", "status", "template", "subtitle", "comments", "social", "robots"}
)
# Fields of other tools we read: searchable words, and the page's language.
SEARCH_FIELDS = ("keywords", "aliases", "summary")
READ_FIELDS = frozenset({*SEARCH_FIELDS, *FRONT_MATTER_KEYS})
# `minutes` overrides the theme's "About N minutes" estimate (partials/kb-time.html).
MAX_MINUTES = 120
_INTERVAL = re.compile(r"^\s*(\d+)\s*(day|week|month|year)s?\s*$", re.IGNORECASE)
_INTERVAL_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# A marker field at the start of a line: how a page whose YAML is broken is known as ours.
_MARKER_LINE = re.compile(
    r"^(?:{})[ \t]*:".format("|".join(sorted(PLAINHELP_MARKERS))), re.MULTILINE
)
# How many field names a one-line summary shows before "...".
SUMMARY_FIELDS = 6

Severity = Literal["error", "warning"]
NoteKind = Literal["guessed", "foreign-fields", "unused-value"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, pointed at a line a writer can jump to."""

    path: str
    line: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        return f"{self.path}:{self.line}: {prefix}{self.message}"


@dataclass(frozen=True)
class Note:
    """Something read and set aside quietly on a page that is not a Plainhelp guide.

    A foreign folder has hundreds of them, so a load tells them in one line
    (`notes_summary`) and lists them only when asked (`kb index --verbose`).
    """

    path: str
    line: int
    message: str
    kind: NoteKind
    fields: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: note: {self.message}"


@dataclass(frozen=True)
class Article:
    """A guide (or any Markdown page) as every part of Plainhelp sees it."""

    path: str  # identity: path under content/ without .md ("accounts/reset-forgotten-password")
    source: Path
    title: str
    description: str
    body: str  # Markdown after the front matter
    body_line: int  # line of the source file where the body starts (1-based)
    tags: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    owner: str | None = None
    reviewed: dt.date | None = None
    review_by: dt.date | None = None
    minutes: int | None = None  # the writer's own "About N minutes", else the theme estimates
    urgent: bool = False  # minutes matter: the theme puts the desk's phone in the first screen
    has_front_matter: bool = True
    meta: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # Searchable words from front matter: keywords, aliases and summary (other tools' fields).
    keywords: tuple[str, ...] = ()
    lang: str = "en"  # the page's language (portal.guides.languages)
    translation_key: str = ""  # the path without its language marker ("" means the path)
    notes: tuple[Note, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.translation_key:
            object.__setattr__(self, "translation_key", self.path)

    @property
    def section(self) -> str:
        """The first folder under content/ ("" for pages at the top)."""
        parts = self.path.split("/")
        return parts[0] if len(parts) > 1 else ""

    @property
    def slug(self) -> str:
        """The file name without .md: not unique, two folders may share it (the path is)."""
        return self.path.rsplit("/", 1)[-1]

    @property
    def is_plainhelp_guide(self) -> bool:
        """Written to our template (it has a Plainhelp-only field): held to every check."""
        return any(key in self.meta for key in PLAINHELP_MARKERS)

    @property
    def is_index(self) -> bool:
        """Home and section pages (index.md, README.md) list guides rather than being one."""
        return self.slug in ("index", "README")

    @property
    def url(self) -> str:
        """The page's URL on the site, as MkDocs writes it (directory URLs)."""
        if self.is_index:
            folder = self.path.rsplit("/", 1)[0] if "/" in self.path else ""
            return f"/{folder}/" if folder else "/"
        return f"/{self.path}/"


@dataclass
class Content:
    """Every article of a content folder and every problem found while loading it."""

    root: Path
    articles: list[Article]
    problems: list[Problem]
    sources: list[Path] = field(default_factory=list)  # every Markdown file read, in order

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def notes(self) -> list[Note]:
        """What was set aside quietly on pages that are not Plainhelp guides."""
        return [note for article in self.articles for note in article.notes]

    @property
    def guides(self) -> list[Article]:
        return [a for a in self.articles if not a.is_index]

    def get(self, path: str) -> Article | None:
        for article in self.articles:
            if article.path == path:
                return article
        return None


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter YAML or None, body, first line of the body)."""
    text = text.lstrip("\ufeff")
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    yaml_text = match.group(1) or ""
    return yaml_text, text[match.end() :], match.group(0).count("\n") + 1


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_front_matter(yaml_text: str) -> tuple[Any, dict[str, int]]:
    """Parse YAML once into (data, line of each top-level key), so errors point at the field."""
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                lines[str(key.value)] = key.start_mark.line + 1
    return data, lines


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def parse_interval(value: Any) -> int | None:
    """Days in a review interval such as `6 months`, `90 days` or a bare number of days."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    if isinstance(value, str):
        match = _INTERVAL.match(value)
        if match and int(match.group(1)) > 0:
            return int(match.group(1)) * _INTERVAL_DAYS[match.group(2).lower()]
    return None


def _string_list(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    return None


def _identity(relative: Path) -> str:
    return relative.with_suffix("").as_posix()


class _Checker:
    """Collects problems for one file; keeps the validation code flat.

    On a Plainhelp guide (`strict`) a bad value is an error; on any other page it is a note
    and the value is guessed from the text instead, as MkDocs would show the page anyway.
    """

    def __init__(
        self, display: str, yaml_line: int, key_lines: dict[str, int], strict: bool = True
    ) -> None:
        self.display = display
        self.yaml_line = yaml_line
        self.key_lines = key_lines
        self.strict = strict
        self.problems: list[Problem] = []
        self.notes: list[Note] = []

    def line_of(self, key: str | None) -> int:
        if key and key in self.key_lines:
            return self.yaml_line + self.key_lines[key] - 1
        return 1

    def error(self, key: str | None, message: str) -> None:
        if self.strict:
            self.problems.append(Problem(self.display, self.line_of(key), message))
        else:
            fields = (key,) if key else ()
            self.note(key, f"{message}; it is left out", "unused-value", fields)

    def warn(self, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.display, self.line_of(key), message, "warning"))

    def note(
        self, key: str | None, message: str, kind: NoteKind, fields: tuple[str, ...] = ()
    ) -> None:
        self.notes.append(Note(self.display, self.line_of(key), message, kind, fields))


@dataclass(frozen=True)
class _PageSkipped(Problem):
    """A page that could not be read, skipped with a warning unless the folder is ours.

    `error` is what our guides have always been told; the folder decides (load_content).
    """

    error: str = ""


def _is_ours(yaml_text: str | None) -> bool:
    """A page whose front matter names a Plainhelp-only field, even if its YAML is broken."""
    return bool(yaml_text) and _MARKER_LINE.search(yaml_text or "") is not None


def _unreadable(display: str, line: int, reason: str, ours: bool) -> Problem:
    """Our guide keeps its error; a page of another tool is skipped with one warning."""
    if ours:
        return Problem(display, line, reason)
    skipped = f"{reason.split(';')[0]}; the page was skipped"
    return _PageSkipped(display, line, skipped, "warning", error=reason)


def _read_text(source: Path, display: str) -> tuple[str | None, Problem | None]:
    """The file's text, or one problem saying why it cannot be read."""
    try:
        return source.read_text(encoding="utf-8"), None
    except UnicodeDecodeError:
        guessed = source.read_bytes().decode("utf-8", errors="replace")
        ours = _is_ours(split_front_matter(guessed)[0])
        reason = "is not UTF-8 text; save it as UTF-8 and try again"
        return None, _unreadable(display, 1, reason, ours)
    except OSError as error:
        reason = f"cannot be read ({error.strerror or 'it is not there any more'})"
        return None, _unreadable(display, 1, reason, ours=False)


def load_article(
    source: Path,
    root: Path,
    today: dt.date | None = None,
    display: str | None = None,
    site_lang: str | None = None,
) -> tuple[Article | None, list[Problem]]:
    """Load and validate one Markdown file; never raises for bad content."""
    from portal.guides.markdown_text import first_heading, first_paragraph  # Markdown on use

    today = today or dt.date.today()
    display = display or source.as_posix()
    identity = _identity(source.relative_to(root))
    site_lang = site_lang or site_language(root)
    text, unreadable = _read_text(source, display)
    if text is None:
        return None, [unreadable] if unreadable else []

    yaml_text, body, body_line = split_front_matter(text)
    is_index = identity.rsplit("/", 1)[-1] in ("index", "README")
    if yaml_text is None:
        return _load_without_front_matter(source, display, identity, body, is_index, site_lang)

    ours = _is_ours(yaml_text)
    try:
        meta, key_lines = parse_front_matter(yaml_text)
    except yaml.YAMLError as error:
        found = yaml_problem(error, first_line=2)  # the front matter starts on line 2
        message = f"front matter is not valid YAML: {found.reason or 'it is not valid YAML'}"
        return None, [_unreadable(display, found.line or 1, message, ours)]
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return None, [_unreadable(display, 2, "front matter must be `key: value` lines", ours)]
    # Front matter from another tool (MkDocs pages often carry only `title` or `hide`) is not
    # a Plainhelp guide yet: guess what is missing, as for a file with no front matter.
    ours = any(key in meta for key in PLAINHELP_MARKERS)
    check = _Checker(display, 2, key_lines, strict=ours)

    _check_fields(check, meta, ours)
    required: tuple[str, ...] = REQUIRED_GUIDE_FIELDS if ours and not is_index else ()
    kind = _kind(check, meta)
    if kind in KINDS_WITHOUT_PHRASES:
        required = tuple(key for key in required if key != "phrases")
    for key in required:
        if key not in meta or meta[key] in (None, "", []):
            say = check.warn if key in OPTIONAL_IN_PRACTICE else check.error
            say(None if key not in meta else key, f"`{key}` is missing")
    if not ours and not is_index:
        check.note(
            None,
            "has no Plainhelp front matter (owner, reviewed, phrases); missing fields are guessed",
            "guessed",
        )

    title = meta.get("title")
    if title is not None and not (isinstance(title, str) and title.strip()):
        check.error("title", "`title` must be a line of text")
        title = None
    if not title:
        title = first_heading(body) or _title_from_name(identity)

    description = _description(check, meta)
    if not description:
        description = first_paragraph(body) or ""
        if not ours:
            description = description[:DESCRIPTION_LIMIT]

    tags = _list_field(check, meta, "tags", "tags")
    phrases = _list_field(check, meta, "phrases", "phrases people use for this problem")
    keywords = tuple(
        word for key in SEARCH_FIELDS for word in _list_field(check, meta, key, "words")
    )

    owner = meta.get("owner")
    if owner is not None and owner != "" and not (isinstance(owner, str) and owner.strip()):
        check.error("owner", "`owner` must be the name of a person or team")
        owner = None

    reviewed = None
    if meta.get("reviewed") not in (None, ""):
        reviewed = _parse_date(meta["reviewed"])
        if reviewed is None:
            check.error("reviewed", "`reviewed` must be a date written as YYYY-MM-DD")
        elif reviewed > today:
            check.error("reviewed", f"`reviewed` is {reviewed}, which is in the future")

    review_by = _review_by(check, meta, reviewed)
    minutes = _minutes(check, meta)
    urgent = _urgent(check, meta)
    language = page_language(identity, meta, site_lang)

    article = Article(
        path=identity,
        source=source,
        title=str(title).strip(),
        description=description,
        body=body,
        body_line=body_line,
        tags=tags,
        phrases=phrases,
        owner=owner.strip() if isinstance(owner, str) else None,
        reviewed=reviewed,
        review_by=review_by,
        minutes=minutes,
        urgent=urgent,
        has_front_matter=True,
        meta=meta,
        keywords=keywords,
        lang=language.lang,
        translation_key=language.translation_key,
        notes=tuple(check.notes),
    )
    return article, check.problems


def _check_fields(check: _Checker, meta: dict[str, Any], ours: bool) -> None:
    """Unknown fields: a warning with a suggestion on our guides, one quiet note elsewhere."""
    known = OUR_FIELDS | THEME_FIELDS | READ_FIELDS
    unknown = [str(key) for key in meta if key not in known]
    if not ours:
        if unknown:
            fields = ", ".join(f"`{key}`" for key in unknown)
            check.note(
                unknown[0],
                f"front matter of another tool ({fields}) is read and ignored",
                "foreign-fields",
                tuple(unknown),
            )
        return
    for key in unknown:
        close = difflib.get_close_matches(key, sorted(OUR_FIELDS), n=1)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        check.warn(key, f"unknown field `{key}`{hint}")


def _kind(check: _Checker, meta: dict[str, Any]) -> str | None:
    """The page's `kind` (a course's pages), checked; None for guides and unknown kinds."""
    kind = meta.get("kind")
    if kind is None:
        return None
    if kind not in PAGE_KINDS:
        known = ", ".join(PAGE_KINDS)
        check.error("kind", f"`kind` is one of {known}, not `{kind}`")
        return None
    lessons = meta.get("lessons")
    if "lessons" in meta and kind != "course":
        check.warn("lessons", "only a course's `index.md` lists `lessons`")
    elif kind == "course" and not (
        isinstance(lessons, list) and all(isinstance(name, str) for name in lessons)
    ):
        check.error(
            "lessons" if "lessons" in meta else "kind",
            "a course lists its `lessons`, one file name a line",
        )
    return str(kind)


def _description(check: _Checker, meta: dict[str, Any]) -> str | None:
    """The writer's one-sentence description; only our guides are held to its limits."""
    description = meta.get("description")
    if description is None or description == "":
        return None
    if not isinstance(description, str):
        check.error("description", "`description` must be one sentence of text")
        return None
    description = " ".join(description.split())
    if not check.strict:
        return description
    if len(description) > DESCRIPTION_LIMIT:
        say = check.error if len(description) >= DESCRIPTION_HARD_LIMIT else check.warn
        say(
            "description",
            f"`description` is {len(description)} characters; keep it to "
            f"{DESCRIPTION_LIMIT} or fewer so it fits in search results",
        )
    if len(re.findall(r"[.!?](?:\s|$)", description)) > 1:
        check.warn("description", "`description` should be one sentence, not several")
    return description


def _list_field(check: _Checker, meta: dict[str, Any], key: str, what: str) -> tuple[str, ...]:
    if meta.get(key) in (None, "", []):
        return ()
    values = _string_list(meta[key])
    if values is None:
        check.error(key, f"`{key}` must be a list of {what}, one per line starting with `- `")
        return ()
    return values


def _review_by(check: _Checker, meta: dict[str, Any], reviewed: dt.date | None) -> dt.date | None:
    if "review_every" in meta and "review_by" in meta:
        check.error("review_by", "use either `review_every` or `review_by`, not both")
        return None
    if meta.get("review_by") not in (None, ""):
        review_by = _parse_date(meta["review_by"])
        if review_by is None:
            check.error("review_by", "`review_by` must be a date written as YYYY-MM-DD")
        elif reviewed and review_by < reviewed:
            check.error("review_by", "`review_by` is earlier than `reviewed`")
        return review_by
    days = DEFAULT_REVIEW_DAYS
    if meta.get("review_every") not in (None, ""):
        parsed = parse_interval(meta["review_every"])
        if parsed is None:
            check.error(
                "review_every",
                "`review_every` must be a period such as `6 months`, `90 days` or `1 year`",
            )
        else:
            days = parsed
    return reviewed + dt.timedelta(days=days) if reviewed else None


def _minutes(check: _Checker, meta: dict[str, Any]) -> int | None:
    """How long the guide takes, when the writer knows better than the estimate."""
    value = meta.get("minutes")
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_MINUTES:
        check.error(
            "minutes",
            f"`minutes` must be a whole number of minutes from 1 to {MAX_MINUTES}, such as `5`",
        )
        return None
    return value


def _urgent(check: _Checker, meta: dict[str, Any]) -> bool:
    """`urgent: true` puts the desk's phone at the top; only a yes or no can mean that."""
    value = meta.get("urgent")
    if value is None:
        return False
    if not isinstance(value, bool):
        check.error(
            "urgent",
            "`urgent` must be `true` or `false`, without quotes; `true` shows the service "
            "desk's phone at the top of the guide",
        )
        return False
    return value


def _title_from_name(identity: str) -> str:
    name = identity.rsplit("/", 1)[-1]
    if name in ("index", "README"):
        name = identity.rsplit("/", 2)[-2] if "/" in identity else "Home"
    return re.sub(r"[-_]+", " ", name).strip().capitalize() or "Untitled"


def _load_without_front_matter(
    source: Path, display: str, identity: str, body: str, is_index: bool, site_lang: str
) -> tuple[Article, list[Problem]]:
    from portal.guides.markdown_text import first_heading, first_paragraph

    heading = first_heading(body)
    paragraph = first_paragraph(body)
    notes: list[Note] = []
    if not is_index:
        message = "has no front matter; title and description are guessed"
        notes.append(Note(display, 1, message, "guessed"))
    language = page_language(identity, {}, site_lang)
    article = Article(
        path=identity,
        source=source,
        title=heading or _title_from_name(identity),
        description=(paragraph or "")[:DESCRIPTION_LIMIT],
        body=body,
        body_line=1,
        has_front_matter=False,
        lang=language.lang,
        translation_key=language.translation_key,
        notes=tuple(notes),
    )
    return article, []


def _skipped(walked: ContentFiles) -> list[Problem]:
    """What the walk left out (links, unreadable or too deep folders), as problems."""
    return [Problem(item.path.as_posix(), 1, item.reason, item.severity) for item in walked.skipped]


def _unreadable_folder(root: Path) -> Problem | None:
    """A content folder that is not there or cannot be listed, in one plain sentence."""
    if not root.is_dir():
        return Problem(root.as_posix(), 1, "is not a folder of Markdown guides")
    try:
        with os.scandir(root):
            pass
    except OSError as error:
        reason = error.strerror or "it cannot be opened"
        return Problem(root.as_posix(), 1, f"cannot be read ({reason}), so no guides were loaded")
    return None


def load_content(
    root: Path, today: dt.date | None = None, files: Iterable[Path] | None = None
) -> Content:
    """Load every guide under root, reporting every problem of every file at once."""
    root = Path(root)
    unreadable = _unreadable_folder(root)
    if unreadable is not None:
        return Content(root, [], [unreadable])
    articles: list[Article] = []
    problems: list[Problem] = []
    if files is None:
        walked = walk_content(root)
        sources = walked.markdown()
        problems.extend(_skipped(walked))
    else:
        sources = list(files)
    site_lang = site_language(root)
    for source in sources:
        article, found = load_article(source, root, today, source.as_posix(), site_lang)
        problems.extend(found)
        if article is not None:
            articles.append(article)
    if any(article.is_plainhelp_guide for article in articles):
        # A folder of our guides keeps every file: a page that cannot be read is an error.
        problems = [_as_error(p) if isinstance(p, _PageSkipped) else p for p in problems]
    kept, clashes = _same_address(articles)
    return Content(root, kept, problems + clashes, sources)


def _as_error(skipped: _PageSkipped) -> Problem:
    return Problem(skipped.path, skipped.line, skipped.error)


def _same_address(articles: list[Article]) -> tuple[list[Article], list[Problem]]:
    """Two files for one URL confuse readers and links; the path, not the file name, is unique.

    On our guides that is an error; a page of another tool is skipped with one warning.
    """
    problems: list[Problem] = []
    kept: list[Article] = []
    by_url: dict[str, Article] = {}
    for article in articles:
        url = article.url.lower()
        other = by_url.get(url)
        if other is None:
            by_url[url] = article
            kept.append(article)
            continue
        message = f"has the same address ({article.url}) as {other.source.as_posix()}"
        if article.is_plainhelp_guide or other.is_plainhelp_guide:
            problems.append(Problem(article.source.as_posix(), 1, message))
            kept.append(article)
        else:
            problems.append(Problem(article.source.as_posix(), 1, f"{message}; skipped", "warning"))
    return kept, problems


def notes_summary(notes: Sequence[Note]) -> str | None:
    """Every note of a load in one line, so a foreign folder of 300 pages prints one line."""
    if not notes:
        return None
    pages = {note.path for note in notes}
    parts: list[str] = []
    guessed = {n.path for n in notes if n.kind == "guessed"}
    if guessed:
        parts.append(
            f"{len(guessed):,} without Plainhelp's own fields (a missing title or description "
            "is taken from the page)"
        )
    for kind, how in (
        ("foreign-fields", "front matter of other tools ({}), read and ignored"),
        ("unused-value", "values that could not be used ({}), left out"),
    ):
        of_kind = [n for n in notes if n.kind == kind]
        if of_kind:
            count = len({n.path for n in of_kind})
            parts.append(f"{count:,} with {how.format(_common_fields(of_kind))}")
    verb = "is not a Plainhelp guide" if len(pages) == 1 else "are not Plainhelp guides"
    return f"{plural(len(pages), 'page')} {verb}: {'; '.join(parts)}. Use --verbose to list them."


def _common_fields(notes: Sequence[Note]) -> str:
    """The most used field names first, a few of them, then "..." if there are more."""
    counts = Counter(name for note in notes for name in dict.fromkeys(note.fields))
    names = [name for name, _ in counts.most_common(SUMMARY_FIELDS)]
    more = ", ..." if len(counts) > SUMMARY_FIELDS else ""
    return ", ".join(names) + more
