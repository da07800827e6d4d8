"""The live preview in a real browser: a heading saved on disk appears in the open page without
anyone reloading it, and the banner's script and styles pass the strict CSP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.preview import Preview, live_preview, replace_heading

GUIDE = "email/check-junk-email"


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    with live_preview(tmp_path_factory.mktemp("live-preview")) as running:
        yield running


def test_a_saved_heading_shows_in_the_open_page_by_itself(page, preview: Preview) -> None:
    page.goto(f"{preview.url}/{GUIDE}/")
    page.wait_for_selector("#kb-preview-title")  # the writing check of this guide
    page.evaluate("() => { window.kbBeforeTheEdit = true; }")
    assert page.locator("text=Heading saved from the test").count() == 0

    replace_heading(
        preview.content / f"{GUIDE}.md", "## What to do", "## Heading saved from the test"
    )

    page.get_by_role("heading", name="Heading saved from the test").wait_for(timeout=30_000)
    # The test never reloaded the page: the preview's own script did (the old page is gone).
    assert page.evaluate("() => window.kbBeforeTheEdit === undefined")
    assert page.locator("#kb-preview-title").is_visible()
