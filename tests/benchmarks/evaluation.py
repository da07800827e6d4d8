"""Search quality on labelled questions: the scoring that every system's rankings go through.

A ranker answers (question, language) with page paths, best first. Questions are matched by
page path (external collections: normalised, so `a/index.md`, `a/` and `a` are one page) or by
slug (our own files). Figures: success@1, success@3, MRR@10, zero results, ms per question and
the top-3 places taken by another language when the question's language has the right page.
"""

from __future__ import annotations

import csv
import inspect
import re
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when used: a search package mid-rewrite must not stop the baselines
    from search import Engine, SearchResponse

Ranker = Callable[[str, str], list[str]]  # (question, language) -> page paths, best first
Key = Callable[[str], str]  # a page path or an expected answer -> what is compared

# Language codes people put in file names and folders (mkdocs-static-i18n, Jekyll, Hugo).
LANGUAGES = frozenset(
    [
        "ar",
        "bg",
        "ca",
        "cs",
        "da",
        "de",
        "el",
        "en",
        "es",
        "et",
        "fi",
        "fr",
        "he",
        "hi",
        "hr",
        "hu",
        "id",
        "it",
        "ja",
        "ko",
        "lt",
        "lv",
        "nb",
        "nl",
        "no",
        "pl",
        "pt",
        "ro",
        "ru",
        "sk",
        "sl",
        "sr",
        "sv",
        "th",
        "tr",
        "uk",
        "vi",
        "zh",
    ]
)
# Codes that are also folder names in English help content ("it/" is the IT department).
_AMBIGUOUS_FOLDERS = frozenset({"it", "id", "no"})
_LANGUAGE = r"[a-z]{2}(?:[-_][A-Za-z]{2,4})?"
_SUFFIX = re.compile(rf"\._?({_LANGUAGE})$")  # name.fr, name._fr (after .md is stripped)


@dataclass(frozen=True)
class Question:
    """One labelled question: any of `expected` is a right answer."""

    text: str
    expected: tuple[str, ...]
    lang: str = ""  # "" when the file does not say: the collection's default applies


@dataclass(frozen=True)
class Scores:
    """The figures the issue asks for, over one question file."""

    queries: int
    success_at_1: float
    success_at_3: float
    mrr_at_10: float
    zero_results: float
    ms_per_query: float
    other_language_top3: int = 0  # top-3 places in another language, where ours has the page
    top3_places: int = 0  # every top-3 place of the questions whose language has the page


def load_queries(path: Path) -> list[tuple[str, str]]:
    """(query, expected) pairs from a TSV with a header (the first two columns)."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(row[0], row[1]) for row in rows[1:] if len(row) >= 2 and row[0].strip()]


def load_questions(path: Path) -> list[Question]:
    """Questions from `query<TAB>expected[<TAB>lang]`; alternatives in `expected` split on `|`."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    questions = []
    for row in rows[1:]:
        if len(row) < 2 or not row[0].strip():
            continue
        expected = tuple(e.strip() for e in row[1].split("|") if e.strip())
        lang = row[2].strip().lower() if len(row) > 2 else ""
        questions.append(Question(row[0].strip(), expected, lang))
    return questions


def normalise_path(path: str) -> str:
    """One spelling per page: no anchor, slashes, `.md`, `index` or `README` at the end."""
    path = urllib.parse.unquote(path.split("#")[0].split("?")[0]).replace("\\", "/")
    path = path.strip().strip("/")
    path = path.removeprefix("./")
    if path.lower().endswith(".md"):
        path = path[:-3]
    parts = [p for p in path.split("/") if p and p != "."]
    if parts and parts[-1] in ("index", "README", "readme"):
        parts.pop()
    return "/".join(parts)


def slug_of(path: str) -> str:
    """The file name without folders: how our own question files name the right guide."""
    normalised = normalise_path(path)
    return normalised.rsplit("/", 1)[-1]


def language_folders(paths: Iterable[str]) -> frozenset[str]:
    """First folders that hold translations: in a collection with three or more folders named
    for known languages, every short code-like first folder (`pcm`, `it`, `pt-br`) is one."""
    firsts = {normalise_path(p).split("/", 1)[0] for p in paths if "/" in normalise_path(p)}
    known = {f for f in firsts if f[:2].lower() in LANGUAGES and re.fullmatch(_LANGUAGE, f)}
    if len(known) < 3:
        return frozenset(f for f in known if f not in _AMBIGUOUS_FOLDERS)
    return frozenset(f for f in firsts if re.fullmatch(r"[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?", f))


def page_language(path: str, default: str, folders: frozenset[str] | None = None) -> str:
    """A page's language from its path: `name.fr.md`, `name._fr.md`, a `fr/` first folder
    (one of `folders` when given, else a known code that is not also an English word)."""
    normalised = normalise_path(path)
    match = _SUFFIX.search(normalised.rsplit("/", 1)[-1])
    if match and match.group(1)[:2].lower() in LANGUAGES:
        return match.group(1).lower().replace("_", "-")
    first = normalised.split("/", 1)[0]
    if "/" not in normalised:
        return default
    if folders is None:
        folders = language_folders([normalised])
    return first.lower().replace("_", "-") if first in folders else default


def same_language(a: str, b: str) -> bool:
    """`pt-br` and `pt` are one language for a reader; only the first part counts."""
    return a.split("-")[0].lower() == b.split("-")[0].lower()


def score(
    rank: Ranker,
    questions: Sequence[Question],
    key: Key = normalise_path,
    default_lang: str = "en",
    languages: Mapping[str, str] | None = None,
) -> Scores:
    """Ask every question once and score the rankings; `languages` maps key(page) -> language."""
    known = languages or {}

    def language(page: str) -> str:
        return known.get(key(page)) or page_language(page, default_lang)

    hits1 = hits3 = zero = other = places = 0
    reciprocal = 0.0
    elapsed = 0.0
    for question in questions:
        lang = question.lang or default_lang
        started = time.perf_counter()
        ranked = rank(question.text, lang)[:10]
        elapsed += time.perf_counter() - started
        keys = [key(page) for page in ranked]
        wanted = {key(e) for e in question.expected}
        if not ranked:
            zero += 1
        if keys[:1] and keys[0] in wanted:
            hits1 += 1
        if wanted & set(keys[:3]):
            hits3 += 1
        first = next((i for i, k in enumerate(keys) if k in wanted), None)
        if first is not None:
            reciprocal += 1 / (first + 1)
        if any(same_language(language(e), lang) for e in question.expected):
            places += len(ranked[:3])
            other += sum(1 for page in ranked[:3] if not same_language(language(page), lang))
    n = max(len(questions), 1)
    return Scores(
        len(questions),
        hits1 / n,
        hits3 / n,
        reciprocal / n,
        zero / n,
        elapsed / n * 1000,
        other,
        places,
    )


def evaluate(rank: Callable[[str], list[str]], queries: list[tuple[str, str]]) -> Scores:
    """Our own (query, slug) pairs against a ranker of slugs, as the content tests use it."""
    questions = [Question(query, (expected,)) for query, expected in queries]
    return score(lambda text, _lang: rank(text), questions, key=slug_of)


def misses(
    rank: Ranker, questions: Sequence[Question], key: Key = normalise_path, default_lang: str = "en"
) -> list[tuple[str, tuple[str, ...], list[str]]]:
    """Questions whose right page is not in the top three, for people reading the failures."""
    found = []
    for question in questions:
        ranked = [key(page) for page in rank(question.text, question.lang or default_lang)[:3]]
        if not {key(e) for e in question.expected} & set(ranked):
            found.append((question.text, question.expected, ranked))
    return found


def takes_language(engine: Engine) -> bool:
    """Whether this engine's search accepts the reader's language (the rewrite adds `lang`)."""
    return "lang" in inspect.signature(engine.search).parameters


def plainhelp_pages(engine: Engine) -> Ranker:
    """Plainhelp's page paths for a question, asked in the question's language when it can be.

    The typo index is made first, as the server does in the background when it opens a build,
    so the first question with a typo does not carry that cost in ms/query.
    """
    if hasattr(engine, "warm_up"):
        engine.warm_up()
    search: Callable[..., SearchResponse] = engine.search  # `lang` only since the rewrite
    if takes_language(engine):
        return lambda text, lang: [hit.path for hit in search(text, limit=10, lang=lang).results]
    return lambda text, _lang: [hit.path for hit in search(text, limit=10).results]


def plainhelp_ranker(index_dir: Path) -> Callable[[str], list[str]]:
    """Plainhelp's slugs for a query over our own guides (the content tests' bar)."""
    from search import Engine

    engine = Engine(index_dir)
    return lambda query: [slug_of(hit.path) for hit in engine.search(query, limit=10).results]
