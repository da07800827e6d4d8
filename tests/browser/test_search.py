"""The site's search boxes in a real browser: the header, the home page and the results page give
the portal's answer in the same order, in our words, with "See all N results" and the service
desk; Enter always goes somewhere; highlights are highlights; the header box works on a phone
and with JavaScript off; and the built-in search answers when the portal cannot be reached."""

from __future__ import annotations

import json
from urllib.parse import quote_plus

import pytest

from tests.support.a11y import PHONE, SCHEMES, describe, new_context, new_page, wait_for_scheme
from tests.support.http import http_get
from tests.support.servers import Server

PRINTER = "Fix a printer that won't print"
SERIOUS = {"serious", "critical"}
GUIDE = "/printing/clear-paper-jam/"


def box_options(page, kind: str):
    return page.locator(f".kb-box--{kind} [role='option']")


def wait_for_box_results(page, kind: str, first_title: str | list[str]) -> None:
    """Answers arrive as people type; wait for the one whose first guide is `first_title` (or
    whose guides are exactly those of a list: a shorter query may share the first one)."""
    expected = first_title if isinstance(first_title, list) else [first_title]
    page.wait_for_function(
        """([kind, expected, whole]) => {
          const panel = document.querySelector('.kb-box--' + kind);
          if (!panel || panel.hidden) return false;
          const titles = [...panel.querySelectorAll('.kb-box__option--guide .kb-box__title')]
            .map(e => e.textContent);
          const got = whole ? titles : titles.slice(0, 1);
          return JSON.stringify(got) === JSON.stringify(expected);
        }""",
        arg=[kind, expected, isinstance(first_title, list)],
        timeout=15_000,
    )


def type_in_header(page, text: str) -> None:
    page.locator("#kb-header-q").click()
    page.locator("#kb-header-q").press_sequentially(text, delay=30)


def portal_titles(server: Server, query: str, limit: int = 6) -> tuple[list[str], int]:
    answer = json.loads(
        http_get(f"{server.url}/api/search?q={quote_plus(query)}&limit={limit}").body
    )
    return [hit["title"] for hit in answer["results"]], answer["total"]


def test_the_header_box_gives_the_portals_answer_in_our_words(server: Server, page) -> None:
    page.goto(f"{server.url}{GUIDE}")
    type_in_header(page, "pritner ofline")  # only the portal understands this typo
    titles, total = portal_titles(server, "pritner ofline")
    wait_for_box_results(page, "header", titles)
    count = page.locator(".kb-box--header .kb-box__count").inner_text()
    assert count == f"{total} guides match."
    # Screen readers are told the count from a live region that is always in the page.
    spoken = page.locator(".kb-box-status--header[role='status']").inner_text()
    assert spoken.startswith(f"{total} guides match.") and "arrow keys" in spoken
    texts = box_options(page, "header").all_inner_texts()
    assert texts[-2:] == [f"See all {total} results", "Contact the service desk"]
    # Our words, not Material's ("3 matching documents"); a guide's own text may say "documents".
    assert "matching document" not in page.locator(".kb-box--header").inner_text().lower()
    # The reader's words are highlighted, not drawn as links.
    mark = page.locator(".kb-box--header mark").first
    looks = mark.evaluate(
        """m => {
          const s = getComputedStyle(m), around = getComputedStyle(m.parentElement);
          return {line: s.textDecorationLine, background: s.backgroundColor,
                  color: s.color, text: around.color};
        }"""
    )
    assert looks["line"] == "none"
    assert looks["background"] not in ("rgba(0, 0, 0, 0)", "transparent")
    assert looks["color"] == looks["text"]
    # The search is kept for "Still stuck?".
    kept = json.loads(page.evaluate("sessionStorage.getItem('plainhelp.lastSearch')"))
    assert kept["query"] == "pritner ofline" and kept["at"] > 0


def test_arrows_and_enter_open_a_guide_with_its_click_counted(server: Server, page) -> None:
    page.goto(f"{server.url}/")
    type_in_header(page, "pritner ofline")
    wait_for_box_results(page, "header", PRINTER)
    field = page.locator("#kb-header-q")
    assert field.get_attribute("role") == "combobox"
    assert field.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    first = box_options(page, "header").first
    assert field.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    assert "kb_s=" in (first.get_attribute("data-kb-href") or "")
    page.keyboard.press("ArrowUp")  # from the first entry up to the last, and back round
    assert box_options(page, "header").last.get_attribute("aria-selected") == "true"
    assert box_options(page, "header").last.inner_text() == "Contact the service desk"
    page.keyboard.press("ArrowDown")
    assert first.get_attribute("aria-selected") == "true"
    with page.expect_request("**/api/click") as sent:
        page.keyboard.press("Enter")
        page.wait_for_url("**/printing/printer-not-printing/**", timeout=10_000)
    assert json.loads(sent.value.post_data)["position"] == 1
    page.wait_for_function("() => !location.search.includes('kb_s')", timeout=10_000)


def test_escape_closes_and_enter_with_nothing_chosen_opens_the_results_page(
    server: Server, page
) -> None:
    page.goto(f"{server.url}/")
    type_in_header(page, "paper jam")
    wait_for_box_results(page, "header", "Clear a paper jam")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    field = page.locator("#kb-header-q")
    assert field.get_attribute("aria-expanded") == "false"
    assert field.get_attribute("aria-activedescendant") is None
    assert field.input_value() == "paper jam"
    # The grey cover went with the list: the page can be clicked again at once.
    assert page.evaluate("document.getElementById('__search').checked") is False
    assert field.evaluate("e => e === document.activeElement")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=paper+jam", timeout=10_000)
    assert page.locator(".kb-result__link").first.inner_text() == "Clear a paper jam"


def test_enter_when_nothing_matches_still_goes_somewhere_useful(server: Server, page) -> None:
    page.goto(f"{server.url}/")
    type_in_header(page, "zqxv frobnicator")
    page.locator(".kb-box--header .kb-box__count").filter(has_text="No guide").wait_for(
        timeout=15_000
    )
    assert box_options(page, "header").all_inner_texts() == ["Contact the service desk"]
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=zqxv+frobnicator", timeout=10_000)
    assert page.locator(".kb-top-problems a").count() > 0  # guides that help most people


def test_see_all_leads_to_the_results_page_in_the_same_order(server: Server, page) -> None:
    page.goto(f"{server.url}/")
    type_in_header(page, "printer")
    titles, total = portal_titles(server, "printer")
    wait_for_box_results(page, "header", titles[0])
    page.locator(".kb-box--header .kb-box__option--all").click()
    page.wait_for_url("**/search?q=printer", timeout=10_000)
    shown = page.locator(".kb-result__link").all_inner_texts()
    assert shown[: len(titles)] == titles
    assert page.locator(".kb-result-count").inner_text().startswith(f"{total} guides match")


def test_the_home_box_and_the_results_page_box_suggest_the_same_guides(
    server: Server, page
) -> None:
    titles, _ = portal_titles(server, "wifi keeps dropping")
    page.goto(f"{server.url}/")
    page.locator("#kb-home-q").click()
    page.locator("#kb-home-q").press_sequentially("wifi keeps dropping", delay=30)
    wait_for_box_results(page, "home", titles)
    # The list sits under the whole form: the Search button stays free.
    button = page.locator(".kb-home-search button").bounding_box()
    listbox = page.locator(".kb-box--home").bounding_box()
    assert button and listbox and listbox["y"] >= button["y"] + button["height"] - 1
    page.goto(f"{server.url}/search?q=printer")
    kept = json.loads(page.evaluate("sessionStorage.getItem('plainhelp.lastSearch')"))
    assert kept["query"] == "printer"
    page.locator("#kb-search-q").fill("")
    page.locator("#kb-search-q").press_sequentially("wifi keeps dropping", delay=30)
    wait_for_box_results(page, "page", titles)


def test_the_home_form_with_the_portal_goes_to_the_search_page(server: Server, page) -> None:
    page.goto(f"{server.url}/")
    page.fill("#kb-home-q", "paper jam")
    page.press("#kb-home-q", "Enter")
    page.wait_for_url("**/search?q=paper+jam", timeout=10_000)
    assert page.locator(".kb-result__link").first.inner_text() == "Clear a paper jam"


def test_the_results_page_keeps_its_address_and_no_box_covers_it(server: Server, page) -> None:
    page.goto(f"{server.url}/search?q=paper+jam")
    assert page.locator(".kb-result__link").first.inner_text() == "Clear a paper jam"
    assert not page.locator("#__search").is_checked()
    assert page.url.endswith("/search?q=paper+jam")
    assert page.locator(".kb-box--header").is_hidden()


def test_on_a_phone_the_magnifier_opens_the_header_box(browser, server: Server) -> None:
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        # From the home page, so the tap below really leads somewhere else: closing the context
        # while that navigation was still under way (from the guide to itself) could hang.
        page.goto(f"{server.url}/")
        page.locator("label.md-header__button[for='__search']").tap()
        page.locator("#kb-header-q:focus").wait_for(timeout=10_000)
        page.keyboard.type("paper jam", delay=30)
        wait_for_box_results(page, "header", "Clear a paper jam")
        field = page.locator("#kb-header-q").bounding_box()
        listbox = page.locator(".kb-box--header").bounding_box()
        assert field and listbox and listbox["y"] >= field["y"] + field["height"] - 1
        assert listbox["x"] >= 0 and listbox["x"] + listbox["width"] <= 390
        box_options(page, "header").first.tap()
        page.wait_for_url("**/printing/clear-paper-jam/**", timeout=10_000)
        page.wait_for_function("() => !location.search.includes('kb_s')", timeout=10_000)
    finally:
        context.close()


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_with_javascript_off_the_header_box_is_a_plain_form(
    browser, server: Server, phone: bool
) -> None:
    with new_page(browser, java_script_enabled=False, **(PHONE if phone else {})) as page:
        page.goto(f"{server.url}{GUIDE}")
        if phone:
            page.locator("label.md-header__button[for='__search']").tap()
        field = page.locator("#kb-header-q")
        assert field.is_visible()
        assert field.get_attribute("role") is None  # nothing enhanced it
        field.fill("paper jam")
        field.press("Enter")
        page.wait_for_url("**/search?q=paper+jam", timeout=10_000)
        assert page.locator(".kb-result__link").first.inner_text() == "Clear a paper jam"


def test_the_built_in_search_answers_when_the_portal_is_down(static_site: str, page) -> None:
    page.goto(f"{static_site}/")
    type_in_header(page, "printer")
    page.locator(".kb-box--header .kb-box__option--guide").first.wait_for(timeout=15_000)
    assert "rint" in page.locator(".kb-box--header .kb-box__option--guide").first.inner_text()
    # No "See all" where there is no results page; the service desk is always there.
    assert page.locator(".kb-box--header .kb-box__option--all").count() == 0
    assert box_options(page, "header").last.inner_text() == "Contact the service desk"


def test_without_the_portal_enter_in_the_home_box_opens_the_best_guide(
    static_site: str, page
) -> None:
    page.goto(f"{static_site}/")
    page.fill("#kb-home-q", "paper jam")
    page.press("#kb-home-q", "Enter")
    page.wait_for_url("**/printing/**", timeout=15_000)
    assert "paper" in page.locator("h1").first.inner_text().lower()


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize(
    "where", ["header box open", "home box open", "results page", "intranet box"]
)
def test_axe_finds_no_serious_problem_in_the_boxes(
    browser, server: Server, where: str, scheme: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = new_context(browser, scheme)
    try:
        page = context.new_page()
        if where == "header box open":
            page.goto(f"{server.url}{GUIDE}")
            type_in_header(page, "pritner ofline")
            wait_for_box_results(page, "header", PRINTER)
            page.keyboard.press("ArrowDown")
        elif where == "home box open":
            page.goto(f"{server.url}/")
            page.locator("#kb-home-q").click()
            page.locator("#kb-home-q").press_sequentially("paper jam", delay=30)
            wait_for_box_results(page, "home", "Clear a paper jam")
        elif where == "results page":
            page.goto(f"{server.url}/search?q=printer+offline")
        else:
            page.goto(f"{server.url}/intranet-box")
            page.locator("#plainhelp-q").click()
            page.locator("#plainhelp-q").press_sequentially("paper jam", delay=30)
            page.locator(".plainhelp-box [role='option']").first.wait_for(timeout=15_000)
        wait_for_scheme(page, scheme)
        violations = Axe().run(page).response["violations"]
    finally:
        context.close()
    serious = [v for v in violations if v["impact"] in SERIOUS]
    assert not serious, describe(serious)


def test_on_a_phone_the_home_list_leaves_the_search_button_free(browser, server: Server) -> None:
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/")
        page.locator("#kb-home-q").tap()
        page.keyboard.type("paper jam", delay=30)
        wait_for_box_results(page, "home", "Clear a paper jam")
        button = page.locator(".kb-home-search button").bounding_box()
        listbox = page.locator(".kb-box--home").bounding_box()
        assert button and listbox and listbox["y"] >= button["y"] + button["height"] - 1
        assert listbox["x"] >= 0 and listbox["x"] + listbox["width"] <= 390
        page.locator(".kb-home-search button").tap()  # still there to tap
        page.wait_for_url("**/search?q=paper+jam", timeout=10_000)
    finally:
        context.close()


IN_SIGHT_JS = """(kind) => {
  const panel = document.querySelector('.kb-box--' + kind);
  const box = panel.getBoundingClientRect();
  const bottom = Math.min(box.bottom, innerHeight);
  return [...panel.querySelectorAll('.kb-box__option--all, .kb-box__option--contact')]
    .map(e => { const r = e.getBoundingClientRect();
                return {text: e.textContent, inside: r.top >= box.top && r.bottom <= bottom + 0.5,
                        hit: document.elementFromPoint((r.left + r.right) / 2,
                                                       (r.top + r.bottom) / 2) === e}; });
}"""


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_see_all_and_the_service_desk_stay_in_sight_at_the_foot_of_a_long_list(
    browser, server: Server, device: str
) -> None:
    """Six guides with their snippets run past the fold; the two ways on must not."""
    options = PHONE if device == "phone" else {"viewport": {"width": 1280, "height": 720}}
    context = browser.new_context(**options)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/")
        if device == "phone":
            page.locator("label.md-header__button[for='__search']").tap()
            page.locator("#kb-header-q:focus").wait_for(timeout=10_000)
            page.keyboard.type("printer offline", delay=30)
        else:
            type_in_header(page, "printer offline")
        titles, _ = portal_titles(server, "printer offline")
        wait_for_box_results(page, "header", titles)
        panel = page.locator(".kb-box--header")
        assert panel.evaluate("e => e.scrollHeight > e.clientHeight"), "the list is not long"
        found = page.evaluate(IN_SIGHT_JS, "header")
        assert [entry["text"] for entry in found][-1] == "Contact the service desk"
        assert len(found) == 2 and all(e["inside"] and e["hit"] for e in found), found
        # Arrowing down to the last guide scrolls it clear of them, not under them.
        for _ in range(len(titles)):
            page.keyboard.press("ArrowDown")
        chosen = panel.locator("[aria-selected='true']")
        assert "kb-box__option--guide" in (chosen.get_attribute("class") or "")
        centre = chosen.evaluate(
            "e => { const r = e.getBoundingClientRect();"
            " return document.elementFromPoint((r.left + r.right) / 2, r.top + 8) === e"
            " || e.contains(document.elementFromPoint((r.left + r.right) / 2, r.top + 8)); }"
        )
        assert centre, "the chosen guide is hidden behind the ways on"
    finally:
        context.close()


def test_the_results_page_skips_to_its_content_by_keyboard(server: Server, page) -> None:
    """A blind trial took 94 Tabs through the navigation to the first result: the portal's
    pages get Material's "Skip to content", first in the page, as the site's pages have it."""
    page.goto(f"{server.url}/search?q=printer")
    page.keyboard.press("Tab")
    skip = page.locator("a.md-skip")
    assert skip.evaluate("e => e === document.activeElement")
    assert skip.inner_text().strip() == "Skip to content"
    page.keyboard.press("Enter")
    for _ in range(6):  # the results page's own form comes first, then the results
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('kb-result__link')"):
            break
    assert page.evaluate("document.activeElement.dataset.kbPosition") == "1"
