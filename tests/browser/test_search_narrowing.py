"""The question back in a real Chromium: vague words in the header box, the home box, the results
page and the intranet box lead to a question, then through the troubleshooter's page (followed
by its links, as a reader would) to the guide that fits, in at most three answers; by keyboard,
by mouse, on a phone and with JavaScript off; accessible in the light and the dark scheme."""

from __future__ import annotations

import json
import re
import warnings
from urllib.parse import quote_plus, urlsplit

import pytest

from portal.guides.articles import load_content
from portal.guides.troubleshooters import Option, Troubleshooter, parse_troubleshooter
from tests.support.a11y import PHONE, SCHEMES, describe, new_page, wait_for_scheme
from tests.support.files import ROOT
from tests.support.http import http_get
from tests.support.intranet import Intranet
from tests.support.servers import Server

CONTENT = load_content(ROOT / "content")
MOST_ANSWERS = 3
SERIOUS = {"serious", "critical"}


def tree_at(path: str) -> Troubleshooter:
    article = CONTENT.get(path)
    assert article is not None, path
    return parse_troubleshooter(article)


def narrowing_of(server: Server, query: str) -> dict:
    answer = json.loads(http_get(f"{server.url}/api/search?q={quote_plus(query)}&limit=6").body)
    assert answer["narrowing"] is not None, query
    return answer["narrowing"]


def shortest_to_a_guide(tree: Troubleshooter, question: str) -> list[Option]:
    """The answers from `question` to the nearest guide, as the model reads the tree."""
    paths: list[list[Option]] = [[option] for option in tree.question(question).options]  # type: ignore[union-attr]
    while paths:
        path = paths.pop(0)
        last = path[-1]
        if last.kind == "guide":
            return path
        following = tree.question(last.question or "") if last.kind == "question" else None
        if following is not None and len(path) < MOST_ANSWERS:
            paths += [[*path, option] for option in following.options]
    raise AssertionError(f"no guide within reach of {tree.path}#{question}")


def address(url: str) -> re.Pattern[str]:
    """A page's address as a pattern (it has `?` and `#`, which globs would read otherwise)."""
    return re.compile(re.escape(url) + "$")


def guide_url(option: Option) -> str:
    article = CONTENT.get(option.guide or "")
    assert article is not None, option
    return article.url


def answer(page, question: str, label: str) -> None:
    """Choose an answer as a reader would: the link with these words under this question (the
    page of plain links without JavaScript, or the question shown in place with it)."""
    words = re.compile(rf"^\s*{re.escape(label)}\s*$")
    link = page.locator(f'[data-kb-question="{question}"] li a').filter(has_text=words)
    if link.count() == 0:  # the page as MkDocs renders it, without the troubleshooter's markup
        link = page.locator(f'xpath=//*[@id="{question}"]/following-sibling::ul[1]//a').filter(
            has_text=words
        )
    link.first.click()


def walk_to_the_guide(page, tree: Troubleshooter, answered: int) -> int:
    """From the troubleshooter's page at the question in the address, to a guide; the number of
    answers given in all (the choice that led here counts)."""
    page.wait_for_url(re.compile(re.escape(tree.url)), timeout=10_000)
    question = urlsplit(page.url).fragment or (tree.start.id if tree.start else "")
    steps = shortest_to_a_guide(tree, question)
    for option in steps:
        answer(page, question, option.label)
        answered += 1
        question = option.question or question
    ending = steps[-1]
    page.wait_for_url(f"**{guide_url(ending)}**", timeout=10_000)
    title = CONTENT.get(ending.guide or "").title  # type: ignore[union-attr]
    assert page.locator("h1").first.inner_text().startswith(title)
    return answered


def header_box(page, words: str) -> None:
    page.keyboard.press("/")
    page.locator("#kb-header-q:focus").wait_for(timeout=10_000)
    page.keyboard.type(words, delay=30)


def wait_for_question(page, panel: str, question: str) -> None:
    """Answers arrive as people type; wait for the one whose question is this one."""
    page.wait_for_function(
        """([panel, question]) => {
          const box = document.querySelector(panel);
          const label = box && !box.hidden && box.querySelector('[role="group"] > span');
          return label && label.textContent === question;
        }""",
        arg=[panel, question],
        timeout=15_000,
    )


def choose_a_guide(page, panel: str, field: str, query: str, narrowing: dict) -> dict:
    """Type `query` into a box's `field`, wait for the question in its `panel` and click the
    first of its choices that is a guide; that choice."""
    box = page.locator(field)
    box.click()
    box.press_sequentially(query, delay=30)
    wait_for_question(page, panel, narrowing["question"])
    choice = next(c for c in narrowing["choices"] if c["kind"] == "guide")
    page.locator(f"{panel} [role='group'] [role='option']").filter(
        has_text=re.compile(rf"^{re.escape(choice['label'])}$")
    ).click()
    return choice


def test_header_box_by_keyboard_leads_to_the_guide(server: Server, page) -> None:
    query = "it stopped working"
    narrowing = narrowing_of(server, query)
    tree = tree_at(narrowing["troubleshooter"]["path"])
    page.goto(f"{server.url}/printing/clear-paper-jam/")
    header_box(page, query)
    wait_for_question(page, ".kb-box--header", narrowing["question"])
    # One group named by the question, its choices options of the listbox, above the guides.
    group = page.locator(".kb-box--header [role='listbox'] [role='group']")
    label_id = group.get_attribute("aria-labelledby")
    assert page.locator(f"#{label_id}").inner_text() == narrowing["question"]
    choices = group.locator("[role='option']")
    assert choices.all_inner_texts() == [c["label"] for c in narrowing["choices"]]
    options = page.locator(".kb-box--header [role='option']")
    assert options.first.get_attribute("id") == choices.first.get_attribute("id")
    spoken = page.locator(".kb-box-status--header[role='status']").inner_text()
    assert spoken.startswith(narrowing["question"]) and "arrow keys" in spoken
    # Arrow to the first question choice and press Enter.
    target = next(n for n, c in enumerate(narrowing["choices"]) if c["kind"] == "question")
    for _ in range(target + 1):
        page.keyboard.press("ArrowDown")
    field = page.locator("#kb-header-q")
    chosen = choices.nth(target)
    assert field.get_attribute("aria-activedescendant") == chosen.get_attribute("id")
    assert chosen.get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")
    page.wait_for_url(address(narrowing["choices"][target]["url"]), timeout=10_000)
    assert walk_to_the_guide(page, tree, 1) <= MOST_ANSWERS


def test_home_box_by_mouse_leads_to_the_guide(server: Server, page) -> None:
    query = "computer broken"
    narrowing = narrowing_of(server, query)
    page.goto(f"{server.url}/")
    field = "form[data-kb-box='home'] input[name='q']"
    choice = choose_a_guide(page, ".kb-box--home", field, query, narrowing)
    page.wait_for_url(address(choice["url"]), timeout=10_000)  # one answer: the guide itself
    assert page.locator("h1").first.is_visible()


def test_the_results_page_leads_to_the_guide(server: Server, page) -> None:
    query = "can't log in"
    narrowing = narrowing_of(server, query)
    tree = tree_at(narrowing["troubleshooter"]["path"])
    page.goto(f"{server.url}/search?q={quote_plus(query)}")
    section = page.locator("section.kb-narrowing")
    assert section.locator("h2").inner_text() == narrowing["question"]
    choice = next(c for c in narrowing["choices"] if c["kind"] == "question")
    section.get_by_role("link", name=choice["label"], exact=True).click()
    assert walk_to_the_guide(page, tree, 1) <= MOST_ANSWERS


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_with_javascript_off_the_question_is_links_all_the_way(
    browser, server: Server, phone: bool
) -> None:
    with new_page(browser, java_script_enabled=False, **(PHONE if phone else {})) as page:
        page.goto(f"{server.url}/")
        field = page.locator("form[data-kb-box='home'] input[name='q']")
        field.fill("nothing works")
        field.press("Enter")
        page.wait_for_url("**/search?q=nothing+works", timeout=10_000)
        narrowing = narrowing_of(server, "nothing works")
        tree = tree_at(narrowing["troubleshooter"]["path"])
        section = page.locator("section.kb-narrowing")
        assert section.locator("h2").inner_text() == narrowing["question"]
        choice = next(c for c in narrowing["choices"] if c["kind"] == "question")
        section.get_by_role("link", name=choice["label"], exact=True).click()
        assert walk_to_the_guide(page, tree, 1) <= MOST_ANSWERS


def test_help_on_the_results_page_offers_the_desk_not_a_dead_end(server: Server, page) -> None:
    page.goto(f"{server.url}/")
    header_box(page, "help")
    wait_for_question(page, ".kb-box--header", "What do you need help with?")
    # The desk once: the question's own choice, not again at the foot of the list.
    every = page.locator(".kb-box--header [role='option']").all_inner_texts()
    assert every.count("Contact the service desk") == 1, every
    page.keyboard.press("Enter")  # nothing chosen: the results page
    page.wait_for_url("**/search?q=help", timeout=10_000)
    assert page.get_by_text("No guide matches").count() == 0
    section = page.locator("section.kb-narrowing")
    section.get_by_role("link", name="Contact the service desk", exact=True).click()
    page.wait_for_url("**/help/contact-the-service-desk/", timeout=10_000)


def test_on_a_phone_the_header_box_asks_and_a_tap_answers(browser, server: Server) -> None:
    narrowing = narrowing_of(server, "slow")
    with new_page(browser, **PHONE) as page:
        page.goto(f"{server.url}/")
        page.locator("label.md-header__button[for='__search']").tap()
        page.locator("#kb-header-q:focus").wait_for(timeout=10_000)
        page.keyboard.type("slow", delay=30)
        wait_for_question(page, ".kb-box--header", narrowing["question"])
        group = page.locator(".kb-box--header [role='group']")
        # Within the phone's width once Material's search screen has slid in.
        page.wait_for_function(
            """() => {
              const r = document.querySelector('.kb-box--header [role="group"]')
                .getBoundingClientRect();
              return r.left >= 0 && r.right <= 390.5;
            }""",
            timeout=10_000,
        )
        first = group.locator("[role='option']").first
        size = first.bounding_box()
        assert size and size["height"] >= 44  # a fair tap target
        first.tap()
        page.wait_for_url(address(narrowing["choices"][0]["url"]), timeout=10_000)


def test_the_intranet_box_asks_too_and_opens_the_desk(
    allowing: Server, intranet: Intranet, page
) -> None:
    page.goto(f"{intranet.url}/allowed")
    field = page.locator("#plainhelp-q")
    field.click()
    field.press_sequentially("help", delay=30)
    wait_for_question(page, ".plainhelp-box", "What do you need help with?")
    group = page.locator(".plainhelp-box [role='listbox'] [role='group']")
    assert page.locator(f"#{group.get_attribute('aria-labelledby')}").inner_text() == (
        "What do you need help with?"
    )
    status = page.locator(".plainhelp-box__status").inner_text()
    assert status.startswith("What do you need help with?")
    # The desk once: the question's own choice, not again at the foot of the list.
    every = page.locator(".plainhelp-box [role='option']").all_inner_texts()
    assert every.count("Contact the service desk") == 1, every
    page.keyboard.press("ArrowDown")
    first = group.locator("[role='option']").first
    assert first.inner_text() == "Contact the service desk"
    assert field.get_attribute("aria-activedescendant") == first.get_attribute("id")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{allowing.url}/help/contact-the-service-desk/", timeout=10_000)


def test_the_intranet_box_leads_to_the_guide(allowing: Server, intranet: Intranet, page) -> None:
    query = "computer broken"
    narrowing = narrowing_of(allowing, query)
    tree = tree_at(narrowing["troubleshooter"]["path"])
    page.goto(f"{intranet.url}/allowed")
    choice = choose_a_guide(page, ".plainhelp-box", "#plainhelp-q", query, narrowing)
    page.wait_for_url(address(allowing.url + choice["url"]), timeout=10_000)
    assert tree.path.startswith("troubleshoot/")


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_axe_finds_no_serious_problem_with_the_question(
    browser, server: Server, scheme: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    with new_page(browser, scheme) as page:
        page.goto(f"{server.url}/search?q=computer+broken")
        wait_for_scheme(page, scheme)
        results_page = Axe().run(page).response
        header_box(page, "it stopped working")
        wait_for_question(
            page, ".kb-box--header", narrowing_of(server, "it stopped working")["question"]
        )
        page.keyboard.press("ArrowDown")
        box_open = Axe().run(page).response
    for name, response in (("results page", results_page), ("header box", box_open)):
        serious = [v for v in response["violations"] if v["impact"] in SERIOUS]
        assert not serious, f"{name} ({scheme}):\n{describe(response['violations'])}"
        assert any(rule["id"] == "color-contrast" for rule in response["passes"]), name
        if response["violations"]:  # moderate and minor ones: shown in the summary, not hidden
            said = describe(response["violations"])
            warnings.warn(f"axe on the {name} ({scheme}):\n{said}", stacklevel=2)
