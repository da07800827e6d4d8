"""Answer a query from one index build: exact first, then widen; best section and snippet.

Tiers: (1) every concept, exact words and synonyms (and completions of the last word while
typing); (2) the same with typo corrections; (3) any concept, ranked by how many matched.
Within the strict tiers, guides whose title or people's phrases say what the query says go
first. Everything here is read-only after loading, so threads share one Engine.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from portal.errors import Unavailable
from search.analysis import NEGATION_MARK
from search.indexer import GUIDES, META_FILE, SECTIONS
from search.postings import Collection, pair_terms
from search.query import (
    COMPLETION_WEIGHT,
    PARTICLES,
    Concept,
    ParsedQuery,
    add_typo_corrections,
    parse_query,
)
from search.snippets import make_snippet
from search.spelling import Speller

GUIDE_FIELDS = {"title": 3.0, "phrases": 2.5, "meta": 1.5, "body": 1.0}
SECTION_FIELDS = {"heading": 2.0, "text": 1.0}
PHRASE_BONUS_FIELDS = {"title": 1.0, "phrases": 1.0, "body": 0.5}
ENOUGH_RESULTS = 3
# A concept found in this share of guides or more ("work", "problem", "say") narrows nothing:
# it adds to the score where it appears but is not required.
COMMON_SHARE = 0.35
RERANK_DEPTH = 20
PHRASE_MATCH_WEIGHT = 0.6
TIME_BUDGET_SECONDS = 0.5
# Recent answers kept per index build (a few MB at most).
ANSWERS_KEPT = 2048
MAX_LIMIT = 50

Wordings = dict[tuple[str, ...], float]


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
            meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
            self.guide_index = Collection.load(folder, GUIDES)
            self.section_index = Collection.load(folder, SECTIONS)
        except (OSError, ValueError, KeyError) as error:
            raise IndexUnavailable(
                f"The search index in {folder} cannot be opened ({error}); run `kb index`."
            ) from None
        self.guides: list[dict] = meta["guides"]  # type: ignore[type-arg]
        self.by_path = {guide["path"]: number for number, guide in enumerate(self.guides)}
        self.sections: list[list] = meta["sections"]  # type: ignore[type-arg]
        self.section_titles: dict[str, str] = meta.get("section_titles", {})
        self.featured: list[str] = meta.get("featured", [])
        self.built_at: str = meta.get("built_at", "")
        self.speller = Speller(meta["vocabulary"])
        self.synonyms = {tuple(k): [tuple(a) for a in alts] for k, alts in meta["synonyms"]}
        self.longest_key = max((len(k) for k in self.synonyms), default=1)
        names = sorted({g["section"] for g in self.guides})
        self.section_ids = {name: number for number, name in enumerate(names)}
        self.guide_sections = np.array(
            [self.section_ids[g["section"]] for g in self.guides], dtype=np.int32
        )
        self.phrase_sets = [
            [frozenset(terms) for terms in g["phrase_terms"] if terms] for g in self.guides
        ]

    @property
    def size(self) -> int:
        return len(self.guides)

    # -- scoring ---------------------------------------------------------------------------

    def _wordings(self, concept: Concept) -> Wordings:
        wordings = concept.terms()
        for completion in concept.completions:
            for terms, weight in Concept((completion,), {(completion,): 1.0}).terms().items():
                wordings.setdefault(terms, weight * COMPLETION_WEIGHT)
        return wordings

    def _add_term(
        self,
        vector: np.ndarray,
        index: Collection,
        field: str,
        terms: tuple[str, ...],
        scale: float,
    ) -> bool:
        """Add a term's (or a phrase's, through its word pairs) BM25 to vector; False if absent."""
        if len(terms) == 1:
            found = index.bm25(field, terms[0])
            if found is None:
                return False
            docs, scores = found
            vector[docs] += scores * scale
            return True
        parts = [index.bm25(field, pair) for pair in pair_terms(terms)]
        if any(part is None for part in parts):
            return False
        common = functools.reduce(np.intersect1d, [docs for docs, _ in parts])  # type: ignore[misc]
        if not len(common):
            return False
        for docs, scores in parts:  # type: ignore[misc]
            vector[common] += scores[np.searchsorted(docs, common)] * scale
        return True

    def _concept_vector(self, concept: Concept) -> np.ndarray | None:
        """Best wording of the concept per guide, its fields summed with their boosts."""
        best: np.ndarray | None = None
        for terms, weight in self._wordings(concept).items():
            vector = np.zeros(self.size, dtype=np.float32)
            found = False
            for name, boost in GUIDE_FIELDS.items():
                found |= self._add_term(vector, self.guide_index, name, terms, boost * weight)
            if found:
                best = vector if best is None else np.maximum(best, vector)
        return best

    def _phrase_bonus(self, parsed: ParsedQuery) -> np.ndarray | None:
        """Words typed side by side score higher where they stand side by side."""
        firsts = [terms for c in parsed.concepts for terms in [tuple(c.terms())[:1]] if terms]
        heads = [t[0][0] for t in firsts if len(t[0]) == 1]
        if len(heads) < 2:
            return None
        bonus = np.zeros(self.size, dtype=np.float32)
        for pair in pair_terms(tuple(heads)):
            for name, boost in PHRASE_BONUS_FIELDS.items():
                found = self.guide_index.bm25(name, pair)
                if found is not None:
                    docs, scores = found
                    bonus[docs] += scores * boost
        return bonus

    def _phrase_similarity(self, guide: int, query: _QueryTerms) -> float:
        """How closely the query says what the guide's title or one of its phrases says."""
        best = 0.0
        for phrase in self.phrase_sets[guide]:
            concepts: set[int] = set()
            covered: set[str] = set()
            for term in phrase:
                owners = query.single.get(term)
                if owners:
                    concepts |= owners
                    covered.add(term)
            for owner, terms in query.multi:
                if terms <= phrase:
                    concepts.add(owner)
                    covered |= terms
            if concepts:
                similarity = (len(concepts) / query.count) * (len(covered) / len(phrase))
                best = max(best, similarity)
        return best

    def _rank(
        self,
        parsed: ParsedQuery,
        vectors: list[np.ndarray],
        require_all: bool,
        section: str | None,
        limit: int,
    ) -> tuple[list[tuple[int, float]], int]:
        """Combine concept scores, keep matching guides, rerank the best by phrase likeness."""
        matched = np.zeros(self.size, dtype=np.int32)
        score = np.zeros(self.size, dtype=np.float32)
        required = np.zeros(self.size, dtype=np.int32)
        needed = 0
        for vector in vectors:
            present = vector > 0
            matched += present
            score += vector
            if np.count_nonzero(present) < COMMON_SHARE * self.size:
                required += present
                needed += 1
        if require_all:
            keep = required == needed if needed else matched > 0
        else:
            keep = matched > 0
            share = matched / max(len(parsed.concepts), 1)
            score = score * share * share
        if section is not None:
            section_id = self.section_ids.get(section, -1)
            keep &= self.guide_sections == section_id
        bonus = self._phrase_bonus(parsed)
        if bonus is not None:
            score = score + bonus
        candidates = np.flatnonzero(keep)
        total = len(candidates)
        if not total:
            return [], 0
        depth = min(total, max(limit, RERANK_DEPTH))
        top = candidates[np.argpartition(-score[candidates], depth - 1)[:depth]]
        best = float(score[top].max()) or 1.0
        query_terms = _QueryTerms.of([self._wordings(c) for c in parsed.concepts], parsed.negated)
        reranked = [
            (
                int(doc),
                float(score[doc]) / best
                + PHRASE_MATCH_WEIGHT * self._phrase_similarity(int(doc), query_terms),
            )
            for doc in top
        ]
        reranked.sort(key=lambda item: (-item[1], item[0]))
        return reranked[:limit], total

    # -- searching -------------------------------------------------------------------------

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
        response = self._search(raw_query, limit, section, with_sections)
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

        vectors = [self._concept_vector(c) for c in parsed.concepts]
        ranked: list[tuple[int, float]] = []
        total = 0
        if all(v is not None for v in vectors):
            ranked, total = self._rank(parsed, vectors, True, section, limit)  # type: ignore[arg-type]
        exact_total = total
        if total < ENOUGH_RESULTS:
            response.widened = True
            if add_typo_corrections(parsed, self.speller, self.synonyms):
                vectors = [self._concept_vector(c) for c in parsed.concepts]
                if all(v is not None for v in vectors):
                    more, more_total = self._rank(parsed, vectors, True, section, limit)  # type: ignore[arg-type]
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
                    more, more_total = self._rank(parsed, known, False, section, limit)
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

    # -- results ---------------------------------------------------------------------------

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

    def _section_scores(self, parsed: ParsedQuery, candidates: np.ndarray) -> np.ndarray:
        """Score the candidate sections: concepts matched count most, then BM25."""
        index = self.section_index
        total = np.zeros(len(candidates), dtype=np.float32)
        matched = np.zeros(len(candidates), dtype=np.int32)
        for concept in parsed.concepts:
            best = np.zeros(len(candidates), dtype=np.float32)
            for terms, weight in self._wordings(concept).items():
                keys = list(terms) if len(terms) == 1 else pair_terms(terms)
                for name, boost in SECTION_FIELDS.items():
                    part = np.ones(len(candidates), dtype=np.float32)
                    summed = np.zeros(len(candidates), dtype=np.float32)
                    for key in keys:
                        scores = index.scores_for(name, key, candidates)
                        part *= scores > 0
                        summed += scores
                    best = np.maximum(best, summed * part * boost * weight)
            matched += best > 0
            total += best
        return total * (1 + matched)

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
        scores = self._section_scores(parsed, candidates) if len(candidates) else candidates
        best_section = {}
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


@dataclass
class _QueryTerms:
    """The query's wordings arranged for fast phrase comparison."""

    single: dict[str, set[int]]  # term -> the concepts it stands for
    multi: list[tuple[int, frozenset[str]]]  # several-word wordings of each concept
    count: int

    @classmethod
    def of(cls, wordings: list[Wordings], negated: bool) -> _QueryTerms:
        single: dict[str, set[int]] = {}
        multi: list[tuple[int, frozenset[str]]] = []
        for number, concept in enumerate(wordings):
            for terms in concept:
                if len(terms) == 1:
                    single.setdefault(terms[0], set()).add(number)
                else:
                    multi.append((number, frozenset(terms)))
        count = len(wordings)
        if negated:
            single.setdefault(NEGATION_MARK, set()).add(count)
            count += 1
        return cls(single, multi, count)


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
    first: list[tuple[str, float]], more: list[tuple[str, float]], limit: int
) -> list[tuple[str, float]]:
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
