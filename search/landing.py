"""Where a result lands: the guide's top, or the steps that match; never its afterword.

Our guide template (portal/writing/templates/guide.md) ends with parts a person in trouble
does not need first. A link never opens there; a page that does not follow the template opens
at its top unless one of its headings says most of what the query says.
"""

from __future__ import annotations

from search.analysis import cached_stems, fold

# The template's closing parts, as headings are compared (folded, without end punctuation).
NOT_LANDING = frozenset({"why this happens", "avoid it next time", "did it work", "related guides"})


def heading_key(heading: str) -> str:
    """ "Did it work?" and "did it work" are the same heading."""
    return " ".join(fold(heading).strip(" ?!.:").split())


def never_lands(heading: str) -> bool:
    return heading_key(heading) in NOT_LANDING


def heading_coverage(heading: str, wordings: list[set[tuple[str, ...]]], lang: str) -> float:
    """Share of the query's concepts the heading says (any wording of each)."""
    if not wordings:
        return 0.0
    terms = set(cached_stems(heading, lang))
    said = sum(1 for concept in wordings if any(set(words) <= terms for words in concept if words))
    return said / len(wordings)
