"""Accessibility in a real Chromium, in the light and the dark scheme: axe-core finds no serious
or critical problem on the pages people use, and every stop of the keyboard shows a focus ring
with at least 3:1 contrast against what is behind it."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.a11y import (
    FOCUS_JS,
    PAGES,
    admin_session,
    context_for,
    dashboard_server,
    describe,
    new_context,
    open_page,
    wait_for_scheme,
)
from tests.support.kb import Built
from tests.support.servers import Server

SCHEMES = ["light", "dark"]
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="module")
def portal(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with dashboard_server(built, tmp_path_factory.mktemp("a11y-store")) as running:
        yield running


@pytest.fixture(scope="module")
def session(browser, portal: Server) -> dict:
    return admin_session(browser, portal.url)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_problem(browser, portal: Server, session, name: str, scheme: str):
    from axe_playwright_python.sync_playwright import Axe

    context = context_for(browser, name, session, scheme)
    try:
        page = context.new_page()
        open_page(page, portal.url, name)
        wait_for_scheme(page, scheme)
        response = Axe().run(page).response
    finally:
        context.close()
    violations = response["violations"]
    serious = [v for v in violations if v["impact"] in SERIOUS]
    assert not serious, f"{name} ({scheme}):\n{describe(violations)}"
    # Axe really judged the colours here (it says "incomplete" when it cannot tell).
    assert any(rule["id"] == "color-contrast" for rule in response["passes"]), name
    if violations:  # moderate and minor ones: shown in the test summary, not hidden
        warnings.warn(f"axe on {name} ({scheme}):\n{describe(violations)}", stacklevel=1)


ANNOUNCEMENT = "E-mail is down for everyone; we're on it. Please use Teams chat meanwhile."


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_judges_the_announcement_banner(browser, portal: Server, scheme: str):
    """The banner at the top of a guide, in both schemes: axe measures its text's contrast
    (4.5:1 at least) and finds nothing serious on the page with it."""
    from axe_playwright_python.sync_playwright import Axe

    status_file: Path = portal.status_file  # type: ignore[attr-defined]
    status_file.write_text(ANNOUNCEMENT, "utf-8")
    context = new_context(browser, scheme)
    try:
        page = context.new_page()
        open_page(page, portal.url, "guide with tabs")
        wait_for_scheme(page, scheme)
        page.locator(".kb-status__box").filter(has_text="E-mail is down").wait_for(timeout=10_000)
        response = Axe().run(page).response
    finally:
        context.close()
        status_file.unlink(missing_ok=True)
    violations = response["violations"]
    serious = [v for v in violations if v["impact"] in SERIOUS]
    assert not serious, f"banner ({scheme}):\n{describe(violations)}"
    judged = [
        node
        for rule in response["passes"]
        if rule["id"] == "color-contrast"
        for node in rule["nodes"]
        if "kb-status" in node["html"] or "kb-status" in " ".join(map(str, node["target"]))
    ]
    assert judged, f"axe did not measure the banner's colours ({scheme})"


# -- focus rings --------------------------------------------------------------------------

# What each page's Tab order must include, so the check below cannot pass by missing them.
FOCUS_PAGES = {
    "home": {"link", "button", "search box (Material)", "search box (home)", "theme toggle"},
    "guide with tabs": {"link", "content tab", "button"},
    "feedback widget open": {"link", "button", "radio", "radio (arrow key)", "comment box"},
    "search results": {"link", "button", "search box (page)"},
    "dashboard": {"link", "select", "button", "summary", "scroll region"},
    "login": {"password", "button"},
}


# Guides start from "Skip to content": their long navigation is the same as on other pages.
SKIP_TO_CONTENT = {"guide with tabs", "feedback widget open"}


def kind(record: dict) -> str:
    """A short name for what has focus, for the coverage check."""
    name, tag, type_ = record["name"], record["tag"], record["type"]
    if "md-search__input" in name:
        return "search box (Material)"
    if "#kb-home-q" in name:
        return "search box (home)"
    if "#kb-search-q" in name:
        return "search box (page)"
    if "md-option" in name:
        return "theme toggle"
    if "__tabbed_" in name:
        return "content tab"
    if type_ == "radio":
        return "radio"
    if tag == "textarea":
        return "comment box"
    if type_ == "password":
        return "password"
    if tag == "div" and "kb-admin__scroll" in name:
        return "scroll region"
    return {"a": "link"}.get(tag, tag)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", list(FOCUS_PAGES))
def test_every_keyboard_stop_shows_a_focus_ring(
    browser, portal: Server, session, name: str, scheme: str
):
    """Tab through the whole page, to where focus goes back up it. At every stop the outline
    or box-shadow is there, on something visible, at 3:1 or more against its background."""
    context = context_for(browser, name, session, scheme)
    try:
        page = context.new_page()
        open_page(page, portal.url, name)
        wait_for_scheme(page, scheme)
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        if name in SKIP_TO_CONTENT:
            # Material's "Skip to content" link, as a keyboard user would take it; the header
            # and the navigation are checked on the other pages.
            page.evaluate("() => document.querySelector('.md-skip').focus()")
            page.keyboard.press("Enter")
        stops: list[dict] = []
        for _ in range(600):
            page.keyboard.press("Tab")
            record = page.evaluate(FOCUS_JS, True)
            if record is None:
                continue
            if record.get("again"):
                break
            stops.append(record)
            if record["type"] == "radio" and "kb-feedback" in page.evaluate(
                "() => document.activeElement.closest('section')?.className || ''"
            ):
                page.keyboard.press("ArrowDown")  # the next reason, chosen by arrow key
                moved = page.evaluate(FOCUS_JS, True)
                stops.append({**moved, "kind": "radio (arrow key)"})
        else:
            pytest.fail(f"Tab never went round the page on {name}")
    finally:
        context.close()
    weak = [
        f"{s['name']}: {s['outline']} / {s['shadow']} on {s['behind']}, "
        f"contrast {s['contrast']:.2f}, shown on {s['shown_on']}, visible {s['visible']}"
        for s in stops
        if not s["visible"] or s["contrast"] < 3
    ]
    assert not weak, f"{name} ({scheme}), focus hard to see:\n" + "\n".join(weak)
    reached = {s.get("kind") or kind(s) for s in stops}
    assert FOCUS_PAGES[name] <= reached, (name, FOCUS_PAGES[name] - reached)
