"""Typo tolerance with the rules good engines converge on, and completions for as-you-type.

No typo is allowed in words under 4 letters, one from 4 letters, two from 8; a wrong first
letter costs two. Candidates come from a deletion index (the SymSpell idea), so a lookup
costs a few dictionary probes instead of a scan of the vocabulary.
"""

from __future__ import annotations

import bisect
import threading
from collections import defaultdict
from itertools import combinations

from search.analysis import word_terms

MAX_EDITS = 2
MAX_CANDIDATES = 3


def allowed_typos(word: str) -> int:
    """How many typos a word of this length may carry."""
    if len(word) < 4:
        return 0
    if len(word) < 8:
        return 1
    return 2


def edit_distance(a: str, b: str, limit: int = MAX_EDITS) -> int:
    """Optimal string alignment distance (a swap of two letters is one typo), capped at limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        row_min = current[0]
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            row_min = min(row_min, value)
        if row_min > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def typo_cost(typed: str, known: str) -> int:
    """Edits between the words, plus one when the first letter is wrong."""
    cost = edit_distance(typed, known)
    if typed[:1] != known[:1]:
        cost += 1
    return cost


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(ch in letters for ch in short)


def _pairs(word: str) -> set[str]:
    return {word[i : i + 2] for i in range(len(word) - 1)}


def _deletes(word: str, depth: int) -> set[str]:
    found = {word}
    for n in range(1, min(depth, len(word) - 1) + 1):
        for positions in combinations(range(len(word)), n):
            found.add("".join(ch for i, ch in enumerate(word) if i not in positions))
    return found


class Speller:
    """Known words with their frequencies; corrections and completions from them."""

    def __init__(
        self, counts: dict[str, int], stems: frozenset[str] = frozenset(), lang: str = "en"
    ) -> None:
        self.counts = counts
        self.stems = stems
        self.lang = lang
        self.sorted_words = sorted(counts)
        self._deletions: dict[str, list[str]] | None = None
        self._deletions_lock = threading.Lock()
        self.longest = max(
            (len(word) for word in counts if len(word) >= 4 and word.isalpha()), default=0
        )

    def prepare(self) -> None:
        """Make the deletion index now (the portal does, beside the readers, after opening a
        build), so no reader's first typo waits for it."""
        _ = self._deletion_index

    @property
    def _deletion_index(self) -> dict[str, list[str]]:
        """The deletion index, made when a first word needs correcting: most searches never
        do, and `kb search` should answer before it would be ready (about 90 ms)."""
        if self._deletions is None:
            with self._deletions_lock:
                if self._deletions is None:
                    index: dict[str, list[str]] = defaultdict(list)
                    for word in self.counts:
                        if len(word) >= 4 and word.isalpha():
                            for variant in _deletes(word, MAX_EDITS):
                                index[variant].append(word)
                    self._deletions = index
        return self._deletions

    def known(self, word: str) -> bool:
        return word in self.counts

    def is_word(self, word: str) -> bool:
        """Known, or another form of a known word ("rejected" where the guides say "reject")."""
        if word in self.counts:
            return True
        if not self.stems:
            return False
        terms = word_terms(word, self.lang)
        return bool(terms) and terms[0] in self.stems

    def corrections(self, word: str) -> list[str]:
        """The best known words this one could be a typo of, most likely first."""
        budget = allowed_typos(word)
        if budget == 0 or not word.isalpha() or self.is_word(word):
            return []
        if len(word) > self.longest + budget:
            # No known word is that close; and a 200-letter word has ~20,000 deletion
            # variants, which took 0.4 s per search (found by `make fuzz`).
            return []
        candidates: set[str] = set()
        for variant in _deletes(word, budget):
            candidates.update(self._deletion_index.get(variant, ()))
        scored = []
        for candidate in candidates:
            cost = typo_cost(word, candidate)
            if cost <= budget:
                # Among equal costs, a dropped letter ("ofline") is the commonest slip, then
                # the candidate sharing most letter pairs, then the commoner word.
                dropped = len(candidate) == len(word) + 1 and _is_subsequence(word, candidate)
                shared = len(_pairs(word) & _pairs(candidate))
                scored.append((cost, not dropped, -shared, -self.counts[candidate], candidate))
        scored.sort()
        if not scored:
            return []
        best = scored[0][0]
        return [row[-1] for row in scored if row[0] == best][:MAX_CANDIDATES]

    def completions(self, prefix: str, limit: int = 10) -> list[str]:
        """Known words that start with prefix, most frequent first (bounded for speed)."""
        start = bisect.bisect_left(self.sorted_words, prefix)
        found = []
        for word in self.sorted_words[start:]:
            if not word.startswith(prefix):
                break
            if word != prefix:
                found.append(word)
            if len(found) >= 200:
                break
        found.sort(key=lambda w: -self.counts[w])
        return found[:limit]

    def split(self, word: str) -> tuple[str, str] | None:
        """A run-together word ("printerjam") as two known words, if it is one."""
        if self.known(word) or len(word) < 6:
            return None
        best: tuple[int, tuple[str, str]] | None = None
        for cut in range(3, len(word) - 2):
            left, right = word[:cut], word[cut:]
            if self.known(left) and self.known(right):
                score = min(self.counts[left], self.counts[right])
                if best is None or score > best[0]:
                    best = (score, (left, right))
        return best[1] if best else None
