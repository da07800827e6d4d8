"""axe-core in a real Chromium, in the light and the dark scheme: no serious or critical problem on
the pages people use, nor on a guide with the announcement banner at its top."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from tests.support.a11y import (
    PAGES,
    SCHEMES,
    context_for,
    describe,
    new_context,
    open_page,
    wait_for_scheme,
)
from tests.support.servers import Server

SERIOUS = {"serious", "critical"}


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_problem(
    browser, seeded_portal: Server, admin_state, name: str, scheme: str
):
    from axe_playwright_python.sync_playwright import Axe

    context = context_for(browser, name, admin_state, scheme)
    try:
        page = context.new_page()
        open_page(page, seeded_portal.url, name)
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


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_axe_judges_the_announcement_banner(browser, seeded_portal: Server, scheme: str):
    """The banner at the top of a guide, in both schemes: axe measures its text's contrast
    (4.5:1 at least) and finds nothing serious on the page with it."""
    from axe_playwright_python.sync_playwright import Axe

    status_file: Path = seeded_portal.status_file  # type: ignore[attr-defined]
    status_file.write_text(ANNOUNCEMENT, "utf-8")
    context = new_context(browser, scheme)
    try:
        page = context.new_page()
        open_page(page, seeded_portal.url, "guide with tabs")
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
