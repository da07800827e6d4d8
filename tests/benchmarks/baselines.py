"""The three systems Plainhelp is measured against, each set up as a first try would be.

- Material's built-in search: lunr over a built site's search_index.json, with Material's
  settings (every term a prefix, stop words only);
- Whoosh: StemmingAnalyzer, BM25F over the title (weighted twice) and the whole file, any
  word may match (OrGroup);
- tantivy: BM25 over the same two fields with its `en_stem` tokenizer, every word optional.

Whoosh and tantivy read the Markdown files themselves, so they see every page MkDocs would.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from tests.benchmarks.evaluation import Ranker

_TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.MULTILINE)
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---\s*\n(.*?)\n(?:---|\.\.\.)\s*\n", re.DOTALL)
_LANG = re.compile(r"^lang(?:uage)?:\s*(\S+)\s*$", re.MULTILINE)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    """One Markdown file as a simple indexer sees it: path, a title and the whole text."""

    path: str  # relative to the docs folder, with .md
    title: str
    text: str


def page_title(text: str, path: Path) -> str:
    """Front matter `title:`, else the first `# ` heading, else the file name."""
    front = _FRONT_MATTER.match(text)
    if front and (title := _TITLE.search(front.group(1))):
        return title.group(1).strip("\"'")
    heading = _HEADING.search(text[front.end() if front else 0 :])
    return heading.group(1) if heading else path.stem.replace("-", " ").replace("_", " ")


def declared_language(text: str) -> str | None:
    """A page's own `lang:` (or `language:`) in its front matter, if it has one."""
    front = _FRONT_MATTER.match(text)
    found = front and _LANG.search(front.group(1))
    return found.group(1).strip("\"'").lower() if found else None


def read_pages(docs: Path) -> list[Page]:
    """Every Markdown file under docs, as MkDocs would take them (hidden folders left out)."""
    pages = []
    for source in sorted(docs.rglob("*.md")):
        relative = source.relative_to(docs)
        if any(part.startswith(".") for part in relative.parts) or not source.is_file():
            continue
        text = source.read_text(encoding="utf-8", errors="replace")
        pages.append(Page(relative.as_posix(), page_title(text, relative), text))
    return pages


def words(query: str) -> list[str]:
    """A query's words, lower case: no operators or punctuation reach the baselines' parsers."""
    return [w.lower() for w in _WORD.findall(query)]


def whoosh_first_try_ranker(pages: list[Page]) -> Ranker:
    """Whoosh as a first try would set it up (see the module's docstring)."""
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.filedb.filestore import RamStorage
    from whoosh.qparser import MultifieldParser, OrGroup

    schema = Schema(
        path=ID(stored=True, unique=True),
        title=TEXT(analyzer=StemmingAnalyzer(), field_boost=2.0),
        content=TEXT(analyzer=StemmingAnalyzer()),
    )
    index = RamStorage().create_index(schema)
    writer = index.writer()
    for page in pages:
        writer.add_document(path=page.path, title=page.title, content=page.text)
    writer.commit()
    parser = MultifieldParser(["title", "content"], schema, group=OrGroup)
    searcher = index.searcher()

    def rank(query: str, _lang: str) -> list[str]:
        terms = words(query)
        if not terms:
            return []
        return [hit["path"] for hit in searcher.search(parser.parse(" ".join(terms)), limit=10)]

    return rank


def tantivy_bm25_ranker(pages: list[Page], folder: Path | None = None) -> Ranker:
    """Plain tantivy BM25 (see the module's docstring); in memory unless a folder is given."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("path", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", tokenizer_name="en_stem")
    builder.add_text_field("body", tokenizer_name="en_stem")
    schema = builder.build()
    index = tantivy.Index(schema, path=str(folder) if folder else None)
    writer = index.writer()
    for page in pages:
        writer.add_document(tantivy.Document(path=page.path, title=page.title, body=page.text))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()

    def rank(query: str, lang: str) -> list[str]:  # one analyser for every language
        terms = words(query)
        if not terms:
            return []
        parsed = index.parse_query(" ".join(terms), ["title", "body"], field_boosts={"title": 2.0})
        hits = searcher.search(parsed, 10).hits
        return [searcher.doc(address)["path"][0] for _score, address in hits]

    return rank


def build_material_site(docs: Path, site: Path, language: str = "en") -> str | None:
    """Build docs with MkDocs and Material (not strict) into site; None, or why it failed."""
    config = site.parent / f"{site.name}-mkdocs.yml"
    config.write_text(
        json.dumps(  # JSON is YAML: no quoting surprises in folder names
            {
                "site_name": docs.parent.name or "Help",
                "docs_dir": str(docs.resolve()),
                "site_dir": str(site.resolve()),
                "theme": {"name": "material", "language": language.split("-")[0]},
                "plugins": ["search"],
            }
        ),
        encoding="utf-8",
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config)],
            capture_output=True,
            text=True,
            timeout=900,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return "the MkDocs build took more than 15 minutes"
    if done.returncode != 0 or not (site / "search" / "search_index.json").is_file():
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        return lines[-1].strip() if lines else f"mkdocs exited with {done.returncode}"
    return None


def lunr_material_ranker(site_dir: Path) -> Ranker:
    """Material's built-in search, rebuilt in Python with Material's own settings."""
    from lunr.builder import Builder
    from lunr.stop_word_filter import stop_word_filter

    data = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    builder = Builder()
    builder.pipeline.add(stop_word_filter)
    builder.search_pipeline.add(stop_word_filter)
    builder.ref("location")
    for name, spec in data["config"]["fields"].items():
        builder.field(name, boost=spec.get("boost", 1))
    for doc in data["docs"]:
        text = unescape(re.sub(r"<[^>]+>", " ", doc.get("text", "")))
        builder.add(
            {
                "location": doc["location"],
                "title": unescape(re.sub(r"<[^>]+>", " ", doc.get("title", ""))),
                "text": text,
                "tags": " ".join(doc.get("tags", [])),
            }
        )
    index = builder.build()
    separator = re.compile(data["config"]["separator"])

    def rank(query: str, _lang: str) -> list[str]:
        terms = [t for t in separator.split(query.lower()) if re.fullmatch(r"\w+", t)]
        if not terms:
            return []
        try:
            results = index.search(" ".join(f"{t}*" for t in terms))
        except Exception:  # lunr raises on some inputs; Material shows no results then
            return []
        ranked: list[str] = []
        for result in results:
            page = result["ref"].split("#")[0]
            if page not in ranked:
                ranked.append(page)
        return ranked

    return rank
