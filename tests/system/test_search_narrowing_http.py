"""The question back over real HTTP on loopback: `/api/search` carries `narrowing` for vague
words and `null` for specific ones, and `/search` (no JavaScript needed) shows the question
with its choices as plain links above the results, instead of a dead end for "help"."""

from __future__ import annotations

import html
import json
import re
import urllib.parse

import pytest

from tests.support.http import http_get
from tests.support.openapi import load_schema
from tests.support.servers import Server


def api(server: Server, **params: str) -> dict:
    reply = http_get(f"{server.url}/api/search?{urllib.parse.urlencode(params)}")
    assert reply.status == 200
    return json.loads(reply.text)


def page(server: Server, query: str) -> str:
    reply = http_get(f"{server.url}/search?{urllib.parse.urlencode({'q': query})}")
    assert reply.status == 200
    return reply.text


def narrowing_section(text: str) -> str:
    found = re.search(r'<section class="kb-narrowing".*?</section>', text, re.S)
    assert found, "the question back is not on the page"
    return found.group(0)


def test_vague_words_carry_the_question_and_its_choices(server: Server) -> None:
    body = api(server, q="it stopped working", limit="5")
    narrowing = body["narrowing"]
    assert narrowing["reason"] == "vague"
    tree = narrowing["troubleshooter"]
    assert tree["path"] == "troubleshoot/something-stopped-working"
    assert tree["url"] == "/troubleshoot/something-stopped-working/"
    assert narrowing["question"] and len(narrowing["choices"]) >= 2
    for choice in narrowing["choices"]:
        assert set(choice) == {"label", "url", "kind"}
        assert choice["kind"] in {"question", "guide", "desk"}
        if choice["kind"] == "question":
            assert re.fullmatch(re.escape(tree["url"]) + r"\?answers=([\w-]+)#\1", choice["url"]), (
                choice
            )
    # The results are still there, below it, and never a troubleshooter.
    assert body["results"] and len(body["results"]) <= 5
    assert all(not hit["path"].startswith("troubleshoot/") for hit in body["results"])


@pytest.mark.parametrize(
    "query",
    ["printer jammed", "forgot my password", "outlook wont open", "vpn keeps disconnecting"],
)
def test_specific_words_carry_null(server: Server, query: str) -> None:
    body = api(server, q=query)
    assert body["narrowing"] is None
    assert body["results"]


def test_help_answers_with_the_desk_where_nothing_matched(server: Server) -> None:
    body = api(server, q="help")
    assert body["results"] == [] and body["featured"]
    narrowing = body["narrowing"]
    assert narrowing["reason"] == "help"
    assert narrowing["choices"][0] == {
        "label": "Contact the service desk",
        "url": "/help/contact-the-service-desk/",
        "kind": "desk",
    }
    assert any(c["url"] == "/help/" and c["kind"] == "topic" for c in narrowing["choices"])


def test_a_search_within_a_section_is_not_asked(server: Server) -> None:
    assert api(server, q="it stopped working", section="computer")["narrowing"] is None


def test_the_results_page_shows_the_question_above_the_results(server: Server) -> None:
    text = page(server, "computer broken")
    section = narrowing_section(text)
    assert '<h2 id="kb-narrowing-question"' in section
    assert "What is your computer doing?" in html.unescape(section)
    links = re.findall(r'<a class="kb-narrowing__choice[^"]*"\s+href="([^"]+)">', section)
    assert links and all(link.startswith("/") for link in links)
    answers = [link for link in links if "?answers=" in link]
    assert all(re.search(r"\?answers=([\w-]+)#\1$", html.unescape(a)) for a in answers)
    # Above the results, which follow under their own heading.
    assert text.index("kb-narrowing") < text.index('class="kb-results"')
    assert "Guides that match your words" in text


def test_help_on_the_results_page_is_no_dead_end(server: Server) -> None:
    text = page(server, "help")
    assert "No guide matches" not in text
    section = narrowing_section(text)
    assert 'href="/help/contact-the-service-desk/"' in section
    assert 'href="/help/"' in section
    assert "What do you need help with?" in html.unescape(section)


def test_a_specific_results_page_has_no_question(server: Server) -> None:
    text = page(server, "printer jammed")
    assert "kb-narrowing" not in text
    assert 'class="kb-results"' in text


@pytest.mark.parametrize(
    "query", ["it stopped working", "help", "computer broken", "argh", "printer jammed"]
)
def test_the_answers_match_the_openapi_description(server: Server, query: str) -> None:
    """docs/openapi.yaml describes `narrowing` as the portal sends it (schemathesis's own check
    on real answers; its generated queries seldom happen to be vague)."""
    import requests

    reply = requests.get(f"{server.url}/api/search", params={"q": query}, timeout=30)
    assert reply.status_code == 200
    load_schema()["/api/search"]["GET"].validate_response(reply)
