"""The reranker over the engine's best candidates: concepts matched, BM25, phrase likeness.

No tier shuts a guide out: matching every concept counts a lot, but a guide whose title says
one word of the query strongly can still rank above one that mentions all of them in passing.
"""

from __future__ import annotations

from dataclasses import dataclass

from search.analysis import NEGATION_MARK
from search.query import COMPLETION_WEIGHT, Concept
from search.retrieval import Wordings, coverage

RERANK_DEPTH = 40
PHRASE_MATCH_WEIGHT = 0.8
# A lesson or a course teaches how to avoid a problem; someone searching usually has it now,
# so where a guide that fixes it matches about as well, the guide comes first.
# 0.6 measured: our held-out questions (all about fixing) keep success@1 0.937 with the three
# courses in content/, against 0.905 when lessons count as guides do.
TEACHING_WEIGHT = 0.6


def wordings(concept: Concept, lang: str) -> Wordings:
    """Every wording of a concept as index terms, completions of the last word weighted less."""
    found = concept.terms(lang)
    for completion in concept.completions:
        for terms, weight in Concept((completion,), {(completion,): 1.0}).terms(lang).items():
            found.setdefault(terms, weight * COMPLETION_WEIGHT)
    return found


@dataclass(frozen=True)
class Candidate:
    guide: int
    score: float


@dataclass
class QueryTerms:
    """The query's wordings arranged for fast phrase comparison, each with its weight."""

    single: dict[str, dict[int, float]]  # term -> the concepts it stands for, and how surely
    multi: list[tuple[int, frozenset[str], float]]  # several-word wordings of each concept
    count: int
    every_term: frozenset[str] = frozenset()  # a phrase sharing none of these says nothing

    @classmethod
    def of(cls, concepts: list[Wordings], negated: bool) -> QueryTerms:
        single: dict[str, dict[int, float]] = {}
        multi: list[tuple[int, frozenset[str], float]] = []
        for number, concept in enumerate(concepts):
            for terms, weight in concept.items():
                if len(terms) == 1:
                    owners = single.setdefault(terms[0], {})
                    owners[number] = max(weight, owners.get(number, 0.0))
                else:
                    multi.append((number, frozenset(terms), weight))
        count = len(concepts)
        if negated:
            single.setdefault(NEGATION_MARK, {})[count] = 1.0
            count += 1
        every = frozenset(single).union(*(terms for _, terms, _ in multi))
        return cls(single, multi, count, every)


def phrase_similarity(phrases: list[frozenset[str]], query: QueryTerms) -> float:
    """How closely the query says what the guide's title or one of its phrases says.

    A concept met only through a weak wording (a second-choice typo correction's synonym)
    counts for that much, so "ofline" read as "online" cannot outweigh "offline".
    """
    best = 0.0
    every = query.every_term
    for phrase in phrases:
        shared = phrase & every  # most phrases share nothing: one set operation says so
        if not shared:
            continue
        concepts: dict[int, float] = {}
        covered: set[str] = set()
        for term in shared:
            owners = query.single.get(term)
            if owners:
                for owner, weight in owners.items():
                    concepts[owner] = max(weight, concepts.get(owner, 0.0))
                covered.add(term)
        for owner, terms, weight in query.multi:
            if terms <= shared:
                concepts[owner] = max(weight, concepts.get(owner, 0.0))
                covered |= terms
        if concepts:
            said = sum(concepts.values()) / query.count
            best = max(best, said * (len(covered) / len(phrase)))
    return best


def rerank(
    candidates: list[Candidate],
    units: int,
    query: QueryTerms,
    phrase_sets: list[list[frozenset[str]]],
    weights: list[float] | None = None,
) -> list[tuple[int, float]]:
    """Candidates best first, as (guide number, score); `weights` scale each guide's score
    (TEACHING_WEIGHT for lessons and courses)."""
    if not candidates:
        return []
    parts = [coverage(c.score) for c in candidates]
    top = max(bm25 for _, bm25 in parts) or 1.0
    first = []
    for candidate, (covered, bm25) in zip(candidates, parts, strict=True):
        share = min(1.0, covered / max(1, units))
        score = share * bm25 / top  # no all-words tier: every word counts through the share
        weight = weights[candidate.guide] if weights is not None else 1.0
        first.append((candidate.guide, score * weight))
    first.sort(key=lambda item: (-item[1], item[0]))
    reranked = [
        (
            guide,
            score
            + PHRASE_MATCH_WEIGHT
            * phrase_similarity(phrase_sets[guide], query)
            * (weights[guide] if weights is not None else 1.0),
        )
        for guide, score in first[:RERANK_DEPTH]
    ]
    reranked.sort(key=lambda item: (-item[1], item[0]))
    return reranked + first[RERANK_DEPTH:]
