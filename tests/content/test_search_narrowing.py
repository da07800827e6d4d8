"""The question back over the real guides and troubleshooters: the issue's vague words get the
troubleshooter that fits, "help" gets the service desk, specific words are never asked, and
every choice opens a page (and a place on it) that the built site has."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from portal.guides.articles import load_content
from portal.guides.troubleshooters import is_troubleshooter
from search.engine import Engine
from search.indexer import current_index
from tests.benchmarks.narrowing_quality import SPECIFIC, VAGUE, specific_figures, vague_figures
from tests.support.files import ROOT
from tests.support.kb import Built

CONTENT = load_content(ROOT / "content")
TREES = [a for a in CONTENT.articles if is_troubleshooter(a)]


@pytest.fixture(scope="module")
def engine(built: Built) -> Engine:
    folder = current_index(built.var)
    assert folder is not None
    return Engine(folder)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("it stopped working", "troubleshoot/something-stopped-working"),
        ("nothing works", "troubleshoot/something-stopped-working"),
        ("computer broken", "troubleshoot/computer-acting-up"),
        ("slow", "troubleshoot/computer-acting-up"),
        ("can't log in", "troubleshoot/cant-get-in"),
        ("can't connect", "troubleshoot/cant-connect"),
        ("it's gone", "troubleshoot/something-is-gone"),
    ],
)
def test_the_issues_vague_words_get_the_troubleshooter_that_fits(
    engine: Engine, query: str, expected: str
) -> None:
    response = engine.search(query)
    narrowing = response.narrowing
    assert narrowing is not None and narrowing["reason"] == "vague"
    assert narrowing["troubleshooter"]["path"] == expected
    start = CONTENT.get(expected)
    assert start is not None and narrowing["troubleshooter"]["title"] == start.title
    assert all(not hit.path.startswith("troubleshoot/") for hit in response.results)


def test_help_leads_to_the_service_desk_and_the_getting_help_topic(engine: Engine) -> None:
    for query in ("help", "i need help", "help me please"):
        narrowing = engine.search(query).narrowing
        assert narrowing is not None and narrowing["reason"] == "help"
        choices = [(c["label"], c["url"], c["kind"]) for c in narrowing["choices"]]
        assert choices[0] == (
            "Contact the service desk",
            "/help/contact-the-service-desk/",
            "desk",
        )
        assert ("/help/", "topic") in [(url, kind) for _, url, kind in choices]
        assert {url for _, url, kind in choices if kind == "question"} == {t.url for t in TREES}


@pytest.mark.parametrize(
    "query",
    ["printer jammed", "forgot my password", "outlook wont open", "vpn keeps disconnecting"],
)
def test_specific_words_are_never_asked(engine: Engine, query: str) -> None:
    assert engine.search(query).narrowing is None


def test_specific_queries_are_asked_at_most_one_in_a_hundred(engine: Engine) -> None:
    """Every labelled question names its problem; the question back is for those that don't."""
    figures = [specific_figures(engine, path) for path in SPECIFIC]
    asked = sum(f.flagged for f in figures)
    total = sum(f.queries for f in figures)
    assert asked <= total // 100, [q for f in figures for q in f.flagged_queries]


def test_vague_queries_are_asked_and_sent_where_they_fit(engine: Engine) -> None:
    figures = vague_figures(engine, VAGUE)
    assert figures.flagged >= 0.9 * figures.queries
    assert figures.fitting is not None and figures.fitting >= 0.8 * figures.queries, figures.misfits


def test_every_choice_opens_a_built_page_at_a_place_it_has(engine: Engine, built: Built) -> None:
    """Each troubleshooter's first answers and every topic, as the question back offers them."""
    offered = engine.search("help").narrowing
    assert offered is not None
    topics = engine.narrower.narrowing("vague", "en")  # no words a troubleshooter says
    assert topics is not None and {c["kind"] for c in topics["choices"]} == {"topic"}
    urls = [c["url"] for c in offered["choices"] + topics["choices"]]
    assert len(engine.narrower.trees) == len(TREES)
    for entry in engine.narrower.trees:
        urls += [choice.url for choice in entry.choices]
    for url in urls:
        parts = urlsplit(url)
        page = built.site / parts.path.strip("/") / "index.html"
        assert page.is_file(), url
        if parts.fragment:
            assert re.search(rf'id="{re.escape(parts.fragment)}"', page.read_text()), url
        if parts.query:
            assert re.fullmatch(r"answers=[A-Za-z0-9_-]+", parts.query), url
