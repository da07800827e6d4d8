"""Open one index build and check every part of it, so a damaged build is refused whole.

A build can be damaged in any way (a copy cut short, a failing disk, a hand edit, another
version's files). Every file is read and checked here, once, when the build is opened: a
missing, unreadable or inconsistent part raises `DamagedBuild` with the file and the reason,
and a build that opens can answer any query without failing later.
"""

from __future__ import annotations

import io
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from search.indexer import (
    FORMAT_VERSION,
    GUIDE_FIELDS,
    GUIDES,
    META_FILE,
    SECTION_FIELDS,
    SECTIONS,
)
from search.postings import Collection, FieldPostings

# What each array of a field must be: the indexer writes exactly these types.
ARRAY_TYPES = {
    "indptr": np.dtype(np.int64),
    "docs": np.dtype(np.int32),
    "impacts": np.dtype(np.float32),
    "lengths": np.dtype(np.float32),
}


class DamagedBuild(ValueError):
    """One part of a build cannot be used; the message names the file and says why."""


@dataclass(frozen=True)
class LoadedBuild:
    """Everything an Engine needs from one build, read and checked."""

    meta: dict[str, Any]
    guide_index: Collection
    section_index: Collection


def load_build(folder: Path) -> LoadedBuild:
    """Read and check a build's meta file and both collections; DamagedBuild if any is wrong."""
    meta = _json_file(folder / META_FILE)
    check_meta(meta)
    guides = _collection(folder, GUIDES, GUIDE_FIELDS, len(meta["guides"]))
    sections = _collection(folder, SECTIONS, SECTION_FIELDS, len(meta["sections"]))
    return LoadedBuild(meta, guides, sections)


def _read_file(path: Path) -> bytes:
    """The bytes of a regular file; never waits on a pipe or device put where a file was."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise DamagedBuild(f"{path.name} cannot be read ({error.strerror or error})") from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise DamagedBuild(f"{path.name} is not a regular file")
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            return handle.read()
    except OSError as error:
        raise DamagedBuild(f"{path.name} cannot be read ({error.strerror or error})") from None
    finally:
        os.close(descriptor)


def _json_file(path: Path) -> Any:
    data = _read_file(path)
    try:
        return json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as error:  # not JSON, not UTF-8, or nested too deep
        raise DamagedBuild(f"{path.name} is not valid JSON ({_short(error)})") from None


def _arrays(path: Path, names: list[str]) -> dict[str, np.ndarray]:
    """The named arrays of an .npz file, fully read (so later reads cannot fail)."""
    data = _read_file(path)
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            return {name: np.asarray(archive[name]) for name in names}
    # Damaged bytes surface as many types from zipfile, zlib and numpy's reader (BadZipFile,
    # EOFError, KeyError, NotImplementedError, MemoryError...): any of them means this file
    # cannot be used, which is all the caller needs to know.
    except Exception as error:
        raise DamagedBuild(f"{path.name} is not a readable array file ({_short(error)})") from None


def _short(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else error.__class__.__name__
    return text[:160]


def _collection(folder: Path, name: str, fields: list[str], size: int) -> Collection:
    """One collection, checked against the meta file's count of documents."""
    header_file = f"{name}.terms.json"
    header = _json_file(folder / header_file)
    _expect(isinstance(header, dict), header_file, "is not a JSON object")
    terms = header.get("terms")
    _expect(
        isinstance(terms, list) and all(isinstance(t, str) for t in terms),
        header_file,
        "has no list of terms",
    )
    _expect(header.get("fields") == fields, header_file, f"does not list the fields {fields}")
    _expect(_is_int(header.get("size")), header_file, "has no document count")
    _expect(header["size"] == size, header_file, f"counts {header['size']} documents, not {size}")
    names = [f"{field}.{part}" for field in fields for part in ARRAY_TYPES]
    arrays = _arrays(folder / f"{name}.npz", names)
    postings = {
        field: _postings(f"{name}.npz {field}", arrays, field, len(terms), size) for field in fields
    }
    return Collection(terms, postings, size)


def _postings(
    where: str, arrays: dict[str, np.ndarray], field: str, terms: int, size: int
) -> FieldPostings:
    """One field's arrays, with every index a search will use checked to be in range."""
    for part, dtype in ARRAY_TYPES.items():
        array = arrays[f"{field}.{part}"]
        _expect(array.ndim == 1, where, f"{part} is not a flat array")
        _expect(array.dtype == dtype, where, f"{part} holds {array.dtype}, not {dtype}")
    indptr, docs = arrays[f"{field}.indptr"], arrays[f"{field}.docs"]
    impacts, lengths = arrays[f"{field}.impacts"], arrays[f"{field}.lengths"]
    _expect(len(indptr) == terms + 1, where, "does not have one entry per term")
    _expect(int(indptr[0]) == 0 and int(indptr[-1]) == len(docs), where, "has wrong offsets")
    steps = np.diff(indptr)
    _expect(bool(np.all(steps >= 0)), where, "has offsets that go backwards")
    _expect(len(impacts) == len(docs), where, "has one score per posting missing")
    _expect(len(lengths) == size, where, "does not have one length per document")
    _expect(bool(np.all((docs >= 0) & (docs < size))), where, "points at documents it lacks")
    _expect(bool(np.all(np.isfinite(impacts))), where, "has scores that are not numbers")
    _expect(bool(np.all(np.isfinite(lengths))), where, "has lengths that are not numbers")
    # Within each term the documents must rise: scoring looks them up by binary search.
    rising = np.diff(docs) > 0
    same_term = np.ones(len(rising), dtype=bool)
    boundaries = indptr[1:-1]
    boundaries = boundaries[(boundaries > 0) & (boundaries < len(docs))]
    same_term[boundaries - 1] = False
    _expect(bool(np.all(rising | ~same_term)), where, "has documents out of order")
    return FieldPostings(indptr=indptr, docs=docs, impacts=impacts, lengths=lengths)


def check_meta(meta: Any) -> None:
    """The meta file's shape: every value a search reads has the type and range it expects."""
    where = META_FILE
    _expect(isinstance(meta, dict), where, "is not a JSON object")
    _expect(meta.get("format") == FORMAT_VERSION, where, "was written by another version")
    guides, sections = meta.get("guides"), meta.get("sections")
    _expect(isinstance(guides, list), where, "has no list of guides")
    _expect(isinstance(sections, list), where, "has no list of sections")
    for number, section in enumerate(sections):
        _expect(
            isinstance(section, list)
            and len(section) == 4
            and _is_int(section[0])
            and 0 <= section[0] < len(guides)
            and all(isinstance(text, str) for text in section[1:]),
            where,
            f"section {number} is not [guide, anchor, heading, text]",
        )
    for number, guide in enumerate(guides):
        _check_guide(guide, number, sections)
    _expect(_text_map(meta.get("section_titles", {})), where, "section_titles is not text")
    featured = meta.get("featured", [])
    _expect(_texts(featured), where, "featured is not a list of paths")
    _expect(isinstance(meta.get("built_at", ""), str), where, "built_at is not text")
    vocabulary = meta.get("vocabulary")
    _expect(
        isinstance(vocabulary, dict) and all(_is_int(n) for n in vocabulary.values()),
        where,
        "vocabulary is not words with counts",
    )
    synonyms = meta.get("synonyms")
    _expect(isinstance(synonyms, list), where, "synonyms is not a list")
    for entry in synonyms:
        _expect(
            isinstance(entry, list)
            and len(entry) == 2
            and _texts(entry[0])
            and len(entry[0]) > 0
            and isinstance(entry[1], list)
            and all(_texts(alternative) for alternative in entry[1]),
            where,
            "a synonym is not [words, [alternatives]]",
        )


def _check_guide(guide: Any, number: int, sections: list[Any]) -> None:
    where = f"{META_FILE}: guide {number}"
    _expect(isinstance(guide, dict), where, "is not an object")
    for key in ("path", "title", "url", "description", "section"):
        _expect(isinstance(guide.get(key), str), where, f"has no text for {key}")
    span = guide.get("sections")
    _expect(
        isinstance(span, list)
        and len(span) == 2
        and all(_is_int(n) for n in span)
        and 0 <= span[0] <= span[1] <= len(sections),
        where,
        "has a section range outside the sections",
    )
    _expect(
        all(section[0] == number for section in sections[span[0] : span[1]]),
        where,
        "has sections of another guide",
    )
    phrases = guide.get("phrase_terms")
    _expect(
        isinstance(phrases, list) and all(_texts(terms) for terms in phrases),
        where,
        "has phrase terms that are not lists of words",
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _text_map(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(item, str) for item in value.values())


def _expect(condition: bool, where: str, problem: str) -> None:
    if not condition:
        raise DamagedBuild(f"{where} {problem}")
