"""Shared by the accessibility, keyboard and mobile tests: the pages people see, a dashboard
with data, the two colour schemes, moving focus by keyboard, and axe's findings made readable.
The measurements made in the page (contrast, focus rings, tap targets, overflow) are in
tests/support/page_measurements.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from portal.store.database import Store, Vote, utc_now
from tests.support.browser import wait_for_portal_results
from tests.support.kb import Built
from tests.support.page_measurements import FOCUS_JS
from tests.support.servers import NO_VOTE_LIMITS, Server, start_server, stop_server

ADMIN_PASSWORD = "a long password for the dashboard"
SCHEMES = {"light": "default", "dark": "slate"}
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
TABS_GUIDE = "/network/wifi-not-connecting/"  # has `=== "Windows"` content tabs
WIDGET_GUIDE = "/printing/clear-paper-jam/"

# The pages the checks visit, by name. Some need a step after loading (see open_page): the
# widget is opened with No, the dashboard needs the session from admin_session, and "search
# box open" is Material's own search box showing the portal's answers.
PAGES = {
    "home": "/",
    "guide with tabs": TABS_GUIDE,
    "search results": "/search?q=printer+offline",
    "no results": "/search?q=zqxv+frobnicator",
    "feedback widget open": WIDGET_GUIDE,
    "dashboard": "/admin",
    "login": "/admin/login",
    "search box open": "/",
    "urgent guide": "/security/clicked-phishing-link/",
    "contact page": "/help/contact-the-service-desk/",
    "dashboard message": "/admin/no-such-page",
    "section page": "/security/",
    "lesson": "/learn/staying-safe-online/spot-a-fake-email/",
    # A troubleshooter one answer in (trail, Back); an address it no longer knows shows the
    # start question, so the page is checked whatever its questions become.
    "troubleshooter": "/troubleshoot/something-stopped-working/?answers=computer#computer",
}


def seed_store(url: str) -> None:
    """A month of votes, reasons, comments, searches and clicks, so every table and chart of
    the dashboard has rows (written through the store's own methods, as the portal does)."""
    store = Store(url)
    store.migrate()
    today = utc_now().date()
    guides = [
        "printing/printer-not-printing",
        "printing/clear-paper-jam",
        "network/wifi-not-connecting",
        "accounts/reset-forgotten-password",
        "email/find-missing-email",
    ]
    reasons = ["steps-did-not-work", "out-of-date", "hard-to-understand", "other", None]
    for day_back in range(0, 28, 3):
        day = today - dt.timedelta(days=day_back)
        for number, guide in enumerate(guides):
            for visitor in range(4):
                helpful = (visitor + number + day_back) % 3 != 0
                store.save_vote(
                    Vote(
                        guide=guide,
                        visitor=f"v{visitor}",
                        day=day,
                        helpful=helpful,
                        reason=None if helpful else reasons[number],
                        comment=(
                            "The printer menu has a different name on my laptop, so step 3"
                            " did not match what I saw."
                            if visitor == 0
                            else None
                        ),
                        created=dt.datetime.combine(day, dt.time(9 + visitor)),
                    )
                )
        moment = dt.datetime.combine(day, dt.time(10))
        for _ in range(2):
            store.add_search("intranet phone book", 0, "page", moment)
            store.add_search("expense claim form", 0, "site", moment)
            store.add_search("teams background", 3, "site", moment)
        token = store.add_search("printer says paused", 4, "page", moment)
        store.add_click(token, 1, "printing/printer-not-printing", moment)
        token = store.add_search("laptop wont turn on", 2, "api", moment)
        store.add_click(token, 1, "computer/restart-your-computer", moment)
    store.dispose()


@contextmanager
def dashboard_server(built: Built, folder: Path) -> Iterator[Server]:
    """The portal with the dashboard on and a filled SQLite store of its own; no announcement
    until a test writes `running.status_file` (read on every request here)."""
    database = f"sqlite:///{folder / 'store.sqlite3'}"
    seed_store(database)
    running = start_server(
        built.site,
        var_dir=built.var,
        extra_env={
            "KB_DATABASE_URL": database,
            "KB_ADMIN_PASSWORD": ADMIN_PASSWORD,
            **NO_VOTE_LIMITS,
            "KB_SECRET_KEY": "",
            "KB_STATUS_FILE": str(folder / "status.txt"),
            "KB_STATUS_CACHE_SECONDS": "0",
        },
    )
    running.store = folder / "store.sqlite3"  # type: ignore[attr-defined]
    running.status_file = folder / "status.txt"  # type: ignore[attr-defined]
    try:
        yield running
    finally:
        stop_server(running)


def admin_session(browser, base: str) -> dict:
    """Log in to /admin once through the real form and keep the session for later contexts:
    the portal allows five wrong passwords a minute from one address."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{base}/admin/login")
        page.locator("#kb-admin-password").fill(ADMIN_PASSWORD)
        page.locator(".kb-admin__login button[type=submit]").click()
        page.locator("#kb-totals").wait_for(timeout=10_000)
        return context.storage_state()
    finally:
        context.close()


def new_context(browser, scheme: str = "light", **options):
    """A context in the light or dark scheme: the palette follows the system (mkdocs.yml's
    first palette entry), so emulating `prefers-color-scheme` picks Material's scheme."""
    options.setdefault("viewport", {"width": 1280, "height": 900})
    return browser.new_context(color_scheme="dark" if scheme == "dark" else "light", **options)


@contextmanager
def new_page(browser, scheme: str = "light", **options) -> Iterator[Any]:
    """A page of its own new_context (a new reader), closed with that context after."""
    context = new_context(browser, scheme, **options)
    try:
        yield context.new_page()
    finally:
        context.close()


def context_for(browser, name: str, session: dict, scheme: str = "light", **options):
    """A context for one of PAGES: the dashboard's carries the logged-in session."""
    if name in ("dashboard", "dashboard message"):
        options["storage_state"] = session
    return new_context(browser, scheme, **options)


def wait_for_scheme(page, scheme: str) -> None:
    """Material sets the scheme on <body> from the palette; wait until it is the one asked."""
    page.wait_for_function(
        "s => document.body.getAttribute('data-md-color-scheme') === s",
        arg=SCHEMES[scheme],
        timeout=10_000,
    )


def open_widget(page, touch: bool = False) -> None:
    """Press No, so the reasons, the comment box and the way to a person all show."""
    no = page.get_by_role("button", name="No", exact=True)
    no.tap() if touch else no.click()
    page.locator(".kb-feedback__status").filter(has_text="Thank you").wait_for(timeout=10_000)
    page.locator(".kb-feedback__reasons").wait_for(state="visible", timeout=10_000)


def open_page(page, base: str, name: str, touch: bool = False) -> None:
    """Go to one of PAGES and bring it to the state it is checked in (by taps if `touch`)."""
    page.goto(base + PAGES[name])
    page.wait_for_load_state("load")
    if name == "dashboard":
        page.locator("#kb-totals").wait_for(timeout=10_000)  # logged in, not the login form
        # Open every "numbers behind the chart" so the tables inside are checked too.
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    elif name == "feedback widget open":
        open_widget(page, touch)
    elif name == "search box open":
        open_search_box(page, "printer offline", touch)


def open_search_box(page, words: str, touch: bool = False) -> None:
    """The header's search box with the portal's answers: opened with its keyboard shortcut, or
    on a phone by tapping the magnifier in the header."""
    if touch:
        page.locator("label.md-header__button[for='__search']").tap()
    else:
        page.keyboard.press("/")
    page.locator("input.md-search__input:focus").wait_for(timeout=10_000)
    page.keyboard.type(words, delay=30)
    wait_for_portal_results(page)


def tab_to(page, selector: str, limit: int = 400) -> int:
    """Press Tab until the focused element matches `selector`; returns the number of presses,
    and fails with the last elements it met if the element is never reached."""
    met: list[str] = []
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return presses
        met.append(page.evaluate("() => document.activeElement.outerHTML.slice(0, 80)"))
    raise AssertionError(f"{selector} not reached in {limit} presses; met: {met[-5:]}")


def focus_is(page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement.matches(s)", selector)


def ring_is_visible(page) -> bool:
    """The focused element shows a focus ring at 3:1 or more (see FOCUS_JS)."""
    record = page.evaluate(FOCUS_JS, False)
    assert record, "nothing has focus"
    assert record["visible"] and record["contrast"] >= 3, record
    return True


def describe(violations: list[dict]) -> str:
    """Every violation, with the elements and axe's reasons, readable in a test report."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:8]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:120]}")
            lines.append(f"      {node['failureSummary'].replace(chr(10), ' ')[:300]}")
    return "\n".join(lines)
