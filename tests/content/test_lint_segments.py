"""Segments over every real guide in content/: each visible character sits where its position
says."""

from __future__ import annotations

from portal.guides.articles import split_front_matter
from portal.guides.markdown_text import text_blocks
from portal.guides.segments import text_segments
from tests.support.files import ROOT


def test_every_character_maps_back_to_itself_in_every_guide() -> None:
    """The strongest check: each visible character sits where its position says."""
    checked = 0
    for path in sorted((ROOT / "content").rglob("*.md")):
        body = split_front_matter(path.read_text(encoding="utf-8"))[1]
        lines = body.splitlines()
        segments = text_segments(body)
        assert [(s.kind, s.text, s.line) for s in segments] == [
            (b.kind, b.text, b.line) for b in text_blocks(body)
        ]
        for segment in segments:
            assert len(segment.positions) == len(segment.text)
            for char, (line, column) in zip(segment.text, segment.positions, strict=True):
                if char != " ":
                    assert lines[line - 1][column - 1] == char, (path, segment.text)
                    checked += 1
    assert checked > 100_000
