"""How text becomes search terms, the same way for guides and for what people type.

People write "can't", "cant" and "cannot"; "wi-fi" and "wifi"; "printing" and "printer".
The analyzer folds these together so that none of them stops a match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache

from whoosh.analysis import (
    Analyzer,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.analysis.acore import Token

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

# Small words that say little about the problem. Particles such as "in", "on", "up", "out",
# "off" and "down" are kept: "log in", "turn on", "back up" and "sign out" depend on them.
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


def surface_words(text: str) -> list[str]:
    """The words of a text as people wrote them, folded: "Can't" -> "cant", "Wi-Fi" -> "wi-fi"."""
    return [word.replace("'", "") for word in _WORD.findall(fold(text))]


class CompoundFilter(Filter):
    """Drop apostrophes; index hyphenated words whole and in parts: "wi-fi", "wi", "fi"."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            text = token.text.replace("'", "").replace("’", "")
            if "-" not in text:
                token.text = text
                yield token
                continue
            parts = [part for part in text.split("-") if part]
            token.text = "".join(parts)
            yield token
            if token.mode == "query":
                continue  # queries ask for the joined form; parts are matched as a phrase
            for part in parts:
                token.text = part
                yield token


@cache
def analyzer() -> Analyzer:
    """The one analyzer for every text field: words, folded, stop words out, English stems."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | CompoundFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | StemFilter(cachesize=50_000)
    )


def stems(text: str) -> list[str]:
    """Index terms of a text, in order."""
    return list(cached_stems(text))


@lru_cache(maxsize=100_000)
def cached_stems(text: str) -> tuple[str, ...]:
    """The same terms as a shared tuple: for hot loops that only read them."""
    return tuple(token.text for token in analyzer()(fold(text), mode="query"))


@lru_cache(maxsize=100_000)
def stem_word(word: str) -> str | None:
    """The index term of one surface word, or None when it is a stop word."""
    found = stems(word)
    return found[0] if found else None
