"""A compact inverted index stored as numpy arrays, scored with BM25 per field.

Whoosh analyses the text (tokens, stop words, English stems); this module keeps the
postings. Whoosh's own query execution took 23-30 ms per query at 5,000 guides here, too
slow for search-as-you-type; vectorised scoring over these arrays takes a few milliseconds.
Adjacent-word pairs ("sign in") are indexed as terms too, so phrases match without positions.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from search.analysis import analyzer, fold

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
K1 = 1.2
B = 0.75


@lru_cache(maxsize=200_000)
def _word_terms(word: str) -> tuple[str, ...]:
    """Index terms of one folded word: "wi-fi" -> ("wifi", "wi", "fi"); a stop word -> ()."""
    return tuple(token.text for token in analyzer()(word))


def index_terms(text: str) -> list[str]:
    """Every index term of a text with its adjacent pairs (as "a b"), for counting."""
    terms: list[str] = []
    previous: tuple[str, ...] = ()
    for word in _WORD.findall(fold(text)):
        current = _word_terms(word)
        if not current:
            continue  # stop words are skipped, as the analyzer skips them for queries
        terms.extend(current)
        if len(current) > 2:  # a hyphenated word: its parts also read as a pair
            terms.extend(f"{a} {b}" for a, b in itertools.pairwise(current[1:]))
        head = current[0]
        for before in previous[:1]:
            terms.append(f"{before} {head}")
        previous = current
    return terms


FieldCount = tuple[dict[str, int], int]  # term counts, and the length in words


def count_terms(text: str) -> FieldCount:
    """Term counts of a field's text and its length in words (pairs are not words)."""
    terms = index_terms(text)
    return dict(Counter(terms)), sum(1 for term in terms if " " not in term)


def add_counts(total: FieldCount, more: FieldCount) -> FieldCount:
    counts = dict(total[0])
    for term, count in more[0].items():
        counts[term] = counts.get(term, 0) + count
    return counts, total[1] + more[1]


def pair_terms(terms: tuple[str, ...]) -> list[str]:
    """The pair terms a phrase of several stems must all have."""
    return [f"{a} {b}" for a, b in itertools.pairwise(terms)]


@dataclass
class FieldPostings:
    """One field: for each term id, the documents holding it and how often."""

    indptr: np.ndarray  # int64, len = terms + 1
    docs: np.ndarray  # int32, sorted within each term
    impacts: np.ndarray  # float32: the term's BM25 score in that document, computed at build
    lengths: np.ndarray  # float32, per document

    def postings(self, term_id: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.indptr[term_id], self.indptr[term_id + 1]
        return self.docs[start:end], self.impacts[start:end]


class Collection:
    """Documents with several text fields, searchable by term id."""

    def __init__(self, terms: list[str], fields: dict[str, FieldPostings], size: int) -> None:
        self.terms = terms
        self.term_ids = {term: number for number, term in enumerate(terms)}
        self.fields = fields
        self.size = size

    def bm25(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(documents, BM25 score of the term in this field) or None when absent."""
        term_id = self.term_ids.get(term)
        if term_id is None:
            return None
        docs, impacts = self.fields[field].postings(term_id)
        return (docs, impacts) if len(docs) else None

    def scores_for(self, field: str, term: str, docs: np.ndarray) -> np.ndarray:
        """BM25 of a term in each of the given documents (sorted ids), 0 where absent."""
        result = np.zeros(len(docs), dtype=np.float32)
        found = self.bm25(field, term)
        if found is None:
            return result
        posting_docs, impacts = found
        where = np.searchsorted(posting_docs, docs)
        inside = where < len(posting_docs)
        hit = np.zeros(len(docs), dtype=bool)
        hit[inside] = posting_docs[where[inside]] == docs[inside]
        result[hit] = impacts[where[hit]]
        return result

    def save(self, folder: Path, name: str) -> None:
        arrays: dict[str, np.ndarray] = {}
        for field, postings in self.fields.items():
            arrays[f"{field}.indptr"] = postings.indptr
            arrays[f"{field}.docs"] = postings.docs
            arrays[f"{field}.impacts"] = postings.impacts
            arrays[f"{field}.lengths"] = postings.lengths
        np.savez(folder / f"{name}.npz", **arrays)  # type: ignore[arg-type]  # numpy's stubs
        header = {"terms": self.terms, "fields": list(self.fields), "size": self.size}
        (folder / f"{name}.terms.json").write_text(json.dumps(header), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, name: str) -> Collection:
        header = json.loads((folder / f"{name}.terms.json").read_text(encoding="utf-8"))
        fields = {}
        with np.load(folder / f"{name}.npz") as arrays:
            for field in header["fields"]:
                fields[field] = FieldPostings(
                    indptr=arrays[f"{field}.indptr"],
                    docs=arrays[f"{field}.docs"],
                    impacts=arrays[f"{field}.impacts"],
                    lengths=arrays[f"{field}.lengths"],
                )
        return cls(header["terms"], fields, header["size"])


class CollectionBuilder:
    """Counts terms document by document, then packs them into arrays."""

    def __init__(self, fields: list[str]) -> None:
        self.field_names = fields
        self.term_ids: dict[str, int] = {}
        self.chunks: dict[str, list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = {
            f: [] for f in fields
        }
        self.lengths: dict[str, list[int]] = {f: [] for f in fields}
        self.size = 0

    def add(self, texts: dict[str, str]) -> int:
        """Add a document from its field texts."""
        return self.add_counts(
            {field: count_terms(texts.get(field, "")) for field in self.field_names}
        )

    def add_counts(self, counted: dict[str, FieldCount]) -> int:
        """Add a document whose fields were already counted (possibly in another process)."""
        doc = self.size
        term_ids = self.term_ids
        for field in self.field_names:
            counts, length = counted.get(field, ({}, 0))
            self.lengths[field].append(length)
            ids = []
            for term in counts:
                term_id = term_ids.get(term)
                if term_id is None:
                    term_id = term_ids[term] = len(term_ids)
                ids.append(term_id)
            self.chunks[field].append(
                (
                    np.array(ids, dtype=np.int32),
                    np.full(len(ids), doc, dtype=np.int32),
                    np.array(list(counts.values()), dtype=np.float32),
                )
            )
        self.size += 1
        return doc

    def build(self) -> Collection:
        vocabulary = len(self.term_ids)
        fields = {}
        for field in self.field_names:
            chunks = self.chunks[field]
            ids = np.concatenate([c[0] for c in chunks]) if chunks else np.zeros(0, np.int32)
            docs = np.concatenate([c[1] for c in chunks]) if chunks else np.zeros(0, np.int32)
            freqs = np.concatenate([c[2] for c in chunks]) if chunks else np.zeros(0, np.float32)
            order = np.argsort(ids, kind="stable")  # documents were added in order
            counts = np.bincount(ids, minlength=vocabulary)
            indptr = np.zeros(vocabulary + 1, dtype=np.int64)
            np.cumsum(counts, out=indptr[1:])
            lengths = np.array(self.lengths[field], dtype=np.float32)
            docs, freqs = docs[order], freqs[order]
            average = float(lengths.mean()) if len(lengths) and lengths.mean() > 0 else 1.0
            idf = np.log1p((self.size - counts + 0.5) / (counts + 0.5)).astype(np.float32)
            norm = K1 * (1 - B + B * lengths[docs] / average)
            impacts = np.repeat(idf, counts) * freqs * (K1 + 1) / (freqs + norm)
            fields[field] = FieldPostings(
                indptr=indptr, docs=docs, impacts=impacts.astype(np.float32), lengths=lengths
            )
            self.chunks[field] = []
        terms = [""] * vocabulary
        for term, number in self.term_ids.items():
            terms[number] = term
        return Collection(terms, fields, self.size)
