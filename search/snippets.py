"""Snippets: the best-matching part of a section, matches in <mark>, all else escaped."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from search.analysis import DEFAULT_LANGUAGE, ELIDING, cached_stems, fold, unelided

SNIPPET_CHARS = 180
# Only the start of a long section is searched for the snippet: where the steps begin.
SCANNED_CHARS = 1500
PREFIX_CHARS = 2
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def _start(word: str) -> str:
    """A word's first letters as a term would begin (folding only what is not plain ASCII)."""
    start = word[:PREFIX_CHARS].lower()
    return start if start.isascii() else fold(start)


def _matches(text: str, terms: set[str], lang: str) -> list[tuple[int, int]]:
    """Spans of the words whose stems are query terms (each distinct word analysed once).

    Only words that share a query term's first letters are analysed: a stem is nearly always
    the start of its word, and most words of a section share nothing with the query.
    """
    starts = frozenset(term[:PREFIX_CHARS] for term in terms if term)
    if lang not in ELIDING and text.isascii() and all(start.isascii() for start in starts):
        # The common case: the regex engine finds the few words that could match.
        found = [(m.group(0), m.span()) for m in _candidates(starts).finditer(text)]
        known: dict[str, bool] = {}
        for word, _ in found:
            if word not in known:
                known[word] = not terms.isdisjoint(cached_stems(word, lang))
        return [span for word, span in found if known[word]]
    matching = {
        w
        for w in set(_WORD.findall(text))
        if _start(unelided(w.lower(), lang)) in starts
        and not terms.isdisjoint(cached_stems(w, lang))
    }
    if not matching:
        return []
    return [m.span() for m in _WORD.finditer(text) if m.group(0) in matching]


@lru_cache(maxsize=4096)
def _candidates(starts: frozenset[str]) -> re.Pattern[str]:
    """Whole words beginning with one of `starts`, in any case."""
    alternatives = "|".join(re.escape(start) for start in sorted(starts))
    return re.compile(rf"(?<![\w'’-])(?i:{alternatives})\w*(?:[-'’]\w+)*")


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """The stretch of text, at most `width` long, holding the most matches."""
    if len(text) <= width:
        return 0, len(text)
    if not spans:
        start = 0
    else:
        best_start, best_count = spans[0][0], 0
        right = 0
        for left, (start_char, _) in enumerate(spans):
            right = max(right, left)
            while right + 1 < len(spans) and spans[right + 1][1] - start_char <= width:
                right += 1
            if right - left + 1 > best_count:
                best_start, best_count = start_char, right - left + 1
        start = best_start
        # Begin at the sentence start when it is close, so the snippet reads naturally.
        sentence = max(text.rfind(". ", 0, start), text.rfind("? ", 0, start))
        if sentence != -1 and start - sentence < width // 3:
            start = sentence + 2
        else:
            start = max(0, start - 30)
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < spans[0][0] + width else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end


def make_snippet(
    text: str, terms: set[str], width: int = SNIPPET_CHARS, lang: str = DEFAULT_LANGUAGE
) -> str:
    """HTML-safe snippet: only <mark> tags are markup; everything from the guide is escaped."""
    text = " ".join(text[:SCANNED_CHARS].split())
    if not text:
        return ""
    spans = _matches(text, terms, lang) if terms else []
    start, end = _window(text, spans, width)
    pieces = ["…"] if start > 0 else []
    cursor = start
    for left, right in spans:
        if left < start or right > end:
            continue
        pieces.append(escape(text[cursor:left], quote=False))
        pieces.append(f"<mark>{escape(text[left:right], quote=False)}</mark>")
        cursor = right
    pieces.append(escape(text[cursor:end], quote=False))
    if end < len(text):
        pieces.append("…")
    return "".join(pieces)
