"""Update one changed guide in the current build, without rebuilding the rest.

The writers' live preview calls this after each save: the guide's documents are deleted and
added again in both indexes, the meta file (with the new checksums) is replaced in one
rename, and an Engine opened afterwards answers with the change.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from portal.guides.articles import Article
from portal.guides.troubleshooters import is_troubleshooter, parse_troubleshooter
from search import narrowing, schema
from search.analysis import word_terms
from search.indexer import (
    META_FILE,
    IndexBuildError,
    add_documents,
    analyse,
    current_index,
    guide_entry,
    write_meta,
)
from search.loading import DamagedBuild, load_build, read_meta
from search.records import searchable


def update_guides(var_dir: Path, changed: Iterable[Article], removed: Iterable[str] = ()) -> Path:
    """Apply changed and removed guides to the current build; return its folder."""
    folder = current_index(var_dir)
    if folder is None:
        raise IndexBuildError("There is no search index to update; run `kb index` first.")
    try:
        build = load_build(folder)
    except DamagedBuild as error:
        raise IndexBuildError(
            f"The search index in {folder} cannot be updated ({error})."
        ) from None
    meta: dict[str, Any] = build.meta
    guides: list[dict[str, Any]] = meta["guides"]
    numbers = {g["path"]: n for n, g in enumerate(guides) if not g.get("removed")}
    guide_writer = build.guide_index.writer(schema.WRITER_HEAP, 1)
    section_writer = build.section_index.writer(schema.WRITER_HEAP, 1)
    for path in removed:
        if path in numbers:
            _delete(guide_writer, section_writer, path)
            guides[numbers.pop(path)]["removed"] = True
    changed = list(changed)
    removed = list(removed)
    for article in changed:
        if not searchable(article):
            if article.path in numbers:  # a guide that became a troubleshooter, say
                _delete(guide_writer, section_writer, article.path)
                guides[numbers.pop(article.path)]["removed"] = True
            continue
        analysed = analyse(article)
        number = numbers.get(article.path)
        if number is None:
            number = numbers[article.path] = len(guides)
            guides.append({})
        else:
            _delete(guide_writer, section_writer, article.path)
        guides[number] = guide_entry(analysed, len(meta["sections"]))
        meta["sections"].extend([number, p.anchor, p.heading] for p in analysed.record.sections)
        add_documents(guide_writer, section_writer, analysed, number)
        known = meta["languages"].setdefault(analysed.lang, {"words": {}, "stems": []})
        for word in analysed.words:
            known["words"][word] = known["words"].get(word, 0) + 1
        known["stems"] = sorted(set(known["stems"]) | _stems(analysed.words, analysed.lang))
    for writer in (guide_writer, section_writer):
        writer.commit()
        writer.wait_merging_threads()
    trees = [parse_troubleshooter(article) for article in changed if is_troubleshooter(article)]
    narrowing.updated_meta(meta, trees, [*removed, *(a.path for a in changed)])
    write_meta(folder, meta)
    read_meta(folder / META_FILE)  # written whole
    return folder


def _delete(guides: Any, sections: Any, path: str) -> None:
    guides.delete_documents_by_term(schema.PATH, path)
    sections.delete_documents_by_term(schema.PATH, path)


def _stems(words: Iterable[str], lang: str) -> set[str]:
    return {term for word in words for term in word_terms(word, lang)[:1]}
