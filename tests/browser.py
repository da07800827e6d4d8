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
    """Behind the session fixture `browser` in conftest.py."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed: run `apt-get install chromium` (CI does).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()
