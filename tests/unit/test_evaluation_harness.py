"""`make eval`'s scoring on hand-made rankings: the figures mean what the tables say."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.benchmarks.baselines import declared_language, page_title, read_pages
from tests.benchmarks.evaluation import (
    Question,
    evaluate,
    language_folders,
    load_questions,
    normalise_path,
    page_language,
    score,
    slug_of,
)
from tests.benchmarks.external_collections import listed_collections, vendored_collections


def fixed(rankings: dict[str, list[str]]):
    """A ranker that answers each question with its hand-made ranking."""
    return lambda text, _lang: rankings.get(text, [])


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("setup/vpn.md", "setup/vpn"),
        ("/setup/vpn/", "setup/vpn"),
        ("setup/vpn/#connect-from-home", "setup/vpn"),
        ("setup/index.md", "setup"),
        ("setup/README.md", "setup"),
        ("setup/", "setup"),
        ("index.md", ""),
        ("./setup/vpn.fr.md", "setup/vpn.fr"),
        ("setup/my%20page/", "setup/my page"),
    ],
)
def test_every_spelling_of_a_page_is_one_page(given: str, expected: str) -> None:
    assert normalise_path(given) == expected


def test_slugs_drop_the_folders() -> None:
    assert slug_of("accounts/reset-forgotten-password") == "reset-forgotten-password"
    assert slug_of("/accounts/reset-forgotten-password/#steps") == "reset-forgotten-password"


def test_success_at_k_mrr_and_zero_results_on_hand_made_rankings() -> None:
    questions = [
        Question("first", ("a.md",)),  # right page first
        Question("third", ("c.md",)),  # third
        Question("fifth", ("e.md",)),  # fifth: counts for MRR only
        Question("nothing", ("a.md",)),  # no results at all
    ]
    rankings = {
        "first": ["a", "b", "c"],
        "third": ["a/", "b", "c/index.md"],
        "fifth": ["a", "b", "c", "d", "e"],
    }
    s = score(fixed(rankings), questions)
    assert s.queries == 4
    assert s.success_at_1 == pytest.approx(1 / 4)
    assert s.success_at_3 == pytest.approx(2 / 4)
    assert s.mrr_at_10 == pytest.approx((1 + 1 / 3 + 1 / 5 + 0) / 4)
    assert s.zero_results == pytest.approx(1 / 4)


def test_any_alternative_is_a_right_answer_and_only_the_top_ten_count() -> None:
    questions = [Question("q", ("x.md", "b.md"))]
    assert score(fixed({"q": ["a", "b"]}), questions).success_at_1 == 0
    assert score(fixed({"q": ["a", "b"]}), questions).mrr_at_10 == pytest.approx(1 / 2)
    late = [f"p{n}" for n in range(10)] + ["x"]
    assert score(fixed({"q": late}), questions).mrr_at_10 == 0


def test_our_slug_files_keep_scoring_by_slug() -> None:
    s = evaluate(lambda q: ["reset-password", "unlock"], [("forgot", "unlock")])
    assert (s.success_at_1, s.success_at_3, s.mrr_at_10) == (0, 1, pytest.approx(1 / 2))


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("setup/vpn.md", "en"),
        ("setup/vpn.fr.md", "fr"),
        ("setup/vpn._de.md", "de"),
        ("fr/setup/vpn.md", "fr"),
        ("pt-BR/setup/vpn.md", "pt-br"),
        ("it/printers.md", "en"),  # the IT department's folder, not Italian
        ("setup/v1.2.md", "en"),
    ],
)
def test_a_pages_language_comes_from_its_path(path: str, language: str) -> None:
    assert page_language(path, "en") == language


def test_in_a_collection_of_translations_every_code_folder_is_a_language() -> None:
    paths = [f"{code}/guide.md" for code in ("fr", "de", "it", "pcm")] + ["api/guide.md", "a.md"]
    folders = language_folders(paths)
    assert {page_language(p, "en", folders) for p in paths} == {
        "fr",
        "de",
        "it",
        "pcm",
        "api",
        "en",
    }
    assert page_language("howto/guide.md", "en", folders) == "en"
    assert language_folders(["it/printers.md", "fr/guide.md"]) == {"fr"}


def test_other_language_places_count_only_where_the_readers_language_has_the_page() -> None:
    questions = [
        Question("vpn", ("vpn.md",), "en"),  # English page exists: French places count
        Question("imprimante", ("printer.md",), "fr"),  # only English: nothing counts
        Question("mot de passe", ("password.fr.md",), "fr"),  # French page: English places count
    ]
    rankings = {
        "vpn": ["vpn.fr", "vpn", "fr/wifi"],
        "imprimante": ["printer", "printer.de"],
        "mot de passe": ["password.fr", "password", "wifi.fr"],
    }
    s = score(fixed(rankings), questions, languages={"fr/wifi": "fr"})
    assert (s.other_language_top3, s.top3_places) == (2 + 1, 3 + 3)


def test_a_page_that_declares_its_language_is_taken_at_its_word() -> None:
    questions = [Question("q", ("guide.md",), "en")]
    s = score(fixed({"q": ["guide", "notes"]}), questions, languages={"notes": "de"})
    assert (s.other_language_top3, s.top3_places) == (1, 2)
    assert declared_language("---\ntitle: Aide\nlang: fr\n---\n# Aide\n") == "fr"
    assert declared_language("# No front matter\nlang: fr\n") is None


def test_question_files_read_alternatives_and_languages(tmp_path: Path) -> None:
    questions = tmp_path / "queries.tsv"
    questions.write_text(
        'query\texpected\tlang\n"vpn" at home\ta.md|b/index.md\tFR\nno lang\tc.md\n\n',
        encoding="utf-8",
    )
    assert load_questions(questions) == [
        Question('"vpn" at home', ("a.md", "b/index.md"), "fr"),
        Question("no lang", ("c.md",), ""),
    ]


def test_the_baselines_read_every_page_with_a_title(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a" / "one.md").write_text("---\ntitle: 'One page'\n---\n# Heading\n")
    (tmp_path / "a" / "two-words.md").write_text("Some text, no heading.\n")
    (tmp_path / ".hidden" / "three.md").write_text("# Hidden\n")
    pages = read_pages(tmp_path)
    assert [(p.path, p.title) for p in pages] == [
        ("a/one.md", "One page"),
        ("a/two-words.md", "two words"),
    ]
    assert page_title("# Title here #\n\ntext", Path("x.md")) == "Title here"


def test_collections_come_from_the_manifest_and_the_vendored_folders(tmp_path: Path) -> None:
    external = tmp_path / "external"
    (external / "handbook" / "docs").mkdir(parents=True)
    (external / "collections.tsv").write_text(
        "name\tdocs folder\tdefault language\tlicence\nhandbook\tdocs\tfr\tCC-BY-4.0\n"
    )
    [listed] = listed_collections(external)
    assert (listed.name, listed.docs, listed.default_lang, listed.licence) == (
        "handbook",
        external / "handbook" / "docs",
        "fr",
        "CC-BY-4.0",
    )
    assert listed.queries == external / "handbook" / "queries.tsv"
    assert listed_collections(tmp_path / "nowhere") == []

    vendored = tmp_path / "vendored"
    (vendored / "small" / "docs").mkdir(parents=True)
    (vendored / "small" / "queries.tsv").write_text("query\texpected\tlang\n")
    (vendored / "no-questions" / "docs").mkdir(parents=True)
    [subset] = vendored_collections(vendored)
    assert subset.name == "small" and subset.subset and subset.label == "small (vendored subset)"
