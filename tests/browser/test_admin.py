"""The /admin dashboard in a real Chromium: log in by keyboard, read the report, log out; its own
full-width layout on a laptop and a phone, its list of sections by keyboard, axe in both schemes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.a11y import (
    PHONE,
    SCHEMES,
    describe,
    new_context,
    open_page,
    ring_is_visible,
    tab_to,
    wait_for_scheme,
)
from tests.support.admin import PASSWORD, SCRIPT, Setup, make_setup, serve_dashboard
from tests.support.kb import Built
from tests.support.servers import Server, stop_server


@pytest.fixture(scope="module")
def dashboard(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    setup: Setup = make_setup(tmp_path_factory.mktemp("admin"))
    running = serve_dashboard(built, setup, setup.var, KB_ADMIN_PASSWORD=PASSWORD)
    yield running
    stop_server(running)


def test_log_in_by_keyboard_and_read_the_dashboard_in_chromium(
    dashboard: Server,
    browser,
    tmp_path: Path,
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    try:
        page.goto(f"{dashboard.url}/admin")
        assert page.url.endswith("/admin/login")
        page.get_by_label("Password").fill(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url("**/admin", timeout=10_000)
        heading = page.get_by_role("heading", level=1)
        assert heading.inner_text() == "Writers' dashboard"
        # The comment reads as the reader typed it, and nothing in it ran.
        assert page.get_by_text(f"The tray was stuck {SCRIPT}").count() == 1
        assert dialogs == []
        charts = page.get_by_role("img", name="Searches per day")
        box = charts.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 100
        page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
        page.get_by_role("button", name="Log out").click()
        page.wait_for_url("**/admin/login?logged_out=1", timeout=10_000)
        assert page.get_by_text("You are logged out.").count() == 1
    finally:
        context.close()


# The dashboard for desk staff (issue 17, item 6): its own full-width layout with sections.
DESKTOP = {"width": 1280, "height": 900}
# At 1280 x 900 with seeded_portal's month of data: 11,872 px inside the readers' layout, about
# 4,000 px in its own. Well under the old height, with room for wording to change.
TALLEST_PAGE = 6000
SCROLL_BOXES = """() => [...document.querySelectorAll('.kb-admin__scroll')]
    .filter(e => e.offsetParent !== null)
    .map(e => ({ name: e.getAttribute('aria-labelledby') || e.getAttribute('aria-label'),
                 scroll: e.scrollWidth, client: e.clientWidth,
                 right: e.getBoundingClientRect().right }))"""


def open_dashboard(browser, base: str, session: dict, scheme: str = "light", **options):
    """A logged-in dashboard page as it first shows; its context is page.context."""
    context = new_context(browser, scheme, storage_state=session, **options)
    page = context.new_page()
    page.goto(f"{base}/admin")
    page.locator("#kb-totals").wait_for(timeout=10_000)  # logged in, not the login form
    wait_for_scheme(page, scheme)
    return page


OPEN_DETAILS = "document.querySelectorAll('details').forEach(d => d.open = true)"


def test_on_a_laptop_the_dashboard_uses_the_whole_width_and_nothing_is_clipped(
    browser, seeded_portal: Server, admin_state: dict
) -> None:
    page = open_dashboard(browser, seeded_portal.url, admin_state, viewport=DESKTOP)
    try:
        assert page.locator(".md-sidebar, .md-nav").count() == 0  # no readers' navigation
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height < TALLEST_PAGE, height
        page.evaluate(OPEN_DETAILS)  # the numbers behind each chart must fit too
        width = page.locator(".kb-admin").evaluate("e => e.getBoundingClientRect().width")
        assert width > 1000, width
        boxes = page.evaluate(SCROLL_BOXES)
        assert any(box["name"] == "kb-guides" for box in boxes), boxes
        for box in boxes:  # every table fits its box at this width: nothing to scroll to
            assert box["scroll"] <= box["client"] and box["right"] <= 1280, box
        # The comments column, the table's last, ends inside the visible page.
        comments = page.locator(".kb-admin__guides thead th").last
        assert comments.inner_text() == "Latest comments"
        edge = comments.evaluate("e => e.getBoundingClientRect().right")
        assert edge <= 1280, edge
    finally:
        page.context.close()


def test_on_a_phone_the_page_never_scrolls_sideways_and_wide_tables_scroll_in_their_box(
    browser, seeded_portal: Server, admin_state: dict
) -> None:
    page = open_dashboard(browser, seeded_portal.url, admin_state, **PHONE)
    try:
        page.evaluate(OPEN_DETAILS)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        boxes = {box["name"]: box for box in page.evaluate(SCROLL_BOXES)}
        guides = boxes["kb-guides"]
        assert guides["scroll"] > guides["client"] and guides["right"] <= 390, guides
        # The sections' list is there at the top, each link a good size to tap.
        links = page.locator(".kb-admin__toc a")
        assert links.count() >= 8
        for index in range(links.count()):
            box = links.nth(index).bounding_box()
            assert box and box["height"] >= 44 and box["x"] + box["width"] <= 390, box
    finally:
        page.context.close()


def test_the_list_of_sections_takes_the_keyboard_to_each_section(
    browser, seeded_portal: Server, admin_state: dict
) -> None:
    page = open_dashboard(browser, seeded_portal.url, admin_state, viewport=DESKTOP)
    try:
        link = '.kb-admin__toc a[href="#kb-guides"]'
        presses = tab_to(page, link)
        assert presses < 15, presses  # the list comes early: header, period, then the list
        assert ring_is_visible(page)
        page.keyboard.press("Enter")
        page.wait_for_function("location.hash === '#kb-guides'", timeout=10_000)
        heading = page.locator("#kb-guides")
        top = heading.evaluate("e => e.getBoundingClientRect().top")
        assert 0 <= top < 200, top  # the section's heading is at the top of the window
        page.keyboard.press("Tab")  # the next stop is inside that section, not back at the top
        inside = "() => document.activeElement.closest('section').querySelector('h2').id"
        assert page.evaluate(inside) == "kb-guides", page.evaluate(
            "document.activeElement.outerHTML"
        )
    finally:
        page.context.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("path", ["/admin", "/admin/login", "/admin/no-such-page"])
def test_axe_finds_nothing_serious_on_the_dashboard_pages(
    browser, seeded_portal: Server, admin_state: dict, path: str, scheme: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    session = admin_state if path == "/admin" else None
    context = new_context(browser, scheme, storage_state=session, viewport=DESKTOP)
    try:
        page = context.new_page()
        if path == "/admin":
            open_page(page, seeded_portal.url, "dashboard")
        else:
            page.goto(seeded_portal.url + path)
        wait_for_scheme(page, scheme)
        page.locator(".kb-desk__main h1").wait_for(timeout=10_000)
        response = Axe().run(page).response
    finally:
        context.close()
    serious = [v for v in response["violations"] if v["impact"] in {"serious", "critical"}]
    assert not serious, f"{path} ({scheme}):\n{describe(response['violations'])}"
    assert any(rule["id"] == "color-contrast" for rule in response["passes"]), path


def test_without_javascript_the_dashboard_reads_in_the_system_s_dark_scheme(
    browser, seeded_portal: Server, admin_state: dict
) -> None:
    context = new_context(
        browser, "dark", storage_state=admin_state, viewport=DESKTOP, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(f"{seeded_portal.url}/admin")
        page.locator("#kb-totals").wait_for(timeout=10_000)
        assert page.locator("body").get_attribute("data-md-color-scheme") is None  # no script
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(30, 33, 41)", background  # the dark scheme's, from CSS alone
        assert page.locator('.kb-admin__toc a[href="#kb-reviews"]').is_visible()
    finally:
        context.close()
