"""The intranet search box in a real Chromium, pasted into a page of another origin (a small
http.server on its own loopback port): suggestions from the portal as people type, a keyboard
combobox, the plain form with JavaScript off, and CORS refusing origins the portal does not list."""

from __future__ import annotations

import json
import re
import time

from portal.web.blueprints.intranet import snippet
from tests.support.http import http_get
from tests.support.intranet import Intranet
from tests.support.servers import Server

PRINTER = "Fix a printer that won't print"
PRINTER_PATH = "/printing/printer-not-printing/"


def suggest_requests(page) -> list[str]:
    """Every /api/suggest address the page asks for, from now on."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if "/api/suggest" in r.url else None)
    return seen


def box(page):
    return page.locator("#plainhelp-q")


def options(page):
    return page.locator('[role="listbox"] [role="option"]')


def wait_for_first_option(page, text: str) -> None:
    """Answers arrive as people type; wait for the one to the whole query."""
    page.wait_for_function(
        """(text) => {
          const option = document.querySelector('[role="listbox"]:not([hidden]) [role="option"]');
          return option && option.textContent === text;
        }""",
        arg=text,
        timeout=10_000,
    )


def test_typing_shows_suggestions_and_enter_opens_the_guide(
    allowing: Server, intranet: Intranet, page
) -> None:
    asked = suggest_requests(page)
    page.goto(f"{intranet.url}/allowed")
    field_ = box(page)
    assert field_.get_attribute("role") == "combobox"
    assert field_.get_attribute("aria-expanded") == "false"
    listbox_id = field_.get_attribute("aria-controls")
    assert listbox_id and page.locator(f"#{listbox_id}").get_attribute("role") == "listbox"

    field_.click()
    field_.press_sequentially("pritner ofline", delay=30)
    wait_for_first_option(page, PRINTER)
    assert field_.get_attribute("aria-expanded") == "true"
    assert page.locator(f"#{listbox_id}").is_visible()
    assert all(url.startswith(f"{allowing.url}/api/suggest?") for url in asked)
    # The last question is the whole query (how many came before depends on typing speed,
    # so the debounce is not counted here: tests do not depend on timing).
    assert "q=pritner+ofline" in asked[-1]

    # Arrows move the highlight (and wrap); focus stays in the box.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = options(page).nth(1)
    assert field_.get_attribute("aria-activedescendant") == second.get_attribute("id")
    assert second.get_attribute("aria-selected") == "true"
    assert options(page).first.get_attribute("aria-selected") == "false"
    page.keyboard.press("ArrowUp")
    first = options(page).first
    assert field_.get_attribute("aria-activedescendant") == first.get_attribute("id")
    page.keyboard.press("ArrowUp")
    last = options(page).last
    assert field_.get_attribute("aria-activedescendant") == last.get_attribute("id")
    page.keyboard.press("ArrowDown")
    assert field_.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert page.evaluate("document.activeElement.id") == "plainhelp-q"

    page.keyboard.press("Enter")
    page.wait_for_url(guide_at(allowing, PRINTER_PATH), timeout=10_000)
    assert page.locator("h1").first.inner_text().startswith(PRINTER)


def test_escape_closes_the_list_and_keeps_the_words(
    allowing: Server, intranet: Intranet, page
) -> None:
    page.goto(f"{intranet.url}/allowed")
    box(page).click()
    box(page).press_sequentially("connect to the vpn", delay=30)
    wait_for_first_option(page, "Connect to the VPN")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    assert box(page).get_attribute("aria-expanded") == "false"
    assert box(page).get_attribute("aria-activedescendant") is None
    assert not page.locator('[role="listbox"]').is_visible()
    assert box(page).input_value() == "connect to the vpn"
    # Enter with nothing highlighted is the plain form: the portal's search page.
    page.keyboard.press("Enter")
    page.wait_for_url(f"{allowing.url}/search?q=connect+to+the+vpn", timeout=10_000)
    assert page.locator(".kb-result__link").first.inner_text() == "Connect to the VPN"


def test_a_mouse_click_on_a_suggestion_opens_it(allowing: Server, intranet: Intranet, page) -> None:
    page.goto(f"{intranet.url}/allowed")
    box(page).click()
    box(page).press_sequentially("paper jam", delay=30)
    wait_for_first_option(page, "Clear a paper jam")
    options(page).first.click()
    page.wait_for_url(guide_at(allowing, "/printing/clear-paper-jam/"), timeout=10_000)


def guide_at(server: Server, path: str) -> re.Pattern[str]:
    """The guide's address, at its top or at the steps a search would open (`#...`)."""
    return re.compile(re.escape(f"{server.url}{path}") + r"(#[\w-]+)?$")


def wait_until(page, condition, timeout: float = 10.0) -> None:
    """Let the page's events run until `condition()` holds (Playwright's events need the loop)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the page did not get there in time"
        page.wait_for_timeout(50)


def test_a_newer_question_cancels_the_older_one(allowing: Server, intranet: Intranet, page) -> None:
    """An answer that is still on its way must never replace the answer to what is in the box."""
    held = []
    page.route("**/api/suggest?*", lambda route: held.append(route))
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(f"{intranet.url}/allowed")
    box(page).click()
    box(page).press_sequentially("vpn", delay=30)
    wait_until(page, lambda: any("q=vpn&limit=6" in r.request.url for r in held))
    box(page).press_sequentially(" printer", delay=30)
    wait_until(page, lambda: any("q=vpn+printer&" in r.request.url for r in held))
    # The older question was called off as soon as the newer one was asked.
    wait_until(page, lambda: any("q=vpn&limit=6" in url for url in failed))
    for route in held:
        if "q=vpn+printer&" in route.request.url:
            route.continue_()
    expected = json.loads(http_get(f"{allowing.url}/api/suggest?q=vpn+printer&limit=6").body)
    titles = [s["title"] for s in expected["suggestions"]]
    older = json.loads(http_get(f"{allowing.url}/api/suggest?q=vpn&limit=6").body)
    assert titles and titles != [s["title"] for s in older["suggestions"]]  # the answers differ
    wait_for_first_option(page, titles[0])
    wait_until(page, lambda: options(page).all_inner_texts() == titles)


def test_only_guides_on_the_help_center_are_offered(
    allowing: Server, intranet: Intranet, page
) -> None:
    """An odd answer (a proxy, a bad deploy) can never send people to another site or run code."""
    answer = {
        "query": "vpn",
        "suggestions": [
            {"title": "Run this", "url": "javascript:alert(1)"},
            {"title": "Elsewhere", "url": "https://elsewhere.example.com/"},
            {"title": "Connect to the VPN", "url": "/network/connect-to-vpn/"},
            {"title": 5, "url": "/x/"},
        ],
    }
    page.route(
        "**/api/suggest?*",
        lambda route: route.fulfill(
            json=answer, headers={"Access-Control-Allow-Origin": intranet.url}
        ),
    )
    page.goto(f"{intranet.url}/allowed")
    box(page).click()
    box(page).press_sequentially("vpn", delay=30)
    wait_for_first_option(page, "Connect to the VPN")
    assert options(page).all_inner_texts() == ["Connect to the VPN"]


def test_with_javascript_off_the_form_lands_on_the_search_page(
    browser, allowing: Server, intranet: Intranet
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{intranet.url}/allowed")
        assert box(page).get_attribute("role") is None  # nothing enhanced it
        page.get_by_label("Search IT help").fill("pritner ofline")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url(f"{allowing.url}/search?q=pritner+ofline", timeout=10_000)
        assert page.locator(".kb-result__link").first.inner_text() == PRINTER
    finally:
        context.close()


def test_a_portal_that_does_not_list_the_origin_shows_no_suggestions(
    refusing: Server, intranet: Intranet, page
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{intranet.url}/refused")
    box(page).click()
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    with page.expect_request(lambda r: "/api/suggest?q=paper+jam&" in r.url):
        box(page).press_sequentially("paper jam", delay=30)
    # The browser refuses the answer (no Access-Control-Allow-Origin for this origin).
    wait_until(page, lambda: any("/api/suggest?q=paper+jam&" in url for url in failed))
    # The refusal has been handled once the list is no longer waiting for an answer.
    page.wait_for_function(
        "() => document.querySelector('[role=\"listbox\"]').getAttribute('aria-busy') !== 'true'",
        timeout=10_000,
    )
    assert options(page).count() == 0
    assert box(page).get_attribute("aria-expanded") == "false"
    assert errors == []
    page.keyboard.press("Enter")  # the plain form still works
    page.wait_for_url(f"{refusing.url}/search?q=paper+jam", timeout=10_000)
    assert page.locator(".kb-result__link").first.inner_text() == "Clear a paper jam"


def test_the_box_keeps_the_host_font_and_its_styles_to_itself(
    allowing: Server, intranet: Intranet, page
) -> None:
    page.goto(f"{intranet.url}/allowed")
    box(page).click()
    box(page).press_sequentially("paper jam", delay=30)
    wait_for_first_option(page, "Clear a paper jam")
    style = page.evaluate(
        """() => {
          const option = document.querySelector('[role="option"]');
          const s = getComputedStyle(option);
          const rules = [...document.getElementById('plainhelp-box-styles').sheet.cssRules];
          const host = getComputedStyle(document.querySelector('.host-news li'));
          return {
            font: s.fontFamily, body: getComputedStyle(document.body).fontFamily,
            color: s.color, height: option.getBoundingClientRect().height,
            selectors: rules.map(r => r.selectorText),
            hostColor: host.color, hostBackground: host.backgroundColor,
          };
        }"""
    )
    assert style["font"] == style["body"]
    assert style["color"] != "rgb(255, 0, 0)"  # the host's `li` rule does not reach in
    assert style["height"] >= 44  # a finger-sized target
    # Every rule starts inside the box and styles one of its own elements, nothing of the host.
    own = re.compile(r"\.plainhelp-box[\w-]*(\[[^\]]*\]|:[\w-]+)*$")
    assert style["selectors"], style
    for selector in style["selectors"]:
        assert selector.startswith(".plainhelp-box") and own.search(selector), selector
    assert (style["hostColor"], style["hostBackground"]) == ("rgb(255, 0, 0)", "rgb(255, 255, 0)")


def test_the_example_page_runs_the_box_and_shows_the_code(server: Server, page) -> None:
    page.goto(f"{server.url}/intranet-box")
    code = page.locator("pre code").inner_text()
    assert code == snippet(server.url)
    assert f'action="{server.url}/search"' in code
    box(page).click()
    box(page).press_sequentially("pritner ofline", delay=30)
    wait_for_first_option(page, PRINTER)
    # Material's own list rules (a styled host page) do not shift the list off the box.
    edges = page.evaluate(
        """() => [
          document.querySelector('[role="listbox"]'),
          document.getElementById('plainhelp-q'),
          document.querySelector('[role="option"]'),
        ].map(e => e.getBoundingClientRect())"""
    )
    listbox, field_, first = edges
    assert abs(listbox["x"] - field_["x"]) < 1
    assert listbox["y"] >= field_["y"] + field_["height"]
    assert first["x"] - listbox["x"] < 2  # no list indent from the host
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(guide_at(server, PRINTER_PATH), timeout=10_000)
