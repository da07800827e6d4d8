"""The pages on a phone (390x844, touch) in a real Chromium: nothing overflows sideways, every tap
target is at least 44x44 CSS px or exempt as WCAG 2.5.8 allows, and axe-core still finds no
serious or critical problem in the phone layout (the drawer, the full-screen search)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.a11y import (
    PAGES,
    PHONE,
    TABS_GUIDE,
    admin_session,
    context_for,
    dashboard_server,
    describe,
    new_context,
    open_page,
    wait_for_scheme,
)
from tests.support.kb import Built
from tests.support.page_measurements import OVERFLOW_JS, SMALL_TARGETS_JS
from tests.support.servers import Server

# Every page of the other checks, and Material's navigation drawer opened on a guide.
PHONE_PAGES = [*PAGES, "navigation drawer"]


@pytest.fixture(scope="module")
def portal(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with dashboard_server(built, tmp_path_factory.mktemp("mobile-store")) as running:
        yield running


@pytest.fixture(scope="module")
def session(browser, portal: Server) -> dict:
    return admin_session(browser, portal.url)


def open_on_phone(page, base: str, name: str) -> None:
    if name == "navigation drawer":
        page.goto(base + TABS_GUIDE)
        page.locator("label.md-header__button[for='__drawer']").tap()
        # Open once it has slid in: its links are inside the screen.
        page.wait_for_function(
            """() => {
              const nav = document.querySelector('.md-sidebar--primary');
              const r = nav && nav.getBoundingClientRect();
              return r && r.left >= 0 && r.width > 0;
            }""",
            timeout=10_000,
        )
        page.wait_for_function("() => document.getAnimations().length === 0", timeout=10_000)
    else:
        open_page(page, base, name, touch=True)


@pytest.mark.parametrize("name", PHONE_PAGES)
def test_on_a_phone_nothing_overflows_and_targets_are_big_enough(
    browser, portal: Server, session, name: str
):
    from axe_playwright_python.sync_playwright import Axe

    context = context_for(browser, name, session, **PHONE)
    try:
        page = context.new_page()
        open_on_phone(page, portal.url, name)
        overflow = page.evaluate(OVERFLOW_JS)
        # The page itself never scrolls sideways ...
        assert overflow["scrollWidth"] <= overflow["innerWidth"] == 390, overflow
        # ... and nothing sticks out of the screen, unless a container that scrolls sideways
        # by itself (a table, a code block) holds it.
        assert not overflow["offenders"], f"{name}: wider than the screen:\n" + "\n".join(
            overflow["offenders"]
        )
        targets = page.evaluate(SMALL_TARGETS_JS)
        # The check saw the page's controls (a dashboard message has only its way back and
        # Log out).
        assert targets["checked"] >= (2 if name == "dashboard message" else 3), targets
        assert not targets["failing"], f"{name}: tap targets under 44x44 px:\n" + "\n".join(
            targets["failing"]
        )
        violations = Axe().run(page).response["violations"]
        serious = [v for v in violations if v["impact"] in {"serious", "critical"}]
        assert not serious, f"{name}, on a phone:\n{describe(violations)}"
    finally:
        context.close()


def test_wide_tables_scroll_inside_their_own_box(browser, portal: Server, session) -> None:
    """The dashboard's widest table is wider than a phone: its box scrolls, the page does not."""
    context = context_for(browser, "dashboard", session, **PHONE)
    try:
        page = context.new_page()
        open_page(page, portal.url, "dashboard", touch=True)
        region = page.locator('.kb-admin__scroll[aria-labelledby="kb-guides"]')
        sizes = region.evaluate(
            """e => ({ scroll: e.scrollWidth, client: e.clientWidth,
                       overflow: getComputedStyle(e).overflowX,
                       right: e.getBoundingClientRect().right })"""
        )
        assert sizes["scroll"] > sizes["client"], sizes  # the table is wider than the phone
        assert sizes["overflow"] in {"auto", "scroll"} and sizes["right"] <= 390, sizes
        region.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
        assert region.evaluate("e => e.scrollLeft") > 0  # and it really scrolls
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


@pytest.mark.parametrize("name", ["navigation drawer", "search box open"])
def test_phone_only_layouts_pass_axe_in_the_dark_scheme(browser, portal: Server, name: str):
    """The drawer and the full-screen search exist only on a phone; the light scheme is
    checked above, this is the dark one."""
    from axe_playwright_python.sync_playwright import Axe

    context = new_context(browser, "dark", **PHONE)
    try:
        page = context.new_page()
        open_on_phone(page, portal.url, name)
        wait_for_scheme(page, "dark")
        violations = Axe().run(page).response["violations"]
        serious = [v for v in violations if v["impact"] in {"serious", "critical"}]
        assert not serious, f"{name}, on a phone, dark:\n{describe(violations)}"
    finally:
        context.close()
