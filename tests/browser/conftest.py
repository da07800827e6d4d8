"""Fixtures of the browser tests: one real Chromium for the run (skipped with a message where it
is not installed), a fresh context and page per test, and the built site without the portal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.browser import launch_browser
from tests.support.kb import Built
from tests.support.servers import serve_static


@pytest.fixture(scope="session")
def browser():
    """One real Chromium for the whole run (one Playwright per process is all it allows)."""
    yield from launch_browser()


@pytest.fixture
def static_site(built: Built) -> Iterator[str]:
    """The built site on a plain static server: no portal, no API."""
    with serve_static(built.site) as url:
        yield url


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
