"""The /admin dashboard in a real Chromium: log in by keyboard, read the report, log out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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
