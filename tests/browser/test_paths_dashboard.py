"""The dashboard's Troubleshooters part in a real Chromium, after sixteen readers went through a
troubleshooter over HTTP: axe finds nothing serious in the light and dark schemes, a screen
reader hears words where the eye sees arrows, and on a phone the page never scrolls sideways
while the table of ways scrolls in its own box, which the keyboard can reach."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.a11y import (
    ADMIN_PASSWORD,
    PHONE,
    SCHEMES,
    admin_session,
    describe,
    new_context,
    wait_for_scheme,
)
from tests.support.kb import Built
from tests.support.paths import travelled_portal
from tests.support.servers import Server

WAYS = "#kb-troubleshooters-tree-1"


@pytest.fixture(scope="module")
def travelled(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("paths-dashboard")
    with travelled_portal(built.site, root, ADMIN_PASSWORD) as server:
        yield server


@pytest.fixture(scope="module")
def session(browser, travelled: Server) -> dict:
    return admin_session(browser, travelled.url)


def open_part(browser, server: Server, session: dict, scheme: str = "light", **options):
    context = new_context(browser, scheme, storage_state=session, **options)
    page = context.new_page()
    page.goto(f"{server.url}/admin#kb-troubleshooters")
    page.locator(WAYS).wait_for(timeout=10_000)
    wait_for_scheme(page, scheme)
    return page


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_axe_finds_nothing_serious_in_the_troubleshooters_part(
    browser, travelled: Server, session: dict, scheme: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = open_part(browser, travelled, session, scheme)
    try:
        response = Axe().run(page).response
    finally:
        page.context.close()
    serious = [v for v in response["violations"] if v["impact"] in {"serious", "critical"}]
    assert not serious, f"{scheme}:\n{describe(response['violations'])}"
    checked = {rule["id"] for rule in response["passes"]}
    assert {"color-contrast", "th-has-data-cells"} <= checked


def test_a_screen_reader_hears_the_way_as_words(browser, travelled: Server, session: dict) -> None:
    page = open_part(browser, travelled, session)
    try:
        table = page.get_by_role("table").filter(has_text="Way through")
        slow = table.get_by_role("rowheader").filter(has_text="Speed up a slow computer")
        heard = slow.evaluate(
            """e => { const c = e.cloneNode(true);
                      c.querySelectorAll('[aria-hidden="true"]').forEach(x => x.remove());
                      return c.textContent.replace(/\\s+/g, ' ').trim(); }"""
        )
        assert heard == (
            "What stopped working? My computer or laptop, then What is your computer doing? "
            "It is very slow, which ends at Speed up a slow computer"
        )
        region = page.get_by_role("region", name="Something stopped working")
        assert region.get_attribute("tabindex") == "0"
        headers = table.get_by_role("columnheader").all_inner_texts()
        assert headers == [
            "Way through",
            "Readers",
            "Went on",
            "Stopped here",
            "Asked for a person",
        ]
    finally:
        page.context.close()


def test_on_a_phone_only_the_table_of_ways_scrolls_sideways(
    browser, travelled: Server, session: dict
) -> None:
    page = open_part(browser, travelled, session, **PHONE)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        box = page.locator(".kb-admin__scroll").filter(has=page.locator(".kb-admin__ways"))
        sizes = box.evaluate(
            "e => ({scroll: e.scrollWidth, client: e.clientWidth,"
            " right: e.getBoundingClientRect().right})"
        )
        assert sizes["scroll"] > sizes["client"] and sizes["right"] <= 390, sizes
        # The first number sits beside the way, before any scrolling.
        readers = box.locator("tbody tr").first.locator("td").first
        edge = readers.evaluate("e => e.getBoundingClientRect().right")
        assert edge <= 390, edge
    finally:
        page.context.close()
