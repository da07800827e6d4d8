"""Whole journeys in a real Chromium against a real portal: a person with a problem searches,
opens a guide, says it did not help and why, and reaches a person at the service desk. Once by
keyboard only (no mouse call anywhere), once by taps on a 390x844 phone."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from tests.support.a11y import (
    OVERFLOW_JS,
    PHONE,
    dashboard_server,
    focus_is,
    new_context,
    ring_is_visible,
    tab_to,
    wait_for_scheme,
)
from tests.support.browser import wait_for_portal_results
from tests.support.kb import Built
from tests.support.servers import Server

GUIDE = "printing/printer-not-printing"  # the first result for "printer offline"
SAVED = "Thank you for your answer."
DONE = "The people who write these guides read every comment"


@pytest.fixture(scope="module")
def portal(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with dashboard_server(built, tmp_path_factory.mktemp("journey-store")) as running:
        yield running


def stored(server: Server, comment: str) -> list[tuple[object, ...]]:
    """The answers the portal stored for the guide with this comment."""
    with sqlite3.connect(server.store) as db:  # type: ignore[attr-defined]
        return db.execute(
            "SELECT helpful, reason, comment FROM feedback WHERE guide = ? AND comment = ?",
            (GUIDE, comment),
        ).fetchall()


def status_says(page, words: str) -> None:
    page.locator(".kb-feedback__status").filter(has_text=words).wait_for(timeout=10_000)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_keyboard_only_from_the_home_page_to_a_person(browser, portal: Server, scheme: str):
    context = new_context(browser, scheme)
    try:
        page = context.new_page()
        page.goto(f"{portal.url}/")
        wait_for_scheme(page, scheme)

        # The home page's search box, then the portal's results page.
        tab_to(page, "#kb-home-q", limit=40)
        assert ring_is_visible(page)
        page.keyboard.type("printer offline")
        page.keyboard.press("Enter")
        page.wait_for_url("**/search?q=printer+offline", timeout=10_000)
        tab_to(page, "a.kb-result__link")
        assert ring_is_visible(page)
        assert page.evaluate("document.activeElement.dataset.kbPosition") == "1"
        page.keyboard.press("Enter")
        # The result opens the guide at its best section; Tab goes on from there.
        page.wait_for_url(f"**/{GUIDE}/#*", timeout=10_000)
        tab_to(page, '[data-kb-helpful="yes"]', limit=200)
        assert ring_is_visible(page)
        page.keyboard.press("Tab")
        assert focus_is(page, '[data-kb-helpful="no"]')
        page.keyboard.press("Space")
        status_says(page, SAVED)

        # Focus moved to the reasons; an arrow key chooses the next one.
        assert focus_is(page, 'input[value="steps-did-not-work"]')
        page.keyboard.press("ArrowDown")
        assert focus_is(page, 'input[value="hard-to-understand"]:checked')
        assert ring_is_visible(page)
        page.keyboard.press("Tab")
        assert focus_is(page, "#kb-feedback-comment")
        assert ring_is_visible(page)
        page.keyboard.type("Too many steps")
        page.keyboard.press("Tab")
        assert focus_is(page, ".kb-feedback__send")
        assert ring_is_visible(page)
        # Second thoughts: back to the comment to finish the sentence, then send.
        page.keyboard.press("Shift+Tab")
        assert focus_is(page, "#kb-feedback-comment")
        comment = f"Too many steps at once ({scheme})."
        page.keyboard.press("End")
        page.keyboard.type(f" at once ({scheme}).")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        status_says(page, DONE)
        assert focus_is(page, ".kb-feedback__status")
        assert stored(portal, comment) == [(0, "hard-to-understand", comment)]

        # "Still stuck?": the offer, the block's heading, then its first way to a person.
        page.keyboard.press("Tab")
        assert focus_is(page, "a.kb-feedback__stuck-link")
        assert ring_is_visible(page)
        page.keyboard.press("Enter")
        assert focus_is(page, "#kb-still-stuck-title")
        assert ring_is_visible(page)
        page.keyboard.press("Tab")
        assert focus_is(page, '.kb-still-stuck a[data-kb-channel="phone"]')
        assert page.locator(".kb-still-stuck a").first.evaluate("a => a === document.activeElement")
        assert ring_is_visible(page)
    finally:
        context.close()


def test_keyboard_only_through_materials_search_box(browser, portal: Server) -> None:
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(f"{portal.url}/")
        tab_to(page, "input.md-search__input", limit=40)
        assert ring_is_visible(page)
        page.keyboard.type("printer offline", delay=30)
        wait_for_portal_results(page, "Fix a printer that won")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/{GUIDE}/**", timeout=10_000)
        tab_to(page, '[data-kb-helpful="no"]', limit=400)
    finally:
        context.close()


# -- by taps on a phone ------------------------------------------------------------------------


def fits(page) -> None:
    """Nothing makes the page scroll sideways or sticks out of the screen."""
    overflow = page.evaluate(OVERFLOW_JS)
    assert overflow["scrollWidth"] <= overflow["innerWidth"], overflow
    assert not overflow["offenders"], overflow


def in_view(page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box, selector
    assert box["y"] >= 0 and box["y"] + box["height"] <= 844, (selector, box)
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (selector, box)
    return box


def test_by_taps_on_a_phone_from_the_home_page_to_a_person(browser, portal: Server) -> None:
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(f"{portal.url}/")
        fits(page)
        page.locator("#kb-home-q").tap()
        page.keyboard.type("printer offline")
        page.locator("form.kb-home-search button[type=submit]").tap()
        page.wait_for_url("**/search?q=printer+offline", timeout=10_000)
        fits(page)
        page.locator("a.kb-result__link").first.tap()
        page.wait_for_url(f"**/{GUIDE}/**", timeout=10_000)
        fits(page)

        page.get_by_role("button", name="No", exact=True).tap()
        status_says(page, SAVED)
        page.get_by_text("It is out of date", exact=True).tap()  # the label, not the dot
        assert page.locator('input[value="out-of-date"]').is_checked()
        page.locator("#kb-feedback-comment").tap()
        comment = "The menu is called Printers & scanners now (phone)."
        page.keyboard.type(comment)
        fits(page)
        page.locator(".kb-feedback__send").tap()
        status_says(page, DONE)
        assert stored(portal, comment) == [(0, "out-of-date", comment)]

        page.locator("a.kb-feedback__stuck-link").tap()
        page.wait_for_function(
            "document.activeElement.id === 'kb-still-stuck-title'", timeout=10_000
        )
        # The block is on screen and its first way to a person is a full-size target.
        in_view(page, "#kb-still-stuck-title")
        box = in_view(page, '.kb-still-stuck a[data-kb-channel="phone"]')
        assert box["height"] >= 44
        fits(page)
    finally:
        context.close()


def test_by_taps_on_a_phone_through_materials_search_box(browser, portal: Server) -> None:
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(f"{portal.url}/{GUIDE}/")
        page.locator("label.md-header__button[for='__search']").tap()
        page.locator("input.md-search__input:focus").wait_for(timeout=10_000)
        page.keyboard.type("paper jam", delay=30)
        first = page.locator(".md-search-result__item a").first
        wait_for_portal_results(page, "paper jam")
        fits(page)
        first.tap()
        page.wait_for_url("**/printing/clear-paper-jam/**", timeout=10_000)
        fits(page)
    finally:
        context.close()
