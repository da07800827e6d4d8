"""The courses in a real Chromium: a course end to end by mouse, by keyboard, on a phone and with
JavaScript off; the reader's progress kept in the browser and cleared; answers and progress
reaching the portal's store; axe-core on every Learn page in both schemes.

The site is built from a copy of content/ whose own courses are replaced by a small course of
tests.support.courses, so these tests do not wait on the real courses; the last test reads the
real ones."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.a11y import (
    PHONE,
    SCHEMES,
    describe,
    new_context,
    ring_is_visible,
    tab_to,
    wait_for_scheme,
)
from tests.support.courses import write_course
from tests.support.files import ROOT
from tests.support.kb import Built, run_kb
from tests.support.page_measurements import OVERFLOW_JS, SMALL_TARGETS_JS
from tests.support.servers import NO_VOTE_LIMITS, Server, start_server, stop_server, wait_for

KEY = "plainhelp.learn"
COURSE = "learn/practice-course"
FIRST = f"{COURSE}/spot-a-fake-email"
SECOND = f"{COURSE}/lock-your-screen"
LEARN_URL = "/learn/"
COURSE_URL = f"/{COURSE}/"
FIRST_URL = f"/{FIRST}/"
SECOND_URL = f"/{SECOND}/"
FINISHED_URL = f"/{COURSE}/finished/"
Q1_WRONG = "The service desk never asks for your password"
Q1_RIGHT = "Reporting it lets the security team warn everyone else."


@dataclass
class LearnSite:
    built: Built
    content: Path


@pytest.fixture(scope="module")
def learn_site(tmp_path_factory: pytest.TempPathFactory) -> LearnSite:
    """content/ copied, its courses swapped for the small test course, built with `kb build`.
    Guides that link to the real lessons then link nowhere, so it is built with --no-strict."""
    root = tmp_path_factory.mktemp("learn")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    for folder in (content / "learn").iterdir():
        if folder.is_dir():
            shutil.rmtree(folder)
    write_course(content, "practice-course")
    result = run_kb(
        "build",
        "--content",
        str(content),
        "--site",
        str(root / "site"),
        "--no-strict",
        env={"KB_VAR_DIR": str(root / "var")},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return LearnSite(Built(root / "site", root / "var"), content)


@pytest.fixture(scope="module")
def portal(learn_site: LearnSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The portal on that site, knowing its course (KB_CONTENT_DIR), with a store of its own."""
    store = tmp_path_factory.mktemp("learn-store") / "store.sqlite3"
    running = start_server(
        learn_site.built.site,
        var_dir=learn_site.built.var,
        extra_env={
            "KB_CONTENT_DIR": str(learn_site.content),
            "KB_DATABASE_URL": f"sqlite:///{store}",
            **NO_VOTE_LIMITS,
        },
    )
    running.store = store  # type: ignore[attr-defined]
    try:
        yield running
    finally:
        stop_server(running)


def stored(server: Server, sql: str) -> list[tuple[object, ...]]:
    store: Path = server.store  # type: ignore[attr-defined]
    if not store.exists():
        return []
    with sqlite3.connect(store) as db:
        try:
            return db.execute(sql).fetchall()
        except sqlite3.OperationalError:  # the portal has not made its tables yet
            return []


def progress(page) -> dict:
    return page.evaluate(f"JSON.parse(localStorage.getItem({json.dumps(KEY)}) || '{{}}')")


def ready(page) -> None:
    """The lesson's script has run: its check buttons show (they are hidden in the HTML)."""
    page.locator(".kb-check__submit").first.wait_for(state="visible", timeout=10_000)


def answer(page, question: str, options: list[int], touch: bool = False) -> str:
    """Choose these options of a check (all others cleared), press "Check my answer" and
    return what its status region says."""
    form = page.locator(f"form[data-kb-check='{question}']")
    result = form.locator(".kb-check__result")
    before = result.inner_text()
    for box in form.locator(".kb-check__options input").all():
        wanted = int(box.get_attribute("value") or -1) in options
        if box.is_checked() != wanted:
            box.tap() if touch else box.click()
    button = form.get_by_role("button", name="Check my answer")
    button.tap() if touch else button.click()
    page.wait_for_function(
        "([q, before]) => { const r = document.querySelector(`form[data-kb-check='${q}'] "
        ".kb-check__result`); return r.textContent && r.textContent !== before; }",
        arg=[question, before],
        timeout=10_000,
    )
    return result.inner_text()


def today(page) -> str:
    return page.evaluate(
        "new Date().toLocaleDateString('en-GB', {day: 'numeric', month: 'long', year: 'numeric'})"
    )


def test_a_course_end_to_end_by_mouse(portal: Server, page) -> None:
    sent: list[tuple[str, dict]] = []
    page.on(
        "request",
        lambda r: (
            sent.append((r.url, json.loads(r.post_data or "{}")))
            if r.method == "POST" and "/api/" in r.url
            else None
        ),
    )

    # The Learn page: a card for the course, made from its front matter.
    page.goto(portal.url + LEARN_URL)
    card = page.locator(".kb-course-card")
    assert card.locator(".kb-course-card__title").inner_text() == "Staying safe online"
    assert "2 lessons, about 6 minutes" in card.inner_text()
    card.get_by_role("link", name="Staying safe online").click()

    # The course page: its lessons in order, with their times, and the way in.
    page.wait_for_url(f"**{COURSE_URL}")
    lessons = page.locator(".kb-course__lesson")
    assert [" ".join(t.split()) for t in lessons.all_inner_texts()] == [
        "Lesson 1 Spot a fake email 4 minutes",
        "Lesson 2 Lock your screen 2 minutes",
    ]
    assert "2 lessons, about 6 minutes in all." in page.locator(".kb-course__summary").inner_text()
    assert page.locator(".kb-course__note").is_hidden()  # nothing to clear yet
    page.get_by_role("link", name="Start the course").click()

    # Lesson 1: where the reader is, then a wrong try, another, and a right one.
    page.wait_for_url(f"**{FIRST_URL}")
    ready(page)
    assert " ".join(page.locator(".kb-lesson-place").inner_text().split()) == (
        "Lesson 1 of 2 in Staying safe online"
    )
    assert page.locator(".kb-time").inner_text().strip().endswith("About 4 minutes")
    said = answer(page, "q1", [0])
    assert said.startswith("Not quite.") and Q1_WRONG in said
    wrong = page.locator("form[data-kb-check='q1'] .kb-check__option").nth(0)
    assert "kb-check__option--wrong" in (wrong.get_attribute("class") or "")
    assert Q1_WRONG in wrong.locator(".kb-check__feedback").inner_text()
    said = answer(page, "q1", [1])
    assert said.startswith("Right.") and Q1_RIGHT in said
    assert page.locator("form[data-kb-check='q1'] .kb-check__feedback").count() == 1

    # "Choose all that apply": one right answer missing, then both, with the link kept.
    said = answer(page, "q2", [0])
    assert said.startswith("Nearly") and "one more" in said
    said = answer(page, "q2", [0, 1])
    assert said == "Right: you found them all."
    notes = page.locator("form[data-kb-check='q2'] .kb-check__feedback")
    assert notes.count() == 2
    assert notes.nth(1).get_by_role("link", name="our own address").count() == 1
    # The answers under "Check your answer" stay for everyone, closed until opened.
    assert page.locator("details.kb-check__answers").count() == 2
    assert not page.locator("details.kb-check__answers").first.evaluate("d => d.open")

    # The first try is remembered; the lesson is done once every check has an answer.
    kept = progress(page)["lessons"][FIRST]
    assert kept["answers"]["q1"]["first"] == [0] and kept["answers"]["q1"]["firstRight"] is False
    assert kept["answers"]["q1"]["last"] == [1] and kept["answers"]["q1"]["right"] is True
    assert kept["done"] > 0

    # Lesson 2, then the finish page.
    page.get_by_role("link", name="Next lesson: Lock your screen").click()
    page.wait_for_url(f"**{SECOND_URL}")
    ready(page)
    assert "Lesson 2 of 2" in page.locator(".kb-lesson-place").inner_text()
    assert answer(page, "q1", [0]).startswith("Right.")
    page.get_by_role("link", name="Finish the course").click()
    page.wait_for_url(f"**{FINISHED_URL}")
    date = page.locator(".kb-finished__date")
    date.wait_for(state="visible", timeout=10_000)
    assert date.inner_text() == f"Finished on {today(page)}."
    assert page.get_by_role("button", name="Print this page").is_visible()
    assert page.get_by_role("heading", name="What you learned").is_visible()
    assert page.locator(".kb-feedback, .kb-still-stuck").count() == 0

    # Back on the course page: both lessons ticked, and the way on is the finish page.
    page.goto(portal.url + COURSE_URL)
    page.locator(".kb-course__lesson--done").nth(1).wait_for(timeout=10_000)
    assert page.locator(".kb-course__done:visible").count() == 2
    assert "You have done every lesson." in page.locator(".kb-course__summary").inner_text()
    start = page.locator(".kb-course__start")
    assert start.inner_text() == "See what you learned"
    assert start.get_attribute("href") == "finished/"
    page.goto(portal.url + LEARN_URL)
    card_progress = page.locator(".kb-course-card__progress")
    card_progress.wait_for(state="visible", timeout=10_000)
    assert card_progress.inner_text() == f"Finished on {today(page)}."

    # "Clear my progress" forgets this course in this browser only.
    page.goto(portal.url + COURSE_URL)
    page.get_by_role("button", name="Clear my progress").click()
    assert page.locator(".kb-course__done:visible").count() == 0
    assert page.locator(".kb-course__start").inner_text() == "Start the course"
    assert page.evaluate("document.activeElement.className") == "kb-course__start"
    assert page.locator(".kb-course__said").inner_text() == (
        "Your progress on this course is cleared."
    )
    assert progress(page) == {}

    # What reached the portal: every try, with the first ones marked, and where people went.
    answers = "SELECT lesson, question, chosen, right, first_try FROM check_answers ORDER BY id"
    rows = wait_for(lambda: len(stored(portal, answers)) >= 5 and stored(portal, answers), 10)
    assert rows == [
        (FIRST, "q1", "0", 0, 1),
        (FIRST, "q1", "1", 1, 0),
        (FIRST, "q2", "0", 0, 1),
        (FIRST, "q2", "0,1", 1, 0),
        (SECOND, "q1", "0", 1, 1),
    ]
    events = "SELECT lesson, event FROM lesson_progress"
    wait_for(lambda: len(stored(portal, events)) >= 4, 10, "four progress events")
    assert sorted(stored(portal, events)) == sorted(
        [(FIRST, "opened"), (FIRST, "finished"), (SECOND, "opened"), (SECOND, "finished")]
    )
    assert {url.rsplit("/", 1)[1] for url, _ in sent} == {"answer", "progress"}
    assert {"lesson": FIRST, "question": "q1", "chosen": [0], "first_try": True} in [
        body for _, body in sent
    ]


def test_a_lesson_by_keyboard(portal: Server, page) -> None:
    """Tab reaches the options (a group named by its question), arrows choose, Enter checks;
    the result is in a status region and focus stays visible all the way."""
    page.goto(portal.url + FIRST_URL)
    ready(page)
    group = page.get_by_role("group", name="An email from “IT Support” asks for your password.")
    assert group.count() == 1
    tab_to(page, "form[data-kb-check='q1'] input[type=radio]")
    assert ring_is_visible(page)
    page.keyboard.press("ArrowDown")  # the second option: the right one
    assert page.evaluate("document.activeElement.value") == "1"
    tab_to(page, "form[data-kb-check='q1'] .kb-check__submit", limit=5)
    assert ring_is_visible(page)
    page.keyboard.press("Enter")
    result = page.locator("form[data-kb-check='q1'] [role=status]")
    result.filter(has_text="Right.").wait_for(timeout=10_000)
    assert Q1_RIGHT in result.inner_text()

    # The answers under "Check your answer" open from the keyboard too.
    tab_to(page, "form[data-kb-check='q1'] summary", limit=5)
    assert ring_is_visible(page)
    page.keyboard.press("Enter")
    answers = page.locator("form[data-kb-check='q1'] .kb-check__answers")
    assert answers.evaluate("d => d.open")
    assert Q1_WRONG in answers.inner_text()

    # A checkbox question: Space ticks, and the way on is one Tab away from the last check.
    tab_to(page, "form[data-kb-check='q2'] input[value='0']", limit=10)
    page.keyboard.press("Space")
    tab_to(page, "form[data-kb-check='q2'] input[value='1']", limit=3)
    page.keyboard.press("Space")
    tab_to(page, "form[data-kb-check='q2'] .kb-check__submit", limit=3)
    page.keyboard.press("Enter")
    page.locator("form[data-kb-check='q2'] [role=status]").filter(
        has_text="Right: you found them all."
    ).wait_for(timeout=10_000)
    tab_to(page, ".kb-lesson-next__go", limit=10)
    assert ring_is_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{SECOND_URL}")


@pytest.mark.parametrize("url", [LEARN_URL, COURSE_URL, FIRST_URL, FINISHED_URL])
def test_on_a_phone_nothing_overflows_and_targets_are_big_enough(
    browser, portal: Server, url: str
) -> None:
    context = new_context(browser, **PHONE)
    try:
        page = context.new_page()
        page.goto(portal.url + url)
        if url == FIRST_URL:
            ready(page)
            assert answer(page, "q1", [0], touch=True).startswith("Not quite.")
            assert answer(page, "q2", [0, 2], touch=True).startswith("Not quite:")
            page.locator("details.kb-check__answers summary").first.tap()
            # All answers open: what they hold is measured too (Chromium lays out a closed
            # <details> without drawing it, which would read as targets with no text).
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        overflow = page.evaluate(OVERFLOW_JS)
        assert overflow["scrollWidth"] <= overflow["innerWidth"] == 390, overflow
        assert not overflow["offenders"], "\n".join(overflow["offenders"])
        targets = page.evaluate(SMALL_TARGETS_JS)
        assert targets["checked"] >= 3, targets
        assert not targets["failing"], "\n".join(targets["failing"])
    finally:
        context.close()


def test_without_javascript_every_lesson_reads_and_every_answer_opens(
    browser, portal: Server
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(portal.url + FIRST_URL)
        assert page.get_by_role("heading", name="Look at the sender").is_visible()
        assert page.locator(".kb-check__submit").first.is_hidden()  # it could not check
        assert "Lesson 1 of 2" in page.locator(".kb-lesson-place").inner_text()
        for summary in page.locator("details.kb-check__answers summary").all():
            assert summary.inner_text() == "Check your answer"
            summary.click()
        answers = page.locator("details.kb-check__answers")
        assert answers.nth(0).evaluate("d => d.open") and answers.nth(1).evaluate("d => d.open")
        text = answers.nth(0).inner_text()
        assert "Right." in text and "Not quite." in text
        assert Q1_WRONG in text and Q1_RIGHT in text
        assert page.get_by_role("link", name="Next lesson: Lock your screen").is_visible()

        # The course page still lists its lessons and opens the first.
        page.goto(portal.url + COURSE_URL)
        assert page.locator(".kb-course__lesson").count() == 2
        assert page.locator(".kb-course__note").is_hidden()
        page.get_by_role("link", name="Start the course").click()
        page.wait_for_url(f"**{FIRST_URL}")

        # The finish page reads; the date and the Print button need the script, so they hide.
        page.goto(portal.url + FINISHED_URL)
        assert page.get_by_role("heading", name="What you learned").is_visible()
        assert page.locator(".kb-finished__date").is_hidden()
        assert page.locator(".kb-finished__print").is_hidden()
    finally:
        context.close()


def test_the_finish_page_prints_as_one_clean_page(portal: Server, page) -> None:
    page.goto(portal.url + FINISHED_URL)
    page.locator(".kb-finished__date").wait_for(state="visible", timeout=10_000)
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".kb-finished__actions"):
        assert page.locator(hidden).first.is_hidden(), hidden
    assert page.locator(".kb-finished__date").is_visible()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


AXE_PAGES = {
    "learn": LEARN_URL,
    "course": COURSE_URL,
    "lesson": FIRST_URL,
    "lesson answered": FIRST_URL,
    "finished": FINISHED_URL,
}


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_axe_finds_no_serious_problem(browser, portal: Server, name: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = new_context(browser, scheme)
    try:
        page = context.new_page()
        page.goto(portal.url + AXE_PAGES[name])
        wait_for_scheme(page, scheme)
        if name.startswith("lesson"):
            ready(page)
        if name == "lesson answered":  # one right, one wrong, and the answers opened
            answer(page, "q1", [1])
            answer(page, "q2", [0, 2])
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        if name == "course":  # with progress: a lesson ticked and "Clear my progress" shown
            page.evaluate(
                f"localStorage.setItem({json.dumps(KEY)}, JSON.stringify("
                f"{{lessons: {{{json.dumps(FIRST)}: {{answers: {{}}, done: Date.now()}}}}}}))"
            )
            page.reload()
            page.locator(".kb-course__lesson--done").wait_for(timeout=10_000)
        response = Axe().run(page).response
    finally:
        context.close()
    serious = [v for v in response["violations"] if v["impact"] in {"serious", "critical"}]
    assert not serious, f"{name} ({scheme}):\n{describe(response['violations'])}"
    assert any(rule["id"] == "color-contrast" for rule in response["passes"]), name


def test_the_real_courses_work_on_the_static_site(static_site: str, page) -> None:
    """The courses in content/learn/ as built for the whole suite, served without a portal:
    each is on the Learn page with its lessons, and a check still answers (the unsent answer
    costs the reader nothing)."""
    courses = sorted(p.parent.name for p in (ROOT / "content/learn").glob("*/index.md"))
    if not courses:
        pytest.skip("content/learn/ has no course yet")
    page.goto(static_site + LEARN_URL)
    cards = page.locator(".kb-course-card")
    assert (
        sorted((c.get_attribute("data-kb-course") or "").split("/")[-1] for c in cards.all())
        == courses
    )
    for course in courses:
        page.goto(f"{static_site}/learn/{course}/")
        lessons = page.locator(".kb-course__lesson")
        assert lessons.count() >= 4, course
        page.get_by_role("link", name="Start the course").click()
        ready(page)
        assert "Lesson 1 of" in page.locator(".kb-lesson-place").inner_text()
        first = page.locator("form.kb-check").first
        question = first.get_attribute("data-kb-check") or ""
        right = [
            int(a.get_attribute("data-kb-option") or -1)
            for a in first.locator(".kb-check__answer[data-kb-right=true]").all()
        ]
        said = answer(page, question, right)
        assert said.startswith("Right"), (course, said)
