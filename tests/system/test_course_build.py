"""`kb build` on a small course: each `!!! check` becomes the question form the theme reads."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from tests.support.courses import write_course
from tests.support.files import write
from tests.support.kb import run_kb

LESSON_PAGE = "learn/staying-safe-online/spot-a-fake-email/index.html"


class _Forms(HTMLParser):
    """Every kb-check form's attributes and the attributes of the elements inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str | None]] = []
        self.inside: list[list[tuple[str, dict[str, str | None]]]] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form" and found.get("class") == "kb-check":
            self.forms.append(found)
            self.inside.append([])
            self._depth = 1
            return
        if self._depth:
            self.inside[-1].append((tag, found))
            if tag not in ("input",):
                self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag != "input":
            self._depth -= 1


def _build(tmp_path: Path) -> str:
    content = tmp_path / "content"
    write(content, "index.md", "# Help\n\nWelcome to the help center.\n")
    write_course(content)
    site = tmp_path / "site"
    result = run_kb("build", "--content", str(content), "--site", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    return (site / LESSON_PAGE).read_text(encoding="utf-8")


def test_checks_build_into_question_forms(tmp_path: Path) -> None:
    html = _build(tmp_path)
    parser = _Forms()
    parser.feed(html)
    assert [form["data-kb-check"] for form in parser.forms] == ["q1", "q2"]
    assert [form["data-kb-choose"] for form in parser.forms] == ["one", "many"]
    assert {form["data-kb-lesson"] for form in parser.forms} == {
        "learn/staying-safe-online/spot-a-fake-email"
    }
    assert parser.forms[0]["id"] == "kb-check-q1"
    first = parser.inside[0]
    inputs = [attrs for tag, attrs in first if tag == "input"]
    assert [(i["type"], i["name"], i["value"]) for i in inputs] == [
        ("radio", "kb-check-q1", "0"),
        ("radio", "kb-check-q1", "1"),
        ("radio", "kb-check-q1", "2"),
    ]
    second_inputs = [attrs for tag, attrs in parser.inside[1] if tag == "input"]
    assert {i["type"] for i in second_inputs} == {"checkbox"}
    [button] = [attrs for tag, attrs in first if tag == "button"]
    assert button["class"] == "kb-check__submit" and "hidden" in button
    [status] = [attrs for tag, attrs in first if attrs.get("class") == "kb-check__result"]
    assert status["role"] == "status" and status["aria-live"] == "polite"
    answers = [attrs for tag, attrs in first if attrs.get("class") == "kb-check__answer"]
    assert [(a["data-kb-option"], a["data-kb-right"]) for a in answers] == [
        ("0", "false"),
        ("1", "true"),
        ("2", "false"),
    ]


def test_the_answers_read_without_javascript_with_inline_markdown(tmp_path: Path) -> None:
    html = _build(tmp_path)
    assert '<legend class="kb-check__question">An email from “IT Support” asks' in html
    assert '<p class="kb-check__how">Choose one.</p>' in html
    assert "<summary>Check your answer</summary>" in html
    assert re.search(
        r"<strong>Right\.</strong> Report the email with the <strong>Report phishing</strong>"
        r' button\. <span class="kb-check__why">Reporting it lets the security team',
        html,
    )
    assert "<strong>Not quite.</strong> It has our logo." in html
    assert "<code>right now</code>" in html
    assert '<a href="https://example.org">our own address</a>' in html
    assert "!!! check" not in html
    assert "[x]" not in html and "[ ]" not in html
