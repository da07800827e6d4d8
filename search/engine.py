"""Answer a query from one index build: tantivy finds candidates, our reranker orders them.

The query builder (`search.retrieval`) asks tantivy for every concept in any of its wordings
(synonyms, typo corrections, completions) over the guides' fields; the best candidates are
reranked by how many concepts they match, their BM25, and how closely their title or writers'
phrases say what the query says (`search.ranking`). Each result lands at its top or at the
steps that match (`search.landing`). Read-only after loading, so threads share one Engine.
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

import tantivy

from portal.errors import Unavailable
from search import landing, narrowing, ranking, retrieval, schema, vagueness
from search.analysis import DEFAULT_LANGUAGE, base_language
from search.loading import DamagedBuild, load_build
from search.query import PARTICLES, Concept, ParsedQuery, add_typo_corrections, parse_query
from search.snippets import make_snippet
from search.spelling import Speller

TIME_BUDGET_SECONDS = 0.5
CANDIDATES = 150  # guides the engine hands the reranker
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
    # The question back for a vague query (search.narrowing); None for a specific one.
    narrowing: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "query": self.query,
            "total": self.total,
            "did_you_mean": self.did_you_mean,
            "results": [hit.as_dict() for hit in self.results],
            "narrowing": self.narrowing,
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
        self.guide_schema = self.guide_index.schema
        self.section_schema = self.section_index.schema
        self.guides: list[dict[str, Any]] = meta["guides"]
        self.by_path = {
            guide["path"]: number
            for number, guide in enumerate(self.guides)
            if not guide.get("removed")
        }
        self.sections: list[list[Any]] = meta["sections"]
        self.section_titles: dict[str, str] = meta.get("section_titles", {})
        self.featured: list[str] = meta.get("featured", [])
        self.built_at: str = meta.get("built_at", "")
        self.spellers = {
            lang: Speller(
                {w: n for w, n in known["words"].items() if len(w) <= MAX_WORD_CHARS},
                frozenset(known["stems"]),
                lang,
            )
            for lang, known in meta["languages"].items()
        }
        live_numbers = list(self.by_path.values())
        live = [self.guides[number] for number in live_numbers]
        counts: dict[str, int] = {}
        for guide in live:
            counts[guide["lang"]] = counts.get(guide["lang"], 0) + 1
        self.languages: frozenset[str] = frozenset(counts)
        default = base_language(meta.get("default_language"))
        if default not in counts and counts:
            default = max(sorted(counts), key=lambda lang: counts[lang])
        self.default_language: str = default or DEFAULT_LANGUAGE
        self.speller = self.spellers.get(self.default_language) or Speller({})
        self._url_languages = {self.guides[n]["url"]: self.guides[n]["lang"] for n in live_numbers}
        self.synonyms = {tuple(k): [tuple(a) for a in alts] for k, alts in meta["synonyms"]}
        self.longest_key = max((len(k) for k in self.synonyms), default=1)
        self._closing: dict[int, bool] = {}
        self.phrase_sets = [
            [frozenset(terms) for terms in g["phrase_terms"] if terms] for g in self.guides
        ]
        self.weights = [ranking.TEACHING_WEIGHT if g.get("teaches") else 1.0 for g in self.guides]
        self.narrower = narrowing.Narrower(meta.get("narrowing"))

    @property
    def size(self) -> int:
        return len(self.by_path)

    def reader_language(self, lang: str | None) -> str:
        """The reader's language when some pages are in it, else the site's default."""
        wanted = base_language(lang) if lang else ""
        return wanted if wanted in self.languages else self.default_language

    def warm_up(self) -> None:
        """Work a first search would otherwise do (each language's typo index), done ahead."""
        for speller in self.spellers.values():
            speller.prepare()

    def page_language(self, url_path: str) -> str | None:
        """The language of the guide at a site address ("/fr/setup/vpn/"), if it is one."""
        path = "/" + url_path.strip("/") + "/" if url_path.strip("/") else "/"
        return self._url_languages.get(path)

    def search(
        self,
        raw_query: str,
        limit: int = 10,
        section: str | None = None,
        with_sections: bool = True,
        lang: str | None = None,
    ) -> SearchResponse:
        """Best guides first, each pointing at where to start reading, with a snippet.

        Answers are kept for the life of this index build: when something breaks for everyone,
        most people type the same few words. Callers must not change what they get back.
        """
        started = time.perf_counter()
        language = self.reader_language(lang)
        key = (raw_query, limit, section, with_sections, language)
        with self._answers_lock:
            known = self._answers.get(key)
            if known is not None:
                self._answers.move_to_end(key)
        if known is not None:
            return dataclasses.replace(known, took_ms=(time.perf_counter() - started) * 1000)
        try:
            response = self._search(raw_query, limit, section, with_sections, language)
        except (IndexError, KeyError, TypeError, ValueError, OSError) as error:
            # load_build checks what a search reads; this is the last line of defence, so a
            # build that is wrong in a way nobody foresaw answers 503, not 500.
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
        self,
        raw_query: str,
        limit: int,
        section: str | None,
        with_sections: bool,
        lang: str,
    ) -> SearchResponse:
        started = time.perf_counter()
        deadline = started + TIME_BUDGET_SECONDS
        limit = max(1, min(limit, MAX_LIMIT))
        speller = self.spellers.get(lang) or self.speller
        parsed = parse_query(raw_query, self.synonyms, speller, self.longest_key, lang)
        response = SearchResponse(query=parsed.text, results=[], total=0)
        if not parsed.concepts:
            if section is None:
                response.narrowing = self._nothing_named(parsed)
            return self._finish(response, started)
        if add_typo_corrections(parsed, speller, self.synonyms):
            response.did_you_mean = parsed.corrected_text()
            response.widened = True
        kinds = _kinds(parsed, speller)
        wordings = [ranking.wordings(concept, lang) for concept in parsed.concepts]
        searcher = self.guide_index.searcher()
        units = retrieval.concept_units(searcher, wordings)
        query = retrieval.guide_query(self.guide_schema, wordings, units, lang, section)
        found = searcher.search(query, CANDIDATES, count=True)
        hits = found.hits
        numbers = searcher.fast_field_values(schema.NUMBER, [address for _, address in hits])
        candidates = [
            ranking.Candidate(number, score)
            for (score, _), number in zip(hits, numbers, strict=True)
            if isinstance(number, int) and 0 <= number < len(self.guides)
        ]
        terms = ranking.QueryTerms.of(wordings, parsed.negated)
        ranked = ranking.rerank(candidates, sum(units), terms, self.phrase_sets, self.weights)
        ranked = self._one_copy_each(ranked, max(limit, narrowing.SPREAD_RESULTS))
        if section is None:
            response.narrowing = self._narrowing(parsed, kinds, wordings, units, terms, ranked)
        ranked = ranked[:limit]
        response.total = int(getattr(found, "count", None) or len(hits))  # stubs lack it
        if response.did_you_mean and not ranked:
            response.did_you_mean = None
        if with_sections and time.perf_counter() < deadline:
            response.results = self._landed(parsed, wordings, ranked)
        else:
            response.partial = with_sections
            response.results = [self._plain_hit(doc, score) for doc, score in ranked]
        return self._finish(response, started)

    def _nothing_named(self, parsed: ParsedQuery) -> dict[str, Any] | None:
        """A query of small words only: "help" (alone, "help me please"), or "it", "what"."""
        lang = parsed.lang
        if vagueness.asks_for_help(parsed.text, lang):
            return self.narrower.narrowing("help", lang)
        if any(len(word) >= vagueness.MIN_WORD for word in parsed.words):
            return self.narrower.narrowing("vague", lang)
        return None  # nothing typed, or a word being started ("he" on the way to "headset")

    def _narrowing(
        self,
        parsed: ParsedQuery,
        kinds: list[vagueness.Kind],
        wordings: list[dict[tuple[str, ...], float]],
        units: list[int],
        terms: ranking.QueryTerms,
        ranked: list[tuple[int, float]],
    ) -> dict[str, Any] | None:
        """The question back: (a) the query names nothing specific, or (b) its best results
        are weak and spread over different topics; None for a specific query."""
        lang = parsed.lang
        sections = [self.guides[doc]["section"] for doc, _ in ranked]
        helping = vagueness.asks_for_help(parsed.text, lang)
        reason = narrowing.vague_reason(kinds, helping) if vagueness.vocabulary(lang) else None
        if reason is None and self._weak_and_spread(kinds, wordings, units, terms, ranked):
            reason = "spread"
        if reason is None:
            return None
        return self.narrower.narrowing(reason, lang, wordings, kinds, parsed.negated, sections)

    def _weak_and_spread(
        self,
        kinds: list[vagueness.Kind],
        wordings: list[dict[tuple[str, ...], float]],
        units: list[int],
        terms: ranking.QueryTerms,
        ranked: list[tuple[int, float]],
    ) -> bool:
        """The ranking's own signals, cheapest first: sections, phrase likeness, concepts met."""
        top = [doc for doc, _ in ranked[: narrowing.SPREAD_RESULTS]]
        sections = [self.guides[doc]["section"] for doc in top]
        if len(set(sections)) < narrowing.SPREAD_RESULTS:
            return False
        phrase = [ranking.phrase_similarity(self.phrase_sets[doc], terms) for doc in top]
        if max(phrase) >= narrowing.WEAK_PHRASE:
            return False
        named = [number for number, kind in enumerate(kinds) if kind != "filler"]
        whole = sum(units[number] for number in named) or 1
        met = retrieval.concepts_met(
            self.guide_index.searcher(), self.guide_schema, wordings, named, top
        )
        said = [sum(units[number] for number in met[doc]) / whole for doc in top]
        return narrowing.weak_and_spread(narrowing.Found(sections, said, phrase))

    def _one_copy_each(
        self, ranked: list[tuple[int, float]], limit: int
    ) -> list[tuple[int, float]]:
        """Never two language copies of one page (or a removed guide) in one list."""
        kept: list[tuple[int, float]] = []
        seen: set[str] = set()
        for doc, score in ranked:
            guide = self.guides[doc]
            key = guide["translation_key"]
            if guide.get("removed") or key in seen:
                continue
            seen.add(key)
            kept.append((doc, score))
            if len(kept) >= limit:
                break
        return kept

    def _finish(self, response: SearchResponse, started: float) -> SearchResponse:
        if not response.results:
            response.featured = self.featured_guides()
        response.took_ms = (time.perf_counter() - started) * 1000
        return response

    def _plain_hit(self, doc: int, score: float, snippet: str | None = None) -> Hit:
        """A result at the guide's top; its snippet is the description unless one is given."""
        guide = self.guides[doc]
        return Hit(
            path=guide["path"],
            url=guide["url"],
            title=guide["title"],
            section=guide["section"],
            section_title=self.section_titles.get(guide["section"], guide["section"].title()),
            heading="",
            snippet=make_snippet(guide["description"], set()) if snippet is None else snippet,
            score=score,
        )

    def _landed(
        self,
        parsed: ParsedQuery,
        wordings: list[dict[tuple[str, ...], float]],
        ranked: list[tuple[int, float]],
    ) -> list[Hit]:
        """Each guide's landing place (top, or the steps that match) and its snippet."""
        if not ranked:
            return []
        searcher = self.section_index.searcher()
        query = retrieval.section_query(self.section_schema, wordings, [doc for doc, _ in ranked])
        spans = [self.guides[doc]["sections"] for doc, _ in ranked]
        room = sum(max(0, end - start) for start, end in spans)
        found = searcher.search(query, max(1, room), count=False).hits
        addresses = [address for _, address in found]
        numbers = searcher.fast_field_values(schema.NUMBER, addresses)
        positions = searcher.fast_field_values(schema.POSITION, addresses)
        matched: dict[int, list[tuple[float, int, Any]]] = {}
        for (score, address), number, position in zip(found, numbers, positions, strict=True):
            if isinstance(number, int) and isinstance(position, int):
                matched.setdefault(number, []).append((score, position, address))
        concept_words = [set(concept) for concept in wordings]
        highlight = _highlight_terms(parsed.concepts, parsed.lang)
        hits = []
        for doc, score in ranked:
            hit = self._plain_hit(doc, score, snippet="")  # its own snippet follows
            place = self._landing(doc, matched.get(doc, []), concept_words, parsed.lang)
            if place is None:
                hit.snippet = make_snippet(
                    self.guides[doc]["description"], highlight, lang=parsed.lang
                ) or self._opening_snippet(searcher, matched.get(doc, []), highlight, parsed.lang)
            else:
                anchor, heading, address = place
                text = _stored_text(searcher, address)
                hit.url = f"{hit.url}#{anchor}" if anchor else hit.url
                hit.heading = heading
                hit.snippet = make_snippet(text, highlight, lang=parsed.lang) or make_snippet(
                    self.guides[doc]["description"], highlight, lang=parsed.lang
                )
            hits.append(hit)
        return hits

    def _opening_snippet(
        self,
        searcher: tantivy.Searcher,
        matched: list[tuple[float, int, Any]],
        highlight: set[str],
        lang: str,
    ) -> str:
        """For a page without a description (a table, a list): its opening part's words if
        they match, else the part that matched best."""
        if not matched:
            return ""
        _, _, address = min(matched, key=lambda entry: (entry[1] != 0, -entry[0]))
        return make_snippet(_stored_text(searcher, address), highlight, lang=lang)

    def _landing(
        self,
        doc: int,
        matched: list[tuple[float, int, Any]],
        concept_words: list[set[tuple[str, ...]]],
        lang: str,
    ) -> tuple[str, str, Any] | None:
        """(anchor, heading, section address) where the link opens; None for the guide's top.

        Our guides open at their top (the first steps, and an urgent guide's call button)
        unless a section's heading says more of the query than the title does: "printer"
        opens "Add a printer" at its top, "clear the print queue" at "Check the print queue".
        """
        guide = self.guides[doc]
        if guide.get("urgent"):
            return None
        start, end = guide["sections"]
        parts = self.sections[start:end]
        template = any(self._never_lands(start + n) for n in range(len(parts)))
        title_said = landing.heading_coverage(guide["title"], concept_words, lang)
        best: tuple[float, float, str, str, Any] | None = None
        for score, position, address in matched:
            if not 0 <= position < len(parts):
                continue
            _, anchor, heading = parts[position]
            if self._never_lands(start + position):
                continue
            said = landing.heading_coverage(heading, concept_words, lang) if heading else 0.0
            if not template and said <= 0.5:
                continue  # another site's page opens at its top unless a heading says it
            if template and said <= title_said:
                continue  # the title says it as well: the reader starts at the top
            rank = (said if not template else 0.0, score)
            if best is None or rank > best[:2]:
                best = (*rank, anchor, heading, address)
        if best is None:
            return None
        return best[2], best[3], best[4]

    def _never_lands(self, section_id: int) -> bool:
        """Whether a section is one a link never opens at (worked out once per section)."""
        known = self._closing.get(section_id)
        if known is None:
            heading = self.sections[section_id][2]
            known = self._closing[section_id] = bool(heading) and landing.never_lands(heading)
        return known

    def featured_guides(self) -> list[dict[str, str]]:
        """The guides the home page leads with: offered when nothing matched."""
        found = []
        for path in self.featured:
            if path in self.by_path:
                guide = self.guides[self.by_path[path]]
                found.append({key: guide[key] for key in ("path", "url", "title", "description")})
        return found

    def suggest(
        self, raw_query: str, limit: int = 8, lang: str | None = None
    ) -> list[dict[str, str]]:
        """Titles for as-you-type suggestions: the same answer and landing as a search, so the
        intranet box opens a guide where the results page would."""
        response = self.search(raw_query, limit=limit, lang=lang)
        return [{"title": h.title, "url": h.url, "path": h.path} for h in response.results]


def _kinds(parsed: ParsedQuery, speller: Speller) -> list[vagueness.Kind]:
    """What each concept says (search.vagueness); every one specific in a language we have no
    vague words for."""
    vocab = vagueness.vocabulary(parsed.lang)
    if vocab is None:
        return ["specific" for _ in parsed.concepts]
    return [
        vagueness.concept_kind(
            concept,
            vocab,
            len(concept.words) != 1 or speller.is_word(concept.words[0]),
            parsed.lang,
        )
        for concept in parsed.concepts
    ]


def _stored_text(searcher: tantivy.Searcher, address: Any) -> str:
    """A section's text as written (stored in the index for its snippet)."""
    values = searcher.doc(address).to_dict().get(schema.STORED_TEXT) or [b""]
    value = values[0]
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else ""


def _highlight_terms(concepts: list[Concept], lang: str) -> set[str]:
    found: set[str] = set()
    for concept in concepts:
        for terms in concept.terms(lang):
            found.update(t for t in terms if len(terms) == 1 or t not in PARTICLES)
        for completion in concept.completions:
            for terms in Concept((completion,), {(completion,): 1}).terms(lang):
                found.update(terms)
    return found
