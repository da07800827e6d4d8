"""Focus rings in a real Chromium, in the light and the dark scheme: every stop of the keyboard
shows a focus ring with at least 3:1 contrast against what is behind it."""

from __future__ import annotations

import pytest

from tests.support.a11y import SCHEMES, context_for, open_page, wait_for_scheme
from tests.support.page_measurements import FOCUS_JS
from tests.support.servers import Server

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


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("name", list(FOCUS_PAGES))
def test_every_keyboard_stop_shows_a_focus_ring(
    browser, seeded_portal: Server, admin_state, name: str, scheme: str
):
    """Tab through the whole page, to where focus goes back up it. At every stop the outline
    or box-shadow is there, on something visible, at 3:1 or more against its background."""
    context = context_for(browser, name, admin_state, scheme)
    try:
        page = context.new_page()
        open_page(page, seeded_portal.url, name)
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
