"""Whole journeys in a real Chromium against a real portal, by taps on a 390x844 phone: a person
with a problem searches, opens a guide, says it did not help and why, and reaches a person at
the service desk, and nothing on the way makes the page scroll sideways."""

from __future__ import annotations

from tests.support.a11y import PHONE
from tests.support.browser import wait_for_portal_results
from tests.support.journeys import DONE, GUIDE, SAVED, status_says, stored
from tests.support.page_measurements import OVERFLOW_JS
from tests.support.servers import Server


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


def test_by_taps_on_a_phone_from_the_home_page_to_a_person(browser, seeded_portal: Server) -> None:
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(f"{seeded_portal.url}/")
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
        assert stored(seeded_portal, comment) == [(0, "out-of-date", comment)]

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


def test_by_taps_on_a_phone_through_the_header_search_box(browser, seeded_portal: Server) -> None:
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(f"{seeded_portal.url}/{GUIDE}/")
        page.locator("label.md-header__button[for='__search']").tap()
        page.locator("input.md-search__input:focus").wait_for(timeout=10_000)
        page.keyboard.type("paper jam", delay=30)
        first = page.locator(".kb-box--header .kb-box__option--guide").first
        wait_for_portal_results(page, "paper jam")
        fits(page)
        first.tap()
        page.wait_for_url("**/printing/clear-paper-jam/**", timeout=10_000)
        fits(page)
    finally:
        context.close()
