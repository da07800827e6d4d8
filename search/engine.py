"""Answer a query from one index build: exact first, then widen; best section and snippet.

Tiers: (1) every concept, exact words and synonyms (and completions of the last word while
typing); (2) the same with typo corrections; (3) any concept, ranked by how many matched.
Within the strict tiers, guides whose title or people's phrases say what the query says go
first (the scoring itself is in `search.scoring`). Everything here is read-only after
loading, so threads share one Engine.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from portal.errors import Unavailable
from search.loading import DamagedBuild, load_build
from search.query import (
    PARTICLES,
    Concept,
    ParsedQuery,
    add_typo_corrections,
    parse_query,
)
from search.scoring import Scorer
from search.snippets import make_snippet
from search.spelling import Speller

ENOUGH_RESULTS = 3
TIME_BUDGET_SECONDS = 0.5
# Recent answers kept per index build (a few MB at most).
ANSWERS_KEPT = 2048
MAX_LIMIT = 50
# Longer "words" (a pasted key, a damaged file) are left out of spelling: the speller's work
# grows with the square of a word's length, and one 5,000-letter word took minutes to open.
MAX_WORD_CHARS = 48

log = logging.getLogger("search.engine")


class IndexUnavailable(Unavailable, RuntimeError):
    """There is no usable index; the message says what to do."""

    reader_message = "Search is starting up or being rebuilt. Please try again in a minute."


@dataclass
class Hit:
    """One guide in the results, pointing at its best section."""

    path: str
    url: str
    title: str
    section: str
    section_title: str
    heading: str
    snippet: str
    score: float

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "url": self.url,
            "title": self.title,
            "section": self.section,
            "section_title": self.section_title,
            "heading": self.heading,
            "snippet": self.snippet,
            "score": round(self.score, 4),
        }


@dataclass
class SearchResponse:
    query: str
    results: list[Hit]
    total: int
    did_you_mean: str | None = None
    widened: bool = False
    partial: bool = False
    took_ms: float = 0.0
    featured: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "query": self.query,
            "total": self.total,
            "did_you_mean": self.did_you_mean,
            "results": [hit.as_dict() for hit in self.results],
            "widened": self.widened,
            "partial": self.partial,
            "took_ms": round(self.took_ms, 2),
        }


class Engine:
    """One opened index build, shared by all threads; read-only after loading."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._answers: OrderedDict[tuple[object, ...], SearchResponse] = OrderedDict()
        self._answers_lock = threading.Lock()
        try:
            build = load_build(folder)
        except DamagedBuild as error:
            raise IndexUnavailable(
                f"The search index in {folder} cannot be opened ({error}); run `kb index`."
            ) from None
        meta = build.meta
        self.guide_index = build.guide_index
        self.section_index = build.section_index
        self.guides: list[dict[str, Any]] = meta["guides"]
        self.by_path = {guide["path"]: number for number, guide in enumerate(self.guides)}
        self.sections: list[list[Any]] = meta["sections"]
        self.section_titles: dict[str, str] = meta.get("section_titles", {})
        self.featured: list[str] = meta.get("featured", [])
        self.built_at: str = meta.get("built_at", "")
        self.speller = Speller(
            {word: n for word, n in meta["vocabulary"].items() if len(word) <= MAX_WORD_CHARS}
        )
        self.synonyms = {tuple(k): [tuple(a) for a in alts] for k, alts in meta["synonyms"]}
        self.longest_key = max((len(k) for k in self.synonyms), default=1)
        names = sorted({g["section"] for g in self.guides})
        self.section_ids = {name: number for number, name in enumerate(names)}
        self.guide_sections = np.array(
            [self.section_ids[g["section"]] for g in self.guides], dtype=np.int32
        )
        self.scorer = Scorer(
            self.guide_index,
            self.section_index,
            [[frozenset(terms) for terms in g["phrase_terms"] if terms] for g in self.guides],
            self.section_ids,
            self.guide_sections,
        )

    @property
    def size(self) -> int:
        return len(self.guides)

    def search(
        self,
        raw_query: str,
        limit: int = 10,
        section: str | None = None,
        with_sections: bool = True,
    ) -> SearchResponse:
        """Best guides first, each pointing at its best section with a highlighted snippet.

        Answers are kept for the life of this index build: when something breaks for everyone,
        most people type the same few words. Callers must not change what they get back.
        """
        started = time.perf_counter()
        key = (raw_query, limit, section, with_sections)
        with self._answers_lock:
            known = self._answers.get(key)
            if known is not None:
                self._answers.move_to_end(key)
        if known is not None:
            return dataclasses.replace(known, took_ms=(time.perf_counter() - started) * 1000)
        try:
            response = self._search(raw_query, limit, section, with_sections)
        except (IndexError, KeyError, TypeError, ValueError) as error:
            # load_build checks every value a search reads; this is the last line of defence,
            # so a build that is wrong in a way nobody foresaw answers 503, not 500.
            # Never the query itself: the log holds no reader's words (docs/privacy.md).
            log.exception(
                "The search index in %s could not answer a query of %d characters",
                self.folder,
                len(raw_query),
            )
            raise IndexUnavailable(
                f"The search index in {self.folder} could not answer ({error}); run `kb index`."
            ) from None
        if not response.partial:  # an answer cut short by the time budget is not kept
            with self._answers_lock:
                self._answers[key] = response
                while len(self._answers) > ANSWERS_KEPT:
                    self._answers.popitem(last=False)
        return response

    def _search(
        self, raw_query: str, limit: int, section: str | None, with_sections: bool
    ) -> SearchResponse:
        started = time.perf_counter()
        deadline = started + TIME_BUDGET_SECONDS
        limit = max(1, min(limit, MAX_LIMIT))
        parsed = parse_query(raw_query, self.synonyms, self.speller, self.longest_key)
        response = SearchResponse(query=parsed.text, results=[], total=0)
        if not parsed.concepts:
            return self._finish(response, started)

        vectors = [self.scorer.concept_vector(c) for c in parsed.concepts]
        ranked: list[tuple[int, float]] = []
        total = 0
        if all(v is not None for v in vectors):
            ranked, total = self.scorer.rank(parsed, vectors, True, section, limit)  # type: ignore[arg-type]
        exact_total = total
        if total < ENOUGH_RESULTS:
            response.widened = True
            if add_typo_corrections(parsed, self.speller, self.synonyms):
                vectors = [self.scorer.concept_vector(c) for c in parsed.concepts]
                if all(v is not None for v in vectors):
                    more, more_total = self.scorer.rank(parsed, vectors, True, section, limit)  # type: ignore[arg-type]
                    corrected = parsed.corrected_text()
                    if (
                        corrected
                        and more_total
                        and (not exact_total or more_total >= 2 * exact_total)
                    ):
                        response.did_you_mean = corrected
                    ranked, total = _merge(ranked, more, limit), max(total, more_total)
            if total < ENOUGH_RESULTS and time.perf_counter() < deadline:
                known = [v for v in vectors if v is not None]
                if known:
                    more, more_total = self.scorer.rank(parsed, known, False, section, limit)
                    ranked, total = _merge(ranked, more, limit), max(total, more_total)

        response.total = total
        if with_sections and time.perf_counter() < deadline:
            response.results = self._with_sections(parsed, ranked)
        else:
            response.partial = with_sections
            response.results = [self._plain_hit(doc, score) for doc, score in ranked]
        return self._finish(response, started)

    def _finish(self, response: SearchResponse, started: float) -> SearchResponse:
        if not response.results:
            response.featured = self.featured_guides()
        response.took_ms = (time.perf_counter() - started) * 1000
        return response

    def _plain_hit(self, doc: int, score: float) -> Hit:
        guide = self.guides[doc]
        return Hit(
            path=guide["path"],
            url=guide["url"],
            title=guide["title"],
            section=guide["section"],
            section_title=self.section_titles.get(guide["section"], guide["section"].title()),
            heading="",
            snippet=make_snippet(guide["description"], set()),
            score=score,
        )

    def _with_sections(self, parsed: ParsedQuery, ranked: list[tuple[int, float]]) -> list[Hit]:
        """Find each guide's best-matching section for the link anchor and the snippet."""
        if not ranked:
            return []
        ranges = [self.guides[doc]["sections"] for doc, _ in ranked]
        candidates = (
            np.concatenate([np.arange(start, end, dtype=np.int32) for start, end in ranges])
            if any(end > start for start, end in ranges)
            else np.zeros(0, dtype=np.int32)
        )
        scores = self.scorer.section_scores(parsed, candidates) if len(candidates) else candidates
        best_section: dict[int, tuple[float, int]] = {}
        for position, section_id in enumerate(candidates):
            guide = self.sections[section_id][0]
            if scores[position] > 0 and (
                guide not in best_section or scores[position] > best_section[guide][0]
            ):
                best_section[guide] = (scores[position], int(section_id))
        highlight = _highlight_terms(parsed.concepts)
        hits = []
        for doc, score in ranked:
            hit = self._plain_hit(doc, score)
            if doc in best_section:
                _, anchor, heading, text = self.sections[best_section[doc][1]]
                hit.url = f"{hit.url}#{anchor}" if anchor else hit.url
                hit.heading = heading
                hit.snippet = make_snippet(text, highlight) or hit.snippet
            else:
                hit.snippet = make_snippet(self.guides[doc]["description"], highlight)
            hits.append(hit)
        return hits

    def featured_guides(self) -> list[dict[str, str]]:
        """The guides the home page leads with: offered when nothing matched."""
        found = []
        for path in self.featured:
            if path in self.by_path:
                guide = self.guides[self.by_path[path]]
                found.append({key: guide[key] for key in ("path", "url", "title", "description")})
        return found

    def suggest(self, raw_query: str, limit: int = 8) -> list[dict[str, str]]:
        """Titles for as-you-type suggestions: the same understanding, no snippets."""
        response = self.search(raw_query, limit=limit, with_sections=False)
        return [{"title": h.title, "url": h.url, "path": h.path} for h in response.results]


def _highlight_terms(concepts: list[Concept]) -> set[str]:
    found: set[str] = set()
    for concept in concepts:
        for terms in concept.terms():
            found.update(t for t in terms if len(terms) == 1 or t not in PARTICLES)
        for completion in concept.completions:
            for terms in Concept((completion,), {(completion,): 1}).terms():
                found.update(terms)
    return found


def _merge(
    first: list[tuple[int, float]], more: list[tuple[int, float]], limit: int
) -> list[tuple[int, float]]:
    """Keep earlier (stricter) tiers first; later hits score just below them."""
    seen = {path for path, _ in first}
    merged = list(first)
    ceiling = min((score for _, score in first), default=None)
    extra = [(p, s) for p, s in more if p not in seen]
    if ceiling is not None and extra:
        top = max(s for _, s in extra)
        scale = (ceiling * 0.99) / top if top > ceiling * 0.99 else 1.0
        extra = [(p, s * scale) for p, s in extra]
    merged.extend(extra)
    return merged[:limit]
