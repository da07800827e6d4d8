""" "Was this helpful?" and result clicks in a real Chromium, against a real `kb serve` with its own
SQLite file: what the reader does ends up in the store, by mouse or keyboard, and the widget says
so plainly when the portal cannot be reached."""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from portal.guides.vocabulary import COMMENT_CHARS
from tests.support.browser import wait_for_portal_results
from tests.support.http import http_get
from tests.support.kb import Built
from tests.support.servers import NO_VOTE_LIMITS, Server, start_server, stop_server

SAVED = "Thank you for your answer."
DONE = "The people who write these guides read every comment"
UNSENT = "could not be sent"


@pytest.fixture(scope="module")
def store_server(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The portal on loopback with a SQLite file of its own (read back with sqlite3 below)."""
    folder = tmp_path_factory.mktemp("feedback-store")
    running = start_server(
        built.site,
        extra_env={
            "KB_DATABASE_URL": f"sqlite:///{folder}/store.sqlite3",
            **NO_VOTE_LIMITS,
        },
        var_dir=built.var,
    )
    running.store = folder / "store.sqlite3"  # type: ignore[attr-defined]
    yield running
    stop_server(running)


def rows(server: Server, sql: str, *args: object) -> list[sqlite3.Row]:
    db: Path = server.store  # type: ignore[attr-defined]
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute(sql, args).fetchall()


def clicks_for(server: Server, token: str) -> list[tuple[object, ...]]:
    """Clicks recorded for one search. A beacon has no reply the page can wait for, so this
    asks the store again until the row is there (at most 10 s), rather than sleeping."""
    sql = (
        "SELECT c.position, c.guide, s.query FROM clicks c JOIN searches s"
        " ON s.id = c.search_id WHERE s.token = ?"
    )
    deadline = time.monotonic() + 10
    while True:
        found = [tuple(r) for r in rows(server, sql, token)]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def votes(server: Server, guide: str) -> list[sqlite3.Row]:
    return rows(server, "SELECT helpful, reason, comment FROM feedback WHERE guide = ?", guide)


def widget(page):
    return page.locator("section.kb-feedback")


def status_says(page, words: str) -> None:
    """Wait until the live region holds `words` (Playwright polls; no fixed sleep)."""
    status = page.locator(".kb-feedback__status")
    status.filter(has_text=words).wait_for(timeout=10_000)


def focused(page) -> str:
    """The focused element in short: "button:yes", "input:other", "h2#kb-still-stuck-title"."""
    return page.evaluate(
        """() => {
          const e = document.activeElement;
          const tag = e.tagName.toLowerCase();
          if (e.id) return tag + "#" + e.id;
          const name = e.getAttribute("data-kb-helpful") || e.value
            || [...e.classList].find(c => c.startsWith("kb-")) || "";
          return tag + ":" + name;
        }"""
    )


def test_without_javascript_no_form_shows(browser, store_server: Server) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{store_server.url}/printing/clear-paper-jam/")
        assert page.locator("#kb-still-stuck-title").is_visible()
        assert page.locator("section.kb-feedback").count() == 1
        assert not page.locator("section.kb-feedback").is_visible()
    finally:
        context.close()


def test_yes_then_a_comment_is_stored_screened(store_server: Server, page) -> None:
    guide = "printing/clear-paper-jam"
    page.goto(f"{store_server.url}/{guide}/")
    assert widget(page).is_visible()
    page.get_by_role("button", name="Yes", exact=True).click()
    status_says(page, SAVED)
    assert [tuple(r) for r in votes(store_server, guide)] == [(1, None, None)]
    # Yes asks no reason, only an optional comment, and puts the cursor in it.
    assert not page.locator(".kb-feedback__reasons").is_visible()
    assert focused(page) == "textarea#kb-feedback-comment"
    assert page.locator('[data-kb-helpful="yes"]').get_attribute("aria-pressed") == "true"
    text = "Clear steps, my password is Tr0ub4dor&3 by the way"
    page.locator("#kb-feedback-comment").fill(text)
    assert page.locator(".kb-feedback__left").inner_text() == f"{COMMENT_CHARS - len(text):,}"
    page.get_by_role("button", name="Send").click()
    status_says(page, DONE)
    assert not page.locator(".kb-feedback__more").is_visible()
    assert not page.locator(".kb-feedback__stuck").is_visible()  # Yes needs no way out
    stored = votes(store_server, guide)
    assert len(stored) == 1
    assert stored[0]["helpful"] == 1
    assert "[removed]" in stored[0]["comment"] and "Tr0ub4dor" not in stored[0]["comment"]


def test_no_with_reason_and_comment_replaces_the_first_vote(store_server: Server, page) -> None:
    guide = "printing/add-a-printer"
    page.goto(f"{store_server.url}/{guide}/")
    page.get_by_role("button", name="No", exact=True).click()
    # The thanks says the form below still waits, so nobody stops at it.
    status_says(page, SAVED + " If you can, tell us below what went wrong, then press Send.")
    assert [tuple(r) for r in votes(store_server, guide)] == [(0, None, None)]
    assert focused(page) == "input:steps-did-not-work"
    page.get_by_role("radio", name="It is out of date").check()
    page.get_by_role("textbox", name="Anything else you want to tell us? (optional)").fill(
        "The menu is called Bluetooth & devices now."
    )
    page.get_by_role("button", name="Send").click()
    status_says(page, DONE)
    assert [tuple(r) for r in votes(store_server, guide)] == [
        (0, "out-of-date", "The menu is called Bluetooth & devices now.")
    ]
    assert page.locator(".kb-feedback__status").evaluate("e => e === document.activeElement")


def test_keyboard_only_no_with_a_reason(store_server: Server, page) -> None:
    guide = "printing/scan-to-email"
    page.goto(f"{store_server.url}/{guide}/")
    for _ in range(400):  # Tab through the page until the Yes button has focus
        if focused(page) == "button:yes":
            break
        page.keyboard.press("Tab")
    assert focused(page) == "button:yes", "the Yes button cannot be reached with Tab"
    page.keyboard.press("Tab")
    assert focused(page) == "button:no"
    page.keyboard.press("Enter")
    status_says(page, SAVED)
    assert focused(page) == "input:steps-did-not-work"  # focus moved to the reasons
    page.keyboard.press("ArrowDown")  # moves to and chooses "It was hard to understand"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert focused(page) == "textarea#kb-feedback-comment"
    page.keyboard.type("Too many steps at once.")
    page.keyboard.press("Tab")
    assert focused(page) == "button:kb-feedback__button"
    page.keyboard.press("Space")
    status_says(page, DONE)
    assert page.locator(".kb-feedback__status").evaluate("e => e === document.activeElement")
    assert [tuple(r) for r in votes(store_server, guide)] == [
        (0, "hard-to-understand", "Too many steps at once.")
    ]
    # The way to a person comes next in the tab order, and Enter takes focus to it.
    page.keyboard.press("Tab")
    assert focused(page) == "a:kb-feedback__stuck-link"
    page.keyboard.press("Enter")
    assert focused(page) == "h2#kb-still-stuck-title"


def test_after_no_the_still_stuck_links_carry_guide_and_reason(store_server: Server, page) -> None:
    page.goto(f"{store_server.url}/printing/print-double-sided/")
    assert not page.locator(".kb-feedback__stuck").is_visible()
    page.get_by_role("button", name="No", exact=True).click()
    status_says(page, SAVED)
    offer = page.get_by_role("link", name="ways to reach the service desk")
    assert offer.is_visible()
    page.get_by_role("radio", name="The steps did not work").check()

    mailto = page.locator('.kb-still-stuck a[data-kb-channel="email"]').get_attribute("href")
    assert mailto.startswith("mailto:servicedesk@example.com?")
    params = dict(p.split("=", 1) for p in mailto.split("?", 1)[1].split("&"))
    body = urllib.parse.unquote(params["body"])
    assert "+" not in params["body"]  # mail programs read %20 as a space, not +
    assert "/printing/print-double-sided/" in body
    assert 'My answer to "Was this helpful?": No. The steps did not work.' in body
    assert body.index("The steps did not work") < body.index("What happened:")
    request = page.locator('.kb-still-stuck a[data-kb-channel="portal"]').get_attribute("href")
    summary = urllib.parse.parse_qs(urllib.parse.urlsplit(request).query)["summary"][0]
    assert summary.endswith("(The steps did not work)")

    # Choosing another reason replaces the line rather than adding a second one.
    page.get_by_role("radio", name="Something else").check()
    mailto = page.locator('.kb-still-stuck a[data-kb-channel="email"]').get_attribute("href")
    body = urllib.parse.unquote(mailto.split("body=", 1)[1])
    assert body.count("My answer to") == 1 and "No. Something else." in body

    offer.click()
    assert focused(page) == "h2#kb-still-stuck-title"


def test_changing_the_answer_keeps_one_vote(store_server: Server, page) -> None:
    guide = "network/slow-internet"
    page.goto(f"{store_server.url}/{guide}/")
    page.get_by_role("button", name="No", exact=True).click()
    status_says(page, SAVED)
    page.get_by_role("radio", name="Something else").check()
    page.get_by_role("button", name="Yes", exact=True).click()
    # Once the portal has the new answer, the form asks what a Yes asks: no reasons.
    page.locator(".kb-feedback__reasons").wait_for(state="hidden", timeout=10_000)
    assert [tuple(r) for r in votes(store_server, guide)] == [(1, None, None)]
    # No way out is offered after a Yes, and the e-mail no longer says No.
    assert page.locator('[data-kb-helpful="yes"]').get_attribute("aria-pressed") == "true"
    assert not page.locator(".kb-feedback__stuck").is_visible()
    mailto = page.locator('.kb-still-stuck a[data-kb-channel="email"]').get_attribute("href")
    assert "Was%20this%20helpful" not in mailto
    assert focused(page) == "textarea#kb-feedback-comment"
    page.get_by_role("button", name="Send").click()  # nothing added: no second request needed
    status_says(page, DONE)
    assert [tuple(r) for r in votes(store_server, guide)] == [(1, None, None)]


def test_widget_says_it_could_not_send_when_the_api_fails(store_server: Server, page) -> None:
    guide = "computer/restart-your-computer"
    page.route("**/api/feedback", lambda route: route.abort("connectionrefused"))
    page.goto(f"{store_server.url}/{guide}/")
    page.get_by_role("button", name="No", exact=True).click()
    status_says(page, UNSENT)
    assert "try again later" in page.locator(".kb-feedback__status").inner_text()
    # Nothing pretends to be saved; the buttons stay for later, and a person is still offered.
    assert not page.locator(".kb-feedback__more").is_visible()
    assert page.locator('[data-kb-helpful="no"]').get_attribute("aria-pressed") == "false"
    assert page.get_by_role("link", name="ways to reach the service desk").is_visible()
    assert votes(store_server, guide) == []

    page.unroute("**/api/feedback")
    page.route(
        "**/api/feedback",
        lambda route: route.fulfill(status=503, json={"error": "The store is down."}),
    )
    page.get_by_role("button", name="Yes", exact=True).click()
    status_says(page, UNSENT)
    assert votes(store_server, guide) == []


def test_widget_on_a_static_site_says_it_could_not_send(static_site: str, page) -> None:
    page.goto(f"{static_site}/printing/clear-paper-jam/")
    page.get_by_role("button", name="Yes", exact=True).click()
    status_says(page, UNSENT)
    assert page.get_by_role("button", name="Yes", exact=True).is_visible()


def test_click_on_the_search_page_is_recorded(store_server: Server, page) -> None:
    page.goto(f"{store_server.url}/search?q=printer+offline")
    second = page.locator("a.kb-result__link").nth(1)
    token = page.locator("ol.kb-results").get_attribute("data-kb-search")
    path = second.get_attribute("data-kb-path")
    assert token and path
    with page.expect_request(lambda r: r.url.endswith("/api/click")) as sent:
        second.click()
    assert json.loads(sent.value.post_data) == {"search": token, "position": 2, "page": path}
    assert clicks_for(store_server, token) == [(2, path, "printer offline")]


def test_guide_opened_from_the_search_box_is_recorded_and_the_address_tidied(
    store_server: Server,
    page,
) -> None:
    reply = http_get(f"{store_server.url}/api/search?q=paper+jam")
    token = json.loads(reply.text)["search_id"]
    assert token
    guide = "printing/clear-paper-jam"
    with page.expect_request(lambda r: r.url.endswith("/api/click")) as sent:
        page.goto(f"{store_server.url}/{guide}/?kb_s={token}&kb_p=1#kb-still-stuck-title")
    assert json.loads(sent.value.post_data) == {"search": token, "position": 1, "page": guide}
    assert page.url == f"{store_server.url}/{guide}/#kb-still-stuck-title"
    assert clicks_for(store_server, token) == [(1, guide, "paper jam")]
    # A reload finds a tidy address, so the same click is not counted twice.
    page.reload()
    assert page.url == f"{store_server.url}/{guide}/#kb-still-stuck-title"
    assert len(clicks_for(store_server, token)) == 1


def test_typing_in_the_site_box_then_opening_a_result_is_one_search_and_one_click(
    store_server: Server,
    page,
) -> None:
    page.goto(f"{store_server.url}/")
    page.locator("#kb-header-q").click()
    page.locator("#kb-header-q").press_sequentially("pritner keeps ofline", delay=40)
    wait_for_portal_results(page, "Fix a printer that won")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/printing/printer-not-printing/**", timeout=10_000)
    page.wait_for_function("() => !location.search.includes('kb_s')", timeout=10_000)
    sql = (
        "SELECT s.query, s.source, c.position, c.guide FROM clicks c JOIN searches s"
        " ON s.id = c.search_id WHERE s.query LIKE 'pritner%'"
    )
    deadline = time.monotonic() + 10
    found = rows(store_server, sql)
    while not found and time.monotonic() < deadline:
        time.sleep(0.05)
        found = rows(store_server, sql)
    assert [tuple(r) for r in found] == [
        ("pritner keeps ofline", "site", 1, "printing/printer-not-printing")
    ]
    # Every key press asked the portal; the store counted one search, not twenty.
    typed = rows(
        store_server, "SELECT query FROM searches WHERE query LIKE 'p%' AND source = 'site'"
    )
    assert [r["query"] for r in typed] == ["pritner keeps ofline"]


def test_two_people_with_identical_browsers_behind_one_address_are_two_votes(
    browser, store_server: Server
) -> None:
    """An office: one address, one browser build. The widget's own name for each browser keeps
    their answers apart, and each keeps that name (a second answer replaces its first)."""
    guide = "printing/printer-not-printing"
    same = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/131.0 (the office build)"
    people = [browser.new_context(user_agent=same) for _ in range(2)]
    try:
        pages = []
        for context, answer in zip(people, ("Yes", "No"), strict=True):
            page = context.new_page()
            page.goto(f"{store_server.url}/{guide}/")
            page.get_by_role("button", name=answer, exact=True).click()
            status_says(page, SAVED)
            pages.append(page)
        again = people[1].new_page()
        again.goto(f"{store_server.url}/{guide}/")
        again.get_by_role("button", name="Yes", exact=True).click()
        status_says(again, SAVED)
        names = [p.evaluate("localStorage.getItem('plainhelp.reader')") for p in pages]
    finally:
        for context in people:
            context.close()
    assert all(names) and names[0] != names[1]
    assert sorted(r["helpful"] for r in votes(store_server, guide)) == [1, 1]
