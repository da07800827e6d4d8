""" "Still stuck?" carries what the reader already told us, in a real Chromium against a real
`kb serve` with its own store: the guide, their last search, their answer to "Was this helpful?"
and their comment exactly as the portal saved it (screened), in the e-mail link and in the
request link. A comment the portal did not save is never carried; without JavaScript the links
stay as the site built them."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from tests.support.a11y import (
    PHONE,
    SCHEMES,
    describe,
    focus_is,
    new_context,
    tab_to,
    wait_for_scheme,
)
from tests.support.servers import Server
from tests.support.still_stuck import carried_text, href, params
from tests.support.store import rows

ADDRESS = "jo.smith@example.com"
SECRET = "Tr0ub4dor&3"
COMMENT = (
    f"Tray 2 jams again after step 3. Reach me at {ADDRESS}. "
    f"I tried my login with {SECRET} and it did not help."
)
SCREENED = (
    "Tray 2 jams again after step 3. Reach me at [removed]. "
    "I tried my login with [removed] and it did not help."
)
SEARCH = "paper stuck in the printer"
DONE = "The people who write these guides read every comment"
UNSENT = "could not be sent"
ANSWER = 'My answer to "Was this helpful?": No.'
MAILTO_LIMIT = 2000  # some browsers and mail programs cut longer mailto: links here


def seed_search(context, query: str = SEARCH, minutes_ago: float = 2) -> None:
    """What every site search box leaves in the tab (contract of issue 17): the last search."""
    record = json.dumps({"query": query, "minutes": minutes_ago})
    context.add_init_script(
        f"const s = {record}; sessionStorage.setItem('plainhelp.lastSearch', JSON.stringify("
        "{query: s.query, at: Date.now() - s.minutes * 60000}));"
    )


def stored_comment(server: Server, guide: str) -> str:
    """The one comment the portal stored for `guide` in this test (seeded rows have others)."""
    found = rows(
        server.store,  # type: ignore[attr-defined]
        f"SELECT comment FROM feedback WHERE guide = '{guide}' AND comment LIKE 'Tray 2%'",
    )
    assert len(found) == 1, found
    return str(found[0]["comment"])


def status_says(page, words: str) -> None:
    page.locator(".kb-feedback__status").filter(has_text=words).wait_for(timeout=10_000)


def answer_no(page, reason: str, comment: str, touch: bool = False) -> None:
    """No, a reason and a comment, then Send: by mouse, or by taps on a phone."""
    no = page.get_by_role("button", name="No", exact=True)
    no.tap() if touch else no.click()
    status_says(page, "Thank you for your answer.")
    choice = page.get_by_role("radio", name=reason)
    choice.tap() if touch else choice.check()
    page.locator("#kb-feedback-comment").fill(comment)
    send = page.get_by_role("button", name="Send")
    send.tap() if touch else send.click()
    status_says(page, DONE)


def assert_carries_everything(page, base: str, guide: str, reason: str, saved: str) -> None:
    """Both links hold the guide's address, the search, the reason and the saved comment, in
    that order before "What happened:", and nothing of what the screening took out."""
    for text in carried_text(page):
        assert f"({base}/{guide}/)" in text
        assert f'I searched the help center for "{SEARCH}"' in text
        assert f"{ANSWER} {reason}." in text
        assert saved in text
        assert ADDRESS not in text and SECRET not in text and "Tr0ub4dor" not in text
        order = [text.index(part) for part in (guide, SEARCH, ANSWER, saved, "What happened:")]
        assert order == sorted(order), text
    for channel in ("email", "portal"):
        raw = urllib.parse.unquote(href(page, channel))
        assert ADDRESS not in raw and "Tr0ub4dor" not in raw
        assert len(href(page, channel)) <= MAILTO_LIMIT
    summary = params(href(page, "portal"))["summary"]
    assert summary.endswith(f"({reason})")


def test_the_links_carry_guide_search_reason_and_the_comment_as_saved(
    browser, seeded_portal: Server
) -> None:
    guide = "printing/scan-to-email"
    context = new_context(browser)
    seed_search(context)
    try:
        page = context.new_page()
        page.goto(f"{seeded_portal.url}/{guide}/")
        # Before any answer: the guide and the search already, and the note says so.
        body, _ = carried_text(page)
        assert f'I searched the help center for "{SEARCH}"' in body
        assert ANSWER not in body and "My comment" not in body
        note = page.locator(".kb-still-stuck__carried")
        assert note.inner_text() == "It will also include what you searched for."
        answer_no(page, "The steps did not work", COMMENT)
        saved = stored_comment(seeded_portal, guide)
        assert saved == SCREENED  # one screening, the portal's, and the links carry exactly it
        assert_carries_everything(page, seeded_portal.url, guide, "The steps did not work", saved)
        body, _ = carried_text(page)
        assert "a password or personal detail was taken out" in body
        assert note.is_visible()
        assert note.inner_text() == (
            "It will also include what you searched for, your answer and your comment."
        )
    finally:
        context.close()


def test_the_portal_s_own_answer_is_what_is_carried(browser, seeded_portal: Server) -> None:
    """The page never screens on its own: a portal that answers without a comment (or fails)
    means no comment in the links, even though the reader typed one."""
    guide = "email/mailbox-full"
    context = new_context(browser)
    seed_search(context)
    try:
        page = context.new_page()
        page.goto(f"{seeded_portal.url}/{guide}/")
        page.get_by_role("button", name="No", exact=True).click()
        status_says(page, "Thank you for your answer.")
        page.get_by_role("radio", name="It is out of date").check()
        page.locator("#kb-feedback-comment").fill(COMMENT)
        # The portal goes down before Send: the comment is not saved, so it is not carried.
        page.route("**/api/feedback", lambda route: route.abort("connectionrefused"))
        page.get_by_role("button", name="Send").click()
        status_says(page, UNSENT)
        for text in carried_text(page):
            assert f"{ANSWER} It is out of date." in text  # a choice from our list: no risk
            assert f'"{SEARCH}"' in text
            assert "Tray 2" not in text and ADDRESS not in text and "Tr0ub4dor" not in text
            assert "My comment" not in text
        # A portal that saves but does not say what it saved: still nothing of the comment.
        page.unroute("**/api/feedback")
        page.route(
            "**/api/feedback",
            lambda route: route.fulfill(status=201, json={"saved": True, "replaced": True}),
        )
        page.get_by_role("button", name="Send").click()
        status_says(page, DONE)
        for text in carried_text(page):
            assert "Tray 2" not in text and "My comment" not in text
    finally:
        context.close()


def test_without_the_portal_the_links_still_carry_guide_search_and_no(
    browser, static_site: str
) -> None:
    """A static host: nothing can be sent or screened, so no comment can be typed; the links
    still work and carry what needs no screening."""
    context = new_context(browser)
    seed_search(context)
    try:
        page = context.new_page()
        page.goto(f"{static_site}/printing/clear-paper-jam/")
        page.get_by_role("button", name="No", exact=True).click()
        status_says(page, UNSENT)
        assert not page.locator("#kb-feedback-comment").is_visible()
        for text in carried_text(page):
            assert f"({static_site}/printing/clear-paper-jam/)" in text
            assert f'"{SEARCH}"' in text and ANSWER in text and "My comment" not in text
        page.get_by_role("link", name="ways to reach the service desk").click()
        assert focus_is(page, "#kb-still-stuck-title")
    finally:
        context.close()


@pytest.mark.parametrize(
    ("query", "minutes_ago"),
    [("printer offline", 61), ("printer \ud800 offline", 1)],
    ids=["over an hour ago", "half a character pair"],
)
def test_a_search_that_cannot_be_carried_is_left_out(
    browser, seeded_portal: Server, query: str, minutes_ago: float
) -> None:
    """An old search did not bring the reader here; text no link can hold breaks nothing."""
    context = new_context(browser)
    seed_search(context, query, minutes_ago)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{seeded_portal.url}/printing/add-a-printer/")
        assert page.locator("section.kb-feedback").is_visible()  # the widget was set up
        for text in carried_text(page):
            assert f"({seeded_portal.url}/printing/add-a-printer/)" in text
            assert "offline" not in text and "searched" not in text
        assert not page.locator(".kb-still-stuck__carried").is_visible()
        assert errors == []
    finally:
        context.close()


def test_the_search_page_names_its_own_search_once(browser, seeded_portal: Server) -> None:
    """/search renders the same block with the words searched for; the last search (the same
    words, or older ones) is not added a second time."""
    context = new_context(browser)
    seed_search(context, "something else entirely")
    try:
        page = context.new_page()
        page.goto(f"{seeded_portal.url}/search?q=zqxv+frobnicator")  # shown when few match
        body = params(href(page, "email"))["body"]
        assert 'I searched the help center for "zqxv frobnicator"' in body
        assert "something else entirely" not in body and body.count("searched") == 1
        guide = params(href(page, "portal"))["guide"]
        assert guide == f"{seeded_portal.url}/search?q=zqxv%20frobnicator"  # an address to open
    finally:
        context.close()


def test_a_long_comment_is_shortened_to_fit_and_says_so(browser, seeded_portal: Server) -> None:
    guide = "network/connect-to-vpn"
    long = "Tray 2 " + " ".join(["the connection drops after ten minutes"] * 50)[:1990]
    context = new_context(browser)
    seed_search(context)
    try:
        page = context.new_page()
        page.goto(f"{seeded_portal.url}/{guide}/")
        answer_no(page, "Something else", long)
        assert stored_comment(seeded_portal, guide) == long  # the portal keeps all of it
        for channel, field in (("email", "body"), ("portal", "description")):
            link = href(page, channel)
            assert len(link) <= MAILTO_LIMIT, (channel, len(link))
            text = params(link)[field]
            assert "My comment (shortened to fit):\nTray 2 the connection drops" in text
            kept = text.split("(shortened to fit):\n", 1)[1].split("\n\nWhat happened:", 1)[0]
            assert kept.endswith("…") and long.startswith(kept[:-1]) and len(kept) > 200
            assert text.endswith("What happened:\n\n")
    finally:
        context.close()


def test_without_javascript_the_links_keep_the_guide_only(browser, seeded_portal: Server) -> None:
    context = browser.new_context(java_script_enabled=False)
    seed_search(context)  # ignored: init scripts are JavaScript too, and so is the widget
    try:
        page = context.new_page()
        built = page.context.request.get(f"{seeded_portal.url}/printing/clear-paper-jam/").text()
        page.goto(f"{seeded_portal.url}/printing/clear-paper-jam/")
        assert not page.locator(".kb-still-stuck__carried").is_visible()
        for channel, field in (("email", "body"), ("portal", "description")):
            link = href(page, channel)
            assert link.replace("&", "&amp;") in built  # as the site built it
            text = params(link)[field]
            assert '"Clear a paper jam" (/printing/clear-paper-jam/)' in text
            assert "searched" not in text and ANSWER not in text and "My comment" not in text
        assert params(href(page, "portal"))["guide"] == "/printing/clear-paper-jam/"
    finally:
        context.close()


def test_on_a_phone_by_touch(browser, seeded_portal: Server) -> None:
    guide = "email/find-missing-email"
    context = new_context(browser, **PHONE)
    seed_search(context)
    try:
        page = context.new_page()
        page.goto(f"{seeded_portal.url}/{guide}/")
        answer_no(page, "It was hard to understand", COMMENT, touch=True)
        saved = stored_comment(seeded_portal, guide)
        assert_carries_everything(
            page, seeded_portal.url, guide, "It was hard to understand", saved
        )
        page.get_by_role("link", name="ways to reach the service desk").tap()
        page.wait_for_function(
            "document.activeElement.id === 'kb-still-stuck-title'", timeout=10_000
        )
        email = page.locator('.kb-still-stuck a[data-kb-channel="email"]')
        email.scroll_into_view_if_needed()
        box = email.bounding_box()
        assert box and box["height"] >= 44 and box["x"] + box["width"] <= 390
        note = page.locator(".kb-still-stuck__carried").bounding_box()
        assert note and note["x"] >= 0 and note["x"] + note["width"] <= 390  # fits the screen
    finally:
        context.close()


def test_by_keyboard_only(browser, seeded_portal: Server) -> None:
    guide = "devices/webcam-not-working"
    context = new_context(browser)
    seed_search(context)
    try:
        page = context.new_page()
        page.goto(f"{seeded_portal.url}/{guide}/")
        tab_to(page, '[data-kb-helpful="no"]')
        page.keyboard.press("Enter")
        status_says(page, "Thank you for your answer.")
        page.keyboard.press("ArrowDown")  # "It was hard to understand"
        page.keyboard.press("Tab")
        assert focus_is(page, "#kb-feedback-comment")
        page.keyboard.type(COMMENT)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        status_says(page, DONE)
        saved = stored_comment(seeded_portal, guide)
        assert_carries_everything(
            page, seeded_portal.url, guide, "It was hard to understand", saved
        )
        page.keyboard.press("Tab")
        assert focus_is(page, ".kb-feedback__stuck-link")
        page.keyboard.press("Enter")
        assert focus_is(page, "#kb-still-stuck-title")
        tab_to(page, '.kb-still-stuck a[data-kb-channel="email"]', limit=5)
        body = params(page.evaluate("document.activeElement.getAttribute('href')"))["body"]
        assert saved in body
    finally:
        context.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_axe_after_sending(browser, seeded_portal: Server, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    guide = "files/file-sync-problems"
    context = new_context(browser, scheme)
    seed_search(context)
    try:
        page = context.new_page()
        page.goto(f"{seeded_portal.url}/{guide}/")
        wait_for_scheme(page, scheme)
        answer_no(page, "The steps did not work", COMMENT)
        assert page.locator(".kb-still-stuck__carried").is_visible()
        # Axe judges colours as drawn: not halfway through a fade (Material's Back to top).
        page.wait_for_function(
            "() => document.getAnimations().every(a => a.playState !== 'running')",
            timeout=10_000,
        )
        response = Axe().run(page, options={"resultTypes": ["violations", "passes"]}).response
    finally:
        context.close()
    violations = response["violations"]
    serious = [v for v in violations if v["impact"] in {"serious", "critical"}]
    assert not serious, f"after sending ({scheme}):\n{describe(violations)}"
    judged = [
        node
        for rule in response["passes"]
        if rule["id"] == "color-contrast"
        for node in rule["nodes"]
        if "kb-still-stuck__carried" in node["html"] or "kb-feedback__status" in node["html"]
    ]
    assert len(judged) >= 2, f"axe did not measure the new words' colours ({scheme})"
