"""The guides themselves: every topic covered, to the template, plain and kind enough to read."""

from __future__ import annotations

import csv
import re
import statistics

import pytest

from portal.guides.articles import Article, load_content
from portal.guides.courses import kind_of
from portal.guides.markdown_text import text_blocks
from portal.guides.readability import readable_sentences, score_markdown, words
from portal.guides.troubleshooters import is_troubleshooter
from portal.guides.vocabulary import GUIDE_SECTIONS, RELATED_SECTION
from tests.support.files import ROOT

CONTENT = ROOT / "content"
TEMPLATE_SECTIONS = GUIDE_SECTIONS
# Words that talk down to a stressed reader or blame them.
CONDESCENDING = re.compile(
    r"\b(simply|just|easy|easily|obviously|of course|clearly|basically|"
    r"you didn['’]t|you forgot|you failed|user error)\b",
    re.IGNORECASE,
)
LINK = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")


def _topics() -> list[dict[str, str]]:
    with (ROOT / "tests" / "data" / "topics.tsv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


TOPICS = _topics()
CONTENT_LOADED = load_content(CONTENT)
# How-to guides: lessons and course pages follow their own outline (portal/guides/courses.py),
# troubleshooters are question trees (portal/guides/troubleshooters.py, tests/content/
# test_troubleshooters.py); neither is a topic nor follows the guide template.
GUIDES = {
    a.path: a for a in CONTENT_LOADED.guides if kind_of(a) is None and not is_troubleshooter(a)
}
TROUBLESHOOTERS = sorted(
    (a for a in CONTENT_LOADED.guides if is_troubleshooter(a)), key=lambda a: a.path
)


def test_topic_list_has_63_topics() -> None:
    assert len(TOPICS) == 63


@pytest.mark.parametrize("topic", TOPICS, ids=[t["slug"] for t in TOPICS])
def test_every_topic_has_a_guide_that_validates(topic: dict[str, str]) -> None:
    path = f"{topic['section']}/{topic['slug']}"
    assert path in GUIDES, f"content/{path}.md is missing"
    problems = [str(p) for p in CONTENT_LOADED.problems if p.path.endswith(f"{path}.md")]
    assert problems == []


def test_no_problems_anywhere_in_content() -> None:
    assert [str(p) for p in CONTENT_LOADED.problems] == []


def test_no_guides_outside_the_topic_list() -> None:
    expected = {f"{t['section']}/{t['slug']}" for t in TOPICS}
    assert set(GUIDES) == expected


GUIDE_LIST = sorted(GUIDES.values(), key=lambda a: a.path)
# What readers search with and read: the front matter and plain-language rules hold for both.
READ_LIST = GUIDE_LIST + TROUBLESHOOTERS


def test_troubleshooters_are_not_topics() -> None:
    assert TROUBLESHOOTERS, "content/troubleshoot/ ships troubleshooters"
    topics = {f"{t['section']}/{t['slug']}" for t in TOPICS}
    assert topics.isdisjoint(a.path for a in TROUBLESHOOTERS)


@pytest.mark.parametrize("guide", READ_LIST, ids=[g.path for g in READ_LIST])
def test_front_matter_is_complete(guide: Article) -> None:
    assert len(guide.phrases) >= 6, "list at least 6 phrases people use for this problem"
    assert len(set(p.lower() for p in guide.phrases)) == len(guide.phrases)
    assert guide.owner == "Service Desk"
    assert guide.reviewed is not None
    assert guide.tags


@pytest.mark.parametrize("guide", GUIDE_LIST, ids=[g.path for g in GUIDE_LIST])
def test_follows_the_template(guide: Article) -> None:
    headings = [b.text for b in text_blocks(guide.body) if b.kind == "heading" and b.level == 2]
    positions = [headings.index(s) for s in TEMPLATE_SECTIONS if s in headings]
    missing = [s for s in TEMPLATE_SECTIONS if s not in headings]
    assert missing == []
    assert positions == sorted(positions), "the template's sections are out of order"
    h1 = [b.text for b in text_blocks(guide.body) if b.kind == "heading" and b.level == 1]
    assert h1 == [guide.title]
    assert re.search(r"^\s*1\. ", guide.body, re.MULTILINE), "a numbered list of steps"


@pytest.mark.parametrize("guide", GUIDE_LIST, ids=[g.path for g in GUIDE_LIST])
def test_links_to_two_to_four_related_guides(guide: Article) -> None:
    related = guide.body.split(f"## {RELATED_SECTION}", 1)[1].split("\n## ", 1)[0]
    targets = set(LINK.findall(related))
    assert 2 <= len(targets) <= 4, targets
    for target in targets:
        resolved = (guide.source.parent / target).resolve()
        assert resolved.is_file(), target
        assert resolved != guide.source.resolve()


@pytest.mark.parametrize("guide", READ_LIST, ids=[g.path for g in READ_LIST])
def test_plain_and_kind_language(guide: Article) -> None:
    text = "\n".join(b.text for b in text_blocks(guide.body))
    assert CONDESCENDING.findall(text) == []
    long = [s for s in readable_sentences(text_blocks(guide.body)) if len(words(s)) > 25]
    assert long == [], "sentences must be at most 25 words"
    assert text.count("!") <= 1


@pytest.mark.parametrize("guide", READ_LIST, ids=[g.path for g in READ_LIST])
def test_readability_grade_at_most_8(guide: Article) -> None:
    assert score_markdown(guide.body).grade <= 8.0


def test_median_readability_grade_at_most_6_5() -> None:
    grades = [score_markdown(g.body).grade for g in GUIDE_LIST]
    assert statistics.median(grades) <= 6.5


def test_windows_and_mac_tabs_where_computers_differ() -> None:
    tabbed = [g.path for g in GUIDE_LIST if '=== "Windows"' in g.body and '=== "Mac"' in g.body]
    assert len(tabbed) >= 25, "most guides have steps that differ between Windows and Mac"


SECTIONS = sorted({t["section"] for t in TOPICS})


@pytest.mark.parametrize("section", SECTIONS)
def test_section_page_lists_every_guide_with_its_summary(section: str) -> None:
    page = CONTENT / section / "index.md"
    assert page.is_file(), f"content/{section}/index.md is missing"
    text = page.read_text(encoding="utf-8")
    for guide in (g for g in GUIDE_LIST if g.section == section):
        assert f"]({guide.slug}.md)" in text, guide.path
        assert guide.description in text, guide.path


def test_home_page_links_sections_top_problems_and_a_person() -> None:
    home = (CONTENT / "index.md").read_text(encoding="utf-8")
    for section in SECTIONS:
        assert f"({section}/index.md)" in home
    top = re.findall(r'<li><a href="([a-z-]+/[a-z0-9-]+)/">', home)
    assert len(top) == 8
    assert all(path in GUIDES for path in top)
    assert "help/contact-the-service-desk.md" in home
    assert 'name="q"' in home
