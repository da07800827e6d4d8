"""Which public help collections `make eval` measures: full copies and the vendored subsets.

Full copies live outside the repository (`EXTERNAL`, /work/external by default) and are named
in its `collections.tsv` (name, docs folder, default language, licence); each has its
`queries.tsv`. Small subsets are vendored in tests/data/external/<name>/ with their own.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "collections.tsv"


@dataclass(frozen=True)
class Collection:
    """One folder of Markdown pages written by other people, with questions about it."""

    name: str
    docs: Path
    queries: Path
    default_lang: str = "en"
    licence: str = ""
    subset: bool = False  # a small vendored part of a collection, not the whole of it

    @property
    def label(self) -> str:
        return f"{self.name} (vendored subset)" if self.subset else self.name


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [
            {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


def _pick(row: dict[str, str], *names: str, default: str = "") -> str:
    """The first column present among names: manifests spell their headers differently."""
    for name in names:
        if row.get(name):
            return row[name]
    return default


def site_language(folder: Path) -> str | None:
    """The default language an mkdocs.yml beside the docs gives (theme or i18n), if any."""
    config = folder / "mkdocs.yml"
    if not config.is_file():
        return None
    text = config.read_text(encoding="utf-8", errors="replace")
    found = re.search(r"^\s+language:\s*['\"]?([a-z]{2}(?:[-_][A-Za-z]{2,4})?)", text, re.M)
    return found.group(1).lower() if found else None


def listed_collections(root: Path) -> list[Collection]:
    """Collections named in root/collections.tsv; [] when there is no manifest."""
    manifest = root / MANIFEST
    if not manifest.is_file():
        return []
    found = []
    for row in _rows(manifest):
        name = _pick(row, "name", "collection")
        if not name:
            continue
        docs = Path(_pick(row, "docs folder", "docs_folder", "docs", "folder", default="docs"))
        if not docs.is_absolute():
            docs = root / name / docs if (root / name / docs).is_dir() else root / docs
        lang = _pick(row, "default language", "default_language", "lang", "language")
        found.append(
            Collection(
                name,
                docs,
                root / name / "queries.tsv",
                (lang or "en").lower(),
                _pick(row, "licence", "license"),
            )
        )
    return found


def vendored_collections(root: Path) -> list[Collection]:
    """The small subsets in tests/data/external/<name>/ (docs/ and queries.tsv each)."""
    if not root.is_dir():
        return []
    listed = {c.name: c for c in listed_collections(root)}
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if not (folder / "docs").is_dir() or not (folder / "queries.tsv").is_file():
            continue
        known = listed.get(folder.name)
        lang = known.default_lang if known else site_language(folder) or "en"
        licence = known.licence if known else ""
        found.append(
            Collection(
                folder.name, folder / "docs", folder / "queries.tsv", lang, licence, subset=True
            )
        )
    return found
