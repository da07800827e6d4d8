"""Scores over one index build: BM25 per concept, phrase bonuses, and the phrase-likeness rerank.

The engine decides which tiers to try; this module says how well each guide and section matches.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from search.analysis import NEGATION_MARK
from search.postings import Collection, pair_terms
from search.query import COMPLETION_WEIGHT, Concept, ParsedQuery

GUIDE_FIELDS = {"title": 3.0, "phrases": 2.5, "meta": 1.5, "body": 1.0}
SECTION_FIELDS = {"heading": 2.0, "text": 1.0}
PHRASE_BONUS_FIELDS = {"title": 1.0, "phrases": 1.0, "body": 0.5}
# A concept found in this share of guides or more ("work", "problem", "say") narrows nothing:
# it adds to the score where it appears but is not required.
COMMON_SHARE = 0.35
RERANK_DEPTH = 20
PHRASE_MATCH_WEIGHT = 0.6

Wordings = dict[tuple[str, ...], float]


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


class Scorer:
    """The numbers behind ranking, for one index build; read-only, shared by threads."""

    def __init__(
        self,
        guide_index: Collection,
        section_index: Collection,
        phrase_sets: list[list[frozenset[str]]],
        section_ids: dict[str, int],
        guide_sections: np.ndarray,
    ) -> None:
        self.guide_index = guide_index
        self.section_index = section_index
        self.phrase_sets = phrase_sets
        self.section_ids = section_ids
        self.guide_sections = guide_sections
        self.size = len(phrase_sets)

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

    def concept_vector(self, concept: Concept) -> np.ndarray | None:
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

    def phrase_bonus(self, parsed: ParsedQuery) -> np.ndarray | None:
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

    def phrase_similarity(self, guide: int, query: _QueryTerms) -> float:
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

    def rank(
        self,
        parsed: ParsedQuery,
        vectors: list[np.ndarray],
        require_all: bool,
        section: str | None,
        limit: int,
    ) -> tuple[list[tuple[int, float]], int]:
        """Combine concept scores, keep matching guides, rerank the best by phrase likeness."""
        matched = np.zeros(self.size, dtype=np.int32)
        score: np.ndarray = np.zeros(self.size, dtype=np.float32)
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
        bonus = self.phrase_bonus(parsed)
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
                + PHRASE_MATCH_WEIGHT * self.phrase_similarity(int(doc), query_terms),
            )
            for doc in top
        ]
        reranked.sort(key=lambda item: (-item[1], item[0]))
        return reranked[:limit], total

    def section_scores(self, parsed: ParsedQuery, candidates: np.ndarray) -> np.ndarray:
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
