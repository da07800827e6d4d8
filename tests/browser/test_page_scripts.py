"""What the theme's page scripts share through assets/plainhelp.js, in a real Chromium: the words
and limits come from the page's #kb-vocabulary (portal/guides/vocabulary.py), one function owns
the "Still stuck?" links, and when plainhelp.js does not load the other scripts leave the page as
it was built, without an error."""

from __future__ import annotations

import urllib.parse

from portal.guides.vocabulary import COMMENT_CHARS
from tests.support.servers import Server

GUIDE = "printing/clear-paper-jam"


def page_errors(page) -> list[str]:
    """Uncaught errors of the page's scripts, collected from now on."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def link(page, channel: str) -> str:
    href = page.locator(f'.kb-still-stuck a[data-kb-channel="{channel}"]').get_attribute("href")
    assert href
    return href


def query(href: str) -> dict[str, str]:
    """The decoded parameters of a mailto: or https: link."""
    return {k: v[0] for k, v in urllib.parse.parse_qs(href.split("?", 1)[1]).items()}


def test_the_comment_counter_counts_down_from_the_page_s_vocabulary(server: Server, page) -> None:
    errors = page_errors(page)

    def smaller_limit(route) -> None:
        response = route.fetch()
        body = response.text()
        assert f'"comment_chars": {COMMENT_CHARS}' in body
        route.fulfill(
            response=response,
            body=body.replace(f'"comment_chars": {COMMENT_CHARS}', '"comment_chars": 50'),
        )

    page.route(f"**/{GUIDE}/", smaller_limit)
    page.route("**/api/feedback", lambda route: route.fulfill(status=201, json={}))
    page.goto(f"{server.url}/{GUIDE}/")
    page.get_by_role("button", name="Yes", exact=True).click()
    page.locator("#kb-feedback-comment").fill("ten chars!")
    # The script took the limit from #kb-vocabulary, not from a copy of its own.
    assert page.locator(".kb-feedback__left").inner_text() == "40"
    assert page.evaluate("plainhelp.vocabulary().feedback.comment_chars") == 50
    assert errors == []


def test_still_stuck_links_carry_the_full_address_and_then_the_answer(server: Server, page) -> None:
    page.route("**/api/feedback", lambda route: route.fulfill(status=201, json={}))
    page.goto(f"{server.url}/{GUIDE}/")
    full = f"{server.url}/{GUIDE}/"
    # On arrival: the desk gets an address it can open, not only "/printing/...".
    body = query(link(page, "email"))["body"]
    assert f"({full})" in body and body.count(GUIDE) == 1
    assert query(link(page, "portal"))["guide"] == full
    # After a No with a reason, the same links say so too, from what they were built as.
    page.get_by_role("button", name="No", exact=True).click()
    page.get_by_role("radio", name="It is out of date").check()
    body = query(link(page, "email"))["body"]
    assert f"({full})" in body and body.count(GUIDE) == 1
    assert body.index("It is out of date.") < body.index("What happened:")
    assert query(link(page, "portal"))["summary"].endswith("(It is out of date)")
    assert query(link(page, "portal"))["guide"] == full


def test_without_plainhelp_js_the_page_stays_as_built_and_nothing_fails(
    server: Server,
    page,
) -> None:
    errors = page_errors(page)
    built = page.context.request.get(f"{server.url}/{GUIDE}/").text()
    page.route("**/assets/plainhelp.js", lambda route: route.abort())
    page.goto(f"{server.url}/{GUIDE}/?kb_s=abc&kb_p=1")
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)  # the page scripts have run (and found no plainhelp)
    # Each script degrades: no widget that could not send (as without JavaScript), no banner,
    # no counting, and the "Still stuck?" links as the site built them.
    assert not page.locator("section.kb-feedback").is_visible()
    assert page.locator("#kb-still-stuck-title").is_visible()
    email = link(page, "email")
    assert email.replace("&", "&amp;") in built and server.url not in email
    assert page.locator("[data-kb-status]").inner_text() == ""
    assert "kb_s=abc" in page.url
    # The header's search box is then a plain form to the results page.
    page.locator("#kb-header-q").fill("printer")
    page.locator("#kb-header-q").press("Enter")
    page.wait_for_url("**/search?q=printer", timeout=10_000)
    page.locator(".kb-result__link").first.wait_for(timeout=10_000)
    assert errors == []
