"""How text becomes search terms, the same way for guides and for what people type.

People write "can't", "cant" and "cannot"; "wi-fi" and "wifi"; "printing" and "printer".
The analysis folds these together so that none of them stops a match. Each language has its
own Snowball stemmer (Whoosh's); every word is analysed once per language and remembered,
so analysis does not dominate building the index.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

from whoosh.lang import has_stemmer, has_stopwords, stemmer_for_language, stopwords_for_language

DEFAULT_LANGUAGE = "en"

# A word, possibly joined by hyphens or apostrophes: "wi-fi", "can't", "out-of-office".
WORD_PATTERN = r"\w+(?:[-'’]\w+)*"
_WORD = re.compile(WORD_PATTERN)

# Negations carry no topic ("printer won't print" is about printing), and their spellings
# vary most under stress ("cant", "can't", "cannot", "wont", "doesnt").
_NEGATION_WORDS = """
    not no never cannot cant wont dont doesnt didnt isnt arent wasnt werent hasnt havent
    hadnt couldnt wouldnt shouldnt aint unable nothing
"""
NEGATIONS = frozenset(_NEGATION_WORDS.split())

# Stands for any negation in titles and phrases, where "can't print" should match
# "printer won't print" better than "print double-sided".
NEGATION_MARK = "¬"

# Small words that say little about the problem, left out of what a query asks for (the index
# keeps every word, so "IT", "ID" and "US" typed in capitals are still found). Particles such
# as "in", "on", "up", "out", "off" and "down" are kept: "log in", "turn on" depend on them.
_STOP_WORDS = """
    a an and are as at be been being by can could did do does doing for from had has have
    having he her hers him his how i if im ive id ill is it its itll me my myself of or our
    ours please she should so some than that thats the their them then there these they
    this those to too us very was we were what whats when where which while who whom why
    will with would you youre youve your yours yourself help hi hello thanks thank anyone
    any know keep keeps kept really still get got getting just again also anything
    everything something nothing anyone everyone someone stuff thing things always ever
    even much many lot lots bit kind sort way guys thx pls plz ok okay but because cause
    since though although however whether until unless about after before during between
    through across via per each other such own same both either neither nor only here
"""
STOP_WORDS = frozenset(_STOP_WORDS.split()) | NEGATIONS


_UNIFY = str.maketrans({"’": "'", "‘": "'", "\u2010": "-", "\u2011": "-", "–": "-"})


def fold(text: str) -> str:
    """Lowercase, strip accents and unify apostrophes and dashes."""
    text = text.translate(_UNIFY)
    if text.isascii():  # the common case, and much faster than normalising
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def surface_words(text: str, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """The words of a text as people wrote them, folded: "Can't" -> "cant", "Wi-Fi" -> "wi-fi";
    in French or Italian "l'ordinateur" is "ordinateur"."""
    return [unelided(word, lang).replace("'", "") for word in _WORD.findall(fold(text))]


# Languages that join a short article or pronoun to the next word ("l'écran", "j'ai").
ELIDING = frozenset({"fr", "it", "ca"})
_ELISION = re.compile(r"^(?:[a-z]|qu|jusqu|lorsqu|puisqu)'(?=\w)")


def unelided(word: str, lang: str) -> str:
    """The word without an elided article ("l'écran" -> "écran") in languages that elide."""
    return _ELISION.sub("", word) if lang in ELIDING else word


@cache
def stop_words(lang: str) -> frozenset[str]:
    """Words a query in this language asks nothing with: ours for English, Whoosh's for others."""
    if lang == DEFAULT_LANGUAGE:
        return STOP_WORDS
    if not has_stopwords(lang):
        return frozenset()
    return frozenset(fold(word).replace("'", "") for word in stopwords_for_language(lang))


def base_language(lang: str | None) -> str:
    """ "fr-ca" and "FR" are French for analysis, "pcm" is Nigerian Pidgin; anything that is
    not a language code is the default language."""
    code = re.split(r"[-_]", (lang or "").strip().lower(), maxsplit=1)[0]
    return code if 2 <= len(code) <= 3 and code.isascii() and code.isalpha() else DEFAULT_LANGUAGE


@cache
def _stemmer(lang: str) -> Callable[[str], str]:
    """The language's Snowball stemmer; a language without one keeps its words whole."""
    if has_stemmer(lang):
        stem: Callable[[str], str] = stemmer_for_language(lang)
        return stem
    return str


@lru_cache(maxsize=400_000)
def word_terms(word: str, lang: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """Index terms of one folded surface word: "wi-fi" -> ("wifi", "wi", "fi"), stemmed."""
    stem = _stemmer(lang)
    text = unelided(word, lang).replace("'", "")
    if lang == DEFAULT_LANGUAGE and text in NEGATIONS:
        return (NEGATION_MARK,)  # "isn't connecting" and "can't connect" both say "¬ connect"
    if "-" not in text:
        return (stem(text),) if text else ()
    parts = [part for part in text.split("-") if part]
    return (stem("".join(parts)), *(stem(part) for part in parts))


def analyse_words(words: list[str], lang: str = DEFAULT_LANGUAGE) -> str:
    """Already folded words as space-separated index terms (one cached lookup per word)."""
    return " ".join(term for word in words for term in word_terms(word, lang))


def raw_words(text: str) -> list[str]:
    """Folded words with their hyphens and apostrophes, as `word_terms` takes them."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=100_000)
def cached_stems(text: str, lang: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """What a query's text asks for: stems of its words, stop words out, compounds joined."""
    found: list[str] = []
    stop = stop_words(lang)
    for word in _WORD.findall(fold(text)):
        if unelided(word, lang).replace("'", "") in stop:
            continue
        terms = word_terms(word, lang)
        if terms:
            found.append(terms[0])  # a query asks for the joined form ("wifi")
    return tuple(found)


@lru_cache(maxsize=100_000)
def wording_terms(text: str, lang: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """A several-word wording as a phrase of terms that keeps its negation: "not connecting"
    is ("¬", "connect"), so it never matches "connect to a printer"."""
    found: list[str] = []
    stop = stop_words(lang)
    for word in _WORD.findall(fold(text)):
        bare = unelided(word, lang).replace("'", "")
        if bare in stop and not (lang == DEFAULT_LANGUAGE and bare in NEGATIONS):
            continue
        terms = word_terms(word, lang)
        if terms:
            found.append(terms[0])
    if all(term == NEGATION_MARK for term in found):
        return ()
    return tuple(found)


def stems(text: str, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """Index terms a text asks for, in order (stop words left out)."""
    return list(cached_stems(text, lang))


def phrase_terms(text: str, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """A title or phrase as index terms, marking "not" so symptoms match symptoms."""
    terms = stems(text, lang)
    if any(word in NEGATIONS for word in surface_words(text)):
        terms.append(NEGATION_MARK)
    return terms


def stem_word(word: str, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """The index term of one surface word, or None when it is a stop word."""
    found = cached_stems(word, lang)
    return found[0] if found else None
