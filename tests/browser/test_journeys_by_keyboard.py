"""Whole journeys in a real Chromium against a real portal, by keyboard only (no mouse call
anywhere): a person with a problem searches, opens a guide, says it did not help and why, and
reaches a person at the service desk. The same by taps on a phone is in
test_journeys_by_phone.py."""

from __future__ import annotations

import re

import pytest

from tests.support.a11y import focus_is, new_context, ring_is_visible, tab_to, wait_for_scheme
from tests.support.browser import wait_for_portal_results
from tests.support.journeys import DONE, GUIDE, SAVED, status_says, stored
from tests.support.servers import Server


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_keyboard_only_from_the_home_page_to_a_person(browser, seeded_portal: Server, scheme: str):
    context = new_context(browser, scheme)
    try:
        page = context.new_page()
        page.goto(f"{seeded_portal.url}/")
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
        # The result opens the guide (at its top, or at a section whose heading says more of
        # the words than the title does); Tab goes on from there.
        page.wait_for_url(re.compile(rf".*/{GUIDE}/(#.*)?$"), timeout=10_000)
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
        assert stored(seeded_portal, comment) == [(0, "hard-to-understand", comment)]

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


def test_keyboard_only_through_the_header_search_box(browser, seeded_portal: Server) -> None:
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(f"{seeded_portal.url}/")
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
