"""The query builder: a person's concepts as one tantivy query over the fields, with boosts.

Every concept may match in any of its wordings (a word or a phrase of stems) in any field; a
guide's score is BM25 per field, summed with the fields' boosts, best wording per concept.
Each concept also adds a constant when a guide meets it: its share of `COVERAGE_UNITS`, by how
rare it is (a word in most guides narrows little), times `COVERED`, far above any BM25 sum, so
the reranker reads from one number how much of the query a guide says and how well.
"""

from __future__ import annotations

import math

import tantivy
from tantivy import Occur, Query

from search import schema

COVERED = 10_000.0
COVERAGE_UNITS = 20  # a query's concepts share these by rarity (tantivy's scores are 32-bit)
PHRASE_SLOP = 1  # "turn it on" still says "turn on" (the index keeps every word)
WORDING_TIE = 0.1
LANDING_WORDINGS = 2  # per concept, in the search for where a guide opens
GUIDE_WORDINGS = 4  # per concept, in the search for guides (measured: no loss in make eval)

Wordings = dict[tuple[str, ...], float]


def _words(tschema: tantivy.Schema, field: str, terms: tuple[str, ...], phrases: bool) -> Query:
    if len(terms) == 1:
        return Query.term_query(tschema, field, terms[0])
    if phrases:
        return Query.phrase_query(tschema, field, list(terms), PHRASE_SLOP)
    return Query.boolean_query([(Occur.Must, Query.term_query(tschema, field, t)) for t in terms])


def _wording(
    tschema: tantivy.Schema,
    terms: tuple[str, ...],
    fields: dict[str, float],
    weight: float,
    phrases: bool,
) -> Query:
    parts = [
        (Occur.Should, Query.boost_query(_words(tschema, name, terms, phrases), boost * weight))
        for name, boost in fields.items()
    ]
    return Query.boolean_query(parts)


def concept_query(
    tschema: tantivy.Schema, wordings: Wordings, fields: dict[str, float], phrases: bool = True
) -> Query:
    """The concept's best wording counts (with a little of the others)."""
    queries = [
        _wording(tschema, terms, fields, weight, phrases) for terms, weight in wordings.items()
    ]
    if len(queries) == 1:
        return queries[0]
    return Query.disjunction_max_query(queries, WORDING_TIE)


def _met(
    tschema: tantivy.Schema,
    wordings: Wordings,
    fields: tuple[str, ...],
    phrases: bool,
    units: int,
) -> Query:
    """Whether a concept is met at all: the cheap half of a search (fewer fields, no boosts)."""
    return Query.const_score_query(
        Query.boolean_query(
            [
                (Occur.Should, _words(tschema, field, terms, phrases))
                for terms in wordings
                for field in fields
            ]
        ),
        COVERED * units,
    )


def concept_units(searcher: tantivy.Searcher, wordings: list[Wordings]) -> list[int]:
    """Each concept's share of the query by how rare it is ("work" and "problem" say little).

    A concept is as common as its broadest single word (a typo's correction, a synonym); a
    concept of phrases only counts as rare. Every concept keeps at least one unit.
    """
    size = max(1, searcher.num_docs)
    weights = []
    for concept in wordings:
        singles = [terms[0] for terms in concept if len(terms) == 1]
        found = max((searcher.doc_freq("body", term) for term in singles), default=0)
        weights.append(math.log(1.0 + size / (1.0 + found)))
    total = sum(weights) or 1.0
    return [max(1, round(COVERAGE_UNITS * weight / total)) for weight in weights]


def _scored(
    tschema: tantivy.Schema,
    wordings: list[Wordings],
    units: list[int],
    fields: dict[str, float],
    coverage_fields: tuple[str, ...],
    phrases: bool = True,
) -> Query:
    clauses = []
    for concept, share in zip(wordings, units, strict=True):
        if not concept:
            continue
        clauses.append((Occur.Should, concept_query(tschema, concept, fields, phrases)))
        if share:
            met = _met(tschema, concept, coverage_fields, phrases, share)
            clauses.append((Occur.Should, met))
    return Query.boolean_query(clauses)


def _only(tschema: tantivy.Schema, field: str, value: str) -> tuple[Occur, Query]:
    return Occur.Must, Query.const_score_query(Query.term_query(tschema, field, value), 0.0)


def guide_query(
    tschema: tantivy.Schema,
    wordings: list[Wordings],
    units: list[int],
    lang: str,
    section: str | None,
) -> Query:
    """Guides in the reader's language (and section) matching any concept.

    Each concept asks with its few likeliest wordings: every wording is a clause per field,
    and the clauses are most of a search's time; the reranker still reads them all.
    """
    strongest = [_strongest(concept, GUIDE_WORDINGS) for concept in wordings]
    scored = _scored(tschema, strongest, units, schema.GUIDE_FIELDS, schema.GUIDE_COVERAGE_FIELDS)
    clauses = [(Occur.Must, scored)]
    clauses.append(_only(tschema, schema.LANG, lang))
    if section is not None:
        clauses.append(_only(tschema, schema.SECTION, section))
    return Query.boolean_query(clauses)


def section_query(tschema: tantivy.Schema, wordings: list[Wordings], guides: list[int]) -> Query:
    """The sections of the given guides that match any concept.

    Only each concept's likeliest wordings take part: which part of a guide to open needs
    the words people meant, not every weaker reading (and each wording costs time).
    """
    strongest = [_strongest(concept, LANDING_WORDINGS) for concept in wordings]
    scored = _scored(
        tschema,
        strongest,
        [1] * len(strongest),
        schema.SECTION_FIELDS,
        schema.SECTION_COVERAGE_FIELDS,
        phrases=False,
    )
    within = Query.const_score_query(Query.term_set_query(tschema, schema.NUMBER, guides), 0.0)
    return Query.boolean_query([(Occur.Must, scored), (Occur.Must, within)])


def concepts_met(
    searcher: tantivy.Searcher,
    tschema: tantivy.Schema,
    wordings: list[Wordings],
    concepts: list[int],
    guides: list[int],
) -> dict[int, set[int]]:
    """Which of the given concepts each of the given guides meets (guide number -> concepts);
    one small search per concept, as `guide_query` asks it."""
    met: dict[int, set[int]] = {guide: set() for guide in guides}
    within = Query.const_score_query(Query.term_set_query(tschema, schema.NUMBER, guides), 0.0)
    for number in concepts:
        concept = _strongest(wordings[number], GUIDE_WORDINGS)
        if not concept:
            continue
        query = Query.boolean_query(
            [
                (Occur.Must, _met(tschema, concept, schema.GUIDE_COVERAGE_FIELDS, True, 1)),
                (Occur.Must, within),
            ]
        )
        hits = searcher.search(query, len(guides), count=False).hits
        for guide in searcher.fast_field_values(schema.NUMBER, [address for _, address in hits]):
            if isinstance(guide, int) and guide in met:
                met[guide].add(number)
    return met


def _strongest(concept: Wordings, count: int) -> Wordings:
    """The concept's `count` likeliest wordings (the words as typed come first)."""
    if len(concept) <= count:
        return concept
    ranked = sorted(concept.items(), key=lambda item: -item[1])
    return dict(ranked[:count])


def coverage(score: float) -> tuple[int, float]:
    """(coverage units met, BM25) from one score of a query built here."""
    covered = int(score // COVERED)
    return covered, score - covered * COVERED
