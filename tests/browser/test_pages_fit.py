"""Pages that fit the reader, in a real Chromium: tabs open on the reader's own system and keep
the reader's choice, one set of topic names (navigation, breadcrumbs, home page), breadcrumbs
instead of Previous and Next, no tag pills that lead nowhere, and "Back to top" never lying on
the thank-you text of "Was this helpful?"."""

from __future__ import annotations

import re

import pytest

from portal.guides.articles import load_content
from portal.guides.troubleshooters import troubleshooters_of
from tests.support.a11y import (
    PHONE,
    SCHEMES,
    TABS_GUIDE,
    WIDGET_GUIDE,
    describe,
    new_context,
    open_widget,
    ring_is_visible,
    tab_to,
    wait_for_scheme,
)
from tests.support.files import ROOT
from tests.support.servers import Server

MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
EDGE = WINDOWS + " Edg/131.0.0.0"
IPAD = "an iPad: Safari's Mac user agent on a touch screen"
SCREENSHOT_GUIDE = "/help/take-a-screenshot/"  # Windows, Mac, iPhone, Android
GUEST_WIFI = "/network/guest-wifi/"  # iPhone, Android, Windows, Mac: Windows is not first
REPORT_EMAIL = "/security/report-suspicious-email/"  # Windows, Mac, ..., iPhone or Android
OUT_OF_OFFICE = "/email/set-out-of-office-reply/"  # two Outlooks, Mac, Phone
DOUBLE_SIDED = "/printing/print-double-sided/"  # Windows/Mac, then Edge/Chrome, then Windows/Mac
LESSON = "/learn/staying-safe-online/spot-a-fake-email/"
SERIOUS = {"serious", "critical"}


def open_tabs(page) -> list[str]:
    """The labels of each tab set's open tab, once the page and Material's scripts are ready."""
    page.locator(".tabbed-labels--linked").first.wait_for(timeout=10_000)
    return page.evaluate(
        """() => [...document.querySelectorAll('.tabbed-set')].map(set => {
             const open = set.querySelector(':scope > input:checked');
             return set.querySelector(`label[for="${open.id}"]`).textContent.trim();
           })"""
    )


def shown_tab(page) -> str:
    """The label of the first tab set's one visible block: what the reader actually sees."""
    tabs = page.locator(".tabbed-set").first
    blocks = tabs.locator(":scope > .tabbed-content > .tabbed-block").all()
    shown = [number for number, block in enumerate(blocks) if block.is_visible()]
    assert len(shown) == 1, shown
    labels = tabs.locator(":scope > .tabbed-labels > label").all_inner_texts()
    return labels[shown[0]].strip()


@pytest.mark.parametrize(
    ("agent", "guide", "expected"),
    [
        (MAC, TABS_GUIDE, ["Mac", "Mac"]),
        (MAC, OUT_OF_OFFICE, ["Mac"]),
        (WINDOWS, GUEST_WIFI, ["Windows"]),
        (ANDROID, GUEST_WIFI, ["Android"]),
        (IPHONE, REPORT_EMAIL, ["iPhone or Android"]),
        # An iPad asks for the Mac site by default, but a Mac has no touch screen.
        (IPAD, REPORT_EMAIL, ["iPhone or Android"]),
        (ANDROID, OUT_OF_OFFICE, ["Phone"]),
        # A phone reader of a Windows-or-Mac set may use either at work: no guess is made.
        (IPHONE, SCREENSHOT_GUIDE, ["Windows", "iPhone"]),
        # Browser tabs follow the reader's browser: Chrome on a Mac, Edge on Windows.
        (MAC, DOUBLE_SIDED, ["Mac", "Chrome", "Mac"]),
        (EDGE, DOUBLE_SIDED, ["Windows", "Edge", "Windows"]),
    ],
    ids=[
        "mac",
        "mac-among-outlooks",
        "windows",
        "android",
        "iphone",
        "ipad",
        "phone",
        "iphone-at-work",
        "chrome-on-a-mac",
        "edge-on-windows",
    ],
)
def test_tabs_open_on_the_readers_system(
    browser, server: Server, agent: str, guide: str, expected: list[str]
) -> None:
    ipad = agent == IPAD
    context = new_context(browser, user_agent=MAC if ipad else agent, has_touch=ipad)
    try:
        page = context.new_page()
        page.goto(server.url + guide)
        assert open_tabs(page) == expected
        assert shown_tab(page) == expected[0]
    finally:
        context.close()


def test_a_changed_choice_is_remembered_across_pages_and_beats_the_system(
    browser, server: Server
) -> None:
    context = new_context(browser, user_agent=MAC)
    try:
        page = context.new_page()
        page.goto(server.url + TABS_GUIDE)
        assert open_tabs(page)[0] == "Mac"
        page.locator(".tabbed-set").first.locator(
            ".tabbed-labels label", has_text="Windows"
        ).click()
        page.wait_for_function("() => (__md_get('__tabs') || [])[0] === 'Windows'", timeout=10_000)
        assert open_tabs(page)[0] == "Windows"
        page.goto(server.url + SCREENSHOT_GUIDE)
        assert open_tabs(page)[0] == "Windows" and shown_tab(page) == "Windows"
        page.goto(server.url + TABS_GUIDE)
        assert open_tabs(page)[0] == "Windows"
    finally:
        context.close()


def test_by_keyboard_a_tab_chosen_with_the_arrows_is_remembered(browser, server: Server) -> None:
    context = new_context(browser, user_agent=MAC)
    try:
        page = context.new_page()
        page.goto(server.url + TABS_GUIDE)
        assert open_tabs(page)[0] == "Mac"
        tab_to(page, ".tabbed-set > input:checked")
        ring_is_visible(page)
        page.keyboard.press("ArrowLeft")
        page.wait_for_function("() => (__md_get('__tabs') || [])[0] === 'Windows'", timeout=10_000)
        assert shown_tab(page) == "Windows"
        page.goto(server.url + SCREENSHOT_GUIDE)
        assert open_tabs(page)[0] == "Windows"
        # The breadcrumbs are links like any other: Tab to the topic, Enter to go there.
        tab_to(page, ".md-path__link[href='../']")
        ring_is_visible(page)
        page.keyboard.press("Enter")
        page.wait_for_url("**/help/", timeout=10_000)
        assert page.locator("h1").inner_text().startswith("Getting help")
    finally:
        context.close()


def section_titles() -> dict[str, str]:
    """Each topic folder and its index page's title: the one name the topic goes by."""
    content = load_content(ROOT / "content")
    return {
        article.path.split("/")[0]: article.title
        for article in content.articles
        if article.is_index and article.path.count("/") == 1
    }


NAV_NAMES = """() => Object.fromEntries(
  [...document.querySelectorAll('.md-nav--primary .md-nav__container > a.md-nav__link')]
    .map(a => [new URL(a.href).pathname, a.innerText.trim()]))"""


def test_navigation_breadcrumbs_and_home_page_use_the_same_topic_names(
    server: Server, page
) -> None:
    titles = section_titles()
    assert titles["security"] == "Staying safe" and len(titles) >= 10
    page.goto(server.url + "/")
    table = {
        (link.get_attribute("href") or "").strip("/").split("/")[0]: link.inner_text().strip()
        for link in page.locator(".md-typeset table a").all()
    }
    # Topics: not the courses, nor the troubleshooters (the home page has its own line for them).
    trees = {tree.path.split("/")[0] for tree in troubleshooters_of(load_content(ROOT / "content"))}
    assert table == {
        folder: title
        for folder, title in titles.items()
        if folder != "learn" and folder not in trees
    }
    guides = load_content(ROOT / "content").guides
    for folder, title in titles.items():
        if folder == "learn":  # courses, not guides (test_breadcrumbs_... checks a lesson's)
            continue
        guide = next(a.path for a in guides if a.path.startswith(folder + "/"))
        page.goto(f"{server.url}/{guide}/")
        crumbs = [c.inner_text().strip() for c in page.locator(".md-path__item").all()]
        assert crumbs == ["Home", title], (guide, crumbs)
        named = page.evaluate(NAV_NAMES)
        assert {f: named.get(f"/{f}/") for f in titles} == titles, named


def test_breadcrumbs_replace_previous_and_next(server: Server, page) -> None:
    page.goto(server.url + TABS_GUIDE)
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    assert breadcrumb.is_visible()
    assert breadcrumb.get_by_role("link", name="Wi-Fi, internet and VPN").get_attribute("href")
    assert page.locator(".md-footer__link, .md-footer__inner").count() == 0
    # A section's own page says it is the page being read.
    page.goto(server.url + "/network/")
    current = page.locator(".md-path__link[aria-current=page]")
    assert current.inner_text().strip() == "Wi-Fi, internet and VPN"
    # Lessons keep their own way on, and lose only Material's.
    page.goto(server.url + LESSON)
    assert page.locator("nav.kb-lesson-next").is_visible()
    assert page.locator(".md-footer__link, .md-footer__inner").count() == 0
    crumbs = page.locator(".md-path__item").all_inner_texts()
    assert [c.strip() for c in crumbs] == ["Home", "Learn", "Staying safe online"]


def test_no_tag_pills_that_lead_nowhere(server: Server, page) -> None:
    guide = next(
        a for a in load_content(ROOT / "content").guides if a.path == "printing/clear-paper-jam"
    )
    assert guide.tags, "the guide has tags in its front matter: they are search words now"
    page.goto(server.url + WIDGET_GUIDE)
    page.locator("h1").wait_for()
    assert page.locator(".md-tags, .md-tag").count() == 0
    for tag in guide.tags:
        assert not page.locator(f"span:text-is('{tag}')").count(), tag


COVER_JS = """() => {
  const button = document.querySelector('.md-top');
  const status = document.querySelector('.kb-feedback__status');
  const a = button.getBoundingClientRect(), b = status.getBoundingClientRect();
  const seen = getComputedStyle(button).visibility === 'visible'
    && getComputedStyle(button).opacity !== '0';
  const over = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  return {shown: !button.hidden, seen, over, covering: button.hasAttribute('data-kb-covering')};
}"""


def scroll_up_to(page, selector: str, below_button: int) -> None:
    """Scroll up to where the element's top is `below_button` px under the top of Back to top:
    Material shows the button when the reader scrolls up, and keeps it while they go on up."""
    hidden = "() => document.querySelector('.md-top').hidden"
    place = """([selector, below]) => {
      const element = document.querySelector(selector);
      const button = document.querySelector('.md-top');
      const top = innerHeight - parseFloat(getComputedStyle(button).bottom) - button.offsetHeight;
      window.scrollTo(0, element.getBoundingClientRect().top + scrollY - top - below);
    }"""
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function(hidden, timeout=10_000)
    page.evaluate(place, [selector, below_button - 300])
    page.wait_for_function(hidden, timeout=10_000)
    page.mouse.wheel(0, -80)
    page.wait_for_function(f"() => !({hidden})()", timeout=10_000)
    page.evaluate(place, [selector, below_button])


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_back_to_top_never_covers_the_thank_you(browser, server: Server, device: str) -> None:
    context = new_context(browser, **(PHONE if device == "phone" else {}))
    try:
        page = context.new_page()
        page.goto(server.url + WIDGET_GUIDE)
        # No, so the reasons and the comment box open under the thank-you text: the page is
        # then long enough below it for the text to reach the top of the screen.
        open_widget(page, touch=device == "phone")
        # The thank-you text at the height of the button, which Material shows on the way up.
        scroll_up_to(page, ".kb-feedback__status", 10)
        # On a phone the text runs under the corner, and the button steps aside; on a desktop
        # the button sits beside the text, at the foot of the table of contents.
        settled = "s.covering" if device == "phone" else "s.seen"
        page.wait_for_function(f"() => (s => {settled})(({COVER_JS})())", timeout=10_000)
        state = page.evaluate(COVER_JS)
        assert state["shown"] and not (state["seen"] and state["over"]), state
        assert state["over"] if device == "phone" else not state["over"], state
        # Elsewhere in the guide the button is there as before.
        scroll_up_to(page, "#why-this-happens", -300)
        page.wait_for_function(f"() => ({COVER_JS})().seen", timeout=10_000)
    finally:
        context.close()


def test_without_javascript_tabs_and_breadcrumbs_are_readable(browser, server: Server) -> None:
    context = browser.new_context(java_script_enabled=False, user_agent=MAC)
    try:
        page = context.new_page()
        page.goto(server.url + TABS_GUIDE)
        crumbs = page.get_by_role("navigation", name="Breadcrumb")
        assert crumbs.is_visible()
        assert [c.strip() for c in crumbs.locator("li").all_inner_texts()] == [
            "Home",
            "Wi-Fi, internet and VPN",
        ]
        tabs = page.locator(".tabbed-set").first
        labels = tabs.locator(".tabbed-labels label")
        assert [t.strip() for t in labels.all_inner_texts()][:2] == ["Windows", "Mac"]
        assert labels.first.is_visible()
        assert shown_tab(page) == "Windows"
        labels.filter(has_text=re.compile(r"^\s*Mac\s*$")).click()
        assert shown_tab(page) == "Mac"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_axe_on_a_guide_with_tabs_and_breadcrumbs(
    browser, server: Server, scheme: str, device: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    phone = device == "phone"
    options = {**PHONE, "user_agent": IPHONE} if phone else {"user_agent": MAC}
    context = new_context(browser, scheme, **options)
    try:
        page = context.new_page()
        page.goto(server.url + SCREENSHOT_GUIDE)
        wait_for_scheme(page, scheme)
        assert open_tabs(page) == (["Windows", "iPhone"] if phone else ["Mac", "iPhone"])
        response = Axe().run(page).response
    finally:
        context.close()
    violations = response["violations"]
    serious = [v for v in violations if v["impact"] in SERIOUS]
    assert not serious, f"{device} ({scheme}):\n{describe(violations)}"
    assert not [v for v in violations if v["id"] == "landmark-unique"], describe(violations)
