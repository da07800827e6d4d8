"""A real Chromium for tests (Debian's package), driven by Playwright; skipped with a clear
message where the browser is not installed (`.ci/run` installs it)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch_browser() -> Iterator[object]:
    """Behind the session fixture `browser` in tests/browser/conftest.py."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed: run `apt-get install chromium` (CI does).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def wait_for_portal_results(page, containing: str = "") -> None:
    """Wait until the header's search box shows the portal's answer to the whole query.

    The portal's results carry `kb_s=`; the list is redrawn as each pause's answer arrives,
    so `containing` (text of the first result) tells the final answer from earlier ones.
    """
    page.wait_for_function(
        """(text) => {
          const panel = document.querySelector('.kb-box--header');
          const option = panel && !panel.hidden && panel.querySelector('.kb-box__option--guide');
          return option && option.getAttribute('data-kb-href').includes('kb_s=')
            && option.innerText.includes(text);
        }""",
        arg=containing,
        timeout=10_000,
    )
