"""The README's pictures, taken by Chromium from the real product on every test run.

Each test also checks the page shows what its picture is meant to show, so a broken page
fails here instead of landing in the README. Pictures go to a throwaway folder, unless
KB_SCREENSHOTS names another: `make screenshots` sets it to docs/images/, the README's. Chromium
writes the same bytes for the same pixels, so git only sees a change when the product changed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from portal.guides.articles import load_content
from portal.store.database import Store
from search import Engine, current_index
from tests.benchmarks.report_speed import simulate
from tests.support.a11y import PHONE
from tests.support.browser import wait_for_portal_results
from tests.support.files import ROOT
from tests.support.kb import Built
from tests.support.servers import Server, start_server, stop_server

PASSWORD = "screenshots-password-1"
WIDTH, HEIGHT = 1280, 800


# Light scheme for the pictures, whatever the machine prefers.
LIGHT_SCHEME = (
    "localStorage.setItem('/.__palette', JSON.stringify({index: 0, color: "
    "{media: '(prefers-color-scheme)', scheme: 'default', primary: 'indigo', "
    "accent: 'indigo'}}))"
)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    context.add_init_script(LIGHT_SCHEME)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the pictures go: the folder in KB_SCREENSHOTS (relative to the repository), else a
    throwaway one, so an ordinary test run never writes into the repository."""
    wanted = os.environ.get("KB_SCREENSHOTS", "").strip()
    folder = ROOT / wanted if wanted else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(page, images: Path, name: str, **options: object) -> Path:
    path = images / f"{name}.png"
    shot = page.screenshot(animations="disabled", caret="hide", **options)
    if not path.exists() or path.read_bytes() != shot:
        path.write_bytes(shot)
    return path


@pytest.fixture(scope="module")
def dashboard(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A portal whose store holds a month of simulated readers."""
    folder = tmp_path_factory.mktemp("screenshot-store")
    url = f"sqlite:///{folder}/store.sqlite3"
    store = Store(url)
    store.migrate()
    content = load_content(ROOT / "content")
    engine = Engine(current_index(built.var))  # type: ignore[arg-type]
    # Noon today: the same picture all day (the time the report was made is left out).
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, hour=12, minute=0, second=0, microsecond=0)
    simulate(store, engine, [g.path for g in content.guides], 6000, 30, now=now)
    store.dispose()
    env = {"KB_DATABASE_URL": url, "KB_ADMIN_PASSWORD": PASSWORD, "KB_SECRET_KEY": ""}
    running = start_server(built.site, env, var_dir=built.var)
    yield running
    stop_server(running)


def test_home_page(server: Server, page, images: Path) -> None:
    page.goto(f"{server.url}/")
    assert page.locator("form[role=search]").first.is_visible()
    save(page, images, "home")


def test_guide_with_tabs(server: Server, page, images: Path) -> None:
    page.goto(f"{server.url}/network/wifi-not-connecting/")
    tabs = page.locator(".tabbed-labels").first
    assert tabs.locator("label").count() >= 2
    tabs.evaluate("e => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 320)")
    save(page, images, "guide-with-tabs")


def test_search_with_highlights(server: Server, page, images: Path) -> None:
    page.goto(f"{server.url}/")
    page.locator("#kb-header-q").click()
    page.locator("#kb-header-q").press_sequentially("pritner ofline", delay=30)
    wait_for_portal_results(page, "Fix a printer that won")
    assert page.locator(".kb-box--header mark").count() > 0
    save(page, images, "search")


def test_feedback_widget(server: Server, page, images: Path) -> None:
    page.goto(f"{server.url}/printing/clear-paper-jam/")
    widget = page.locator("section.kb-feedback")
    page.route("**/api/feedback", lambda route: route.fulfill(status=201, json={"saved": True}))
    widget.get_by_role("button", name="No", exact=True).click()
    widget.locator(".kb-feedback__reasons").wait_for(state="visible", timeout=10_000)
    widget.get_by_role("radio", name="The steps did not work").check()
    widget.locator("textarea").fill("There is no Resume button on my printer.")
    widget.scroll_into_view_if_needed()
    save(page, images, "feedback-widget", clip=_around(widget.bounding_box(), page), full_page=True)


def test_dashboard(dashboard: Server, page, images: Path) -> None:
    page.goto(f"{dashboard.url}/admin")
    page.locator("input[type=password]").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.locator("svg.kb-chart__svg").first.wait_for(timeout=10_000)
    assert page.locator("svg.kb-chart__svg").count() == 3
    top = page.locator("#kb-totals").bounding_box()
    chart = page.locator("svg.kb-chart__svg").nth(1).bounding_box()
    assert top and chart
    scroll = page.evaluate("window.scrollY")
    # The dashboard's own full-width layout: the whole width, from the totals to the charts.
    clip = {
        "x": 0,
        "y": top["y"] + scroll - 16,
        "width": WIDTH,
        "height": chart["y"] + chart["height"] - top["y"] + 40,
    }
    save(page, images, "dashboard", clip=clip, full_page=True)


def test_urgent_guide_on_a_phone(browser, server: Server, images: Path) -> None:
    """Minutes matter: the desk's call button is in the first screen of an urgent guide."""
    context = browser.new_context(**PHONE)
    context.add_init_script(LIGHT_SCHEME)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/security/clicked-phishing-link/")
        button = page.locator(".kb-urgent-call a.kb-call")
        box = button.bounding_box()
        assert box and box["y"] + box["height"] <= PHONE["viewport"]["height"]
        assert (button.get_attribute("href") or "").startswith("tel:")
        save(page, images, "urgent-guide-phone")
    finally:
        context.close()


def test_intranet_box(server: Server, page, images: Path) -> None:
    """The box as an intranet page shows it, with its list, "See all" and the service desk."""
    page.goto(f"{server.url}/intranet-box")
    example = page.locator(".kb-intranet-example")
    example.locator("input[name=q]").click()
    example.locator("input[name=q]").press_sequentially("printer offline", delay=30)
    page.get_by_role("option", name="Contact the service desk").wait_for(timeout=10_000)
    assert page.get_by_role("option", name=re.compile(r"^See all \d+ results$")).count() == 1
    example.scroll_into_view_if_needed()
    box = example.bounding_box()
    listbox = page.get_by_role("listbox").bounding_box()
    assert box and listbox
    top = min(box["y"], listbox["y"])
    bottom = max(box["y"] + box["height"], listbox["y"] + listbox["height"])
    area = {"x": box["x"], "y": top, "width": box["width"], "height": bottom - top}
    save(page, images, "intranet-box", clip=_around(area, page), full_page=True)


def _around(box: dict[str, float] | None, page) -> dict[str, float]:
    """The element with a margin, inside the page."""
    assert box is not None
    margin = 24
    scroll = page.evaluate("window.scrollY")
    return {
        "x": max(0, box["x"] - margin),
        "y": max(0, box["y"] + scroll - margin),
        "width": min(WIDTH, box["width"] + 2 * margin),
        "height": box["height"] + 2 * margin,
    }


def test_a_vague_search_asks_back(server: Server, page, images: Path) -> None:
    """ "it stopped working" names nothing: the box asks what stopped, above the guides."""
    page.goto(f"{server.url}/")
    page.locator("#kb-header-q").click()
    page.locator("#kb-header-q").press_sequentially("it stopped working", delay=30)
    page.get_by_role("option", name="My computer or laptop").wait_for(timeout=10_000)
    assert page.get_by_text("What stopped working?").first.is_visible()
    save(page, images, "vague-search")


def test_a_troubleshooter_step_on_a_phone(browser, server: Server, images: Path) -> None:
    """One question at a time, what the reader said so far, Back and Start again."""
    context = browser.new_context(**PHONE)
    context.add_init_script(LIGHT_SCHEME)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/troubleshoot/something-stopped-working/")
        page.locator(".kb-tree--stepping").wait_for(timeout=10_000)
        page.get_by_role("link", name="My computer or laptop", exact=True).tap()
        heading = page.get_by_role("heading", name="What is your computer doing?")
        heading.wait_for(timeout=10_000)
        assert page.locator(".kb-tree__question:visible").count() == 1
        heading.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -120)")
        save(page, images, "troubleshooter-phone")
    finally:
        context.close()
