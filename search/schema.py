"""The two tantivy indexes of a build: one document per guide, one per section.

Text arrives already analysed (`search.analysis`: folded, stemmed per language), so tantivy
splits on spaces and nothing else. Only what a result shows is stored: guides are told
apart by a number (a fast field) that points into the build's meta file.
"""

from __future__ import annotations

from pathlib import Path

import tantivy

ANALYSED = "plainhelp"  # the tokenizer: split on whitespace, terms are already analysed
GUIDES_DIR = "guides.tantivy"
SECTIONS_DIR = "sections.tantivy"
# Fields of a guide and how much a match in each counts (BM25 per field, summed).
GUIDE_FIELDS: dict[str, float] = {
    "title": 3.0,
    "phrases": 2.5,  # writers' phrases, front matter keywords and aliases, tags
    "headings": 1.5,
    "description": 1.5,
    "body": 1.0,
}
SECTION_FIELDS: dict[str, float] = {"heading": 2.0, "text": 1.0}
# Which fields tell whether a concept is met at all: every field of a guide (measured: leaving
# out headings and description lost questions on other sites' pages); a section's text.
GUIDE_COVERAGE_FIELDS = tuple(GUIDE_FIELDS)
SECTION_COVERAGE_FIELDS = ("text",)
NUMBER = "number"  # the guide's number in the meta file (fast field)
PATH = "path"  # the guide's path, for deleting one guide's documents
LANG = "lang"
SECTION = "section"
POSITION = "position"  # a section's place in its guide
STORED_TEXT = "stored_text"  # a section's text as written, for its snippet
WRITER_HEAP = 64_000_000


def guide_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for name in GUIDE_FIELDS:
        builder.add_text_field(name, tokenizer_name=ANALYSED)
    builder.add_unsigned_field(NUMBER, indexed=True, fast=True)
    builder.add_text_field(PATH, tokenizer_name="raw", index_option="basic")
    builder.add_text_field(LANG, tokenizer_name="raw", index_option="basic")
    builder.add_text_field(SECTION, tokenizer_name="raw", index_option="basic")
    return builder.build()


def section_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for name in SECTION_FIELDS:
        # No positions: a section only picks where a guide opens, and positions were a fifth
        # of a build's size. Several-word wordings match there as all their words.
        builder.add_text_field(name, tokenizer_name=ANALYSED, index_option="freq")
    builder.add_unsigned_field(NUMBER, indexed=True, fast=True)
    builder.add_unsigned_field(POSITION, fast=True)
    builder.add_text_field(PATH, tokenizer_name="raw", index_option="basic")
    builder.add_bytes_field(STORED_TEXT, stored=True)
    return builder.build()


def _with_tokenizer(index: tantivy.Index) -> tantivy.Index:
    """Every opened index needs our tokenizer registered again (tantivy does not keep it)."""
    analyzer = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
    index.register_tokenizer(ANALYSED, analyzer)
    return index


def create(folder: Path, schema: tantivy.Schema) -> tantivy.Index:
    folder.mkdir()
    return _with_tokenizer(tantivy.Index(schema, path=str(folder)))


def open_index(folder: Path) -> tantivy.Index:
    return _with_tokenizer(tantivy.Index.open(str(folder)))
