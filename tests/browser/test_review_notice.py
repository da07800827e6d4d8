"""The "due to be checked again" note in a real Chromium: shown on a guide past its review date,
not on a fresh one; decided again by the browser's own date (the site may be served long after
it was built); and without JavaScript the state decided at build time stays."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.a11y import SCHEMES, describe, new_context, wait_for_scheme
from tests.support.files import write
from tests.support.kb import run_kb
from tests.support.servers import serve_static

TODAY = dt.date.today()
NOTE = ".kb-review-notice"


def guide(title: str, reviewed: dt.date) -> str:
    return (
        f"---\ntitle: {title}\ndescription: A guide for the review note test.\ntags: [test]\n"
        f"phrases:\n  - {title.lower()}\nowner: Service Desk\nreviewed: {reviewed.isoformat()}\n"
        f"review_every: 6 months\n---\n\n# {title}\n\nSome help.\n"
    )


@pytest.fixture(scope="module")
def review_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Two guides built today: one reviewed 400 days ago, one reviewed today."""
    root = tmp_path_factory.mktemp("review-notice")
    content = root / "content"
    write(content, "index.md", "# Help\n\nWelcome.\n")
    write(content, "t/old.md", guide("Old guide", TODAY - dt.timedelta(days=400)))
    write(content, "t/fresh.md", guide("Fresh guide", TODAY))
    site = root / "site"
    result = run_kb(
        "build",
        "--content",
        str(content),
        "--site",
        str(site),
        env={"KB_VAR_DIR": str(root / "var")},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with serve_static(Path(site)) as url:
        yield url


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12))


def open_guide(page, url: str) -> None:
    """Open a guide and wait until its script has decided, by the browser's date, on the note."""
    page.goto(url)
    page.locator(f"{NOTE}[data-kb-review-checked]").wait_for(state="attached", timeout=10_000)


def test_an_overdue_guide_shows_a_calm_note_near_last_reviewed(review_site: str, page) -> None:
    open_guide(page, f"{review_site}/t/old/")
    note = page.locator(NOTE)
    note.wait_for(state="visible", timeout=10_000)
    text = " ".join(note.inner_text().split())
    due = TODAY - dt.timedelta(days=400 - 6 * 30)  # `6 months` is 180 days
    assert f"due to be checked again on {due.day} {due:%B %Y}" in text
    assert "may look a little different now" in text and "please tell us below" in text
    # Beside "Last reviewed", after the steps; not an alert that interrupts a screen reader.
    assert page.locator(".kb-reviewed").inner_text().startswith("Last reviewed")
    assert note.get_attribute("role") is None
    assert page.locator("article h1").bounding_box()["y"] < note.bounding_box()["y"]


def test_a_fresh_guide_shows_no_note(review_site: str, page) -> None:
    open_guide(page, f"{review_site}/t/fresh/")
    assert page.locator(".kb-reviewed").is_visible()
    assert page.locator(NOTE).is_hidden()
    assert page.locator(NOTE).get_attribute("data-kb-review-checked") == TODAY.isoformat()


def test_the_browser_decides_by_the_day_it_is_read(review_site: str, context) -> None:
    """Built today, read a year later: the fresh guide has become overdue, and the note shows."""
    later = context.new_page()
    later.clock.set_fixed_time(at(TODAY + dt.timedelta(days=365)))
    open_guide(later, f"{review_site}/t/fresh/")
    later.locator(NOTE).wait_for(state="visible", timeout=10_000)
    # And read on a day before the old guide was due (a clock set back), its note goes away.
    earlier = context.new_page()
    earlier.clock.set_fixed_time(at(TODAY - dt.timedelta(days=300)))
    open_guide(earlier, f"{review_site}/t/old/")
    earlier.locator(NOTE).wait_for(state="hidden", timeout=10_000)


def test_without_javascript_the_build_time_state_shows(review_site: str, browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{review_site}/t/old/")
        assert page.locator(NOTE).is_visible()
        page.goto(f"{review_site}/t/fresh/")
        assert page.locator(".kb-reviewed").is_visible()
        assert page.locator(NOTE).is_hidden()
        assert page.locator(NOTE).get_attribute("data-kb-review-checked") is None
    finally:
        context.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_axe_finds_nothing_serious_in_the_note(review_site: str, browser, scheme: str) -> None:
    """The note's text keeps its contrast (4.5:1) in both schemes; axe judges it, not skips it."""
    from axe_playwright_python.sync_playwright import Axe

    context = new_context(browser, scheme)
    try:
        page = context.new_page()
        open_guide(page, f"{review_site}/t/old/")
        wait_for_scheme(page, scheme)
        response = Axe().run(page, context=".kb-reviewed").response
    finally:
        context.close()
    serious = [v for v in response["violations"] if v["impact"] in {"serious", "critical"}]
    assert not serious, describe(response["violations"])
    contrast = [rule for rule in response["passes"] if rule["id"] == "color-contrast"]
    assert contrast and contrast[0]["nodes"], "axe did not judge the note's contrast"
