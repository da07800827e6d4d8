"""The prose rule types: existence, substitution, conditional, occurrence and readability."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TypeVar

from portal.guides.readability import WORD, Readability, score_sentences, syllables, words
from portal.writing.lint.document import Document, Piece
from portal.writing.lint.findings import Finding, Severity
from portal.writing.lint.rules import (
    ConditionalRule,
    ExistenceRule,
    OccurrenceRule,
    ReadabilityRule,
    Rule,
    SubstitutionRule,
    Term,
)

_FIELD = re.compile(r"\{([a-z_]+)\}")
_Hit = TypeVar("_Hit")

# What may follow a term to explain it: "DNS (the internet's phonebook)", "DNS – the ...",
# "the VPN, a private tunnel", "DNS is the ...", "Phishing means ...".
_STATE_WORDS = (
    r"not|n['’]t|off|on|down|up|out|slow|busy|broken|stuck|working|still|now|too|very|also|"
    r"only|probably|usually|often|always|never|fine|ok|okay|full|empty|open|closed|ready|"
    r"available|unavailable|there|here|in|at|behind|back|gone|new|old|blocked|turned|switched"
)
_EXPLAINED_AFTER = re.compile(
    r"^(?:['’]s)?(?:"
    r"(?:\s+[a-z]+)?\s*\("  # "the OST file (Outlook's offline copy)": the thing it names
    r"|\s+[-–—]\s+\w|\s*[–—]\s*\w"
    r"|,\s+(?:a|an|the|which|that|or|short\s+for|also\s+called|meaning|known\s+as)\b"
    rf"|\s+(?:is|are)\s+(?!(?:{_STATE_WORDS})\b)(?!\w+(?:ing|ed)\b)"
    r"|\s+(?:means?|stands?\s+for|refers?\s+to|is\s+short\s+for)\b"
    r")",
    re.IGNORECASE,
)
# The explanation comes first: "a private tunnel (VPN)", "a private tunnel called a VPN".
_BRACKETED = re.compile(r"\w[\w\s,'’-]*\(\s*$")
_NAMED = re.compile(
    r"\b(?:called|known\s+as|named|this\s+is|that\s+is)\s+(?:(?:a|an|the)\s+)?$", re.IGNORECASE
)
_NEXT_SENTENCE = re.compile(
    r"^(?:(?:That|This|These|Those)\s+(?:is|are|means)\b"
    r"|(?:That|This|It)['’]s\s+(?:a|an|the)\b"
    r"|It\s+(?:is|means)\s+(?:a|an|the)\b)",
)


def fill(template: str, values: Mapping[str, object]) -> str:
    """Fill `{name}` fields that exist; leave other braces alone (rules contain patterns)."""
    return _FIELD.sub(
        lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template
    )


def finding(
    rule: Rule,
    doc: Document,
    place: tuple[int, int],
    values: Mapping[str, object],
    suggestion: str | None = None,
    severity: Severity | None = None,
) -> Finding:
    """A finding for this rule at a place, with the rule's message and suggestion filled in."""
    if suggestion is None and rule.suggest:
        suggestion = fill(rule.suggest, values)
    return Finding(
        path=doc.path,
        line=place[0],
        column=place[1],
        severity=severity or rule.level,
        rule=rule.id,
        message=fill(rule.message, values),
        suggestion=suggestion or None,
        family=rule.family,
    )


def _pages_apply(rule: Rule, doc: Document) -> bool:
    return doc.shows(rule.pages)


def _excepted(rule: Rule, piece: Piece, start: int, end: int) -> bool:
    for pattern in rule.exceptions:
        for match in pattern.finditer(piece.text):
            if match.start() <= start and end <= match.end():
                return True
    return False


def _matches(rule: Rule, piece: Piece, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    for match in pattern.finditer(piece.text):
        if match.end() == match.start():
            continue
        if piece.skipped(match.start(), match.end(), rule.ignore):
            continue
        if _excepted(rule, piece, match.start(), match.end()):
            continue
        yield match


def _longest_first(hits: list[tuple[int, int, _Hit]]) -> list[tuple[int, int, _Hit]]:
    """Keep one hit per stretch of text: the longest, so "patch cable" beats "patch"."""
    kept: list[tuple[int, int, _Hit]] = []
    for start, end, item in sorted(hits, key=lambda h: (h[0], -(h[1] - h[0]))):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, item))
    return kept


def match_case(replacement: str, matched: str) -> str:
    """ "Reboot" -> "Restart": follow the capital of the word being replaced."""
    if matched[:1].isupper() and not matched.isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _candidates(rule: Rule, doc: Document) -> list[Piece]:
    """Pieces in the rule's scope that any of its patterns matches somewhere."""
    pieces = doc.pieces_in(rule.scope)
    if not rule.prefilter:
        return pieces
    return [p for p in pieces if any(pattern.search(p.text) for pattern in rule.prefilter)]


def _suggestion_if(
    rule: Rule, piece: Piece, start: int, end: int, values: Mapping[str, object]
) -> str | None:
    """The rule's `suggest_if` suggestion for text that one of its patterns matches exactly."""
    for pattern, suggestion in rule.suggest_if:
        match = pattern.match(piece.text, start)
        if match and match.end() == end:
            return fill(suggestion, values)
    return None


def _acronym_like(text: str, term: Term) -> bool:
    """One word of 2 to 5 capitals found by a pattern written in small letters: an acronym
    (or shouting, which the all-caps rule covers), never a word to swap or put in small letters."""
    written_small = term.pattern.flags & re.IGNORECASE != 0
    return written_small and re.fullmatch(r"[A-Z][A-Z0-9]{1,4}", text) is not None


def check_existence(rule: ExistenceRule, doc: Document) -> Iterator[Finding]:
    for piece in _candidates(rule, doc):
        hits = [
            (m.start(), m.end(), m.group(0)) for p in rule.tokens for m in _matches(rule, piece, p)
        ]
        for start, end, text in _longest_first(hits):
            values = {"match": text, "lower": str(text).lower()}
            suggestion = _suggestion_if(rule, piece, start, end, values)
            yield finding(rule, doc, piece.position(start), values, suggestion)


def check_substitution(rule: SubstitutionRule, doc: Document) -> Iterator[Finding]:
    for piece in _candidates(rule, doc):
        hits = [
            (m.start(), m.end(), (m.group(0), term))
            for term in rule.terms
            for m in _matches(rule, piece, term.pattern)
        ]
        for start, end, (text, term) in _longest_first(hits):
            if _acronym_like(text, term):
                continue
            suggestion = match_case(term.replacement, text) if term.replacement else None
            values = {"match": text, "lower": text.lower(), "suggestion": suggestion or ""}
            suggestion = _suggestion_if(rule, piece, start, end, values) or suggestion
            yield finding(rule, doc, piece.position(start), values, suggestion)


def explained(piece: Piece, start: int, end: int, term: Term) -> bool:
    """Whether the use at start..end follows the explain-on-first-use convention."""
    text = piece.text
    if piece.in_link(start, end):
        return True
    if _EXPLAINED_AFTER.match(text[end:]):
        return True
    before = text[:start]
    if _BRACKETED.search(before) and re.match(r"^s?\s*\)", text[end:]):
        return True
    if _NAMED.search(before):
        return True
    for index, (low, high) in enumerate(piece.sentences):
        if low <= start < high:
            if index + 1 < len(piece.sentences):
                following = text[piece.sentences[index + 1][0] : piece.sentences[index + 1][1]]
                if _NEXT_SENTENCE.match(following):
                    return True
                lead = re.match(r"^(?:(?:A|An|The|Your|Our)\s+)?", following, re.I)
                rest = following[lead.end() if lead else 0 :]
                again = term.pattern.match(rest)
                if again and _EXPLAINED_AFTER.match(rest[again.end() :]):
                    return True
            break
    return False


def check_conditional(rule: ConditionalRule, doc: Document) -> Iterator[Finding]:
    if not _pages_apply(rule, doc):
        return
    pieces = [p for p in _candidates(rule, doc) if p.kind not in ("description", "link")]
    prose = [p for p in pieces if p.kind != "heading"]
    headings = [p for p in pieces if p.kind == "heading"]
    for term in rule.terms:
        for piece, match in _first_uses(rule, prose + headings, term):
            if match.group(0) in doc.abbreviations or term.key in doc.abbreviations:
                continue
            if explained(piece, match.start(), match.end(), term):
                continue
            values = {"match": match.group(0), "suggestion": term.replacement}
            suggestion = fill(term.replacement, values) if term.replacement else None
            yield finding(rule, doc, piece.position(match.start()), values, suggestion)


def _first_uses(
    rule: ConditionalRule, pieces: list[Piece], term: Term
) -> Iterator[tuple[Piece, re.Match[str]]]:
    """The term's first use (prose before headings); with `per_match`, the first use of each
    different word it matches ("OST" and "UNC" are explained separately)."""
    seen: set[str] = set()
    for piece in pieces:
        for match in _matches(rule, piece, term.pattern):
            word = match.group(0).casefold().removesuffix("s") if rule.per_match else ""
            if word in seen:
                continue
            seen.add(word)
            yield piece, match
            if not rule.per_match:
                return


def _count(rule: OccurrenceRule, piece: Piece, start: int, end: int) -> list[int]:
    """Offsets of each counted thing (word or pattern match) in start..end."""
    if rule.counter is None:  # words as readability counts them, inline code included
        return [start + m.start() for m in WORD.finditer(piece.text[start:end])]
    return [
        start + m.start()
        for m in rule.counter.finditer(piece.text[start:end])
        if not piece.skipped(start + m.start(), start + m.end(), rule.ignore)
    ]


def _after_label(piece: Piece, start: int, end: int) -> int:
    """Skip a leading label ("[Fix a paper jam](…): Clear stuck paper…"): it reads as a title."""
    for low, high in (*piece.links, *piece.bold):
        if low == start and high < end:
            colon = re.match(r"\s*:\s*", piece.text[high:end])
            if colon:
                return high + colon.end()
    return start


def _graded(rule: OccurrenceRule | ReadabilityRule, value: float) -> tuple[Severity, float] | None:
    if rule.error_above is not None and value > rule.error_above:
        return "error", rule.error_above
    if rule.warning_above is not None and value > rule.warning_above:
        return "warning", rule.warning_above
    return None


def _limit_text(limit: float) -> str:
    return str(int(limit)) if float(limit).is_integer() else f"{limit:g}"


def check_occurrence(rule: OccurrenceRule, doc: Document) -> Iterator[Finding]:
    if not _pages_apply(rule, doc):
        return
    pieces = [p for p in doc.pieces_in(rule.scope) if p.kind != "link"]
    if rule.per == "guide":
        hits = [
            (piece, offset)
            for piece in pieces
            for offset in _count(rule, piece, 0, len(piece.text))
        ]
        graded = _graded(rule, len(hits))
        if graded:
            severity, limit = graded
            piece, offset = hits[int(limit)]  # the first one over the limit
            values = {"count": len(hits), "limit": _limit_text(limit)}
            yield finding(rule, doc, piece.position(offset), values, severity=severity)
        return
    for piece in pieces:
        spans = [(0, len(piece.text))] if rule.per == "paragraph" else piece.sentences
        for start, end in spans:
            start = _after_label(piece, start, end)
            counted = _count(rule, piece, start, end)
            graded = _graded(rule, len(counted))
            if graded:
                severity, limit = graded
                values = {"count": len(counted), "limit": _limit_text(limit)}
                yield finding(rule, doc, piece.position(start), values, severity=severity)


def check_readability(rule: ReadabilityRule, doc: Document) -> Iterator[Finding]:
    """Flesch-Kincaid over the readable sentences (headings and items count as sentences)."""
    if not _pages_apply(rule, doc):
        return
    pieces = [p for p in doc.pieces if p.kind not in ("tab-label", "description", "link")]
    sentence_places = [
        (piece, low, piece.text[low:high]) for piece in pieces for low, high in piece.sentences
    ]
    score = score_sentences([text for _, _, text in sentence_places])
    if score.words < rule.min_words:
        return
    graded = _graded(rule, round(score.grade, 1))
    if not graded:
        return
    severity, limit = graded
    hardest = max(sentence_places, key=lambda place: _difficulty(place[2]))
    place = hardest[0].position(hardest[1])
    first = pieces[0].position(0) if pieces else (doc.body_line, 1)
    values = {"grade": f"{score.grade:.1f}", "limit": _limit_text(limit), "line": place[0]}
    yield finding(rule, doc, first, values, severity=severity)


def _difficulty(sentence: str) -> float:
    """How much one sentence pushes the grade up: long sentences of long words first."""
    found = words(sentence)
    if not found:
        return 0.0
    score = Readability(len(found), 1, sum(syllables(word) for word in found))
    return score.grade


CHECKS = {
    "existence": check_existence,
    "substitution": check_substitution,
    "conditional": check_conditional,
    "occurrence": check_occurrence,
    "readability": check_readability,
}
