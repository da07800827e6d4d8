"""Search in-process on a tiny index of its own: safe snippets, and the typo rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from portal.guides.articles import load_content
from search.engine import Engine
from search.indexer import build_index, current_index
from search.spelling import Speller, allowed_typos, typo_cost
from tests.support.files import write


def test_snippets_mark_matches_and_escape_everything_else(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "index.md", "# Home\n")
    write(
        content,
        "printing/odd.md",
        "# Printer <b>odd</b> tricks\n\nThe printer shows `<script>alert(1)</script>` & more.\n",
    )
    build_index(load_content(content), tmp_path / "var")
    hit = Engine(current_index(tmp_path / "var")).search("printer").results[0]  # type: ignore[arg-type]
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "&amp;" in hit.snippet
    assert re.sub(r"</?mark>", "", hit.snippet).count("<") == 0
    assert "<mark>printer</mark>" in hit.snippet.lower()


@pytest.mark.parametrize(
    ("typed", "known", "allowed"),
    [
        ("cat", "car", False),  # under 4 letters: no typos
        ("pritner", "printer", True),  # swapped letters: one typo
        ("prnter", "printer", True),  # dropped letter
        ("rinter", "printer", False),  # wrong first letter costs two
        ("pasword", "password", True),
        ("disapeared", "disappeared", True),  # 8+ letters: two typos
        ("offlien", "offline", True),
    ],
)
def test_typo_rules(typed: str, known: str, allowed: bool) -> None:
    assert (typo_cost(typed, known) <= allowed_typos(typed)) is allowed
    assert (known in Speller({known: 5, "unrelated": 9}).corrections(typed)) is allowed
