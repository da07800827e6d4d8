"""The question back to vague words, over a small built index: which queries are asked, which
troubleshooter (or topic) answers, the choices' addresses, and that a specific query's results
are exactly what they were without any troubleshooter."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from portal.guides.articles import load_content
from search import Engine, build_index, current_index, update_guides
from search.engine import SearchResponse
from search.indexer import META_FILE
from search.loading import DamagedBuild, load_build
from search.vagueness import vocabulary
from tests.support.files import write


def guide(title: str, body: str, phrases: tuple[str, ...] = ()) -> str:
    listed = "".join(f"\n  - {p}" for p in phrases) or " []"
    tagged = "\n  - guide"
    return (
        f"---\ntitle: {title}\ndescription: {title}, step by step.\ntags:{tagged}\n"
        f"phrases:{listed}\nowner: Service Desk\nreviewed: 2026-01-15\n---\n\n# {title}\n\n{body}"
    )


def tree(title: str, tags: tuple[str, ...], phrases: tuple[str, ...], body: str) -> str:
    listed = "".join(f"\n  - {p}" for p in phrases)
    tagged = "".join(f"\n  - {t}" for t in tags)
    return (
        f"---\nkind: troubleshooter\ntitle: {title}\ndescription: A few short questions.\n"
        f"tags:{tagged}\nphrases:{listed}\nowner: Service Desk\nreviewed: 2026-01-15\n---\n\n"
        f"# {title}\n\nAnswer a few short questions.\n\n{body}"
    )


GUIDES = {
    "index.md": "# Help\n\n- [Something stopped working](troubleshoot/something-stopped-working.md)"
    "\n- [Clear a paper jam](printing/clear-paper-jam.md)\n",
    "help/index.md": "# Getting help\n\nWays to reach people.\n",
    "help/contact-the-service-desk.md": guide(
        "Contact the service desk", "Call or e-mail the service desk.\n", ("phone the helpdesk",)
    ),
    "printing/index.md": "# Printing\n\nPrinter guides.\n",
    "printing/clear-paper-jam.md": guide(
        "Clear a paper jam",
        "Paper is stuck in the printer.\n\n## Pull out the paper\n\n1. Open the tray.\n",
        ("printer jammed", "paper stuck"),
    ),
    "printing/printer-offline.md": guide(
        "Fix a printer that says offline",
        "The printer says offline.\n\n1. Turn the printer off and on.\n",
        ("printer offline", "printer not working"),
    ),
    "computer/index.md": "# Your computer\n\nComputer guides.\n",
    "computer/computer-running-slow.md": guide(
        "Fix a slow computer",
        "Your computer is slow.\n\n## Close programs\n\n1. Close programs you are not using.\n",
        ("computer slow", "laptop takes ages"),
    ),
    "computer/computer-wont-turn-on.md": guide(
        "Fix a computer that won't turn on",
        "Nothing happens when you press the power button.\n\n1. Plug in the charger.\n",
        ("laptop wont turn on", "power button does nothing"),
    ),
    "accounts/index.md": "# Accounts and passwords\n\nAccount guides.\n",
    "accounts/reset-forgotten-password.md": guide(
        "Reset a forgotten password",
        "Set a new password with the Forgot my password link.\n\n1. Open the sign-in page.\n",
        ("forgot my password", "cant remember password"),
    ),
    "network/index.md": "# Wi-Fi, internet and VPN\n\nNetwork guides.\n",
    "network/connect-to-vpn.md": guide(
        "Connect to the VPN",
        "The VPN keeps disconnecting or will not connect.\n\n1. Open the VPN app.\n",
        ("vpn keeps disconnecting", "vpn not connecting"),
    ),
    "email/index.md": "# Email and calendar\n\nEmail guides.\n",
    "email/outlook-wont-open.md": guide(
        "Fix Outlook when it won't open",
        "Outlook does not open, or closes at once.\n\n1. Restart Outlook in safe mode.\n",
        ("outlook wont open", "outlook crashes on start"),
    ),
    "troubleshoot/index.md": "# Not sure what is wrong?\n\n"
    "- [Something stopped working](something-stopped-working.md)\n"
    "- [My computer is slow or acting up](computer-acting-up.md)\n"
    "- [I can't get into something](cant-get-in.md)\n",
}
TREES = {
    "troubleshoot/something-stopped-working.md": tree(
        "Something stopped working",
        ("stopped working", "not working", "broken"),
        ("it stopped working", "nothing is working", "it's broken"),
        "## What stopped working? {#start}\n\n"
        "- [My computer](#computer)\n"
        "- [The printer](../printing/printer-offline.md)\n"
        "- [Something else](../help/contact-the-service-desk.md)\n\n"
        "## What is your computer doing? {#computer}\n\n"
        "- [It will not turn on](../computer/computer-wont-turn-on.md)\n"
        "- [It is slow](../computer/computer-running-slow.md#close-programs)\n",
    ),
    "troubleshoot/computer-acting-up.md": tree(
        "My computer is slow or acting up",
        ("computer", "slow"),
        ("my computer is acting up", "computer is broken", "laptop is slow"),
        "## What is your computer doing? {#start}\n\n"
        "- [It will not turn on](../computer/computer-wont-turn-on.md)\n"
        "- [It is very slow](../computer/computer-running-slow.md#close-programs)\n"
        "- [Something else](../help/contact-the-service-desk.md)\n",
    ),
    "troubleshoot/cant-get-in.md": tree(
        "I can't get into something",
        ("sign in", "password"),
        ("can't log in", "can't sign in", "it won't let me in"),
        "## What are you trying to get into? {#start}\n\n"
        "- [My work account](#account)\n"
        "- [Call the service desk](tel:+441234567890)\n"
        "- [Something else](../help/contact-the-service-desk.md#by-e-mail)\n\n"
        "## What happens? {#account}\n\n"
        "- [I forgot my password](../accounts/reset-forgotten-password.md)\n"
        "- [Something else](../help/contact-the-service-desk.md)\n",
    ),
}
SPECIFIC = [
    "printer jammed",
    "forgot my password",
    "outlook wont open",
    "vpn keeps disconnecting",
    "printer not working",
    "computer slow",
    "laptop wont turn on",
    "urgent problem",
    "paper",
]


def build(folder: Path, pages: dict[str, str]) -> Engine:
    for name, text in pages.items():
        write(folder / "content", name, text)
    content = load_content(folder / "content")
    assert not content.errors, content.errors
    build_index(content, folder / "var")
    return Engine(current_index(folder / "var"))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return build(tmp_path_factory.mktemp("narrowing"), {**GUIDES, **TREES})


@pytest.fixture(scope="module")
def without_trees(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The same guides with no troubleshooter at all: what search answered before."""
    return build(tmp_path_factory.mktemp("no-trees"), GUIDES)


def asked(engine: Engine, query: str) -> dict | None:
    return engine.search(query).narrowing


@pytest.mark.parametrize(
    "query",
    [
        "it stopped working",
        "It STOPPED working!!",
        "not working",
        "doesn't work",
        "its not wroking",  # a typo of a vague word is that word
        "broken",
        "it's broken again",
        "something is wrong",
        "weird error",
        "problem",
        "computer broken",
        "my laptop is not working",
        "slow",
        "so slow",
        "can't log in",
        "cannot sign in",
        "nothing works",
        "it's gone",
        "what",
    ],
)
def test_vague_words_are_asked_a_question(engine: Engine, query: str) -> None:
    narrowing = asked(engine, query)
    assert narrowing is not None, query
    assert narrowing["reason"] == "vague"
    assert narrowing["question"] and narrowing["choices"]


@pytest.mark.parametrize("query", SPECIFIC)
def test_specific_words_are_not_asked_and_keep_their_results(
    engine: Engine, without_trees: Engine, query: str
) -> None:
    response = engine.search(query)
    assert response.narrowing is None
    before = without_trees.search(query).as_dict()
    assert response.as_dict()["results"] == before["results"]
    assert response.total == before["total"] and response.did_you_mean == before["did_you_mean"]


@pytest.mark.parametrize("query", ["it stopped working", "computer broken", "help", "slow"])
@pytest.mark.parametrize("limit", [1, 2, 10])
def test_vague_words_keep_their_results_too(
    engine: Engine, without_trees: Engine, query: str, limit: int
) -> None:
    """The question sits above the results: they are what they were, whatever the limit."""
    got = engine.search(query, limit=limit).as_dict()
    before = without_trees.search(query, limit=limit).as_dict()
    assert got["results"] == before["results"] and got["total"] == before["total"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("it stopped working", "troubleshoot/something-stopped-working"),
        ("nothing works", "troubleshoot/something-stopped-working"),
        ("broken", "troubleshoot/something-stopped-working"),
        ("slow", "troubleshoot/computer-acting-up"),
        ("computer broken", "troubleshoot/computer-acting-up"),
        ("can't log in", "troubleshoot/cant-get-in"),
        ("it won't let me in", "troubleshoot/cant-get-in"),
    ],
)
def test_the_troubleshooter_that_says_it_best_is_chosen(
    engine: Engine, query: str, expected: str
) -> None:
    narrowing = asked(engine, query)
    assert narrowing is not None
    assert narrowing["troubleshooter"]["path"] == expected


def test_choices_are_the_start_questions_answers_as_readers_addresses(engine: Engine) -> None:
    narrowing = asked(engine, "it stopped working")
    assert narrowing == {
        "question": "What stopped working?",
        "reason": "vague",
        "troubleshooter": {
            "path": "troubleshoot/something-stopped-working",
            "title": "Something stopped working",
            "url": "/troubleshoot/something-stopped-working/",
        },
        "choices": [
            {
                "label": "My computer",
                "url": "/troubleshoot/something-stopped-working/?answers=computer#computer",
                "kind": "question",
            },
            {"label": "The printer", "url": "/printing/printer-offline/", "kind": "guide"},
            {
                "label": "Something else",
                "url": "/help/contact-the-service-desk/",
                "kind": "desk",
            },
        ],
    }
    getting_in = asked(engine, "can't log in")
    assert getting_in is not None
    assert getting_in["choices"][1:] == [
        {"label": "Call the service desk", "url": "tel:+441234567890", "kind": "desk"},
        {"label": "Something else", "url": "/help/contact-the-service-desk/#by-e-mail",
         "kind": "desk"},
    ]  # fmt: skip
    slow = asked(engine, "slow")
    assert slow is not None
    assert {"label": "It is very slow", "url": "/computer/computer-running-slow/#close-programs",
            "kind": "guide"} in slow["choices"]  # fmt: skip


@pytest.mark.parametrize(
    "query", ["help", "HELP!", "i need help", "help me please", "can you help"]
)
def test_help_leads_to_the_desk_the_getting_help_topic_and_the_troubleshooters(
    engine: Engine, query: str
) -> None:
    narrowing = asked(engine, query)
    assert narrowing is not None
    assert narrowing["reason"] == "help" and narrowing["troubleshooter"] is None
    assert narrowing["choices"][:2] == [
        {"label": "Contact the service desk", "url": "/help/contact-the-service-desk/",
         "kind": "desk"},
        {"label": "Getting help", "url": "/help/", "kind": "topic"},
    ]  # fmt: skip
    # Every troubleshooter, in the order their section page lists them.
    assert [(c["label"], c["url"], c["kind"]) for c in narrowing["choices"][2:]] == [
        ("Something stopped working", "/troubleshoot/something-stopped-working/", "question"),
        ("My computer is slow or acting up", "/troubleshoot/computer-acting-up/", "question"),
        ("I can't get into something", "/troubleshoot/cant-get-in/", "question"),
    ]


def test_help_with_nothing_found_still_answers_with_the_question(engine: Engine) -> None:
    response = engine.search("help")
    assert response.results == [] and response.narrowing is not None
    assert response.featured  # the guides most people need stay below it


@pytest.mark.parametrize("query", ["argh weird", "problem", "i have a problem", "error"])
def test_words_that_name_nothing_get_every_troubleshooter_and_the_desk(
    engine: Engine, query: str
) -> None:
    """No tree's title, tag or phrase says no more than these words: each tree is a choice
    (one shared word of "computer problems" is not enough to pick that tree)."""
    narrowing = asked(engine, query)
    assert narrowing is not None
    assert narrowing["question"] == "What isn't working?"
    assert narrowing["troubleshooter"] is None
    assert [(c["label"], c["kind"]) for c in narrowing["choices"]] == [
        ("Something stopped working", "question"),
        ("My computer is slow or acting up", "question"),
        ("I can't get into something", "question"),
        ("Contact the service desk", "desk"),
    ]


def test_words_that_only_say_something_is_wrong_pick_the_tree_that_says_just_that(
    engine: Engine,
) -> None:
    narrowing = asked(engine, "its not working again")
    assert narrowing is not None and narrowing["troubleshooter"] is not None
    assert narrowing["troubleshooter"]["path"] == "troubleshoot/something-stopped-working"


def test_vague_words_no_troubleshooter_says_get_the_topics(without_trees: Engine) -> None:
    narrowing = asked(without_trees, "argh weird")
    assert narrowing is not None
    assert narrowing["question"] == "What isn't working?"
    assert narrowing["troubleshooter"] is None
    assert {c["kind"] for c in narrowing["choices"]} == {"topic"}
    assert {(c["label"], c["url"]) for c in narrowing["choices"]} == {
        ("Getting help", "/help/"),
        ("Printing", "/printing/"),
        ("Your computer", "/computer/"),
        ("Accounts and passwords", "/accounts/"),
        ("Wi-Fi, internet and VPN", "/network/"),
        ("Email and calendar", "/email/"),
    }  # never the troubleshooters' own section


def test_troubleshooters_are_never_results_nor_featured(engine: Engine) -> None:
    for query in ("it stopped working", "something stopped working", "can't log in", "zzqx"):
        response = engine.search(query, limit=50)
        assert all(not hit.path.startswith("troubleshoot/") for hit in response.results)
        assert all(not g["path"].startswith("troubleshoot/") for g in response.featured)
    # The home page links the troubleshooter first; the featured guides skip it.
    assert engine.featured_guides()[0]["path"] == "printing/clear-paper-jam"
    suggested = engine.suggest("something stopped")
    assert all(not s["path"].startswith("troubleshoot/") for s in suggested)


def test_a_search_within_a_section_is_never_asked(engine: Engine) -> None:
    assert engine.search("it stopped working", section="computer").narrowing is None
    assert engine.search("help", section="help").narrowing is None


def test_small_words_being_typed_are_not_asked(engine: Engine) -> None:
    for query in ("he", "it", "   ", "", "?!"):
        assert asked(engine, query) is None, query


def test_the_answer_carries_the_narrowing_as_json(engine: Engine) -> None:
    body = json.loads(json.dumps(engine.search("it stopped working").as_dict()))
    assert body["narrowing"]["reason"] == "vague"
    assert json.loads(json.dumps(engine.search("printer jammed").as_dict()))["narrowing"] is None
    assert SearchResponse(query="", results=[], total=0).as_dict()["narrowing"] is None


def test_the_build_keeps_what_narrowing_needs(engine: Engine) -> None:
    meta = json.loads(gzip.decompress((engine.folder / META_FILE).read_bytes()))
    trees = {t["path"]: t for t in meta["narrowing"]["troubleshooters"]}
    assert list(trees) == [
        "troubleshoot/something-stopped-working",
        "troubleshoot/computer-acting-up",
        "troubleshoot/cant-get-in",
    ]
    first = trees["troubleshoot/something-stopped-working"]
    assert first["url"] == "/troubleshoot/something-stopped-working/"
    assert (first["start"], first["question"]) == ("start", "What stopped working?")
    assert ["stop", "work"] in first["terms"]  # analysed as the guides' phrases are
    assert meta["narrowing"]["desk"] == "/help/contact-the-service-desk/"
    assert all(not g["path"].startswith("troubleshoot/") for g in meta["guides"])
    assert all(not p.startswith("troubleshoot/") for p in meta["featured"])


def test_a_damaged_narrowing_part_is_refused_whole(engine: Engine, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "build"
    shutil.copytree(engine.folder, folder)
    meta = json.loads(gzip.decompress((folder / META_FILE).read_bytes()))
    meta["narrowing"]["troubleshooters"][0]["choices"] = [{"label": 3}]
    (folder / META_FILE).write_bytes(gzip.compress(json.dumps(meta).encode()))
    with pytest.raises(DamagedBuild, match="troubleshooter 0"):
        load_build(folder)


def test_a_build_from_before_has_no_question_and_still_answers(
    engine: Engine, tmp_path: Path
) -> None:
    import shutil

    folder = tmp_path / "build"
    shutil.copytree(engine.folder, folder)
    meta = json.loads(gzip.decompress((folder / META_FILE).read_bytes()))
    del meta["narrowing"]
    (folder / META_FILE).write_bytes(gzip.compress(json.dumps(meta).encode()))
    old = Engine(folder)
    assert old.search("it stopped working").narrowing is None  # nothing to offer: results alone
    assert old.search("it stopped working").results
    helping = old.search("help").narrowing  # the service desk is always there
    assert helping is not None
    assert helping["choices"] == [
        {"label": "Contact the service desk", "url": "/help/contact-the-service-desk/",
         "kind": "desk"}
    ]  # fmt: skip


def test_the_live_preview_updates_troubleshooters(tmp_path: Path) -> None:
    engine = build(tmp_path, {**GUIDES, **TREES})
    changed = TREES["troubleshoot/cant-get-in.md"].replace(
        "What are you trying to get into?", "Where are you locked out?"
    )
    write(tmp_path / "content", "troubleshoot/cant-get-in.md", changed)
    # A guide that becomes a troubleshooter leaves the results.
    write(
        tmp_path / "content",
        "email/outlook-wont-open.md",
        tree(
            "Outlook trouble",
            ("outlook",),
            ("outlook problem",),
            "## What does Outlook do? {#start}\n\n"
            "- [It will not open](../help/contact-the-service-desk.md)\n"
            "- [It is slow](../computer/computer-running-slow.md)\n",
        ),
    )
    content = load_content(tmp_path / "content")
    pages = [content.get("troubleshoot/cant-get-in"), content.get("email/outlook-wont-open")]
    update_guides(
        tmp_path / "var",
        [article for article in pages if article is not None],
        ["troubleshoot/computer-acting-up"],
    )
    fresh = Engine(current_index(tmp_path / "var"))  # type: ignore[arg-type]
    narrowing = fresh.search("can't log in").narrowing
    assert narrowing is not None and narrowing["question"] == "Where are you locked out?"
    assert "email/outlook-wont-open" not in [h.path for h in fresh.search("outlook").results]
    trees = [c["url"] for c in (fresh.search("help").narrowing or {})["choices"][2:]]
    assert trees == [
        "/troubleshoot/something-stopped-working/",
        "/troubleshoot/cant-get-in/",
        "/email/outlook-wont-open/",
    ]
    assert engine.search("can't log in").narrowing["question"] != "Where are you locked out?"  # type: ignore[index]


def test_each_language_has_its_own_vague_words(tmp_path: Path) -> None:
    pages = {
        "index.md": "# Aide\n",
        "imprimante/bourrage.md": "---\nlang: fr\n---\n# Débloquer un bourrage papier\n\n"
        "Le papier est coincé dans l'imprimante.\n",
        "poste/lent.md": "---\nlang: fr\n---\n# Un ordinateur lent\n\nL'ordinateur est lent.\n",
        "imprimante/index.md": "---\nlang: fr\n---\n# Impression\n",
        "poste/index.md": "---\nlang: fr\n---\n# Votre ordinateur\n",
    }
    french = build(tmp_path, pages)
    narrowing = french.search("ça ne marche pas", lang="fr").narrowing
    assert narrowing is not None and narrowing["reason"] == "vague"
    assert {c["url"] for c in narrowing["choices"]} == {"/imprimante/", "/poste/"}
    assert french.search("bourrage papier", lang="fr").narrowing is None
    assert vocabulary("xx") is None  # a language with no list: every query is specific


def _tree_meta(path: str, terms: list[list[str]], deeper: list[list[str]]) -> dict:
    return {
        "path": path,
        "url": f"/{path}/",
        "title": path,
        "lang": "en",
        "question": "What happened?",
        "start": "start",
        "choices": [{"label": "Something else", "url": "/help/", "kind": "topic"}],
        "terms": terms,
        "answers": [["comput"]],
        "deeper": deeper,
    }


def test_a_later_questions_answer_finds_its_tree_when_no_title_or_phrase_does() -> None:
    """ "deleted it" belongs to the tree whose second question offers "I deleted it by
    mistake", though its title and phrases only say "gone"."""
    from search.narrowing import Narrower

    narrower = Narrower(
        {
            "troubleshooters": [
                _tree_meta("t/stopped", [["stop", "work"]], [["print"]]),
                _tree_meta("t/gone", [["gone"]], [["delet", "mistak"]]),
            ]
        }
    )
    tree, score = narrower.best_tree([{("delet",): 1.0}], False, "en")
    assert tree is not None and tree.path == "t/gone", (tree, score)
    # Its own words still come first: "stopped" is the other tree's title, not a later answer.
    tree, _ = narrower.best_tree([{("stop",): 1.0}], False, "en")
    assert tree is not None and tree.path == "t/stopped"


def test_the_topics_offered_are_the_results_own_when_they_are_a_few() -> None:
    from search.narrowing import RESULT_TOPICS, Narrower

    sections = ["help", "computer", "email", "files", "network", "printing", "security"]
    narrower = Narrower(
        {
            "topics": [
                {"title": s.title(), "url": f"/{s}/", "section": s, "lang": "en"} for s in sections
            ]
        }
    )
    found = ["email", "files", "email", "computer"]
    offered = narrower.narrowing("spread", "en", sections=found)
    assert offered is not None
    assert [c["url"] for c in offered["choices"]] == ["/email/", "/files/", "/computer/"]
    # Results from fewer topics than that: every topic, the results' first.
    offered = narrower.narrowing("spread", "en", sections=["email", "email"])
    assert offered is not None
    assert [c["url"] for c in offered["choices"]][:1] == ["/email/"]
    assert len(offered["choices"]) == len(sections) > RESULT_TOPICS


def test_weak_and_spread_results_get_a_troubleshooter_only_when_it_says_much_of_the_words() -> None:
    """ "excel add-in" names things; one shared word of a tree's later answer is no reason
    to ask "What has gone?": the results' topics are offered instead."""
    from search.narrowing import Narrower

    narrower = Narrower(
        {
            "troubleshooters": [_tree_meta("t/gone", [["gone"]], [["delet", "mistak"]])],
            "topics": [
                {"title": s.title(), "url": f"/{s}/", "section": s, "lang": "en"}
                for s in ("files", "computer", "email")
            ],
        }
    )
    weak = narrower.narrowing(
        "spread", "en", [{("delet",): 1.0}], ["specific"], sections=["files", "computer", "email"]
    )
    assert weak is not None and weak["troubleshooter"] is None
    assert {c["kind"] for c in weak["choices"]} == {"topic"}
    # Vague words (not a spread guess) still go to the tree.
    vague = narrower.narrowing("vague", "en", [{("delet",): 1.0}], ["symptom"])
    assert vague is not None and vague["troubleshooter"]["path"] == "t/gone"
