"""Build the search index from the Article model, into a new folder, then swap it in atomically.

`var/index` is a symbolic link to the current build. A build writes a fresh folder, checks it
opens, and only then repoints the link with one rename, so a failed build leaves the old
index serving and a running portal sees either the old index or the new one, never half.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import multiprocessing
import os
import posixpath
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy

from portal.builds import current_build, swap_in
from portal.errors import PlainhelpError
from portal.guides.articles import Article, Content
from portal.guides.walk import walk_content
from search import narrowing, schema
from search.analysis import (
    DEFAULT_LANGUAGE,
    analyse_words,
    base_language,
    phrase_terms,
    raw_words,
    word_terms,
)
from search.records import GuideRecord, guide_record, searchable
from search.synonyms import SynonymMap, load_synonyms

FORMAT_VERSION = 4
META_FILE = "plainhelp-meta.json.gz"  # gzip: a quarter of its size, opened in milliseconds
SOURCE_FILE = "plainhelp-source.json"  # small: which content folder, in which state
BUILDS_DIR = "index-builds"
LINK_NAME = "index"
PARALLEL_FROM = 1000  # guides; below this, starting worker processes costs more than it saves
MAX_WORKERS = 4
FEATURED_LIMIT = 8
_HOME_LINK = re.compile(r"""(?:\]\(|href=["'])(?!https?:|mailto:|#)([^)"'#?\s]+)""")


class IndexBuildError(PlainhelpError, RuntimeError):
    """The index was not built; the previous one, if any, is still in place."""

    def __init__(self, message: str) -> None:
        super().__init__(f"{message} The search index that was there before is unchanged.")


@dataclass(frozen=True)
class IndexBuild:
    """What a finished build produced."""

    path: Path
    guides: int
    sections: int
    bytes: int


def featured_paths(home: Article | None, guides: list[Article]) -> list[str]:
    """The guides the home page points at first: a good start when a search finds nothing
    (only pages search itself answers with: never a troubleshooter)."""
    guides = [guide for guide in guides if searchable(guide)]
    known = {g.path for g in guides}
    found: list[str] = []
    if home is not None:
        for path in linked_paths(home.body):
            if path in known and path not in found:
                found.append(path)
    for guide in guides:
        if len(found) >= FEATURED_LIMIT:
            break
        if guide.path not in found:
            found.append(guide.path)
    return found[:FEATURED_LIMIT]


def linked_paths(body: str, folder: str = "") -> list[str]:
    """The article paths a page's links point at, in order (relative to the page's folder)."""
    found = []
    for target in _HOME_LINK.findall(body):
        if folder and not target.startswith("/"):
            target = posixpath.normpath(posixpath.join(folder, target))
        found.append(target.strip("/").removesuffix(".md").removesuffix("/index"))
    return found


@dataclass(frozen=True)
class AnalysedGuide:
    """A guide's record, its language, and its fields and sections as index terms."""

    record: GuideRecord
    lang: str
    translation_key: str
    fields: dict[str, str]
    sections: list[dict[str, str]]
    words: frozenset[str]  # its distinct surface words, for the language's speller


def analyse(article: Article) -> AnalysedGuide:
    """The slow, independent part of indexing one guide (run in worker processes)."""
    record = guide_record(article)
    lang = base_language(getattr(record, "lang", None) or getattr(article, "lang", None))
    words: set[str] = set()

    def terms(text: str) -> str:
        found = raw_words(text)
        words.update(found)
        return analyse_words(found, lang)

    sections = [
        {"heading": terms(part.heading), "text": terms(part.text)} for part in record.sections
    ]
    phrases = (*record.phrases, *getattr(record, "keywords", ()), *record.tags)
    fields = {
        "title": terms(record.title),
        "phrases": "\n".join(terms(text) for text in phrases),
        "headings": "\n".join(part["heading"] for part in sections if part["heading"]),
        "description": terms(record.description),
        "body": "\n".join(part["text"] for part in sections),
    }
    return AnalysedGuide(
        record,
        lang,
        getattr(record, "translation_key", "") or record.path,
        fields,
        sections,
        frozenset(word.replace("'", "") for word in words),
    )


def _analysed(articles: list[Article]) -> Iterator[AnalysedGuide]:
    """Guides analysed in order; on several processes when there are many."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(articles) < PARALLEL_FROM or workers < 2:
        yield from map(analyse, articles)
        return
    context = multiprocessing.get_context("spawn" if sys.platform == "darwin" else "fork")
    with context.Pool(workers) as pool:
        yield from pool.imap(analyse, articles, chunksize=32)


def guide_entry(analysed: AnalysedGuide, first_section: int) -> dict[str, Any]:
    """What the meta file says about one guide (everything a result shows but its snippet)."""
    record = analysed.record
    return {
        "path": record.path,
        "title": record.title,
        "url": record.url,
        "description": record.description,
        "section": record.section,
        "lang": analysed.lang,
        "translation_key": analysed.translation_key,
        "sections": [first_section, first_section + len(record.sections)],
        **({"teaches": True} if getattr(record, "teaches", False) else {}),
        **({"urgent": True} if getattr(record, "urgent", False) else {}),
        # Title and people's phrases as index terms: a query that says the same thing as one
        # of them is very likely looking for this guide.
        "phrase_terms": [
            phrase_terms(text, analysed.lang)
            for text in (record.title, *record.phrases, *getattr(record, "keywords", ()))
        ],
    }


def add_documents(
    guides: tantivy.IndexWriter,
    sections: tantivy.IndexWriter,
    analysed: AnalysedGuide,
    number: int,
) -> None:
    """One guide's document and its sections' documents, given the guide's number."""
    record = analysed.record
    doc = tantivy.Document()
    for name, text in analysed.fields.items():
        doc.add_text(name, text)
    doc.add_unsigned(schema.NUMBER, number)
    doc.add_text(schema.PATH, record.path)
    doc.add_text(schema.LANG, analysed.lang)
    doc.add_text(schema.SECTION, record.section)
    guides.add_document(doc)
    for position, (part, terms) in enumerate(zip(record.sections, analysed.sections, strict=True)):
        doc = tantivy.Document()
        doc.add_text("heading", terms["heading"])
        doc.add_text("text", terms["text"])
        doc.add_unsigned(schema.NUMBER, number)
        doc.add_unsigned(schema.POSITION, position)
        doc.add_text(schema.PATH, record.path)
        doc.add_bytes(schema.STORED_TEXT, part.text.encode("utf-8"))
        sections.add_document(doc)


def add_words(vocabulary: dict[str, dict[str, int]], analysed: AnalysedGuide) -> None:
    counts = vocabulary.setdefault(analysed.lang, {})
    for word in analysed.words:
        counts[word] = counts.get(word, 0) + 1


def language_words(
    vocabulary: dict[str, dict[str, int]], synonyms: SynonymMap, default: str
) -> dict[str, dict[str, Any]]:
    """Each language's words with their counts and their stems: what its speller knows."""
    for alternatives in synonyms.values():  # the built-in synonyms are English words
        for phrase in alternatives:
            for word in phrase:
                vocabulary.setdefault(default, {}).setdefault(word, 1)
    return {
        lang: {
            "words": words,
            "stems": sorted({term for word in words for term in word_terms(word, lang)[:1]}),
        }
        for lang, words in vocabulary.items()
    }


def default_language(content: Content, languages: dict[str, int]) -> str:
    """The site's language from mkdocs.yml, else the commonest language of its pages."""
    try:
        from portal.guides.languages import site_language

        configured = base_language(site_language(content.root))
    except (ImportError, OSError, ValueError):
        configured = ""
    if configured and (configured in languages or not languages):
        return configured
    if languages:
        return max(sorted(languages), key=lambda lang: languages[lang])
    return DEFAULT_LANGUAGE


def write_index(
    folder: Path,
    content: Content,
    synonyms: SynonymMap,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Write both tantivy indexes and the meta file into an empty folder."""
    guide_index = schema.create(folder / schema.GUIDES_DIR, schema.guide_schema())
    section_index = schema.create(folder / schema.SECTIONS_DIR, schema.section_schema())
    guide_writer = guide_index.writer(schema.WRITER_HEAP, 1)
    section_writer = section_index.writer(schema.WRITER_HEAP, 1)
    entries: list[dict[str, Any]] = []
    parts: list[list[Any]] = []
    vocabulary: dict[str, dict[str, int]] = {}
    languages: dict[str, int] = {}
    pages = [article for article in content.articles if searchable(article)]
    for number, analysed in enumerate(_analysed(pages)):
        entries.append(guide_entry(analysed, len(parts)))
        parts.extend([number, p.anchor, p.heading] for p in analysed.record.sections)
        add_documents(guide_writer, section_writer, analysed, number)
        add_words(vocabulary, analysed)
        languages[analysed.lang] = languages.get(analysed.lang, 0) + 1
        if progress is not None:
            progress(number + 1, len(pages))
    for writer in (guide_writer, section_writer):
        writer.commit()
        writer.wait_merging_threads()
    default = default_language(content, languages)
    home = next((a for a in content.articles if a.path == "index"), None)
    meta = {
        "format": FORMAT_VERSION,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "default_language": default,
        "guides": entries,
        "sections": parts,
        "section_titles": section_titles(content),
        "featured": featured_paths(home, content.guides),
        # Never results: the troubleshooters and topics a vague query is asked about.
        "narrowing": narrowing.index_meta(
            content, {entry["path"] for entry in entries if not entry.get("teaches")}
        ),
        "languages": language_words(vocabulary, synonyms, default),
        "synonyms": [[list(key), [list(a) for a in alts]] for key, alts in synonyms.items()],
    }
    write_meta(folder, meta)
    return len(entries), len(parts)


def section_titles(content: Content) -> dict[str, str]:
    """Each top folder's name for readers: its own index page's title ("learn/index", never a
    course's "learn/your-first-week/index"), else the first index page found below it."""
    titles: dict[str, str] = {}
    pages = [a for a in content.articles if a.is_index and "/" in a.path]
    for article in sorted(pages, key=lambda a: a.path.count("/") != 1):
        titles.setdefault(article.section, article.title)
    return titles


def write_meta(folder: Path, meta: dict[str, Any]) -> None:
    """The meta file, with the size and checksum of every index file (checked on opening)."""
    meta["files"] = manifest(folder)
    temporary = folder / f".{META_FILE}.new"
    text = json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    temporary.write_bytes(gzip.compress(text, compresslevel=6, mtime=0))
    temporary.replace(folder / META_FILE)


def manifest(folder: Path) -> dict[str, list[Any]]:
    """Every file of both indexes (locks aside): size and SHA-256, so damage is seen."""
    found: dict[str, list[Any]] = {}
    for name in (schema.GUIDES_DIR, schema.SECTIONS_DIR):
        for path in sorted((folder / name).iterdir()):
            if path.is_file() and not path.name.endswith(".lock"):
                data = path.read_bytes()
                found[f"{name}/{path.name}"] = [len(data), hashlib.sha256(data).hexdigest()]
    return found


def content_fingerprint(root: Path) -> str:
    """Changes whenever a guide or the synonyms file is added, removed or edited."""
    digest = hashlib.sha256()
    walked = walk_content(root).files  # never round a loop of links, never a dangling one
    files = [p for p in walked if p.suffix == ".md"]
    files += [p for p in walked if p.parent == root / "_data" and p.suffix == ".yml"]
    for path in files:
        try:
            stat = path.stat()
        except OSError:  # gone since the walk: the next build sees the change
            continue
        digest.update(f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def index_is_current(var_dir: Path, content_dir: Path) -> bool:
    """True when var/index was built from this content folder as it is now."""
    folder = current_index(var_dir)
    if folder is None:
        return False
    try:
        source = json.loads((folder / SOURCE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return source == {
        "root": str(content_dir.resolve()),
        "fingerprint": content_fingerprint(content_dir),
    }


def build_index(
    content: Content,
    var_dir: Path,
    progress: Callable[[int, int], None] | None = None,
) -> IndexBuild:
    """Build a new index under var_dir and make it current; raise IndexBuildError on failure."""
    if content.errors:
        raise IndexBuildError("The guides have errors; fix them before indexing.")
    try:
        synonyms = load_synonyms(content.root)
    except ValueError as error:
        raise IndexBuildError(str(error)) from None

    def write(folder: Path) -> tuple[int, int]:
        source = {
            "root": str(content.root.resolve()),
            "fingerprint": content_fingerprint(content.root),
        }
        counts = write_index(folder, content, synonyms, progress)
        (folder / SOURCE_FILE).write_text(json.dumps(source), encoding="utf-8")
        _check_opens(folder)
        return counts

    try:
        final, (guides, sections) = swap_in(var_dir / LINK_NAME, var_dir / BUILDS_DIR, write)
    except IndexBuildError:
        raise
    except Exception as error:
        raise IndexBuildError(f"The index could not be written: {error}") from None
    size = sum(f.stat().st_size for f in final.rglob("*") if f.is_file())
    return IndexBuild(path=final, guides=guides, sections=sections, bytes=size)


def _check_opens(folder: Path) -> None:
    """A build is swapped in only if the portal's own checks accept it."""
    from search.loading import load_build  # it reads this module's names

    load_build(folder)


def current_index(var_dir: Path) -> Path | None:
    """The folder var/index points at, or None when there is no index yet."""
    return current_build(var_dir / LINK_NAME)
