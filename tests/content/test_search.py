"""Search understands people, over the real guides' index: ranking, synonyms, typos, phrases,
anchors."""

from __future__ import annotations

import pytest

from portal.guides.articles import load_content
from portal.guides.courses import kind_of
from portal.guides.troubleshooters import is_troubleshooter
from search.engine import Engine
from search.indexer import current_index
from search.records import guide_record
from tests.benchmarks.evaluation import evaluate, load_queries, plainhelp_ranker
from tests.support.files import ROOT
from tests.support.kb import Built

CONTENT = load_content(ROOT / "content")
# Troubleshooters are never results (search/narrowing.py asks their questions instead).
GUIDES = [g for g in CONTENT.guides if not is_troubleshooter(g)]


@pytest.fixture(scope="module")
def engine(built: Built) -> Engine:
    folder = current_index(built.var)
    assert folder is not None
    return Engine(folder)


def top(engine: Engine, query: str, n: int = 3) -> list[str]:
    return [hit.path for hit in engine.search(query, limit=n).results]


@pytest.mark.parametrize("guide", GUIDES, ids=[g.path for g in GUIDES])
def test_each_guide_is_found_by_its_own_phrases(engine: Engine, guide) -> None:
    # A lesson's words are often a guide's too, and the guide that fixes comes first
    # (TEACHING_WEIGHT): a lesson is found within the first five for most of its phrases.
    within, share = (5, 0.6) if kind_of(guide) else (3, 0.8)
    found = sum(1 for phrase in guide.phrases if guide.path in top(engine, phrase, within))
    assert found >= share * len(guide.phrases), f"{found} of {len(guide.phrases)} phrases"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pritner offline", "printing/printer-not-printing"),  # typo
        ("forgot my pasword", "accounts/reset-forgotten-password"),  # typo
        ("outlok", "email/find-missing-email"),  # typo, wrong word order of letters
        ("wireless keeps dropping", "network/wifi-not-connecting"),  # synonym of Wi-Fi
        ("reboot", "computer/restart-your-computer"),  # synonym
        ("email vanished", "email/find-missing-email"),  # symptom
        ("photocopier jammed", "printing/clear-paper-jam"),  # synonym and symptom
        ("wi-fi connected no internet", "network/websites-not-loading"),  # symptom
        ("cant join teams call", "meetings/join-video-meeting"),  # contraction, synonyms
        ("one drive not syncing", "files/file-sync-problems"),  # split word
        ("left my laptop on the train", "security/lost-or-stolen-device"),
    ],
)
def test_people_words_find_the_right_guide(engine: Engine, query: str, expected: str) -> None:
    assert expected in top(engine, query, 3)


def test_did_you_mean_when_the_correction_does_better(engine: Engine) -> None:
    response = engine.search("pritner ofline")
    assert response.did_you_mean == "printer offline"
    assert engine.search("printer offline").did_you_mean is None


@pytest.mark.parametrize("query", ["cant print", "can't print", "cannot print", "wont print"])
def test_contractions_never_stop_a_match(engine: Engine, query: str) -> None:
    assert top(engine, query, 1) == ["printing/printer-not-printing"]


def test_last_word_is_a_prefix_while_typing(engine: Engine) -> None:
    assert "printing/printer-not-printing" in top(engine, "printer not prin", 3)
    assert "accounts/reset-forgotten-password" in top(engine, "forgotten passw", 3)


def test_results_jump_to_the_matching_section(engine: Engine, built: Built) -> None:
    hit = engine.search("clear the print queue").results[0]
    assert hit.path == "printing/printer-not-printing"
    assert "#" in hit.url
    anchor = hit.url.split("#", 1)[1]
    page = (built.site / "printing" / "printer-not-printing" / "index.html").read_text()
    assert f'id="{anchor}"' in page


def test_every_section_anchor_exists_in_the_built_page(built: Built) -> None:
    for guide in GUIDES:
        page = (built.site / guide.url.strip("/") / "index.html").read_text()
        for part in guide_record(guide).sections:
            if part.anchor:
                assert f'id="{part.anchor}"' in page, (guide.path, part.anchor)


@pytest.mark.parametrize(
    "query",
    [
        'title:( * ~ AND OR NOT "unbalanced',
        "*",
        "~~~",
        "printer" * 100,
        "x" * 5000,
        "\x00\x01printer\x7f\u200b",
        "AND OR NOT",
        "",
        "   ",
        "🙂 printer 🙂",
        "SELECT * FROM guides; --",
    ],
)
def test_odd_input_never_fails(engine: Engine, query: str) -> None:
    response = engine.search(query)
    assert response.took_ms < 60_000
    assert len(response.query) <= 200
    assert all(hit.url.startswith("/") for hit in response.results)


def test_control_characters_are_dropped(engine: Engine) -> None:
    assert top(engine, "\x00print\x07er offline") == top(engine, " print er offline")


def test_a_repeated_search_is_answered_from_memory_with_the_same_results(built: Built) -> None:
    engine = Engine(current_index(built.var))  # type: ignore[arg-type]
    first = engine.search("outlook keeps asking for my password")
    again = engine.search("outlook keeps asking for my password")
    assert (
        again.results is first.results and again.as_dict()["results"] == first.as_dict()["results"]
    )
    assert (
        engine.search("outlook keeps asking for my password", limit=3).results is not first.results
    )
    assert engine.search("vpn", section="network").results is not engine.search("vpn").results
    # A new build is a new engine: nothing is carried over from the old one.
    folder = current_index(built.var)
    assert folder is not None
    assert Engine(folder).search("vpn").results is not engine.search("vpn").results


def test_section_filter(engine: Engine) -> None:
    results = engine.search("password", section="email").results
    assert results and all(hit.section == "email" for hit in results)
    assert engine.search("password", section="no-such-section").results == []


def test_nothing_found_offers_the_guides_most_people_need(engine: Engine) -> None:
    response = engine.search("zxqvbn")
    assert response.results == []
    assert [g["path"] for g in response.featured][:2] == [
        "accounts/reset-forgotten-password",
        "accounts/unlock-locked-account",
    ]


def test_dev_queries_success_at_3_is_at_least_0_9(built: Built) -> None:
    """The bar from the issue: Plainhelp finds the right guide in the top 3 for 90 %."""
    scores = evaluate(
        plainhelp_ranker(current_index(built.var)),  # type: ignore[arg-type]
        load_queries(ROOT / "tests" / "data" / "dev-queries.tsv"),
    )
    assert scores.success_at_3 >= 0.90
    assert scores.zero_results == 0.0
