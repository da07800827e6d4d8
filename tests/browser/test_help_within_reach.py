"""Help within reach, in a real Chromium against the portal: an urgent guide's call button in the
first screen of a phone and in the step that says to call, "Contact the service desk" in the
header (desktop, phone, keyboard, without JavaScript, on the portal's own pages, light and
dark), the desk's phone on the home page, and axe on an urgent guide."""

from __future__ import annotations

import pytest

from portal.guides.desk import load_service_desk
from tests.support.a11y import PHONE, SCHEMES, describe, new_context, tab_to, wait_for_scheme
from tests.support.files import ROOT
from tests.support.servers import Server

URGENT_GUIDE = "/security/clicked-phishing-link/"
CONTACT = "/help/contact-the-service-desk/"
SERIOUS = {"serious", "critical"}
DESK = load_service_desk(ROOT / "mkdocs.yml")
NUMBER = str(DESK["phone"]["number"])
TEL = "tel:" + NUMBER.replace(" ", "")


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_on_a_phone_an_urgent_guide_offers_the_call_in_the_first_screen(
    browser, server: Server, scheme: str
) -> None:
    context = new_context(browser, scheme, **PHONE)
    try:
        page = context.new_page()
        page.goto(server.url + URGENT_GUIDE)
        wait_for_scheme(page, scheme)
        button = page.locator(".kb-urgent-call a.kb-call")
        assert button.get_attribute("href") == TEL
        assert NUMBER in button.inner_text()
        box = button.bounding_box()
        assert box is not None
        header = page.locator(".md-header").bounding_box()
        assert header is not None
        # Below the header, whole inside the 844 px of the first screen, big enough to tap.
        assert box["y"] >= header["y"] + header["height"]
        assert box["y"] + box["height"] <= PHONE["viewport"]["height"]
        assert box["height"] >= 44 and box["width"] >= 44
    finally:
        context.close()


def test_the_step_that_says_to_call_holds_the_call_button(page, server: Server) -> None:
    page.goto(server.url + URGENT_GUIDE)
    step = page.locator("ol > li").filter(has_text="Someone answers the phone day and night")
    assert step.count() == 1
    assert step.inner_text().startswith("Call the service desk.")
    button = step.locator("a.kb-call")
    assert button.get_attribute("href") == TEL
    assert button.is_visible()
    assert NUMBER in button.inner_text()
    # Nothing sends the reader to the bottom of the page any more.
    assert "bottom of this page" not in page.locator("article").inner_text()


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("where", ["/", URGENT_GUIDE, "/search?q=printer+offline"])
def test_the_header_leads_to_the_service_desk_on_a_desktop(
    browser, server: Server, where: str, scheme: str
) -> None:
    """Guides, the home page and the portal's own pages (framed by the built 404 page)."""
    context = new_context(browser, scheme)
    try:
        page = context.new_page()
        page.goto(server.url + where)
        wait_for_scheme(page, scheme)
        link = page.locator(".md-header").get_by_role("link", name="Contact the service desk")
        assert link.is_visible()
        assert "Contact the service desk" in link.inner_text()
        link.click()
        page.wait_for_url("**" + CONTACT, timeout=10_000)
        assert page.locator("h1").inner_text().startswith("Contact the service desk")
    finally:
        context.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_on_a_phone_the_header_has_a_named_contact_button(
    browser, server: Server, scheme: str
) -> None:
    context = new_context(browser, scheme, **PHONE)
    try:
        page = context.new_page()
        page.goto(server.url + URGENT_GUIDE)
        wait_for_scheme(page, scheme)
        link = page.locator(".md-header").get_by_role("link", name="Contact the service desk")
        assert link.is_visible()
        box = link.bounding_box()
        assert box is not None
        assert box["height"] >= 44 and box["width"] >= 44
        assert box["x"] + box["width"] <= PHONE["viewport"]["width"]
        # An icon on a phone: the words are there for screen readers, not on screen.
        assert link.locator(".kb-header-contact__text").bounding_box()["width"] <= 1
        link.tap()
        page.wait_for_url("**" + CONTACT, timeout=10_000)
    finally:
        context.close()


def test_the_contact_link_is_reached_by_keyboard(page, server: Server) -> None:
    page.goto(server.url + URGENT_GUIDE)
    tab_to(page, "a.kb-header-contact", limit=20)
    page.keyboard.press("Enter")
    page.wait_for_url("**" + CONTACT, timeout=10_000)


def test_without_javascript_the_header_link_and_the_call_buttons_work(
    browser, server: Server
) -> None:
    context = browser.new_context(java_script_enabled=False, **PHONE)
    try:
        page = context.new_page()
        page.goto(server.url + URGENT_GUIDE)
        assert page.locator(".kb-urgent-call a.kb-call").get_attribute("href") == TEL
        assert page.locator(".kb-urgent-call a.kb-call").is_visible()
        link = page.locator(".md-header").get_by_role("link", name="Contact the service desk")
        assert link.is_visible()
        link.tap()
        page.wait_for_url("**" + CONTACT, timeout=10_000)
    finally:
        context.close()


def test_the_home_page_gives_the_number_and_its_hours_under_talk_to_a_person(
    page, server: Server
) -> None:
    page.goto(server.url + "/")
    section = page.locator(".kb-call-home")
    heading = page.get_by_role("heading", name="Talk to a person")
    assert heading.count() == 1
    # The call is in that heading's part of the page: the first heading above it.
    above = page.evaluate(
        """() => {
          let node = document.querySelector('.kb-call-home');
          while (node && node.tagName !== 'H2') node = node.previousElementSibling;
          return node ? node.textContent : '';
        }"""
    )
    assert above.startswith("Talk to a person")
    button = section.locator("a.kb-call")
    assert button.get_attribute("href") == TEL
    assert NUMBER in button.inner_text()
    text = section.inner_text()
    assert DESK["phone"]["hours"] in text
    assert DESK["hours"] in text


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_axe_finds_no_serious_problem_on_an_urgent_guide(
    browser, server: Server, scheme: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    for options in ({}, PHONE):
        context = new_context(browser, scheme, **options)
        try:
            page = context.new_page()
            page.goto(server.url + URGENT_GUIDE)
            page.wait_for_load_state("load")
            wait_for_scheme(page, scheme)
            # Every node of the rules that pass too, so we see axe measured the buttons.
            response = Axe().run(page, options={"resultTypes": ["violations", "passes"]}).response
        finally:
            context.close()
        violations = response["violations"]
        serious = [v for v in violations if v["impact"] in SERIOUS]
        where = "phone" if options else "desktop"
        assert not serious, f"urgent guide ({scheme}, {where}):\n{describe(violations)}"
        judged = [
            node
            for rule in response["passes"]
            if rule["id"] == "color-contrast"
            for node in rule["nodes"]
            if "kb-call" in node["html"] or "kb-header-contact" in node["html"]
        ]
        assert judged, f"axe did not measure the call button's colours ({scheme})"
