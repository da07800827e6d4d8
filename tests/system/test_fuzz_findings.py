"""Bugs `make fuzz` found over real HTTP, each kept fixed: inputs that made a 500, a missing
header."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import quote

import pytest

from portal.readers.feedback import FeedbackError, parse_answer
from tests.support.http import http_get, http_post
from tests.support.servers import Server

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
