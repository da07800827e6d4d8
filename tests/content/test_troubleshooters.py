"""The shipped troubleshooters: each holds together, and together they lead to every guide.

Everything is computed from the real content/ folder (and the real site built from it), so a
new guide that no troubleshooter reaches, or a renamed section, fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from portal.guides.articles import Article, load_content
from portal.guides.troubleshooters import (
    DESK_PAGE,
    KIND_TROUBLESHOOTER,
    MAX_DEPTH,
    Question,
    Troubleshooter,
    is_troubleshooter,
    parse_troubleshooter,
    problems_of,
)
from tests.support.files import ROOT
from tests.support.kb import run_kb

CONTENT_DIR = ROOT / "content"
SHIPPED_DIR = CONTENT_DIR / "troubleshoot"
CONTENT = load_content(CONTENT_DIR)
# Folders whose pages are not guides a troubleshooter should lead to.
NOT_GUIDES = ("learn", "troubleshoot")
# The most answers a reader can take in at a glance, and the fewest that make a question.
MIN_ANSWERS, MAX_ANSWERS = 2, 7
WAY_OUT = ("Something else", "None of these")
# Capitalised words that are names, not Title Case (sentence case everywhere else).
NAMES = frozenset(
    {
        "I",
        "I'm",
        "I've",
        "Wi-Fi",
        "VPN",
        "OneDrive",
        "Outlook",
        "Outbox",
        "Teams",
        "Zoom",
        "Authenticator",
        "USB",
        "Responding",  # "Not Responding", as Windows writes it
        "Not",
        "Call",  # quoting a scam's words: "Call this number now"
        "No",  # quoting a screen: "No signal"
    }
)
# Words that talk down to a stressed reader or blame them (the list tests/content/test_guides.py
# holds guides to; test modules never import each other).
CONDESCENDING = re.compile(
    r"\b(simply|just|easy|easily|obviously|of course|clearly|basically|"
    r"you didn['’]t|you forgot|you failed|user error)\b",
    re.IGNORECASE,
)
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def _shipped() -> list[Article]:
    return [a for a in CONTENT.articles if a.source.parent == SHIPPED_DIR and not a.is_index]


SHIPPED = _shipped()
TREES = [parse_troubleshooter(a) for a in SHIPPED]
IDS = [t.path for t in TREES]


def _guides() -> list[Article]:
    """Every guide a reader can be led to: non-index pages outside courses and troubleshooters."""
    return [
        a
        for a in CONTENT.articles
        if not a.is_index and a.section not in NOT_GUIDES and not is_troubleshooter(a)
    ]


def _reaches_desk(tree: Troubleshooter, question: Question, seen: frozenset[str]) -> bool:
    for option in question.options:
        if option.kind == "desk":
            return True
        following = tree.question(option.question or "")
        if (
            following is not None
            and following.id not in seen
            and _reaches_desk(tree, following, seen | {following.id})
        ):
            return True
    return False


def test_five_troubleshooters_ship_for_the_vague_ways_people_start() -> None:
    files = {p.stem for p in SHIPPED_DIR.glob("*.md")} - {"index"}
    assert files == {a.slug for a in SHIPPED}
    assert len(SHIPPED) >= 5
    assert all(a.meta.get("kind") == KIND_TROUBLESHOOTER for a in SHIPPED)


@pytest.mark.parametrize("tree", TREES, ids=IDS)
def test_loads_cleanly_with_its_front_matter(tree: Troubleshooter) -> None:
    article = tree.article
    assert is_troubleshooter(article)
    assert [str(p) for p in CONTENT.problems if p.path.endswith(f"{article.path}.md")] == []
    assert article.title and article.description and len(article.description) <= 160
    assert article.tags
    assert len(article.phrases) >= 6, "list the vague ways people say it, in their words"
    assert article.owner == "Service Desk"
    assert article.reviewed is not None


@pytest.mark.parametrize("tree", TREES, ids=IDS)
def test_the_model_finds_no_problem(tree: Troubleshooter) -> None:
    assert [str(p) for p in problems_of(tree, CONTENT)] == []


@pytest.mark.parametrize("tree", TREES, ids=IDS)
def test_no_path_asks_more_than_max_depth_questions(tree: Troubleshooter) -> None:
    paths = list(tree.paths())
    assert paths
    deepest = max(len(asked) for asked, _ in paths)
    assert deepest <= MAX_DEPTH
    # Most readers are asked two or three questions, not the most allowed.
    short = [asked for asked, _ in paths if len(asked) <= 3]
    assert len(short) >= len(paths) * 0.9


def test_every_guide_is_the_end_of_some_path() -> None:
    guides = {a.path for a in _guides()}
    assert guides, "no guides found under content/"
    reached = {ending.guide for tree in TREES for _, ending in tree.paths() if ending.guide}
    assert sorted(guides - reached) == [], "no troubleshooter leads to these guides"


def test_every_urgent_guide_is_one_answer_from_a_start() -> None:
    urgent = {a.path for a in _guides() if a.urgent}
    assert urgent
    first = {o.guide for tree in TREES if tree.start for o in tree.start.options if o.guide}
    assert sorted(urgent - first) == []


@pytest.mark.parametrize("tree", TREES, ids=IDS)
def test_every_link_leads_to_a_question_or_a_real_guide_section(
    tree: Troubleshooter, built_site: Path
) -> None:
    page = (built_site / tree.url.strip("/") / "index.html").read_text(encoding="utf-8")
    for question in tree.questions:
        assert f'id="{question.id}"' in page, f"#{question.id} is not on the built page"
        for option in question.options:
            assert option.kind in ("question", "guide", "desk"), option.href
            if option.kind == "question":
                assert tree.question(option.question or "") is not None, option.href
                continue
            target = CONTENT.get(option.guide or "")
            assert target is not None, option.href
            assert not is_troubleshooter(target), option.href
            if option.anchor:
                html = (built_site / target.url.strip("/") / "index.html").read_text()
                assert f'id="{option.anchor}"' in html, f"{option.href}: no such section"


@pytest.mark.parametrize("tree", TREES, ids=IDS)
def test_every_question_offers_a_kind_way_out(tree: Troubleshooter) -> None:
    assert any(
        option.kind == "desk" and option.guide == DESK_PAGE
        for question in tree.questions
        for option in question.options
    )
    for question in tree.questions:
        assert MIN_ANSWERS <= len(question.options) <= MAX_ANSWERS, question.text
        last = question.options[-1]
        assert last.label.startswith(WAY_OUT), f"{question.text}: end with “Something else”"
        assert last.kind in ("question", "desk"), last.href
        assert _reaches_desk(tree, question, frozenset({question.id})), question.text


@pytest.mark.parametrize("tree", TREES, ids=IDS)
def test_questions_and_answers_are_short_plain_and_in_sentence_case(
    tree: Troubleshooter,
) -> None:
    lines = [q.text for q in tree.questions] + [o.label for q in tree.questions for o in q.options]
    for question in tree.questions:
        assert question.text.endswith("?"), question.text
        assert len(WORD.findall(question.text)) <= 8, question.text
    for text in lines:
        assert CONDESCENDING.findall(text) == [], text
        assert "!" not in text, text
        assert len(WORD.findall(text)) <= 12, text
        assert text[0].isupper(), text
        capitals = [w for w in WORD.findall(text)[1:] if w[0].isupper() and w not in NAMES]
        assert capitals == [], f"sentence case: {text}"
    intro = tree.article.body.split("\n## ", 1)[0]
    assert CONDESCENDING.findall(intro) == []
    assert "!" not in intro


def test_phrases_are_each_trees_own() -> None:
    """A vague phrase that names a guide, or another tree, would pull search two ways."""
    owners: dict[str, list[str]] = {}
    for article in CONTENT.articles:
        for phrase in article.phrases:
            owners.setdefault(phrase.casefold(), []).append(article.path)
    shared = {
        phrase: paths
        for phrase, paths in owners.items()
        if len(paths) > 1 and any(p.startswith("troubleshoot/") for p in paths)
    }
    assert shared == {}


def test_the_linter_finds_nothing_to_fix() -> None:
    result = run_kb("lint", "--strict", str(SHIPPED_DIR))
    assert result.returncode == 0, result.stdout + result.stderr


def test_section_page_lists_every_troubleshooter_with_its_summary() -> None:
    index = CONTENT.get("troubleshoot/index")
    assert index is not None
    for article in SHIPPED:
        assert f"]({article.slug}.md)" in index.body, article.path
        assert article.description in index.body, article.path


def test_home_page_offers_the_questions_near_the_top() -> None:
    home = (CONTENT_DIR / "index.md").read_text(encoding="utf-8")
    way_in = home.index("](troubleshoot/index.md)")
    assert way_in < home.index("## "), "the way in comes before the first section"
