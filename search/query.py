"""Read what a person typed: clean it, find the concepts in it, and their other wordings.

A concept is one idea in the query ("log in", "outlook") with every way of saying it:
the words as typed, synonyms, typo corrections, joined or split words, completions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from search.analysis import (
    DEFAULT_LANGUAGE,
    NEGATIONS,
    stems,
    stop_words,
    surface_words,
    word_terms,
    wording_terms,
)
from search.spelling import Speller
from search.synonyms import Phrase, SynonymMap, key_of

MAX_QUERY_CHARS = 200
LESSER_CORRECTION = 0.5
PARTICLES = frozenset({"in", "on", "up", "out", "off", "down", "over", "back", "into"})
MAX_CONCEPTS = 10
SYNONYM_WEIGHT = 0.7
TYPO_WEIGHT = 0.85
COMPLETION_WEIGHT = 0.5
MIN_PREFIX = 3
MAX_COMPLETIONS = 8


def clean_query(raw: str) -> str:
    """Cut to 200 characters and drop control characters; everything else is words.

    Not `portal.words.one_line`: here each control, format or line-separator character
    becomes a space (a word break: "print\x07er" is two words), and a space at the end is
    kept, since it says the last word is finished (no completions while typing).
    """
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in raw
    )
    return text[:MAX_QUERY_CHARS]


@dataclass
class Concept:
    """One idea in the query and its wordings (surface words -> weight)."""

    words: Phrase
    alternatives: dict[Phrase, float]
    corrections: list[str] = field(default_factory=list)
    completions: list[str] = field(default_factory=list)

    def terms(self, lang: str = DEFAULT_LANGUAGE) -> dict[tuple[str, ...], float]:
        """Index terms of every wording (a tuple of stems; several stems make a phrase)."""
        found: dict[tuple[str, ...], float] = {}
        for phrase, weight in self.alternatives.items():
            words = " ".join(phrase)
            terms = (
                wording_terms(words, lang) if len(phrase) > 1 else tuple(stems(words, lang))
            ) or _kept_word(phrase, lang)
            if len(phrase) > 1 and all(term in PARTICLES for term in terms):
                continue  # "get in" without its stop word is only "in": it would match anything
            if terms and weight > found.get(terms, 0.0):
                found[terms] = weight
        return found


def _kept_word(phrase: Phrase, lang: str) -> tuple[str, ...]:
    """A short word typed in capitals ("IT", "ID", "US") is asked for even if it is small."""
    if len(phrase) == 1 and phrase[0] in stop_words(lang):
        return word_terms(phrase[0], lang)[:1]
    return ()


@dataclass
class ParsedQuery:
    text: str
    words: list[str]
    concepts: list[Concept]
    as_you_type: bool
    lang: str = DEFAULT_LANGUAGE

    @property
    def negated(self) -> bool:
        """The person said "can't", "won't", "not"...: they describe a symptom."""
        return any(word in NEGATIONS for word in self.words)

    def corrected_text(self) -> str | None:
        """The query with each typo replaced by its best correction, if any was found."""
        replacements = {c.words[0]: c.corrections[0] for c in self.concepts if c.corrections}
        if not replacements:
            return None
        return " ".join(replacements.get(word, word) for word in self.words)


def parse_query(
    raw: str,
    synonyms: SynonymMap,
    speller: Speller,
    longest_key: int = 4,
    lang: str = DEFAULT_LANGUAGE,
) -> ParsedQuery:
    """Find the concepts of a query: longest synonym phrases first, stop words dropped.

    A small word typed in capitals ("IT", "ID", "OS") is an abbreviation, never a stop word.
    """
    text = clean_query(raw)
    words = surface_words(text, lang)
    stop = stop_words(lang)
    capitals = {w.lower() for w in re.findall(r"\b[A-Z][A-Z0-9]{1,4}\b", text)}
    as_you_type = bool(text) and not text[-1].isspace() and bool(re.search(r"\w$", text))
    concepts: list[Concept] = []
    i = 0
    while i < len(words) and len(concepts) < MAX_CONCEPTS:
        matched = None
        for n in range(min(longest_key, len(words) - i), 0, -1):
            phrase = tuple(words[i : i + n])
            key = key_of(phrase)
            if key in synonyms and not (n == 1 and phrase[0] in stop):
                alternatives = {phrase: 1.0}
                for alternative in synonyms[key]:
                    alternatives.setdefault(alternative, SYNONYM_WEIGHT)
                matched = Concept(phrase, alternatives)
                i += n
                break
        if matched is None:
            word = words[i]
            i += 1
            if word not in capitals and (
                word in stop or word in PARTICLES or not stems(word, lang)
            ):
                continue  # a lone "in" or "on" means something only inside a phrase
            matched = Concept((word,), {(word,): 1.0})
        concepts.append(matched)
    _join_split_words(concepts, speller)
    if as_you_type and concepts and words and concepts[-1].words[-1] == words[-1]:
        last = concepts[-1]
        prefix = last.words[-1]
        if len(prefix) >= MIN_PREFIX and prefix.isalnum():
            last.completions = speller.completions(prefix, MAX_COMPLETIONS)
    return ParsedQuery(text, words, concepts, as_you_type, lang)


def _join_split_words(concepts: list[Concept], speller: Speller) -> None:
    """ "one drive" also means "onedrive"; "printerjam" also means "printer jam"."""
    index = 0
    while index < len(concepts) - 1:
        left, right = concepts[index], concepts[index + 1]
        if len(left.words) == 1 and len(right.words) == 1:
            joined = left.words[0] + right.words[0]
            if speller.known(joined) and len(joined) >= 5:
                merged = Concept(
                    (left.words[0], right.words[0]),
                    {(left.words[0], right.words[0]): 1.0, (joined,): 1.0},
                )
                concepts[index : index + 2] = [merged]
        index += 1


def add_typo_corrections(query: ParsedQuery, speller: Speller, synonyms: SynonymMap) -> bool:
    """Widen: give each unknown word its likely corrections (and their synonyms)."""
    changed = False
    for concept in query.concepts:
        if len(concept.words) != 1:
            continue
        word = concept.words[0]
        if speller.is_word(word):
            continue  # a correctly spelled word is never "corrected"
        split = speller.split(word)
        if split is not None:
            concept.alternatives.setdefault(split, TYPO_WEIGHT)
            concept.corrections = [" ".join(split)]
            changed = True
            continue
        corrections = speller.corrections(word)
        for rank, correction in enumerate(corrections):
            # The likeliest correction speaks for the word; the others ("ofline": "online"
            # after "offline") only in a lower voice, so their synonyms cannot take over.
            weight = TYPO_WEIGHT * (1.0 if rank == 0 else LESSER_CORRECTION)
            concept.alternatives.setdefault((correction,), weight)
            for alternative in synonyms.get(key_of((correction,)), []):
                concept.alternatives.setdefault(alternative, weight * SYNONYM_WEIGHT)
        if corrections:
            concept.corrections = corrections
            changed = True
    return changed
