"""Whether a query names something specific, or only says that something is wrong.

A service desk hears "it stopped working", "computer broken", "slow", "can't log in": words that
say there is a problem but not which one. Each language has a small vocabulary in three kinds:

- `filler`: words that say nothing about the problem ("broken", "not working", "problem");
- `symptoms`: what is happening, without the thing it happens to ("slow", "can't log in",
  "gone"); alone they are vague, with a thing ("computer slow") they are specific;
- `broad`: things too wide to choose a guide ("computer", "internet", "account"); with filler
  only ("computer broken") they are vague, with a symptom they are specific.

Any other word names something, so the query is specific. Words are compared as stems of the
page's language (Whoosh's Snowball stemmers), so "stopped", "stops" and "stopping" are one word.
Add a language by adding its three lists below.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from search.analysis import NEGATIONS, stop_words, surface_words, word_terms
from search.query import PARTICLES, Concept

Kind = Literal["filler", "symptom", "broad", "specific"]
# A query of small words only is vague when one of them has this many letters ("it", "he" on
# the way to "headset" are not asked about; "help", "what", "why" are).
MIN_WORD = 3

# Per language: (filler, symptoms, broad things, words that ask for a person).
_VOCABULARY: dict[str, tuple[str, str, str, str]] = {
    "en": (
        """
        broken break breaks bust busted work works working worked stop stopped stops stopping
        problem problems issue issues trouble troubles error errors wrong fix fixed fixing
        repair sort weird weirdly strange odd funny again thing things whatever mess messed
        faulty fault glitch glitchy glitching bug buggy act acting play playing dead died
        die down happen happened happening need needs want wants properly correctly right
        anymore suddenly today yesterday recently lately sudden normal normally usual
        useless rubbish terrible awful annoying ugh argh hmm wtf damn weirdness go goes going
        went let lets accident accidental accidentally accidently mistake mistakenly
        """,
        """
        slow slowly slower sluggish laggy lag lagging crawling freeze freezes freezing
        frozen froze hang hangs hanging crash crashes crashed crashing respond responding
        log login logon logging sign signin signing access accessing open opens opening
        load loads loading start starts starting boot booting connect connecting connected
        connection disconnect disconnected disconnecting offline gone missing lost
        lose losing disappear disappeared disappearing vanish vanished vanishing delete
        deleted find found see locked lock
        """,
        """
        computer computers pc laptop laptops desktop machine notebook workstation device
        devices system systems internet network app apps application program programs
        software account accounts everything
        """,
        """
        help helping helped assist assistance sos helpme
        """,
    ),
    "fr": (
        """
        marche marcher fonctionne fonctionner fonctionnement panne cassé casse problème
        problèmes souci soucis erreur bug bizarre encore réparer besoin aide truc chose ça
        cela ceci
        """,
        """
        lent lente lenteur bloqué bloque plante planté connexion connecter connecté
        disparu perdu supprimé ouvrir ouvre démarre démarrer
        """,
        """
        ordinateur pc portable machine appareil système internet réseau application
        logiciel compte
        """,
        """
        aide aider assistance
        """,
    ),
}


@dataclass(frozen=True)
class Vocabulary:
    """One language's vague words, as stems."""

    filler: frozenset[str]
    symptoms: frozenset[str]
    broad: frozenset[str]
    help: frozenset[str]

    def kind_of_stems(self, found: Iterable[str]) -> Kind | None:
        """The kind of a wording's stems; None when it has none (stop words only)."""
        kinds: set[Kind] = set()
        for stem in found:
            if stem in self.filler or stem in self.help:
                kinds.add("filler")
            elif stem in self.symptoms:
                kinds.add("symptom")
            elif stem in self.broad:
                kinds.add("broad")
            else:
                return "specific"
        if not kinds:
            return None
        if "symptom" in kinds and "broad" in kinds:
            return "specific"  # "computer slow" says what and where
        order: tuple[Kind, ...] = ("symptom", "broad", "filler")
        return next((kind for kind in order if kind in kinds), None)


def _stems(words: str, lang: str) -> frozenset[str]:
    """The stems of a list's words, folded as queries are ("problème" as "probleme")."""
    return frozenset(
        term for word in surface_words(words, lang) for term in word_terms(word, lang)[:1]
    )


@cache
def vocabulary(lang: str) -> Vocabulary | None:
    """The language's vague words, or None when we have none for it (every query specific)."""
    lists = _VOCABULARY.get(lang)
    if lists is None:
        return None
    filler, symptoms, broad, helping = (_stems(words, lang) for words in lists)
    return Vocabulary(filler, symptoms - filler, broad - filler - symptoms, helping)


def wording_stems(words: Iterable[str], lang: str) -> list[str]:
    """The stems that say something in a wording: no stop words, negations or particles."""
    stop = stop_words(lang)
    found = []
    for word in words:
        bare = word.replace("'", "")
        if bare in stop or bare in NEGATIONS or bare in PARTICLES:
            continue
        terms = word_terms(bare, lang)
        if terms:
            found.append(terms[0])
    return found


def concept_kind(concept: Concept, vocab: Vocabulary, known: bool, lang: str) -> Kind:
    """What one concept of the query says: filler, a symptom, a broad thing, or something
    specific. `known` says whether its typed word is one the guides use (else it may be a typo
    of a vague word: "brokn")."""
    kind = vocab.kind_of_stems(wording_stems(concept.words, lang))
    if kind is None:
        # "get in" is only stop words as typed; its other wordings ("log in") say what it is.
        for alternative in concept.alternatives:
            kind = vocab.kind_of_stems(wording_stems(alternative, lang))
            if kind is not None:
                break
    if kind == "specific" and not known and concept.corrections:
        corrected = vocab.kind_of_stems(wording_stems(concept.corrections[0].split(), lang))
        if corrected is not None:
            return corrected
    return kind or "filler"


def asks_for_help(text: str, lang: str) -> bool:
    """The query has a word that asks for a person or for help ("help", "assistance")."""
    vocab = vocabulary(lang)
    if vocab is None:
        return False
    return any(
        terms and terms[0] in vocab.help
        for terms in (word_terms(word, lang) for word in surface_words(text, lang))
    )


def has_words(text: str, lang: str) -> bool:
    """Whether a query has any word at all (not only marks such as "?" or "!!!")."""
    return bool(surface_words(text, lang))
