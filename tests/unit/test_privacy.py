"""Comments lose personal details before they are stored; visitors are keys, not addresses."""

from __future__ import annotations

import pytest

from portal.readers.privacy import REMOVED, scrub, visitor_key

REMOVED_CASES = [
    ("my password is Hunter22!", "my password is [removed]!"),
    ("My password is hunter.", "My password is [removed]."),
    ('password: "blue horse" please', "password: [removed] please"),
    ("the PIN is 4821", "the PIN is [removed]"),
    ("pwd=Winter2026", "pwd=[removed]"),
    ("write to jo.smith@corp.example.com", "write to [removed]"),
    ("call me on +44 20 7946 0958 today", "call me on [removed] today"),
    ("mobile 07700 900123", "mobile [removed]"),
    ("call (555) 010-9999", "call [removed]"),
    ("card 4111 1111 1111 1111 was charged", "card [removed] was charged"),
    ("card 4111-1111-1111-1111", "card [removed]"),
    ("I tried P@ssw0rd99 and it failed", "I tried [removed] and it failed"),
]
KEPT = [
    "password expired yesterday",
    "the password is wrong",
    "password reset page broke",
    "pin the tab to the taskbar",
    "it happened on 12/03/2026 at 10.30",
    "Outlook version 16.0.17328 crashed",
    "error 0x80070005 when I print",
    "room 4.12, ext 4455",
    "the steps did not work on my Mac",
    "see https://intranet.example.com/page?id=12",
]


@pytest.mark.parametrize(("text", "expected"), REMOVED_CASES)
def test_personal_details_are_removed(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_words_and_numbers_are_kept(text: str) -> None:
    assert scrub(text) == text


def test_a_number_that_is_not_a_card_is_kept() -> None:
    assert REMOVED not in scrub("ticket 1234 5678 9012 3456")  # fails the Luhn check


def test_visitor_keys_are_stable_for_a_day_and_unlinkable_across_days() -> None:
    today, tomorrow = b"a" * 32, b"b" * 32
    key = visitor_key(today, "10.1.2.3", "Firefox")
    assert key == visitor_key(today, "10.1.2.3", "Firefox")
    assert key != visitor_key(today, "10.1.2.4", "Firefox")
    assert key != visitor_key(tomorrow, "10.1.2.3", "Firefox")
    assert "10.1.2.3" not in key and len(key) == 32
