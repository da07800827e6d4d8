""" "Recently viewed" in a real Chromium: guides a browser opened are listed on the home page,
most recent first, kept in that browser's localStorage only and never sent to the server."""

from __future__ import annotations

import json

from tests.support.servers import Server

KEY = "plainhelp.recent"
JAM = ("/printing/clear-paper-jam/", "Clear a paper jam")
VPN = ("/network/connect-to-vpn/", "Connect to the VPN")
MORE = [
    ("/accounts/reset-forgotten-password/", "Reset a password you have forgotten"),
    ("/email/find-missing-email/", None),
    ("/computer/computer-running-slow/", None),
    ("/network/wifi-not-connecting/", None),
]


def section(page):
    return page.locator("section.kb-recent")


def listed(page) -> list[tuple[str, str]]:
    links = page.locator(".kb-recent__list a")
    return [(link.get_attribute("href"), link.inner_text()) for link in links.all()]


def open_guide(page, server: Server, path: str) -> None:
    page.goto(f"{server.url}{path}")
    # Recorded once the page's scripts have run: wait for the entry, not for time to pass.
    page.wait_for_function(
        """([key, path]) => {
          try { return JSON.parse(localStorage.getItem(key))[0].path === path; }
          catch (error) { return false; }
        }""",
        arg=[KEY, path],
        timeout=10_000,
    )


def go_home(page, server: Server) -> None:
    page.goto(f"{server.url}/")
    page.wait_for_function(
        "() => document.querySelector('.kb-recent__clear').getAttribute('data-kb-ready')",
        timeout=10_000,
    )


def test_two_guides_are_listed_most_recent_first_and_nothing_is_sent(server: Server, page) -> None:
    requests = []
    page.on("request", lambda request: requests.append(request))
    open_guide(page, server, JAM[0])
    open_guide(page, server, VPN[0])
    go_home(page, server)

    assert section(page).is_visible()
    assert page.get_by_role("heading", name="Recently viewed").is_visible()
    assert listed(page) == [VPN, JAM]
    stored = page.evaluate(f"JSON.parse(localStorage.getItem({json.dumps(KEY)}))")
    assert [(item["path"], item["title"]) for item in stored] == [VPN, JAM]
    assert all(isinstance(item["time"], int | float) and item["time"] > 0 for item in stored)

    # Nothing about it reaches the server: no cookie, the key never appears, and once the
    # guides themselves are loaded no request names them (the home page shows what the browser
    # already had).
    assert requests
    for request in requests:
        headers = request.all_headers()
        assert "cookie" not in headers, request.url
        assert KEY not in request.url + (request.post_data or "") + json.dumps(headers)
    home = next(i for i, r in enumerate(requests) if r.url == f"{server.url}/")
    for request in requests[home:]:
        sent = request.url + (request.post_data or "") + json.dumps(request.all_headers())
        for path, _ in (VPN, JAM):
            assert path not in sent, request.url

    # Clearing empties the list and hides the whole section, heading included.
    page.get_by_role("button", name="Clear this list").click()
    assert section(page).is_hidden()
    assert page.get_by_role("heading", name="Recently viewed").count() == 0
    assert page.evaluate(f"localStorage.getItem({json.dumps(KEY)})") is None
    assert page.evaluate("document.activeElement.id") == "kb-home-q"
    go_home(page, server)
    assert section(page).is_hidden()


def test_the_home_page_shows_no_empty_heading(server: Server, page) -> None:
    go_home(page, server)
    assert section(page).is_hidden()
    assert page.get_by_role("heading", name="Recently viewed").count() == 0


def test_a_guide_seen_again_moves_to_the_top_and_five_are_kept(server: Server, page) -> None:
    for path, _ in [JAM, VPN, *MORE]:
        open_guide(page, server, path)
    open_guide(page, server, VPN[0])
    go_home(page, server)
    paths = [href for href, _ in listed(page)]
    assert paths == [VPN[0], *[path for path, _ in reversed(MORE)]]


def test_home_and_section_pages_are_not_recorded(server: Server, page) -> None:
    page.goto(f"{server.url}/printing/")
    page.wait_for_load_state("load")
    go_home(page, server)
    go_home(page, server)
    assert page.evaluate(f"localStorage.getItem({json.dumps(KEY)})") is None
    assert section(page).is_hidden()


def test_without_storage_pages_work_and_show_no_list(server: Server, context) -> None:
    """Private windows and strict settings refuse localStorage: our script raises no error and
    shows no list. (Material's own inline scripts do raise then; they are not ours to change.)"""
    context.add_init_script(
        """window.__errors = [];
           window.addEventListener("error", (event) => {
             window.__errors.push(String((event.error && event.error.stack) || event.message));
           });
           Object.defineProperty(window, "localStorage", {
             get() {
               const error = new Error("The operation is insecure.");
               error.name = "SecurityError";
               throw error;
             }
           });"""
    )
    page = context.new_page()
    page.goto(f"{server.url}{JAM[0]}")
    page.locator(".kb-feedback").wait_for(state="visible", timeout=10_000)  # scripts ran
    guide_errors = page.evaluate("window.__errors")
    go_home(page, server)
    assert section(page).is_hidden()
    for stack in guide_errors + page.evaluate("window.__errors"):
        assert "plainhelp-recent" not in stack, stack


def test_stored_junk_is_ignored(server: Server, page) -> None:
    """Anything odd in storage (another version, a hand edit) is skipped, never shown as a link."""
    go_home(page, server)
    junk = [
        {"path": "javascript:alert(1)", "title": "Bad"},
        {"path": "//elsewhere.example.com/", "title": "Away"},
        {"path": JAM[0], "title": JAM[1], "time": 1},
        "text",
        None,
    ]
    page.evaluate(f"localStorage.setItem({json.dumps(KEY)}, {json.dumps(json.dumps(junk))})")
    go_home(page, server)
    assert listed(page) == [JAM]
