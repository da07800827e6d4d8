"""The Content-Security-Policy in a real Chromium: the site's own scripts all run, and a script
slipped into a page does not."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.browser import wait_for_portal_results
from tests.support.kb import Built
from tests.support.servers import Server, start_server, stop_server

GUIDE = "network/wifi-not-connecting"


@pytest.fixture(scope="module")
def workers(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("csp")
    env = {"KB_WORKERS": "2", "KB_DATABASE_URL": f"sqlite:///{folder}/store.sqlite3"}
    server = start_server(built.site, env, var_dir=built.var)
    yield server
    stop_server(server)


def test_every_page_works_under_the_policy(page, workers: Server) -> None:
    violations: list[str] = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    page.goto(f"{workers.url}/{GUIDE}/")
    # Material's inline scripts ran: the palette and the page's scope are set.
    assert page.evaluate("typeof __md_scope") == "object"
    page.get_by_role("button", name="No").click()  # our widget's script ran
    page.get_by_text("What went wrong?").wait_for()
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("printer offline", delay=20)
    wait_for_portal_results(page, "printer")  # Material's worker and our search worker ran
    page.goto(f"{workers.url}/search?q=vpn")
    page.locator(".kb-result").first.wait_for()
    page.goto(f"{workers.url}/")
    assert page.locator("[data-md-component=content]").count() == 1
    assert violations == []


def test_a_script_slipped_into_a_page_is_blocked(context, workers: Server) -> None:
    page = context.new_page()  # not the `page` fixture: this test wants the policy to block
    page.goto(f"{workers.url}/{GUIDE}/")
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.slippedIn = true";
            document.body.appendChild(script);
            const image = document.createElement("img");
            image.src = "https://tracker.example.com/pixel.gif";
            document.body.appendChild(image);
        }"""
    )
    for _ in range(200):  # the browser reports both refusals on its console; wait up to 10 s
        if len(blocked) >= 2:
            break
        page.wait_for_timeout(50)
    assert page.evaluate("window.slippedIn === undefined")
    assert any("inline script" in text for text in blocked), blocked
    assert any("img-src" in text for text in blocked), blocked
