"""Rendered text and readability: what a reader sees, scored offline."""

from __future__ import annotations

import pytest

from portal.guides.markdown_text import first_heading, first_paragraph, text_blocks
from portal.guides.readability import score_markdown, sentences, syllables

PAGE = """\
# Print a page

Open the file you want.

!!! warning "Before you print"

    Check the paper tray.

=== "Windows"

    1. Press ++ctrl+p++.
    2. Select **Print**.

=== "Mac"

    1. Press ++cmd+p++.

```
lpstat -p
```

    indented code stays out

| Key | Does |
| --- | --- |
| Esc | Cancels |
"""


def test_blocks_follow_the_rendered_page_with_lines() -> None:
    blocks = [(b.kind, b.text, b.line) for b in text_blocks(PAGE)]
    assert blocks == [
        ("heading", "Print a page", 1),
        ("paragraph", "Open the file you want.", 3),
        ("admonition-title", "Before you print", 5),
        ("paragraph", "Check the paper tray.", 7),
        ("tab-label", "Windows", 9),
        ("item", "Press ++ctrl+p++.", 11),
        ("item", "Select **Print**.".replace("**", ""), 12),
        ("tab-label", "Mac", 14),
        ("item", "Press ++cmd+p++.", 16),
        ("cell", "Key", 24),
        ("cell", "Does", 24),
        ("cell", "Esc", 26),
        ("cell", "Cancels", 26),
    ]


def test_first_heading_and_paragraph() -> None:
    assert first_heading(PAGE) == "Print a page"
    assert first_paragraph(PAGE) == "Open the file you want."
    assert first_heading("No heading\n") is None


@pytest.mark.parametrize(
    ("word", "count"),
    [("cat", 1), ("printer", 2), ("computer", 3), ("password", 2), ("Wi-Fi", 2), ("2026", 1)],
)
def test_syllables(word: str, count: int) -> None:
    assert syllables(word) == count


def test_sentences_split_on_end_marks_only_before_a_new_sentence() -> None:
    assert sentences("Restart it. Then try again! Works? e.g. fine") == [
        "Restart it.",
        "Then try again!",
        "Works? e.g. fine",
    ]


def test_plain_text_scores_low_and_dense_text_scores_high() -> None:
    plain = score_markdown("Turn it off. Wait ten seconds. Turn it on again.\n")
    dense = score_markdown(
        "Organisational authentication infrastructure necessitates periodic credential "
        "modification, consequently administrators configure expiration policies automatically.\n"
    )
    assert plain.sentences == 3 and plain.words == 10
    assert plain.grade < 2
    assert dense.grade > 14


def test_flesch_kincaid_formula_matches_counts() -> None:
    score = score_markdown("The cat sat on the mat.\n")
    assert (score.words, score.sentences, score.syllables) == (6, 1, 6)
    assert score.grade == pytest.approx(0.39 * 6 + 11.8 * 1 - 15.59)
