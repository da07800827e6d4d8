"""The site's search box in a real browser: portal results with highlights, Enter lands on the
section, and Material's own search still answers when the portal cannot be reached."""

from __future__ import annotations

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.support.servers import Server


def type_in_search(page, text: str) -> None:
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.press_sequentially(text, delay=30)


def test_search_box_uses_the_portal(server: Server, page) -> None:
    page.goto(f"{server.url}/")
    type_in_search(page, "pritner ofline")  # only the portal understands this typo
    first = page.locator(".md-search-result__item").first
    # Results update as each letter arrives; wait for the answer to the whole query.
    page.wait_for_function(
        """() => {
          const item = document.querySelector('.md-search-result__item');
          return item && item.innerText.includes("Fix a printer that won");
        }""",
        timeout=10_000,
    )
    assert "Fix a printer that won" in first.inner_text()
    assert page.locator(".md-search-result__item mark").count() > 0
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/printing/printer-not-printing/**", timeout=10_000)
    assert "/printing/printer-not-printing/" in page.url


def test_enter_on_a_section_result_lands_on_the_section(server: Server, page) -> None:
    page.goto(f"{server.url}/")
    type_in_search(page, "clear the print queue")
    start = page.url
    # Results are redrawn as each answer arrives: a link found a moment ago may be replaced
    # before Enter lands, so find it again until the page changes.
    for _ in range(5):
        section = page.locator('.md-search-result__item a[href*="#"]').first
        section.wait_for(timeout=10_000)
        section.focus()
        page.keyboard.press("Enter")
        try:
            page.wait_for_url(lambda url: url != start and "#" in url, timeout=3_000)
            break
        except PlaywrightTimeout:
            continue
    anchor = page.url.split("#", 1)[1]
    assert page.locator(f"[id='{anchor}']").count() == 1


def test_built_in_search_answers_when_the_portal_is_down(static_site: str, page) -> None:
    page.goto(f"{static_site}/")
    type_in_search(page, "printer")
    first = page.locator(".md-search-result__item").first
    first.wait_for(timeout=15_000)
    assert "rint" in first.inner_text()


def test_home_form_without_portal_opens_built_in_search(static_site: str, page) -> None:
    page.goto(f"{static_site}/")
    page.fill("#kb-home-q", "paper jam")
    page.press("#kb-home-q", "Enter")
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert page.locator("input.md-search__input").input_value() == "paper jam"


def test_home_form_with_portal_goes_to_the_search_page(server: Server, page) -> None:
    page.goto(f"{server.url}/")
    page.fill("#kb-home-q", "paper jam")
    page.press("#kb-home-q", "Enter")
    page.wait_for_url("**/search?q=paper+jam", timeout=10_000)
    assert page.locator(".kb-result__link").first.inner_text() == "Clear a paper jam"


def test_results_page_stays_readable_with_javascript(server: Server, page) -> None:
    """Material reads ?q= to open its own search box; it must not cover the results page."""
    page.goto(f"{server.url}/search?q=paper+jam")
    assert page.locator(".kb-result__link").first.inner_text() == "Clear a paper jam"
    page.wait_for_timeout(500)
    assert not page.locator("#__search").is_checked()
    assert "query=paper+jam" in page.url
    page.reload()
    assert page.locator(".kb-result__link").first.inner_text() == "Clear a paper jam"
