"""Help within reach, as writers meet it: `urgent:` in the front matter (a yes or no, anything
else an error on its line), the `[Call us](tel:)` call button read by search and the linter as
its words, the template and the writing guide that tell writers, and the header override that
adds "Contact the service desk" to Material's own header."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portal.guides.articles import load_content
from portal.guides.markdown_text import text_blocks
from portal.writing.new_guide import render_guide
from tests.support.files import good_guide_as, write
from tests.support.lint import lint

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "portal/writing/theme/partials"
STEP = "1. Call the service desk. Someone answers the phone day and night. [Call us](tel:)\n"


@pytest.mark.parametrize(
    ("extra", "urgent"), [("urgent: true\n", True), ("urgent: false\n", False)]
)
def test_urgent_is_read_from_the_front_matter(tmp_path: Path, extra: str, urgent: bool) -> None:
    write(tmp_path, "security/lost.md", good_guide_as("Lost laptop", "# Lost\n\nCall.\n", extra))
    content = load_content(tmp_path)
    guide = content.get("security/lost")
    assert guide is not None and guide.urgent is urgent
    assert content.problems == []


def test_a_guide_without_the_flag_is_not_urgent(tmp_path: Path) -> None:
    write(tmp_path, "printing/jam.md", good_guide_as("Fix a paper jam", "# Jam\n\nPull.\n"))
    guide = load_content(tmp_path).get("printing/jam")
    assert guide is not None and guide.urgent is False


@pytest.mark.parametrize("value", ["yes please", '"true"', "1", "[true]", "now"])
def test_an_urgent_that_is_not_true_or_false_is_an_error_on_its_line(
    tmp_path: Path, value: str
) -> None:
    write(
        tmp_path,
        "security/lost.md",
        good_guide_as("Lost laptop", "# Lost\n\nCall.\n", f"urgent: {value}\n"),
    )
    content = load_content(tmp_path)
    assert [str(p) for p in content.problems] == [
        f"{tmp_path}/security/lost.md:12: `urgent` must be `true` or `false`, without quotes; "
        "`true` shows the service desk's phone at the top of the guide"
    ]
    guide = content.get("security/lost")
    assert guide is not None and guide.urgent is False


def test_the_call_button_is_its_words_for_search() -> None:
    """The index and the snippets read `[Call us](tel:)` as "Call us", never as a link target."""
    (block,) = text_blocks(STEP)
    assert block.text == "Call the service desk. Someone answers the phone day and night. Call us"
    assert "tel" not in block.text


def test_the_linter_accepts_the_call_button() -> None:
    assert [finding.rule for finding in lint(STEP)] == []


def test_the_template_tells_writers_about_urgent_and_stays_a_clean_guide() -> None:
    text = render_guide("Fix a stuck print queue", "printing", dt.date(2026, 11, 1))
    assert "# `urgent: true`" in text  # a YAML comment: the new guide is not urgent
    front = text.split("---\n")[1]
    assert "\nurgent:" not in front


def test_the_writing_guide_documents_the_flag_and_the_button() -> None:
    guide = (ROOT / "docs/writing-guide.md").read_text(encoding="utf-8")
    assert "urgent: true" in guide
    assert "[Call us](tel:)" in guide
    assert "Never write the phone number into a guide" in guide


def test_the_header_is_materials_own_but_for_the_contact_link() -> None:
    """When Material's header changes on an upgrade, this fails: copy the new one and add the
    include again (the comment at the top of our copy says what and why)."""
    import material

    original = (Path(material.__file__).parent / "templates/partials/header.html").read_text(
        "utf-8"
    )
    ours = (THEME / "header.html").read_text(encoding="utf-8")
    anchor = '    {% if "material/search" in config.plugins %}\n'
    assert original.count(anchor) == 1, "Material's header.html changed: redo the override"
    expected = original.replace(
        anchor, '    {% include "partials/kb-call-header.html" %}\n' + anchor
    )
    assert ours.startswith("{#-\n  Plainhelp: ")
    assert ours.split("-#}\n", 1)[1] == expected
