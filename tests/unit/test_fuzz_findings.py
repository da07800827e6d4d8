"""Bugs `make fuzz` found in pure functions, each kept fixed: a card number that slipped through
screening, a search that took 0.4 s."""

from __future__ import annotations

import pytest

from portal.readers.privacy import scrub
from search.spelling import Speller
from tests.support.spelling import count_deletion_lookups


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("card 1 4111 1111 1111 1111", "card 1 [removed]"),
        ("ids 12 4111111111111111", "ids 12 [removed]"),
        ("4111111111111111 5 times", "[removed] 5 times"),
        ("card 4111-1111-1111-1111 then 7", "card [removed] then 7"),
    ],
)
def test_a_card_number_beside_another_number_is_removed(text: str, expected: str) -> None:
    assert scrub(text) == expected


def test_a_very_long_word_is_not_looked_up_for_typos(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deletion variants of a 200-letter word are ~20,000 strings; no known word is that long."""
    speller = Speller({"printer": 5, "offline": 3, "authentication": 2})
    assert speller.corrections("printr") == ["printer"]  # the known words' index is made now
    looked_up = count_deletion_lookups(monkeypatch)
    assert speller.corrections("a" * 200) == []
    assert speller.corrections("authenticationx") == ["authentication"]
    assert speller.corrections("pritner") == ["printer"]
    assert looked_up == ["authenticationx", "pritner"]
