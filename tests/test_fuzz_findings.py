"""Bugs `make fuzz` found, each kept fixed: inputs that made a 500, a missing header,
a card number that slipped through screening, a search that took 0.4 s."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import quote

import pytest

from portal.readers.feedback import FeedbackError, parse_answer
from portal.readers.privacy import scrub
from search import spelling
from search.spelling import Speller
from tests.conftest import Server, http_get, http_post

GUIDE = "printing/printer-not-printing"


@pytest.mark.parametrize("reason", [{}, [], [1]])
def test_a_reason_that_is_not_text_is_refused_plainly(server: Server, reason: object) -> None:
    vote = {"page": GUIDE, "helpful": False, "reason": reason}
    answer = http_post(f"{server.url}/api/feedback", vote)
    assert answer.status == 400
    assert json.loads(answer.body)["error"].startswith('"reason" must be one of')
    with pytest.raises(FeedbackError):
        parse_answer(vote, lambda path: True)


@pytest.mark.parametrize("limit", ["²", "٣", "9" * 5000, "1e3", " 5"])
def test_a_limit_that_is_not_plain_digits_is_refused_plainly(server: Server, limit: str) -> None:
    for path in ("/api/search", "/api/suggest"):
        answer = http_get(f"{server.url}{path}?q=printer&limit={quote(limit)}")
        assert answer.status == 400, path
        assert json.loads(answer.body) == {"error": "limit must be a whole number from 1 to 50."}
    page = http_get(f"{server.url}/search?q=printer&limit={quote(limit)}")
    assert page.status == 200  # the page ignores a bad limit


def test_refused_methods_say_which_methods_work(server: Server) -> None:
    answer = http_post(f"{server.url}/api/search", b"")
    assert answer.status == 405
    assert "GET" in answer.headers["Allow"]  # HTTP requires Allow with a 405
    assert json.loads(answer.body)["error"].endswith(".")
    for path in ("/api/feedback", "/api/click"):
        request = urllib.request.Request(f"{server.url}{path}", method="OPTIONS")
        with urllib.request.urlopen(request, timeout=10) as options:
            assert sorted(options.headers["Allow"].split(", ")) == ["OPTIONS", "POST"], path


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
    looked_up: list[str] = []
    real = spelling._deletes
    monkeypatch.setattr(
        spelling, "_deletes", lambda word, depth: looked_up.append(word) or real(word, depth)
    )
    assert speller.corrections("a" * 200) == []
    assert speller.corrections("authenticationx") == ["authentication"]
    assert speller.corrections("pritner") == ["printer"]
    assert looked_up == ["authenticationx", "pritner"]
