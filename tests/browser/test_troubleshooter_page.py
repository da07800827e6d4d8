"""Troubleshooters' pages in a real Chromium against a real `kb serve` with its own SQLite store:
one question at a time by mouse, by keyboard only and by touch on a phone; JavaScript off (the
questions as plain links, the one jumped to marked); Back, Start again and the browser's Back
and Forward; an address shared and reopened; what the live region says; the steps the page
counts (and the portal keeps); "Still stuck?" carrying the answers; axe-core in both schemes.

The trees are the real ones in content/troubleshoot/, read through the model
(portal/guides/troubleshooters.py): the tests take their ways through from it, so they follow
whatever trees ship."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from portal.guides.articles import load_content
from portal.guides.troubleshooters import (
    DESK_PAGE,
    Option,
    Question,
    Troubleshooter,
    troubleshooters_of,
)
from tests.support.a11y import (
    PHONE,
    SCHEMES,
    describe,
    focus_is,
    new_context,
    new_page,
    ring_is_visible,
    tab_to,
    wait_for_scheme,
)
from tests.support.files import ROOT
from tests.support.kb import Built
from tests.support.page_measurements import OVERFLOW_JS, SMALL_TARGETS_JS
from tests.support.servers import NO_VOTE_LIMITS, Server, start_server, stop_server
from tests.support.still_stuck import carried_text, href
from tests.support.store import rows

STEPS = "/api/troubleshooters/steps"
CARRIED = "plainhelp.troubleshooter"
LINK_CHARS = 1900  # what "Still stuck?" keeps its links under (plainhelp-feedback.js)
SHOWN = ".kb-tree__question:not([hidden])"
EMAIL = '.kb-still-stuck a[data-kb-channel="email"]'  # "Still stuck?"'s e-mail link
PREFERRED = "troubleshoot/something-stopped-working"


# ---- The ways through, from the model ---------------------------------------------------------


@dataclass(frozen=True)
class Way:
    """One way through a tree: the questions asked (start first) and the answer that ends it."""

    tree: Troubleshooter
    asked: tuple[Question, ...]
    ending: Option

    @property
    def answers(self) -> list[str]:
        """The ids after the start, as the address holds them."""
        return [question.id for question in self.asked[1:]]

    def label(self, number: int) -> str:
        """The words of answer `number` (0: the answer to the start question)."""
        if number == len(self.asked) - 1:
            return self.ending.label
        following = self.asked[number + 1].id
        return next(
            option.label
            for option in self.asked[number].options
            if option.kind == "question" and option.question == following
        )

    def pairs(self, upto: int | None = None) -> list[tuple[str, str]]:
        """(question, answer) for the first `upto` answers (all, the ending's included)."""
        count = len(self.asked) if upto is None else upto
        return [(self.asked[n].text, self.label(n)) for n in range(count)]

    @property
    def guide_url(self) -> str:
        assert self.ending.guide
        anchor = f"#{self.ending.anchor}" if self.ending.anchor else ""
        return f"/{self.ending.guide}/{anchor}"

    @property
    def guide_sent(self) -> str | None:
        """The `guide` of the ending's step, as the page sends it (None for the desk)."""
        if self.ending.kind != "guide":
            return None
        assert self.ending.guide
        return self.ending.guide + (f"#{self.ending.anchor}" if self.ending.anchor else "")


def trees() -> list[Troubleshooter]:
    found = troubleshooters_of(load_content(ROOT / "content"))
    assert found, "content/ has no troubleshooter"
    return found


def ways(tree: Troubleshooter) -> list[Way]:
    return [Way(tree, asked, option) for asked, option in tree.paths()]


def deepest_tree() -> Troubleshooter:
    """Something stopped working if it asks three questions on some way, else the deepest."""
    every = trees()
    depth = {tree.path: max(len(w.asked) for w in ways(tree)) for tree in every}
    preferred = [t for t in every if t.path == PREFERRED and depth[t.path] >= 3]
    return (preferred or sorted(every, key=lambda t: -depth[t.path]))[0]


TREE = deepest_tree()
TREE_URL = TREE.url
assert TREE.start is not None
START = TREE.start
# Three questions asked, then a guide: Back and Start again both have somewhere to go.
DEEP = max(
    (w for w in ways(TREE) if w.ending.kind == "guide" and w.ending.guide != DESK_PAGE),
    key=lambda w: len(w.asked),
)
assert len(DEEP.asked) >= 3, "no way through the tree asks three questions"
# Two questions, then a guide: the shortest test of carrying answers.
TWO = next(
    w
    for w in ways(TREE)
    if len(w.asked) == 2 and w.ending.kind == "guide" and w.ending.guide != DESK_PAGE
)
# An answer that leads to the contact page.
DESK = min(
    (w for w in ways(TREE) if w.ending.kind == "desk" and w.ending.guide == DESK_PAGE),
    key=lambda w: len(w.asked),
)


def answers_line(title: str, pairs: list[tuple[str, str]]) -> str:
    """What the "Still stuck?" links carry: "My answers in <title>: <question> <answer>. ..."."""
    parts = []
    for question, answer in pairs:
        asked = question if question[-1:] in "?:.!" else question + ":"
        parts.append(f"{asked} {answer}" + ("" if answer[-1:] in ".?!" else "."))
    return f"My answers in {title}: " + " ".join(parts)


# ---- Servers and pages --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def portal(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The portal on the real built site, with a SQLite store of its own."""
    store = tmp_path_factory.mktemp("troubleshooter-store") / "store.sqlite3"
    running = start_server(
        built.site,
        var_dir=built.var,
        extra_env={"KB_DATABASE_URL": f"sqlite:///{store}", **NO_VOTE_LIMITS},
    )
    running.store = store  # type: ignore[attr-defined]
    try:
        yield running
    finally:
        stop_server(running)


def pump_until(page, condition: Callable[[], object], what: str, seconds: float = 10) -> object:
    """Let the page's events arrive (Playwright delivers them while it waits) until `condition`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        page.wait_for_timeout(50)
    raise AssertionError(f"timed out waiting for {what}")


def record_steps(page) -> list[dict]:
    """Every step the page sends to the portal, as the JSON it sent, in order."""
    sent: list[dict] = []

    def seen(request) -> None:
        if request.url.endswith(STEPS) and request.method == "POST":
            sent.append(json.loads(request.post_data or "null"))

    page.on("request", seen)
    return sent


def step(questions: list[str], ending: str | None = None, guide: str | None = None) -> dict:
    return {
        "troubleshooter": TREE.path,
        "questions": questions,
        "ending": ending,
        "guide": guide,
    }


def ids(way: Way, upto: int) -> list[str]:
    """The question ids from the start, `upto` answers in."""
    return [q.id for q in way.asked[: upto + 1]]


def ready(page) -> None:
    """The page's script has taken over: it steps through one question at a time."""
    page.locator(".kb-tree.kb-tree--stepping").wait_for(timeout=10_000)


def open_tree(page, base: str, address: str = TREE_URL) -> None:
    """Open the troubleshooter (at `address`, on the site at `base`) and wait for its script."""
    page.goto(base + address)
    ready(page)


def page_errors(page) -> list[str]:
    """Uncaught errors of the page's scripts, collected from now on."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def shown(page) -> str:
    """The id of the one question on show."""
    found = page.locator(SHOWN)
    assert found.count() == 1, found.count()
    return found.get_attribute("data-kb-question") or ""


def says(page, words: str) -> None:
    page.locator(".kb-tree__status").filter(has_text=words).wait_for(
        state="attached", timeout=10_000
    )


def answer(page, label: str):
    return page.locator(SHOWN).get_by_role("link", name=label, exact=True)


def answer_to_the_end(page, base: str, way: Way, start: int = 0) -> None:
    """Click the way's answers from answer `start` on, and wait for the page its ending opens."""
    for number in range(start, len(way.asked)):
        answer(page, way.label(number)).click()
    page.wait_for_url(f"{base}{way.guide_url}", timeout=10_000)


def ask_by_email_twice(page) -> None:
    """Press "Still stuck?"'s e-mail link twice (a step counted once). Never the phone's tel:
    link here: once headless Chromium has handed one to the system, the mouse no longer reaches
    the next page."""
    for _ in range(2):
        page.locator(EMAIL).click()


def trail(page) -> list[str]:
    return page.locator(".kb-tree__trail .kb-tree__answer").all_inner_texts()


def address(page, base: str) -> str:
    return page.url.removeprefix(base)


def state_address(answers: list[str]) -> str:
    if not answers:
        return TREE_URL
    return f"{TREE_URL}?answers={'.'.join(answers)}#{answers[-1]}"


def assert_carries(page, line: str) -> None:
    for text in carried_text(page):
        assert line in text, text
        assert text.index(line) < text.index("What happened:")
    for channel in ("email", "portal"):
        assert len(href(page, channel)) <= LINK_CHARS


def assert_carries_no_answers(page) -> None:
    for text in carried_text(page):
        assert "My answers in" not in text, text


# ---- By mouse -----------------------------------------------------------------------------------


def test_by_mouse_one_question_at_a_time_to_the_guide(browser, portal: Server) -> None:
    with new_page(browser) as page:
        errors = page_errors(page)
        sent = record_steps(page)
        open_tree(page, portal.url)
        assert shown(page) == START.id
        assert not page.locator(".kb-tree__trail").is_visible()
        assert not page.locator(".kb-tree__controls").is_visible()
        # No "Was this helpful?" and no "About N minutes"; "Still stuck?" is there.
        assert page.locator(".kb-feedback, .kb-time").count() == 0
        assert page.locator(".kb-still-stuck").is_visible()
        # Each answer is a real link: to the next question's address, or to the guide.
        for option in START.options:
            link = answer(page, option.label)
            target = link.get_attribute("href") or ""
            if option.kind == "question":
                assert target == state_address([option.question or ""]), target
            else:
                assert target.startswith(("../", "/", "tel:", "mailto:", "http")), target
        for number in range(1, len(DEEP.asked)):
            answer(page, DEEP.label(number - 1)).click()
            question = DEEP.asked[number]
            says(page, f"You chose “{DEEP.label(number - 1)}”. Next question: {question.text}")
            assert shown(page) == question.id
            assert address(page, portal.url) == state_address(DEEP.answers[:number])
            assert focus_is(page, f"h2#{question.id}")
            assert trail(page) == [DEEP.label(n) for n in range(number)]
            assert page.locator(".kb-tree__trail").inner_text().startswith("You said:")
            assert page.locator(".kb-tree__back").is_visible()
        # The last answer ends at the guide (and its section), as a link does.
        answer(page, DEEP.ending.label).click()
        page.wait_for_url(f"{portal.url}{DEEP.guide_url}", timeout=10_000)
        expected = [step(ids(DEEP, n)) for n in range(len(DEEP.asked))]
        expected.append(step(ids(DEEP, len(DEEP.asked) - 1), "guide", DEEP.guide_sent))
        pump_until(page, lambda: len(sent) >= len(expected), "every step")
        assert sent == expected
        assert errors == []


def test_answers_open_in_a_new_tab_as_links_do(browser, portal: Server) -> None:
    """Ctrl+click (or a middle click) on an answer opens that step, or the guide, in a new tab;
    the page the reader is on stays where it was."""
    with new_page(browser) as page:
        open_tree(page, portal.url)
        with page.context.expect_page() as opened:
            answer(page, DEEP.label(0)).click(modifiers=["Control"])
        tab = opened.value
        tab.wait_for_load_state()
        ready(tab)
        assert shown(tab) == DEEP.asked[1].id
        assert trail(tab) == [DEEP.label(0)]
        assert shown(page) == START.id  # this tab did not move
        answer(page, TWO.label(0)).click()
        says(page, "Next question")
        with page.context.expect_page() as opened:
            answer(page, TWO.ending.label).click(button="middle")
        guide = opened.value
        guide.wait_for_load_state()
        assert guide.url == portal.url + TWO.guide_url
        assert shown(page) == TWO.asked[1].id


# ---- Back, Start again, the browser's own Back and Forward ---------------------------------------


def test_back_start_again_and_the_browser_s_back_and_forward(browser, portal: Server) -> None:
    with new_page(browser) as page:
        sent = record_steps(page)
        open_tree(page, portal.url)
        for number in range(1, len(DEEP.asked)):
            answer(page, DEEP.label(number - 1)).click()
            assert shown(page) == DEEP.asked[number].id
        deepest = DEEP.asked[-1]
        before = DEEP.asked[-2]
        counted = len(DEEP.asked)  # the start, and each step forward
        pump_until(page, lambda: len(sent) >= counted, "the steps forward")

        page.locator(".kb-tree__back").click()
        says(page, f"Back to the question: {before.text}")
        assert shown(page) == before.id
        assert focus_is(page, f"h2#{before.id}")
        assert address(page, portal.url) == state_address(DEEP.answers[:-1])

        page.go_forward()  # the browser's Forward: the question Back left
        says(page, f"Showing the question: {deepest.text}")
        assert shown(page) == deepest.id
        assert trail(page) == [DEEP.label(n) for n in range(len(DEEP.asked) - 1)]

        page.locator(".kb-tree__restart").click()
        says(page, f"Started again. First question: {START.text}")
        assert shown(page) == START.id
        assert address(page, portal.url) == TREE_URL
        assert focus_is(page, f"h2#{START.id}")
        assert not page.locator(".kb-tree__trail").is_visible()

        page.go_back()  # the browser's Back: where Start again was pressed
        says(page, f"Showing the question: {deepest.text}")
        assert shown(page) == deepest.id
        assert address(page, portal.url) == state_address(DEEP.answers)
        page.go_back()
        assert shown(page) == before.id
        # Back, Forward and Start again are not steps forward: nothing more was counted.
        page.wait_for_timeout(300)
        assert len(sent) == counted, sent


# ---- Addresses shared and reopened ------------------------------------------------------------


def test_a_shared_address_opens_at_its_question(browser, portal: Server) -> None:
    with new_page(browser) as page:
        sent = record_steps(page)
        open_tree(page, portal.url, state_address(DEEP.answers))
        assert shown(page) == DEEP.asked[-1].id
        assert trail(page) == [DEEP.label(n) for n in range(len(DEEP.asked) - 1)]
        pump_until(page, lambda: sent, "the step shown")
        assert sent == [step(ids(DEEP, len(DEEP.asked) - 1))]  # shown once, as opened
        page.locator(".kb-tree__back").click()  # Back works without history to go back to
        assert shown(page) == DEEP.asked[-2].id
        assert address(page, portal.url) == state_address(DEEP.answers[:-1])
        page.go_back()
        assert shown(page) == DEEP.asked[-1].id

        # A plain `#id` (as the page without JavaScript links) shows that question, with the
        # answers that lead there.
        open_tree(page, portal.url, f"{TREE_URL}#{DEEP.asked[-1].id}")
        assert shown(page) == DEEP.asked[-1].id
        assert 1 <= len(trail(page)) <= len(DEEP.asked) - 1  # the shortest way there
        assert "answers=" in page.url


def test_a_shared_address_on_a_phone_shows_what_the_reader_said_below_the_header(
    browser, portal: Server
) -> None:
    """The browser brings the question's heading to the top: "You said: ..." above it stays in
    sight, and the question is not framed as the page without JavaScript marks its target."""
    with new_page(browser, **PHONE) as page:
        open_tree(page, portal.url, state_address(DEEP.answers))
        page.wait_for_timeout(300)  # the browser's own scroll to the #question
        header = page.locator(".md-header").bounding_box()
        said = page.locator(".kb-tree__trail").bounding_box()
        assert header and said and said["y"] >= header["y"] + header["height"], (header, said)
        background = page.locator(SHOWN).evaluate("e => getComputedStyle(e).backgroundColor")
        assert background == "rgba(0, 0, 0, 0)"


@pytest.mark.parametrize(
    "query",
    ["?answers=no-such-question#no-such-question", "?answers=..%2F..#x", "?answers="],
    ids=["unknown id", "nonsense", "empty"],
)
def test_answers_that_make_no_way_show_the_start_kindly(
    browser, portal: Server, query: str
) -> None:
    with new_page(browser) as page:
        errors = page_errors(page)
        open_tree(page, portal.url, TREE_URL + query)
        assert shown(page) == START.id
        assert address(page, portal.url) == TREE_URL  # tidied, so a shared copy is clean
        assert errors == []


def test_a_way_cut_short_keeps_what_holds(browser, portal: Server) -> None:
    first = DEEP.answers[0]
    with new_page(browser) as page:
        open_tree(page, portal.url, f"{TREE_URL}?answers={first}.no-such-question#no-such-question")
        assert shown(page) == first
        assert address(page, portal.url) == state_address([first])


# ---- Keyboard only -----------------------------------------------------------------------------


def nth_answer(question: Question, label: str) -> str:
    number = next(n for n, o in enumerate(question.options, 1) if o.label == label)
    return f"{SHOWN} > ul > li:nth-child({number}) > a"


def test_by_keyboard_only(browser, portal: Server) -> None:
    with new_page(browser) as page:
        sent = record_steps(page)
        open_tree(page, portal.url)
        tab_to(page, nth_answer(START, DEEP.label(0)))
        assert ring_is_visible(page)
        page.keyboard.press("Enter")
        says(page, f"Next question: {DEEP.asked[1].text}")
        assert focus_is(page, f"h2#{DEEP.asked[1].id}")
        assert ring_is_visible(page)  # the reader can see where focus went
        # Space works as on a button (and does not scroll the page instead).
        tab_to(page, nth_answer(DEEP.asked[1], DEEP.label(1)), limit=40)
        assert ring_is_visible(page)
        page.keyboard.press("Space")
        says(page, f"Next question: {DEEP.asked[2].text}")
        assert focus_is(page, f"h2#{DEEP.asked[2].id}")
        tab_to(page, ".kb-tree__back", limit=40)
        assert ring_is_visible(page)
        page.keyboard.press("Space")
        says(page, f"Back to the question: {DEEP.asked[1].text}")
        assert focus_is(page, f"h2#{DEEP.asked[1].id}")
        tab_to(page, ".kb-tree__back", limit=40)
        page.keyboard.press("Enter")
        says(page, f"Back to the question: {START.text}")
        assert shown(page) == START.id
        # And on to the guide by Enter.
        tab_to(page, nth_answer(START, TWO.label(0)), limit=40)
        page.keyboard.press("Enter")
        says(page, f"Next question: {TWO.asked[1].text}")
        tab_to(page, nth_answer(TWO.asked[1], TWO.ending.label), limit=40)
        page.keyboard.press("Enter")
        page.wait_for_url(f"{portal.url}{TWO.guide_url}", timeout=10_000)
        pump_until(page, lambda: any(s["ending"] for s in sent), "the ending")
        assert sent[-1] == step(ids(TWO, 1), "guide", TWO.guide_sent)


# ---- On a phone --------------------------------------------------------------------------------


def test_on_a_phone_by_touch(browser, portal: Server) -> None:
    with new_page(browser, **PHONE) as page:
        open_tree(page, portal.url)
        for number in range(1, len(DEEP.asked)):
            answer(page, DEEP.label(number - 1)).tap()
            says(page, f"Next question: {DEEP.asked[number].text}")
            assert shown(page) == DEEP.asked[number].id
        heading = page.locator(f"h2#{DEEP.asked[-1].id}").bounding_box()
        assert heading and heading["y"] >= 0, heading  # the new question is in view
        links = page.locator(f"{SHOWN} > ul a, {SHOWN} .kb-tree__controls a")
        assert links.count() == len(DEEP.asked[-1].options) + 2
        for link in links.all():
            box = link.bounding_box()
            assert box and box["height"] >= 44 and box["width"] >= 44, box
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        small = page.evaluate(SMALL_TARGETS_JS)
        assert small["failing"] == [], small
        overflow = page.evaluate(OVERFLOW_JS)
        assert overflow["scrollWidth"] <= 390 and not overflow["offenders"], overflow
        answer(page, DEEP.ending.label).tap()
        page.wait_for_url(f"{portal.url}{DEEP.guide_url}", timeout=10_000)


# ---- JavaScript off ----------------------------------------------------------------------------


@pytest.mark.parametrize("tree", trees(), ids=lambda tree: tree.path.rsplit("/", 1)[-1])
def test_without_javascript_plain_links_reach_a_guide_in_three_answers(
    browser, portal: Server, tree: Troubleshooter
) -> None:
    """Every question is on the page and reached by a plain link from the start; the question a
    link jumps to is marked; from each answer to the start question a guide is at most three
    answers away, followed here by clicking."""
    assert tree.start is not None
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    try:
        page = context.new_page()
        page.goto(portal.url + tree.url)
        sections = page.locator(".kb-tree__question")
        assert sections.count() == len(tree.questions)
        assert page.locator(".kb-tree__question:visible").count() == len(tree.questions)
        assert page.locator(".kb-feedback, .kb-time").count() == 0
        assert page.locator(".kb-still-stuck").is_visible()
        # Reached through plain links: follow the answers' `#id` links from the start.
        reached = {tree.start.id}
        waiting = [tree.start.id]
        while waiting:
            here = waiting.pop()
            for link in page.locator(f'[data-kb-question="{here}"] > ul a').all():
                target = link.get_attribute("href") or ""
                if target.startswith("#") and target[1:] not in reached:
                    reached.add(target[1:])
                    waiting.append(target[1:])
        assert reached == {q.id for q in tree.questions}
        for later in tree.questions[1:]:
            again = page.locator(f'[data-kb-question="{later.id}"] .kb-tree__again a')
            assert again.get_attribute("href") == f"#{tree.start.id}"
        if len(tree.questions) > 1:  # "Start again" from a later question: the first one only
            later = tree.questions[1]
            page.goto(f"{portal.url}{tree.url}#{later.id}")
            page.locator(f'[data-kb-question="{later.id}"] .kb-tree__again a').click()
            assert page.locator(".kb-tree__question:visible").count() == 1
            assert page.locator(f'[data-kb-question="{tree.start.id}"]').is_visible()
        for option in tree.start.options:
            if option.kind != "question":
                continue
            shortest = min(
                (w for w in ways(tree) if len(w.asked) > 1 and w.asked[1].id == option.question),
                key=lambda w: len(w.asked),
            )
            assert len(shortest.asked) <= 3, (tree.path, option.label)
            page.goto(portal.url + tree.url)
            for number in range(len(shortest.asked) - 1):
                section = page.locator(f'[data-kb-question="{shortest.asked[number].id}"]')
                section.get_by_role("link", name=shortest.label(number), exact=True).click()
                following = shortest.asked[number + 1].id
                assert page.url.endswith(f"{tree.url}#{following}")
                marked = page.evaluate(
                    """(id) => {
                      const s = document.querySelector(`[data-kb-question="${id}"]`);
                      const other = document.querySelector(
                        `.kb-tree__question:not([data-kb-question="${id}"])`);
                      const top = s.getBoundingClientRect().top;
                      return getComputedStyle(s).backgroundColor
                          !== getComputedStyle(other).backgroundColor
                        && top >= 0 && top < innerHeight / 2;
                    }""",
                    following,
                )
                assert marked, (tree.path, following)
                # Only the question jumped to shows, like a page of its own.
                assert page.locator(".kb-tree__question:visible").count() == 1
                assert page.locator(f'[data-kb-question="{following}"]').is_visible()
            section = page.locator(f'[data-kb-question="{shortest.asked[-1].id}"]')
            section.get_by_role("link", name=shortest.ending.label, exact=True).click()
            page.wait_for_load_state()
            assert tree.url not in page.url, page.url
            assert page.locator("h1").count() == 1
    finally:
        context.close()


# ---- Counting: the page's side, and what the portal keeps ------------------------------------


def test_a_static_host_gets_no_steps_and_the_page_still_works(browser, static_site: str) -> None:
    with new_page(browser) as page:
        errors = page_errors(page)
        posted: list[str] = []
        page.on("request", lambda r: posted.append(r.url) if r.method == "POST" else None)
        asked: list[int] = []
        page.on(
            "response", lambda r: asked.append(r.status) if r.url.endswith("/api/status") else None
        )
        open_tree(page, static_site)
        pump_until(page, lambda: len(asked) >= 1, "the question whether a portal is there")
        answer(page, TWO.label(0)).click()
        assert shown(page) == TWO.asked[1].id
        page.locator(EMAIL).click()
        answer_to_the_end(page, static_site, TWO, 1)
        page.wait_for_timeout(300)
        assert posted == []
        assert errors == []
        assert_carries(page, answers_line(TREE.title, TWO.pairs()))  # carrying needs no portal


def stored(server: Server, questions: list[str], ending: str, guide: str = "") -> int:
    """How many readers' steps the portal kept: this way, this ending, this guide."""
    found = rows(
        server.store,  # type: ignore[attr-defined]
        f"SELECT COUNT(*) AS n FROM troubleshooter_steps WHERE troubleshooter = '{TREE.path}'"
        f" AND questions = '{'.'.join(questions)}' AND ending = '{ending}' AND guide = '{guide}'",
    )
    return int(found[0]["n"])


def test_the_portal_keeps_the_steps_the_page_sends(browser, portal: Server) -> None:
    """End to end: the steps a reader takes by mouse are in the portal's store (a new browser is
    a new reader, so each of these adds one row)."""
    questions = ids(DEEP, len(DEEP.asked) - 1)
    want = {
        "start shown": (ids(DEEP, 0), "shown", ""),
        "last question shown": (questions, "shown", ""),
        "guide": (questions, "guide", DEEP.guide_sent or ""),
        "still stuck there": (questions, "desk", DEEP.guide_sent or ""),
    }
    before = {name: stored(portal, *row) for name, row in want.items()}
    with new_page(browser) as page:
        open_tree(page, portal.url)
        answer_to_the_end(page, portal.url, DEEP)
        page.locator(EMAIL).click()
        expected = {name: before[name] + 1 for name in want}

        def counts() -> dict[str, int]:
            return {name: stored(portal, *row) for name, row in want.items()}

        pump_until(page, lambda: counts() == expected, "the steps in the store")
        page.wait_for_timeout(300)
        assert counts() == expected  # and nothing twice


# ---- "Still stuck?" carries the answers -------------------------------------------------------


def test_still_stuck_carries_the_answers_to_the_guide_they_led_to(browser, portal: Server) -> None:
    with new_page(browser) as page:
        sent = record_steps(page)
        open_tree(page, portal.url)
        assert_carries_no_answers(page)  # nothing answered yet
        answer(page, DEEP.label(0)).click()
        # On the troubleshooter's own page: the answers so far.
        so_far = answers_line(TREE.title, DEEP.pairs(1))
        assert_carries(page, so_far)
        body, _ = carried_text(page)
        assert f'I answered the questions in "{TREE.title}"' in body
        note = page.locator(".kb-still-stuck__carried")
        assert note.inner_text() == f"It will also include your answers in “{TREE.title}”."
        ask_by_email_twice(page)
        answer_to_the_end(page, portal.url, DEEP, 1)
        # On the guide: every answer, under what the links carried already.
        line = answers_line(TREE.title, DEEP.pairs())
        assert_carries(page, line)
        body, _ = carried_text(page)
        assert body.index("I tried the guide") < body.index(line)
        assert note.inner_text() == f"It will also include your answers in “{TREE.title}”."
        ask_by_email_twice(page)
        last = ids(DEEP, len(DEEP.asked) - 1)
        desk_steps = [
            step(ids(DEEP, 1), "desk", TREE.path),
            step(last, "desk", DEEP.guide_sent),
        ]
        pump_until(page, lambda: len([s for s in sent if s["ending"] == "desk"]) >= 2, "desk")
        page.wait_for_timeout(300)
        assert [s for s in sent if s["ending"] == "desk"] == desk_steps
        # The contact page, reached from that guide, carries them too.
        page.goto(portal.url + f"/{DESK_PAGE}/")
        assert_carries(page, line)
        # Another guide (reached by search, say) is not what they were for.
        other = next(
            g
            for g in load_content(ROOT / "content").guides
            if not g.is_index
            and g.path not in (DEEP.ending.guide, DESK_PAGE)
            and g.meta.get("kind") is None
        )
        page.goto(portal.url + other.url)
        page.locator(".kb-still-stuck").wait_for()
        assert_carries_no_answers(page)


def test_an_answer_to_the_desk_carries_to_the_contact_page(browser, portal: Server) -> None:
    with new_page(browser) as page:
        sent = record_steps(page)
        open_tree(page, portal.url)
        answer_to_the_end(page, portal.url, DESK)
        assert page.url == f"{portal.url}/{DESK_PAGE}/"
        assert_carries(page, answers_line(TREE.title, DESK.pairs()))
        page.locator(EMAIL).click()
        pump_until(page, lambda: any(s["ending"] for s in sent), "the ending")
        page.wait_for_timeout(300)
        # The desk was counted when the answer was chosen, and only then.
        assert [s for s in sent if s["ending"]] == [
            step(ids(DESK, len(DESK.asked) - 1), "desk", None)
        ]


def test_a_long_comment_makes_room_for_the_answers(browser, portal: Server) -> None:
    """The answers, the reader's No and a long comment: the links stay under 1,900 characters,
    the answers whole, the comment shortened to fit (and saying so)."""
    with new_page(browser) as page:
        open_tree(page, portal.url)
        answer_to_the_end(page, portal.url, DEEP)
        page.get_by_role("button", name="No", exact=True).click()
        page.get_by_role("radio", name="The steps did not work").check()
        page.locator("#kb-feedback-comment").fill(
            " ".join(["The screen goes dark after a minute and nothing brings it back."] * 30)
        )
        page.get_by_role("button", name="Send").click()
        page.locator(".kb-feedback__status").filter(has_text="read every comment").wait_for(
            timeout=10_000
        )
        line = answers_line(TREE.title, DEEP.pairs())
        assert_carries(page, line)
        for text in carried_text(page):
            assert "My comment (shortened to fit):" in text
            assert text.index("My comment") < text.index(line)  # under what was carried
        assert page.locator(".kb-still-stuck__carried").inner_text() == (
            f"It will also include your answer, your comment and your answers in “{TREE.title}”."
        )


@pytest.mark.parametrize(("minutes_ago", "kept"), [(5, True), (61, False)])
def test_answers_are_carried_for_an_hour(
    browser, portal: Server, minutes_ago: float, kept: bool
) -> None:
    record = {
        "tree": TREE.path,
        "title": TREE.title,
        "questions": ids(TWO, 1),
        "answers": [list(pair) for pair in TWO.pairs()],
        "guide": TWO.guide_sent,
        "pages": [TWO.ending.guide],
        "desk": DESK_PAGE,
        "asked": False,
        "minutes": minutes_ago,
    }
    context = new_context(browser)
    context.add_init_script(
        f"const r = {json.dumps(record)}; r.at = Date.now() - r.minutes * 60000; "
        f"sessionStorage.setItem({json.dumps(CARRIED)}, JSON.stringify(r));"
    )
    try:
        page = context.new_page()
        page.goto(portal.url + TWO.guide_url)
        page.locator(".kb-still-stuck").wait_for()
        page.wait_for_function("() => document.readyState === 'complete'")
        if kept:
            assert_carries(page, answers_line(TREE.title, TWO.pairs()))
        else:
            assert_carries_no_answers(page)
    finally:
        context.close()


# ---- axe-core ----------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_axe_finds_no_serious_problem_while_stepping(browser, portal: Server, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    with new_page(browser, scheme) as page:
        open_tree(page, portal.url)
        wait_for_scheme(page, scheme)
        for number in range(len(DEEP.asked) - 1):
            answer(page, DEEP.label(number)).click()
        says(page, DEEP.asked[-1].text)
        page.wait_for_function(
            "() => document.getAnimations().every(a => a.playState !== 'running')",
            timeout=10_000,
        )
        response = Axe().run(page, options={"resultTypes": ["violations", "passes"]}).response
    violations = response["violations"]
    serious = [v for v in violations if v["impact"] in {"serious", "critical"}]
    assert not serious, f"troubleshooter ({scheme}):\n{describe(violations)}"
    words = ("kb-tree__said", ">Back<", f">{DEEP.asked[-1].options[0].label}<")
    judged = [
        node
        for rule in response["passes"]
        if rule["id"] == "color-contrast"
        for node in rule["nodes"]
        if any(part in node["html"] for part in words)
    ]
    # Axe really judged the colours of the trail, an answer and Back, as they are drawn now.
    assert len(judged) >= 3, f"axe did not measure the troubleshooter's colours ({scheme})"
