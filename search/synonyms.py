"""Synonyms writers maintain: the built-in list plus `content/_data/synonyms.yml`.

Compiled at index time into the index folder, and applied when someone searches, so search
never needs to read content/.
"""

from __future__ import annotations

from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from portal.errors import PlainhelpError
from portal.words import yaml_problem
from search.analysis import stem_word, surface_words

Phrase = tuple[str, ...]
SynonymMap = dict[Phrase, list[Phrase]]
CONTENT_SYNONYMS = Path("_data") / "synonyms.yml"


class SynonymError(PlainhelpError, ValueError):
    """The synonyms file is not in the expected shape; the message says where."""


def key_of(words: list[str] | tuple[str, ...]) -> Phrase:
    """Match on stems, so "printers jammed" finds the entry for "printer jam"."""
    return tuple(stem_word(word) or word for word in words)


def _phrase(value: Any, where: str) -> Phrase:
    if not isinstance(value, str | int) or not str(value).strip():
        raise SynonymError(f"{where}: each synonym must be a word or a phrase")
    words = surface_words(str(value))
    if not words:
        raise SynonymError(f"{where}: {value!r} has no letters or digits")
    return tuple(words)


def parse_synonyms(data: Any, source: str) -> SynonymMap:
    """Turn the YAML's groups and one-way expansions into phrase -> alternatives."""
    if data is None:
        return {}
    if not isinstance(data, dict) or not set(data) <= {"groups", "expands"}:
        raise SynonymError(f"{source}: expected `groups:` and/or `expands:` at the top")
    table: dict[Phrase, dict[Phrase, None]] = defaultdict(dict)
    for number, group in enumerate(data.get("groups") or [], start=1):
        where = f"{source}: group {number}"
        if not isinstance(group, list) or len(group) < 2:
            raise SynonymError(
                f"{where}: a group is a list of two or more words, like [wifi, wi-fi]"
            )
        phrases = [_phrase(item, where) for item in group]
        for phrase in phrases:
            for other in phrases:
                if other != phrase:
                    table[key_of(phrase)][other] = None
    expands = data.get("expands") or {}
    if not isinstance(expands, dict):
        raise SynonymError(
            f"{source}: `expands:` maps a word to a list, like `vanished: [missing]`"
        )
    for left, right in expands.items():
        where = f"{source}: expands {left!r}"
        if not isinstance(right, list) or not right:
            raise SynonymError(f"{where}: give a list of words, like [missing, gone]")
        for item in right:
            table[key_of(_phrase(left, where))][_phrase(item, where)] = None
    return {key: list(alternatives) for key, alternatives in table.items()}


def _read(path_text: str, source: str) -> SynonymMap:
    try:
        data = yaml.safe_load(path_text)
    except yaml.YAMLError as error:
        found = yaml_problem(error)
        line = f":{found.line}" if found.line is not None else ""
        reason = f": {found.reason}" if found.reason else ""
        raise SynonymError(f"{source}{line}: not valid YAML{reason}") from None
    return parse_synonyms(data, source)


def load_synonyms(content_dir: Path | None) -> SynonymMap:
    """The built-in list merged with the content folder's own list, if it has one."""
    builtin = resources.files("search").joinpath("synonyms.yml").read_text("utf-8")
    merged = _read(builtin, "built-in synonyms")
    if content_dir is not None:
        extra_path = content_dir / CONTENT_SYNONYMS
        if extra_path.is_file():
            extra = _read(extra_path.read_text("utf-8"), extra_path.as_posix())
            for key, alternatives in extra.items():
                known = merged.setdefault(key, [])
                known.extend(a for a in alternatives if a not in known)
    return merged
