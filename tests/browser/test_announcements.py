"""The announcement banner in a real Chromium, against a real `kb serve` with its own store and
status file: it shows on guides and on the portal's own pages, goes at the next page view or
minute once cleared, shows any HTML as text, and a site without the portal has no banner."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.http_browser import Browser
from tests.support.kb import Built
from tests.support.servers import Server, start_server, stop_server

PASSWORD = "a password for the banner tests"
GUIDE = "/printing/clear-paper-jam/"
OUTAGE = "E-mail is down for everyone; we're on it."
BOX = "[data-kb-status] .kb-status__box"


@dataclass
class Portal:
    server: Server
    status_file: Path


@pytest.fixture(scope="module")
def portal(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    folder = tmp_path_factory.mktemp("banner")
    status_file = folder / "status.txt"
    server = start_server(
        built.site,
        var_dir=built.var,
        extra_env={
            "KB_DATABASE_URL": f"sqlite:///{folder / 'store.sqlite3'}",
            "KB_STATUS_FILE": str(status_file),
            "KB_STATUS_CACHE_SECONDS": "0",
            "KB_ADMIN_PASSWORD": PASSWORD,
            "KB_SECRET_KEY": "",
        },
    )
    yield Portal(server, status_file)
    stop_server(server)


@pytest.fixture
def fresh(portal: Portal) -> Iterator[Portal]:
    portal.status_file.unlink(missing_ok=True)
    yield portal
    portal.status_file.unlink(missing_ok=True)


def banner_says(page, words: str) -> None:
    """Wait until the banner holds `words` (Playwright polls; no fixed sleep)."""
    page.locator(BOX).filter(has_text=words).wait_for(timeout=10_000)


def announce_height(page) -> float:
    return page.evaluate(
        "document.querySelector('[data-md-component=announce]').getBoundingClientRect().height"
    )


def test_a_guide_shows_the_file_s_message_and_drops_it_at_the_next_page_view(page, fresh: Portal):
    fresh.status_file.write_text(OUTAGE, "utf-8")
    page.goto(fresh.server.url + GUIDE)
    banner_says(page, OUTAGE)
    region = page.get_by_role("status").filter(has_text=OUTAGE)
    assert region.get_attribute("data-kb-status") is not None
    assert region.inner_text().startswith(f"From the IT team: {OUTAGE} Posted ")
    assert announce_height(page) > 0

    fresh.status_file.unlink()
    page.goto(fresh.server.url + "/")
    page.locator("[data-kb-status][data-kb-answered]").wait_for(state="attached")
    assert page.locator(BOX).count() == 0
    assert announce_height(page) == 0  # no banner: nothing above the header, nothing moves


def test_a_cleared_announcement_goes_at_the_next_minute_s_poll(page, fresh: Portal):
    writer = Browser(fresh.server.url, "127.0.0.1")
    assert writer.log_in(PASSWORD).status == 303
    token = writer.csrf("/admin")
    writer.post("/admin/announcement", {"csrf_token": token, "message": OUTAGE})
    page.clock.install()
    page.goto(fresh.server.url + GUIDE)
    banner_says(page, OUTAGE)

    writer.post("/admin/announcement", {"csrf_token": token, "action": "clear"})
    page.clock.run_for(61_000)  # the page's minute, without waiting for it
    page.locator(BOX).wait_for(state="detached", timeout=10_000)
    assert page.get_by_role("status").filter(has_text=OUTAGE).count() == 0


def test_html_in_a_message_is_shown_as_text_and_never_run(page, fresh: Portal):
    message = (
        '<script>window.kbRan = 1</script><img src="x" onerror="window.kbRan = 2"> <b>Wi-Fi</b>'
    )
    fresh.status_file.write_text(message, "utf-8")
    page.goto(fresh.server.url + GUIDE)
    banner_says(page, "<script>")
    assert page.locator(".kb-status__message").inner_text() == message
    assert (
        page.locator("[data-kb-status] script, [data-kb-status] img, [data-kb-status] b").count()
        == 0
    )
    assert page.evaluate("window.kbRan === undefined")


def test_the_portal_s_own_pages_show_it_too(page, fresh: Portal):
    fresh.status_file.write_text(OUTAGE, "utf-8")
    for path in ("/search?q=printer+offline", "/admin/login", "/no-such-page/"):
        page.goto(fresh.server.url + path)
        banner_says(page, OUTAGE)


def test_without_the_portal_there_is_no_banner_and_no_error(page, static_site: str):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    with page.expect_response(lambda response: "/api/status" in response.url) as asked:
        page.goto(static_site + GUIDE)
    assert asked.value.status == 404  # a plain static server: no portal behind the site
    page.locator("[data-kb-status][data-kb-answered]").wait_for(state="attached")
    assert page.locator(BOX).count() == 0
    assert announce_height(page) == 0
    assert errors == []
