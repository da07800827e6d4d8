"""The intranet search box in a real Chromium, pasted into a page of another origin (a small
http.server on its own loopback port): the portal's results as people type, with "See all" and
the service desk, a keyboard combobox, a styled form that fits the host (and a phone), the plain
form with JavaScript off, and a page whose origin the portal does not list left quiet: one
permission check, no search asked, nothing in the console."""

from __future__ import annotations

import json
import re
import time

from portal.web.blueprints.intranet import snippet
from tests.support.a11y import PHONE
from tests.support.http import http_get
from tests.support.intranet import Intranet
from tests.support.servers import Server

PRINTER = "Fix a printer that won't print"
PRINTER_PATH = "/printing/printer-not-printing/"


def search_requests(page) -> list[str]:
    """Every /api/search address the page asks for, from now on."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if "/api/search" in r.url else None)
    return seen


def guide_options(page):
    return page.locator(
        '.plainhelp-box [role="listbox"] [role="option"]:not(.plainhelp-box__option--more)'
    )


def titles_of(answer: dict) -> list[str]:
    return [hit["title"] for hit in answer["results"]]


def box(page):
    return page.locator("#plainhelp-q")


def options(page):
    return page.locator('.plainhelp-box [role="listbox"] [role="option"]')


def wait_for_first_option(page, text: str) -> None:
    """Answers arrive as people type; wait for the one to the whole query."""
    page.wait_for_function(
        """(text) => {
          const option = document.querySelector(
            '.plainhelp-box [role="listbox"]:not([hidden]) [role="option"]'
          );
          return option && option.textContent === text;
        }""",
        arg=text,
        timeout=10_000,
    )


def test_typing_shows_suggestions_and_enter_opens_the_guide(
    allowing: Server, intranet: Intranet, page
) -> None:
    asked = search_requests(page)
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
    assert all(url.startswith(f"{allowing.url}/api/search?") for url in asked)
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
    assert last.inner_text() == "Contact the service desk"
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
    assert not page.locator('.plainhelp-box [role="listbox"]').is_visible()
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
    page.route("**/api/search?*", lambda route: held.append(route))
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
    expected = json.loads(http_get(f"{allowing.url}/api/search?q=vpn+printer&limit=6").body)
    titles = titles_of(expected)
    older = json.loads(http_get(f"{allowing.url}/api/search?q=vpn&limit=6").body)
    assert titles and titles != titles_of(older)  # the answers differ
    wait_for_first_option(page, titles[0])
    wait_until(page, lambda: guide_options(page).all_inner_texts() == titles)


def test_only_guides_on_the_help_center_are_offered(
    allowing: Server, intranet: Intranet, page
) -> None:
    """An odd answer (a proxy, a bad deploy) can never send people to another site or run code."""
    answer = {
        "query": "vpn",
        "total": 4,
        "results": [
            {"title": "Run this", "url": "javascript:alert(1)"},
            {"title": "Elsewhere", "url": "https://elsewhere.example.com/"},
            {"title": "Connect to the VPN", "url": "/network/connect-to-vpn/"},
            {"title": 5, "url": "/x/"},
        ],
    }
    page.route(
        "**/api/search?*",
        lambda route: route.fulfill(
            json=answer, headers={"Access-Control-Allow-Origin": intranet.url}
        ),
    )
    page.goto(f"{intranet.url}/allowed")
    box(page).click()
    box(page).press_sequentially("vpn", delay=30)
    wait_for_first_option(page, "Connect to the VPN")
    assert guide_options(page).all_inner_texts() == ["Connect to the VPN"]


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


def test_a_portal_that_does_not_list_the_origin_stays_quiet(
    refusing: Server, intranet: Intranet, page
) -> None:
    """One permission check that every origin may read, then nothing: no search is asked, so
    the host page's console stays clean (a refused cross-origin request is an error there)."""
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: console.append(str(error)))
    asked = search_requests(page)
    checks: list[str] = []
    page.on("requestfinished", lambda r: checks.append(r.url) if "/allowed" in r.url else None)
    page.goto(f"{intranet.url}/refused")
    box(page).click()
    box(page).press_sequentially("paper jam", delay=30)
    wait_until(page, lambda: len(checks) == 1)
    # The answer to the check has been handled once the list is no longer waiting.
    page.wait_for_function(
        "() => document.querySelector('[role=\"listbox\"]').getAttribute('aria-busy') !== 'true'",
        timeout=10_000,
    )
    box(page).press_sequentially(" again", delay=30)
    page.wait_for_function(
        "() => document.querySelector('[role=\"listbox\"]').getAttribute('aria-busy') !== 'true'",
        timeout=10_000,
    )
    assert checks == [f"{refusing.url}/api/intranet-box/allowed"]  # asked once, not per key
    assert asked == []
    assert options(page).count() == 0
    assert box(page).get_attribute("aria-expanded") == "false"
    assert console == []
    page.keyboard.press("Enter")  # the plain form still works
    page.wait_for_url(f"{refusing.url}/search?q=paper+jam+again", timeout=10_000)
    assert page.locator(".kb-result__link").count() > 0


def test_the_box_keeps_the_host_font_and_its_styles_to_itself(
    allowing: Server, intranet: Intranet, page
) -> None:
    page.goto(f"{intranet.url}/allowed")
    box(page).click()
    box(page).press_sequentially("paper jam", delay=30)
    wait_for_first_option(page, "Clear a paper jam")
    style = page.evaluate(
        """() => {
          const option = document.querySelector('.plainhelp-box [role="option"]');
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
    own_form = re.compile(r"^form\.plainhelp-box-form( \.plainhelp-box__[\w-]+(:[\w-]+)*)?$")
    assert style["selectors"], style
    for selector in style["selectors"]:
        for one in selector.split(", "):
            if one.startswith("form"):
                assert own_form.match(one), one
            else:
                assert one.startswith(".plainhelp-box") and own.search(one), one
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
          document.querySelector('.plainhelp-box [role="listbox"]'),
          document.getElementById('plainhelp-q'),
          document.querySelector('.plainhelp-box [role="option"]'),
        ].map(e => e.getBoundingClientRect())"""
    )
    listbox, field_, first = edges
    assert abs(listbox["x"] - field_["x"]) < 1
    assert listbox["y"] >= field_["y"] + field_["height"]
    assert first["x"] - listbox["x"] < 2  # no list indent from the host
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(guide_at(server, PRINTER_PATH), timeout=10_000)


def test_see_all_and_the_service_desk_are_in_the_list(
    allowing: Server, intranet: Intranet, page
) -> None:
    page.goto(f"{intranet.url}/allowed")
    box(page).click()
    box(page).press_sequentially("printer", delay=30)
    wait_for_first_option(page, json_titles(allowing, "printer")[0])
    total = json.loads(http_get(f"{allowing.url}/api/search?q=printer&limit=6").body)["total"]
    texts = options(page).all_inner_texts()
    assert texts[-2:] == [f"See all {total} results", "Contact the service desk"]
    assert f"{total} guides match" in page.locator('.plainhelp-box [role="status"]').inner_text()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{allowing.url}/search?q=printer", timeout=10_000)


def json_titles(server: Server, query: str) -> list[str]:
    answer = json.loads(http_get(f"{server.url}/api/search?q={query}&limit=6").body)
    return titles_of(answer)


def test_on_a_phone_the_form_is_finger_sized_and_the_list_leaves_the_button_free(
    browser, allowing: Server, intranet: Intranet
) -> None:
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(f"{intranet.url}/allowed")
        box(page).tap()
        box(page).press_sequentially("paper jam", delay=30)
        wait_for_first_option(page, "Clear a paper jam")
        edges = page.evaluate(
            """() => [
              document.getElementById('plainhelp-q'),
              document.querySelector('.plainhelp-box-form button'),
              document.querySelector('.plainhelp-box [role="listbox"]'),
            ].map(e => e.getBoundingClientRect())"""
        )
        field_, button, listbox = edges
        assert field_["height"] >= 44 and button["height"] >= 44
        assert listbox["y"] >= button["y"] + button["height"]  # nothing covers the button
        width = page.evaluate("document.documentElement.clientWidth")
        assert listbox["x"] + listbox["width"] <= width  # no sideways scrolling
        page.locator(".plainhelp-box-form button").tap()
        page.wait_for_url(f"{allowing.url}/search?q=paper+jam", timeout=10_000)
    finally:
        context.close()


def test_the_example_page_copies_the_code_and_wraps_its_lines(browser, server: Server) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/intranet-box")
        code = page.locator("pre.kb-intranet-code")
        sizes = code.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert sizes[0] <= sizes[1]  # no line runs off the edge
        page.get_by_role("button", name="Copy the code").click()
        page.locator(".kb-copy__status").filter(has_text="Copied").wait_for(timeout=10_000)
        assert page.evaluate("navigator.clipboard.readText()") == snippet(server.url)
    finally:
        context.close()
