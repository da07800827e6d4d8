"""Fixtures of the browser tests: one real Chromium for the run (skipped with a message where it
is not installed), a fresh context and page per test, the built site without the portal, and the
portal with a seeded store and the dashboard on (with a logged-in session for it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.a11y import admin_session, dashboard_server
from tests.support.browser import launch_browser
from tests.support.kb import Built
from tests.support.servers import Server, serve_static


@pytest.fixture(scope="session")
def browser():
    """One real Chromium for the whole run (one Playwright per process is all it allows)."""
    yield from launch_browser()


@pytest.fixture
def static_site(built: Built) -> Iterator[str]:
    """The built site on a plain static server: no portal, no API."""
    with serve_static(built.site) as url:
        yield url


@pytest.fixture(scope="module")
def seeded_portal(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The portal with the dashboard on and a month of data in a SQLite store of its own, one per
    module (see tests.support.a11y.dashboard_server)."""
    with dashboard_server(built, tmp_path_factory.mktemp("seeded-portal")) as running:
        yield running


@pytest.fixture(scope="module")
def admin_state(browser, seeded_portal: Server) -> dict:
    """The storage state of a browser logged in to seeded_portal's dashboard, for new contexts."""
    return admin_session(browser, seeded_portal.url)


@pytest.fixture
def context(browser):
    """A fresh desktop-sized browser context (its own storage and cookies) per test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context):
    """A page that fails its test if the Content-Security-Policy blocked anything on it."""
    page = context.new_page()
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    assert not blocked, f"the Content-Security-Policy blocked: {blocked}"
