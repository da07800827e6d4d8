"""Open one index build and check every part of it, so a damaged build is refused whole.

A build can be damaged in any way (a copy cut short, a failing disk, a hand edit, another
version's files). The meta file is checked value by value, every index file against the size
and checksum the build recorded, and both tantivy indexes against the meta file: a missing,
unreadable or inconsistent part raises `DamagedBuild` with the file and the reason, and a
build that opens can answer any query without failing later.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy

from search import schema
from search.indexer import FORMAT_VERSION, META_FILE


class DamagedBuild(ValueError):
    """One part of a build cannot be used; the message names the file and says why."""


@dataclass(frozen=True)
class LoadedBuild:
    """Everything an Engine needs from one build, read and checked."""

    meta: dict[str, Any]
    guide_index: tantivy.Index
    section_index: tantivy.Index


def load_build(folder: Path) -> LoadedBuild:
    """Read and check a build's meta file, its files and both indexes; DamagedBuild if wrong."""
    meta = read_meta(folder / META_FILE)
    check_meta(meta)
    for name, (size, digest) in meta["files"].items():
        data = _read_file(folder / name)
        _expect(len(data) == size, name, f"has {len(data)} bytes, not {size}")
        _expect(hashlib.sha256(data).hexdigest() == digest, name, "is not what was written")
    guides = _open(folder / schema.GUIDES_DIR)
    sections = _open(folder / schema.SECTIONS_DIR)
    live = [g for g in meta["guides"] if not g.get("removed")]
    _check_numbers(guides, len(meta["guides"]), schema.GUIDES_DIR)
    _expect(
        guides.searcher().num_docs == len(live),
        schema.GUIDES_DIR,
        f"does not hold the {len(live)} guides the meta file lists",
    )
    return LoadedBuild(meta, guides, sections)


def _open(folder: Path) -> tantivy.Index:
    try:
        index = schema.open_index(folder)
        index.searcher()
    except Exception as error:  # tantivy says ValueError for most damage, OSError for the rest
        raise DamagedBuild(f"{folder.name} cannot be opened ({_short(error)})") from None
    return index


def _check_numbers(index: tantivy.Index, count: int, where: str) -> None:
    """Every document's guide number points at a guide of the meta file."""
    try:
        searcher = index.searcher()
        hits = searcher.search(tantivy.Query.all_query(), max(1, searcher.num_docs)).hits
        numbers = searcher.fast_field_values(schema.NUMBER, [address for _, address in hits])
    except Exception as error:
        raise DamagedBuild(f"{where} cannot be read ({_short(error)})") from None
    _expect(
        all(isinstance(n, int) and 0 <= n < count for n in numbers),
        where,
        "points at guides the meta file lacks",
    )


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


def read_meta(path: Path) -> Any:
    """The build's meta file: gzip-compressed JSON."""
    data = _read_file(path)
    try:
        data = gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as error:  # not gzip, or cut short
        raise DamagedBuild(f"{path.name} is not a compressed meta file ({_short(error)})") from None
    try:
        return json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as error:  # not JSON, not UTF-8, or nested too deep
        raise DamagedBuild(f"{path.name} is not valid JSON ({_short(error)})") from None


def _short(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else error.__class__.__name__
    return text[:160]


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
            and len(section) == 3
            and _is_int(section[0])
            and 0 <= section[0] < len(guides)
            and all(isinstance(text, str) for text in section[1:]),
            where,
            f"section {number} is not [guide, anchor, heading]",
        )
    for number, guide in enumerate(guides):
        _check_guide(guide, number, sections)
    _expect(_text_map(meta.get("section_titles", {})), where, "section_titles is not text")
    featured = meta.get("featured", [])
    _expect(_texts(featured), where, "featured is not a list of paths")
    _expect(isinstance(meta.get("built_at", ""), str), where, "built_at is not text")
    _expect(isinstance(meta.get("default_language"), str), where, "has no default language")
    languages = meta.get("languages")
    _expect(isinstance(languages, dict), where, "has no languages")
    for lang, known in languages.items():
        _expect(
            isinstance(known, dict)
            and isinstance(known.get("words"), dict)
            and all(_is_int(n) for n in known["words"].values())
            and _texts(known.get("stems")),
            where,
            f"the words of language {lang!r} are not words with counts and stems",
        )
    _check_narrowing(meta.get("narrowing", {}))
    files = meta.get("files")
    _expect(
        isinstance(files, dict)
        and all(
            isinstance(name, str)
            and ".." not in name.split("/")
            and not name.startswith("/")
            and isinstance(entry, list)
            and len(entry) == 2
            and _is_int(entry[0])
            and isinstance(entry[1], str)
            for name, entry in files.items()
        ),
        where,
        "does not list the index files with their sizes and checksums",
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
    for key in ("path", "title", "url", "description", "section", "lang", "translation_key"):
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


def _check_narrowing(narrowing: Any) -> None:
    """The troubleshooters and topics a vague query is asked about (search.narrowing)."""
    where = f"{META_FILE}: narrowing"
    _expect(isinstance(narrowing, dict), where, "is not an object")
    trees = narrowing.get("troubleshooters", [])
    _expect(isinstance(trees, list), where, "has no list of troubleshooters")
    for number, tree in enumerate(trees):
        _expect(
            isinstance(tree, dict)
            and all(
                isinstance(tree.get(key), str)
                for key in ("path", "url", "title", "lang", "question", "start")
            )
            and isinstance(tree.get("choices"), list)
            and all(
                isinstance(choice, dict)
                and all(isinstance(choice.get(key), str) for key in ("label", "url", "kind"))
                for choice in tree["choices"]
            )
            and _lists_of_texts(tree.get("terms"))
            and _lists_of_texts(tree.get("answers", []))
            and _lists_of_texts(tree.get("deeper", [])),
            where,
            f"troubleshooter {number} is not a question with choices and terms",
        )
    topics = narrowing.get("topics", [])
    _expect(
        isinstance(topics, list)
        and all(
            isinstance(topic, dict)
            and all(isinstance(topic.get(key), str) for key in ("title", "url", "section", "lang"))
            for topic in topics
        ),
        where,
        "topics are not titles with addresses",
    )
    _expect(isinstance(narrowing.get("desk", ""), str), where, "desk is not an address")


def _lists_of_texts(value: Any) -> bool:
    return isinstance(value, list) and all(_texts(item) for item in value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _text_map(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(item, str) for item in value.values())


def _expect(condition: bool, where: str, problem: str) -> None:
    if not condition:
        raise DamagedBuild(f"{where} {problem}")
