"""The tantivy engine on folders nobody tuned it for: title matches, spelling, short words,
languages, where a result lands, and updating one guide in place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from portal.guides.articles import load_content
from search import Engine, build_index, current_index, stems, update_guides
from search.landing import NOT_LANDING, heading_key
from tests.support.courses import write_course
from tests.support.files import ROOT, write
from tests.support.spelling import count_deletion_lookups

PAGES = {
    "accounts/passwords.md": "# Requirements for Passwords\n\nPasswords need twelve letters.\n",
    "accounts/badges.md": "# Badges\n\nThe rules for badges: a password is never on a badge. "
    "Rules rules rules about your password.\n",
    "accounts/vpn.md": "# VPN access\n\nRequests for access are rejected when the form is empty.\n",
    "accounts/id.md": "# Which ID to use\n\nUse your staff ID card at the door.\n",
    "accounts/entry.md": "# Building entry\n\nEntry to the building is by card.\n",
    "accounts/entry.fr.md": "# Entrée du bâtiment\n\nEntre avec ta carte, entrée par la porte.\n",
    "handbook/rooms.md": "# Rooms\n\n<table><tr><td>Room 4</td><td>Projector cable"
    "</td></tr></table>\n",
    "handbook/travel.md": "# Travel\n\nBook early.\n\n## Expenses for hotels\n\nKeep receipts "
    "for hotels.\n\n## Trains\n\nAsk for a hotel near the station.\n",
}


def engine_for(folder: Path) -> Engine:
    var = folder / "var"
    build_index(load_content(folder / "content"), var)
    return Engine(current_index(var))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("foreign")
    for name, text in PAGES.items():
        write(folder / "content", name, text)
    return engine_for(folder)


def paths(engine: Engine, query: str, lang: str | None = None) -> list[str]:
    return [hit.path for hit in engine.search(query, lang=lang).results]


def test_a_strong_title_match_on_one_word_is_not_shut_out(engine: Engine) -> None:
    assert "accounts/passwords" in paths(engine, "password rules")[:2]


def test_a_correctly_spelled_word_is_never_corrected(engine: Engine) -> None:
    response = engine.search("rejected")
    assert response.did_you_mean is None
    assert [hit.path for hit in response.results] == ["accounts/vpn"]


def test_a_page_without_a_description_shows_its_own_words(engine: Engine) -> None:
    """Another site's page that is only a table still gets a snippet: the part people land on."""
    hit = engine.search("projector cable").results[0]
    assert hit.path == "handbook/rooms"
    assert "<mark>Projector</mark>" in hit.snippet


def test_the_typo_index_is_made_ahead_of_the_first_typo(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The portal warms a new build beside the readers: a first typo then costs no more than
    any other (at 5,000 guides, making the index took 150 ms)."""
    engine.warm_up()
    looked_up = count_deletion_lookups(monkeypatch)
    assert engine.spellers["en"].corrections("pasword") == ["password"]
    assert looked_up == ["pasword"]  # only the typed word: the known words' index was ready


def test_short_words_people_type_are_searchable(engine: Engine) -> None:
    assert paths(engine, "which ID can I use")[:1] == ["accounts/id"]


def test_each_language_answers_in_its_own_words(engine: Engine) -> None:
    assert engine.languages == frozenset({"en", "fr"})
    assert engine.default_language == "en"
    english = paths(engine, "entry")
    assert english == ["accounts/entry"]  # never the French copy, never "entre"
    assert paths(engine, "entrée", lang="fr") == ["accounts/entry.fr"]
    assert paths(engine, "entry", lang="de") == english  # no German pages: the default


@pytest.mark.parametrize(
    ("lang", "text", "asked"),
    [
        ("fr", "J'ai perdu l'accès à l'écran de la salle", ["perdu", "acce", "ecran", "sall"]),
        (
            "de",
            "Ich habe mein Passwort für den Drucker vergessen",
            ["passwort", "druck", "vergess"],
        ),
        ("es", "No puedo entrar en el correo de la oficina", ["pued", "entrar", "corre", "oficin"]),
        ("en", "I can't find the printer on my laptop", ["find", "printer", "on", "laptop"]),
    ],
)
def test_each_language_leaves_out_its_own_small_words(
    lang: str, text: str, asked: list[str]
) -> None:
    """ "de", "la", "l'" ask nothing in French, as "the" and "of" ask nothing in English."""
    assert [stem[:6] for stem in stems(text, lang)] == [word[:6] for word in asked]


def test_a_page_without_our_template_opens_where_a_heading_says_the_query(engine: Engine) -> None:
    hotels = engine.search("hotel expenses").results[0]
    assert hotels.url.endswith("#expenses-for-hotels") and hotels.heading == "Expenses for hotels"
    assert "<mark>" in hotels.snippet
    booking = engine.search("book early").results[0]
    assert "#" not in booking.url and booking.heading == ""


def test_the_closing_parts_of_our_template_are_never_landed_on() -> None:
    template = (ROOT / "portal/writing/templates/guide.md").read_text(encoding="utf-8")
    headings = {heading_key(h) for h in re.findall(r"^## (.+)$", template, re.MULTILINE)}
    assert headings >= NOT_LANDING
    assert headings - NOT_LANDING == {"before you start", "what to do"}


def test_our_guides_land_at_the_top_or_the_steps(built_content_engine: Engine) -> None:
    for query in ("i clicked a dodgy link", "emails vanished", "internet phonebook"):
        for hit in built_content_engine.search(query).results:
            assert hit.heading.rstrip("?").lower() not in {
                "why this happens",
                "avoid it next time",
                "did it work",
                "related guides",
            }


def test_words_in_most_pages_still_count_a_little(tmp_path: Path) -> None:
    """A page saying the query's common words strongly is not shut out by one that says
    only its rarest word in passing: each word counts by how rare it is, none counts nothing."""
    pages = {
        "team/calendar.md": "# Team calendar\n\nThe team calendar shows the team's days off. "
        "Add your days to the calendar.\n",
        "team/events.md": "# Events\n\nThe signup sheet for events is by the door.\n",
        "team/rota.md": "# Rota\n\nThe team rota is on the calendar page.\n",
        "team/lunch.md": "# Lunch\n\nThe team eats at noon; see the calendar.\n",
        "team/desks.md": "# Desks\n\nEvery team has its own desks.\n",
        "team/keys.md": "# Keys\n\nAsk your team lead for a key.\n",
    }
    for name, text in pages.items():
        write(tmp_path / "content", name, text)
    engine = engine_for(tmp_path)
    assert paths(engine, "team calendar signup")[0] == "team/calendar"
    assert paths(engine, "events signup")[0] == "team/events"


@pytest.fixture(scope="module")
def built_content_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    var = tmp_path_factory.mktemp("ours")
    build_index(load_content(ROOT / "content"), var)
    return Engine(current_index(var))  # type: ignore[arg-type]


def test_one_changed_guide_is_updated_without_a_rebuild(tmp_path: Path) -> None:
    for name, text in PAGES.items():
        write(tmp_path / "content", name, text)
    engine = engine_for(tmp_path)
    assert engine.search("zebrafinch").results == []
    write(
        tmp_path / "content", "handbook/travel.md", PAGES["handbook/travel.md"] + "\nZebrafinch.\n"
    )
    content = load_content(tmp_path / "content")
    changed = [a for a in content.guides if a.path == "handbook/travel"]
    folder = update_guides(tmp_path / "var", changed, ["accounts/badges"])
    assert folder == current_index(tmp_path / "var")
    reopened = Engine(folder)
    assert paths(reopened, "zebrafinch") == ["handbook/travel"]
    assert "accounts/badges" not in paths(reopened, "badges rules password")
    assert reopened.size == engine.size - 1


@pytest.mark.parametrize(
    ("lang", "text", "terms", "marked"),
    [
        ("en", "The Printer's tray. Printers jam.", {"printer"}, ["Printer's", "Printers"]),
        ("en", "Turn Wi-Fi off; the wifi comes back.", {"wifi"}, ["Wi-Fi", "wifi"]),
        ("en", "Nothing here matches at all.", {"printer"}, []),
        ("en", "re-print, reprint and preprint", {"reprint"}, ["re-print", "reprint"]),
        ("fr", "L'écran reste noir. Écran éteint.", {"ecran"}, ["L'écran", "Écran"]),
        (
            "fr",
            "Redemarre l'ordinateur, puis l'ordinateur portable.",
            {"ordin"},
            ["l'ordinateur"] * 2,
        ),
    ],
)
def test_a_snippet_marks_every_form_of_the_words_asked(
    lang: str, text: str, terms: set[str], marked: list[str]
) -> None:
    """Matches come from one pass of the regex engine over the text; a word is marked when its
    stem is asked for, whatever its case, apostrophe, hyphen or elided article."""
    from search.snippets import make_snippet

    assert re.findall(r"<mark>(.*?)</mark>", make_snippet(text, terms, lang=lang)) == marked


def test_a_guide_that_fixes_comes_before_a_lesson_that_teaches(tmp_path: Path) -> None:
    """Someone searching usually has the problem now; lessons and courses are still found."""
    write_course(tmp_path / "content")
    write(
        tmp_path / "content",
        "security/spot-a-fake-email.md",
        "# Spot a fake email\n\nA fake email asks for your password. Report the email.\n",
    )
    engine = engine_for(tmp_path)
    found = paths(engine, "spot a fake email")
    assert found[0] == "security/spot-a-fake-email"
    assert "learn/staying-safe-online/spot-a-fake-email" in found
    assert paths(engine, "staying safe online course")[0] == "learn/staying-safe-online/index"
    assert not [p for p in paths(engine, "you finished what you learned") if "finished" in p]


def test_a_result_is_named_by_its_top_folders_own_page_never_a_deeper_one(
    tmp_path: Path,
) -> None:
    """Lessons sit in learn/<course>/: their topic is "Learn" (learn/index.md), not whichever
    course's index page came last."""
    write(tmp_path / "content", "learn/index.md", "# Learn\n\nShort courses.\n")
    write(tmp_path / "content", "learn/first-week/index.md", "# Your first week\n\nA course.\n")
    write(
        tmp_path / "content", "learn/on-the-move/index.md", "# Working on the move\n\nA course.\n"
    )
    write(
        tmp_path / "content",
        "learn/on-the-move/video-calls.md",
        "# Video calls\n\nUse a headset.\n",
    )
    write(tmp_path / "content", "wiki/team/index.md", "# Team pages\n\nNo wiki/index.md here.\n")
    write(tmp_path / "content", "wiki/team/rota.md", "# The rota\n\nWho is on call.\n")
    engine = engine_for(tmp_path)
    assert engine.search("video calls headset").results[0].section_title == "Learn"
    # A folder with no page of its own is named by the first index page below it.
    assert engine.search("rota on call").results[0].section_title == "Team pages"


TEMPLATE_GUIDE = """---
title: Add a printer to your computer
description: Add the office printer.
tags: [printing]
phrases: [add printer]
owner: Service Desk
reviewed: 2026-11-01{urgent}
---

# Add a printer to your computer

Printers on the network show up by themselves.

## What to do

1. Open Settings.

### Make it your default printer

1. Select the printer, then Set as default.

### Check the print queue

1. Open the queue and clear the stuck print jobs.

## Why this happens

Printers move.
"""


@pytest.mark.parametrize("urgent", [False, True])
def test_our_guides_open_at_their_top_unless_a_heading_says_more_than_the_title(
    tmp_path: Path, urgent: bool
) -> None:
    """Readers landing mid-guide missed the first steps (two blind trials): "printer" opens
    the printer guide at its top; "clear the print queue" at the part that says it; an urgent
    guide always at its top, by the desk's call button."""
    text = TEMPLATE_GUIDE.format(urgent="\nurgent: true" if urgent else "")
    write(tmp_path / "content", "printing/add-a-printer.md", text)
    engine = engine_for(tmp_path)
    default = engine.search("printer default").results[0].url
    assert default == "/printing/add-a-printer/" + (
        "" if urgent else "#make-it-your-default-printer"
    )
    assert engine.search("printer").results[0].url == "/printing/add-a-printer/"
    queue = engine.search("clear the print queue").results[0]
    if urgent:
        assert queue.url == "/printing/add-a-printer/"
    else:
        assert queue.url == "/printing/add-a-printer/#check-the-print-queue"
        assert queue.heading == "Check the print queue"
