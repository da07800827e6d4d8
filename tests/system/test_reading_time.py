""" "About N minutes" on every guide, estimated at build time by the theme (partials/kb-time.html)
from the guide's words and numbered steps, with `minutes:` in the front matter as the override."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.guides.articles import load_content
from tests.support.files import good_guide_as, write
from tests.support.kb import run_kb
from tests.support.pages import minutes_on

STEPS = "".join(f"{n}. Select **Next** on the screen.\n" for n in range(1, 7))
TABBED = (
    "# Print it\n\nDo this on your computer.\n\n"
    '=== "Windows"\n\n' + "".join(f"    {line}\n" for line in STEPS.splitlines()) + "\n"
    '=== "Mac"\n\n' + "".join(f"    {line}\n" for line in STEPS.splitlines()) + "\n"
    "Did it work? Good.\n"
)
ONE_TAB = "# Print it\n\nDo this on your computer.\n\n" + STEPS + "\nDid it work? Good.\n"


AFTER_THE_FIX = ("Why this happens", "Avoid it next time", "Related guides")


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few guides built for real, with numbers chosen to test the estimate exactly."""
    root = tmp_path_factory.mktemp("reading-time")
    content = root / "content"
    write(content, "index.md", "# Help\n\nWelcome.\n")
    # 600 words (heading 1, prose 591, four steps of 2) at 200 a minute, plus 4 x 30 s: 5 minutes.
    steps = "1. Go\n2. Go\n3. Go\n4. Go\n"
    write(
        content, "t/exact.md", good_guide_as("Exact", "# Read\n\n" + "word " * 591 + "\n\n" + steps)
    )
    # One word more is rounded up to the next minute.
    write(
        content,
        "t/one-more.md",
        good_guide_as("One more", "# Read\n\n" + "word " * 592 + "\n\n" + steps),
    )
    write(content, "t/short.md", good_guide_as("Short", "# Short\n\nJust restart it.\n"))
    write(content, "t/tabbed.md", good_guide_as("Tabbed", TABBED))
    write(content, "t/one-tab.md", good_guide_as("One tab", ONE_TAB))
    write(
        content, "t/code.md", good_guide_as("Code", "# Code\n\n```\n" + "word " * 2000 + "\n```\n")
    )
    after = "".join(f"## {h}\n\n" + "word " * 400 + "\n\n" for h in AFTER_THE_FIX)
    write(
        content,
        "t/after.md",
        good_guide_as("After", "# Read\n\n" + "word " * 591 + "\n\n" + steps + after),
    )
    write(
        content,
        "t/override.md",
        good_guide_as("Override", "# Long\n\n" + "word " * 3000, "minutes: 1\n"),
    )
    write(
        content, "t/override-many.md", good_guide_as("Many", "# Short\n\nQuick.\n", "minutes: 45\n")
    )
    site = root / "site"
    # Walls of "word word ..." are lint errors; the build is here for the reading time.
    result = run_kb("build", "--no-strict", "--content", str(content), "--site", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def shown(site: Path, slug: str) -> tuple[int, str]:
    return minutes_on((site / "t" / slug / "index.html").read_text(encoding="utf-8"))


def test_words_at_200_a_minute_and_30_seconds_a_step_rounded_up(small_site: Path) -> None:
    assert shown(small_site, "exact") == (5, "minutes")
    assert shown(small_site, "one-more") == (6, "minutes")


def test_a_short_guide_takes_about_1_minute(small_site: Path) -> None:
    assert shown(small_site, "short") == (1, "minute")


def test_only_one_tab_of_a_tab_set_counts(small_site: Path) -> None:
    """Readers follow Windows or Mac, not both."""
    assert shown(small_site, "tabbed") == shown(small_site, "one-tab")
    assert shown(small_site, "tabbed")[0] == 4  # six steps and a few words


def test_what_is_read_after_the_fix_does_not_count(small_site: Path) -> None:
    """ "Why this happens" and what follows are for later: the fix takes as long as before."""
    assert shown(small_site, "after") == shown(small_site, "exact")


def test_code_blocks_are_not_reading(small_site: Path) -> None:
    assert shown(small_site, "code") == (1, "minute")


def test_the_front_matter_overrides_the_estimate(small_site: Path) -> None:
    assert shown(small_site, "override") == (1, "minute")
    assert shown(small_site, "override-many") == (45, "minutes")


def test_a_right_override_loads_quietly(tmp_path: Path) -> None:
    write(
        tmp_path,
        "printing/jam.md",
        good_guide_as("Fix a paper jam", "# Jam\n\nPull.\n", "minutes: 5\n"),
    )
    content = load_content(tmp_path)
    assert content.problems == []
    assert content.articles[0].minutes == 5
    result = run_kb("lint", str(tmp_path / "printing/jam.md"))
    assert "minutes" not in result.stdout + result.stderr
