"""Watching the speller's work: which words it makes deletion variants of."""

from __future__ import annotations

import pytest

from search import spelling


def count_deletion_lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on, every word the speller makes deletion variants of is appended to the list."""
    looked_up: list[str] = []
    real = spelling._deletes

    def counted(word: str, depth: int) -> set[str]:
        looked_up.append(word)
        return real(word, depth)

    monkeypatch.setattr(spelling, "_deletes", counted)
    return looked_up
