"""Search quality on labelled queries: Plainhelp against two baselines on the same guides.

Baselines: Material's built-in search (lunr over the site's search_index.json, every term a
prefix, stop words only, as Material configures it) and Whoosh with its defaults (BM25F over
title and body, no synonyms, no typos).
"""

from __future__ import annotations

import csv
import json
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from portal.guides.articles import load_content
from search import Engine, guide_record

Ranker = Callable[[str], list[str]]  # query -> guide slugs, best first


@dataclass(frozen=True)
class Scores:
    """The figures the issue asks for, over one query file."""

    queries: int
    success_at_1: float
    success_at_3: float
    mrr_at_10: float
    zero_results: float
    ms_per_query: float


def load_queries(path: Path) -> list[tuple[str, str]]:
    """(query, expected slug) pairs from a two-column TSV with a header."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    return [(row[0], row[1]) for row in rows[1:] if len(row) >= 2 and row[0].strip()]


def evaluate(rank: Ranker, queries: list[tuple[str, str]]) -> Scores:
    hits1 = hits3 = zero = 0
    reciprocal = 0.0
    started = time.perf_counter()
    for query, expected in queries:
        ranked = rank(query)[:10]
        if not ranked:
            zero += 1
        if ranked[:1] == [expected]:
            hits1 += 1
        if expected in ranked[:3]:
            hits3 += 1
        if expected in ranked:
            reciprocal += 1 / (ranked.index(expected) + 1)
    elapsed = time.perf_counter() - started
    n = max(len(queries), 1)
    return Scores(len(queries), hits1 / n, hits3 / n, reciprocal / n, zero / n, elapsed / n * 1000)


def misses(rank: Ranker, queries: list[tuple[str, str]]) -> list[tuple[str, str, list[str]]]:
    """Queries whose expected guide is not in the top three, for people tuning synonyms."""
    found = []
    for query, expected in queries:
        ranked = rank(query)[:3]
        if expected not in ranked:
            found.append((query, expected, ranked))
    return found


def _slug(path: str) -> str:
    return path.strip("/").split("#")[0].rsplit("/", 1)[-1]


def plainhelp_ranker(index_dir: Path) -> Ranker:
    engine = Engine(index_dir)
    return lambda query: [_slug(hit.path) for hit in engine.search(query, limit=10).results]


def lunr_material_ranker(site_dir: Path) -> Ranker:
    """Material's built-in search, rebuilt in Python with Material's own settings."""
    from lunr.builder import Builder
    from lunr.stop_word_filter import stop_word_filter

    data = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    builder = Builder()
    builder.pipeline.add(stop_word_filter)
    builder.search_pipeline.add(stop_word_filter)
    builder.ref("location")
    for name, spec in data["config"]["fields"].items():
        builder.field(name, boost=spec.get("boost", 1))
    pages: dict[str, str] = {}
    for doc in data["docs"]:
        text = unescape(re.sub(r"<[^>]+>", " ", doc.get("text", "")))
        builder.add(
            {
                "location": doc["location"],
                "title": doc["title"],
                "text": text,
                "tags": " ".join(doc.get("tags", [])),
            }
        )
        pages[doc["location"]] = doc["location"].split("#")[0]
    index = builder.build()
    separator = re.compile(data["config"]["separator"])

    def rank(query: str) -> list[str]:
        terms = [t for t in separator.split(query.lower()) if re.fullmatch(r"\w+", t)]
        if not terms:
            return []
        try:
            results = index.search(" ".join(f"{t}*" for t in terms))
        except Exception:  # lunr raises on some inputs; Material shows no results then
            return []
        ranked: list[str] = []
        for result in results:
            page = pages[result["ref"]]
            slug = _slug(page)
            if page and slug not in ranked:
                ranked.append(slug)
        return ranked

    return rank


def whoosh_defaults_ranker(content_dir: Path) -> Ranker:
    """Whoosh as it comes: StandardAnalyzer, BM25F over title and body, AND of the words."""
    from whoosh import index
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import MultifieldParser

    schema = Schema(path=ID(stored=True), title=TEXT(stored=True), body=TEXT)
    folder = tempfile.mkdtemp(prefix="whoosh-baseline-")
    ix = index.create_in(folder, schema)
    writer = ix.writer()
    for article in load_content(content_dir).guides:
        record = guide_record(article)
        writer.add_document(path=record.path, title=record.title, body=record.body)
    writer.commit()
    parser = MultifieldParser(["title", "body"], schema)
    searcher = ix.searcher()

    def rank(query: str) -> list[str]:
        try:
            parsed = parser.parse(query)
        except Exception:
            return []
        return [_slug(hit["path"]) for hit in searcher.search(parsed, limit=10)]

    return rank
