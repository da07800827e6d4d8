"""Build the search index from the Article model, into a new folder, then swap it in atomically.

`var/index` is a symbolic link to the current build. A build writes a fresh folder, checks it
opens, and only then repoints the link with one rename, so a failed build leaves the old
index serving and a running portal sees either the old index or the new one, never half.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from portal.builds import current_build, swap_in
from portal.errors import PlainhelpError
from portal.guides.articles import Article, Content
from portal.guides.walk import walk_content
from search.analysis import NEGATION_MARK, NEGATIONS, stems, surface_words
from search.postings import CollectionBuilder, FieldCount, add_counts, count_terms
from search.records import GuideRecord, guide_record
from search.synonyms import SynonymMap, load_synonyms

FORMAT_VERSION = 2
GUIDE_FIELDS = ["title", "phrases", "meta", "body"]
SECTION_FIELDS = ["heading", "text"]
GUIDES, SECTIONS = "guides", "sections"
META_FILE = "plainhelp-meta.json"
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


def phrase_terms(text: str) -> list[str]:
    """A title or phrase as index terms, marking "not" so symptoms match symptoms."""
    terms = stems(text)
    if any(word in NEGATIONS for word in surface_words(text)):
        terms.append(NEGATION_MARK)
    return terms


def featured_paths(home: Article | None, guides: list[Article]) -> list[str]:
    """The guides the home page points at first: a good start when a search finds nothing."""
    known = {g.path for g in guides}
    found: list[str] = []
    if home is not None:
        for target in _HOME_LINK.findall(home.body):
            path = target.strip("/").removesuffix(".md").removesuffix("/index")
            if path in known and path not in found:
                found.append(path)
    for guide in guides:
        if len(found) >= FEATURED_LIMIT:
            break
        if guide.path not in found:
            found.append(guide.path)
    return found[:FEATURED_LIMIT]


def _meta(
    records: list[GuideRecord],
    content: Content,
    synonyms: SynonymMap,
    section_ranges: list[tuple[int, int]],
) -> dict[str, object]:
    section_titles = {
        a.path.split("/")[0]: a.title for a in content.articles if a.is_index and "/" in a.path
    }
    vocabulary: dict[str, int] = {}
    for record in records:
        words = set(surface_words(" ".join((record.title, *record.phrases, record.description))))
        words.update(surface_words(" ".join(record.headings)))
        words.update(surface_words(record.body))
        for word in words:
            vocabulary[word] = vocabulary.get(word, 0) + 1
    for alternatives in synonyms.values():
        for phrase in alternatives:
            for word in phrase:
                vocabulary.setdefault(word, 1)
    home = next((a for a in content.articles if a.path == "index"), None)
    return {
        "format": FORMAT_VERSION,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "guides": [
            {
                "path": r.path,
                "title": r.title,
                "url": r.url,
                "description": r.description,
                "section": r.section,
                "sections": list(section_ranges[number]),
                # Title and people's phrases as index terms: a query that says the same
                # thing as one of them is very likely looking for this guide.
                "phrase_terms": [phrase_terms(text) for text in (r.title, *r.phrases)],
            }
            for number, r in enumerate(records)
        ],
        "sections": [
            [number, part.anchor, part.heading, part.text]
            for number, r in enumerate(records)
            for part in r.sections
        ],
        "section_titles": section_titles,
        "featured": featured_paths(home, content.guides),
        "vocabulary": vocabulary,
        "synonyms": [[list(key), [list(a) for a in alts]] for key, alts in synonyms.items()],
    }


@dataclass(frozen=True)
class AnalysedGuide:
    """A guide's record and the term counts of its fields and sections."""

    record: GuideRecord
    fields: dict[str, FieldCount]
    sections: list[dict[str, FieldCount]]


def analyse(article: Article) -> AnalysedGuide:
    """The slow, independent part of indexing one guide (run in worker processes)."""
    record = guide_record(article)
    sections = [
        {"heading": count_terms(part.heading), "text": count_terms(part.text)}
        for part in record.sections
    ]
    body: FieldCount = ({}, 0)
    for part in sections:  # the guide's text is its sections' text: count it once
        body = add_counts(body, part["text"])
    fields = {
        "title": count_terms(record.title),
        "phrases": count_terms("\n".join(record.phrases)),
        "meta": count_terms("\n".join((record.description, *record.tags, *record.headings))),
        "body": body,
    }
    return AnalysedGuide(record, fields, sections)


def _analysed(articles: list[Article]) -> Iterator[AnalysedGuide]:
    """Guides analysed in order; on several processes when there are many."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(articles) < PARALLEL_FROM or workers < 2:
        yield from map(analyse, articles)
        return
    context = multiprocessing.get_context("spawn" if sys.platform == "darwin" else "fork")
    with context.Pool(workers) as pool:
        yield from pool.imap(analyse, articles, chunksize=32)


def write_index(
    folder: Path,
    content: Content,
    synonyms: SynonymMap,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Write the guide and section postings and the meta file into an empty folder."""
    guides = CollectionBuilder(GUIDE_FIELDS)
    sections = CollectionBuilder(SECTION_FIELDS)
    ranges: list[tuple[int, int]] = []
    records: list[GuideRecord] = []
    for done, analysed in enumerate(_analysed(content.guides), start=1):
        records.append(analysed.record)
        guides.add_counts(analysed.fields)
        start = sections.size
        for part in analysed.sections:
            sections.add_counts(part)
        ranges.append((start, sections.size))
        if progress is not None:
            progress(done, len(content.guides))
    guides.build().save(folder, GUIDES)
    sections.build().save(folder, SECTIONS)
    meta = _meta(records, content, synonyms, ranges)
    (folder / META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return len(records), sections.size


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
    size = sum(f.stat().st_size for f in final.iterdir() if f.is_file())
    return IndexBuild(path=final, guides=guides, sections=sections, bytes=size)


def _check_opens(folder: Path) -> None:
    """A build is swapped in only if the portal's own checks accept it."""
    from search.loading import load_build  # it reads this module's names

    load_build(folder)


def current_index(var_dir: Path) -> Path | None:
    """The folder var/index points at, or None when there is no index yet."""
    return current_build(var_dir / LINK_NAME)
